/**
 * Training commands the menus, shortcuts and panels call (owned by the engine/training side). Backed by the engine
 * client (./client.ts): a session in a Web Worker.
 */
import type { GraphDocument } from '../../core/graph/types.ts';
import { engineClient } from './client.ts';
import { engineStore } from './store.ts';

export interface WeightsImportReport {
  loaded: string[];
  /** Per node: what did not match (missing keys, unexpected keys, shape mismatches). */
  problems: Array<{ nodeId: string | null; key: string; message: string }>;
}

export interface EngineCommands {
  start(doc: GraphDocument): Promise<void>;
  pause(): Promise<void>;
  step(doc: GraphDocument): Promise<void>;
  stop(): Promise<void>;
  exportWeights(doc: GraphDocument, format: 'pt' | 'safetensors'): Promise<Uint8Array>;
  /**
   * Reads a weights file and compares it with the graph's state_dict. When everything matches it is loaded at once;
   * otherwise nothing is loaded yet, the report lists the problems per node, and the training panel asks the user
   * to confirm loading the matching tensors (or call confirmImport()).
   */
  importWeights(doc: GraphDocument, bytes: Uint8Array, fileName: string): Promise<WeightsImportReport>;
  /** Load the matching tensors of the last importWeights() that had problems. */
  confirmImport(): Promise<string[]>;
  cancelImport(): void;
}

async function importWeights(doc: GraphDocument, bytes: Uint8Array, fileName: string): Promise<WeightsImportReport> {
  const api = await engineClient.ensureLoaded(doc);
  const match = await api.checkImport(bytes, fileName);
  if (match.problems.length === 0) {
    const loaded = await api.applyImport();
    engineStore.update({ importCheck: null });
    return { loaded, problems: [] };
  }
  engineStore.update({ importCheck: { ...match, fileName } });
  return { loaded: [], problems: match.problems.map(({ nodeId, key, message }) => ({ nodeId, key, message })) };
}

async function confirmImport(): Promise<string[]> {
  const api = await engineClient.api();
  const loaded = await api.applyImport();
  engineStore.update({ importCheck: null });
  return loaded;
}

let engine: EngineCommands = {
  start: (doc) => engineClient.start(doc),
  pause: () => engineClient.pause(),
  step: async (doc) => { await engineClient.step(doc); },
  stop: () => engineClient.stop(),
  exportWeights: (doc, format) => engineClient.exportWeights(doc, format),
  importWeights,
  confirmImport,
  cancelImport: () => engineStore.update({ importCheck: null }),
};

export function getEngine(): EngineCommands {
  return engine;
}

export function setEngine(e: EngineCommands): void {
  engine = e;
}
