/**
 * Live training state for the UI (owned by the engine/training side; read by the canvas). This is the contract
 * between the editor and the training views: the editor's nodes and edges call these hooks and never talk to the
 * worker themselves.
 */
import { useSyncExternalStore } from 'react';
import type { LayerSnapshot, ProgressSnapshot } from '../../core/session/protocol.ts';

export interface LiveState {
  snapshot: ProgressSnapshot | null;
  /** Recent ‖∂L/∂output‖ per node id, oldest first (for node sparklines). */
  gradHistory: ReadonlyMap<string, readonly number[]>;
}

let state: LiveState = { snapshot: null, gradHistory: new Map() };
const listeners = new Set<() => void>();

export const liveStore = {
  get: (): LiveState => state,
  set(next: LiveState): void {
    state = next;
    for (const l of listeners) l();
  },
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useLive(): LiveState {
  return useSyncExternalStore(liveStore.subscribe, liveStore.get);
}

export function useLayerLive(nodeId: string): LayerSnapshot | null {
  const s = useLive();
  return s.snapshot?.layers.find((l) => l.nodeId === nodeId) ?? null;
}

export function useGradHistory(nodeId: string): readonly number[] {
  return useLive().gradHistory.get(nodeId) ?? [];
}

/** Style for an edge leaving `sourceNodeId`, coloured and sized by the gradient flowing back through it. */
export function edgeGradientStyle(_sourceNodeId: string): { stroke: string; strokeWidth: number; title: string } | null {
  return null;
}
