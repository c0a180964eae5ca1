/**
 * Training commands the menus, shortcuts and panels call (owned by the engine/training side). Stub until the
 * engine client lands: every command reports that training is not available yet.
 */
import type { GraphDocument } from '../../core/graph/types.ts';

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
  importWeights(doc: GraphDocument, bytes: Uint8Array, fileName: string): Promise<WeightsImportReport>;
}

const notYet = (): Promise<never> => Promise.reject(new Error('Training is not available in this build yet.'));

let engine: EngineCommands = {
  start: notYet, pause: notYet, step: notYet, stop: notYet, exportWeights: notYet, importWeights: notYet,
};

export function getEngine(): EngineCommands {
  return engine;
}

export function setEngine(e: EngineCommands): void {
  engine = e;
}
