/**
 * The engine's UI state outside the per-step live data (./live.ts): whether the worker is up, which kernels it
 * runs, the dataset it loaded, the runs kept for comparison, the last evaluation, a pending weights import and the
 * last error. A tiny external store read with useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';
import type { EpochRecord, Evaluation, LoadResult, ProgressSnapshot } from '../../core/session/protocol.ts';
import type { KernelInfo } from './session.worker.ts';
import type { StateDictMatch } from './weights-match.ts';

export type EngineStatus = 'idle' | 'starting' | 'ready' | 'dead';

/** One training run, kept for the charts after it ends (several runs are comparable). */
export interface RunRecord {
  id: number;
  label: string;
  color: string;
  visible: boolean;
  /** Per-step training loss. */
  steps: number[];
  losses: number[];
  /** The learning rate of each step (a schedule moves it). */
  lrs: number[];
  /** Running accuracy of the epoch in progress, sampled at each snapshot (step, fraction). */
  accSteps: number[];
  accs: number[];
  /** Per-epoch records (train/val loss and accuracy). */
  epochs: EpochRecord[];
  /** Batches per epoch when the run was recorded (to place epochs on the step axis). */
  batchesPerEpoch: number;
}

export interface EngineUiState {
  status: EngineStatus;
  kernels: KernelInfo | null;
  /** Why the worker died (shown with the Restart button). */
  crash: string | null;
  /** The last automatic checkpoint (end of an epoch) of the current run. */
  checkpoint: { epoch: number; step: number; bytes: Uint8Array } | null;
  load: LoadResult | null;
  /** Graph key of what the worker has loaded. */
  loadedKey: string | null;
  runs: RunRecord[];
  evaluation: Evaluation | null;
  importCheck: (StateDictMatch & { fileName: string }) | null;
  busy: string | null;
  error: string | null;
  /** The snapshot of the last completed single step (step-by-step mode). */
  lastStep: ProgressSnapshot | null;
}

const initial: EngineUiState = {
  status: 'idle', kernels: null, crash: null, checkpoint: null, load: null, loadedKey: null, runs: [], evaluation: null,
  importCheck: null, busy: null, error: null, lastStep: null,
};

let state: EngineUiState = initial;
const listeners = new Set<() => void>();

export const engineStore = {
  get: (): EngineUiState => state,
  update(patch: Partial<EngineUiState> | ((s: EngineUiState) => Partial<EngineUiState>)): void {
    const p = typeof patch === 'function' ? patch(state) : patch;
    state = { ...state, ...p };
    for (const l of listeners) l();
  },
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  reset(): void {
    state = initial;
    for (const l of listeners) l();
  },
};

export function useEngineState(): EngineUiState {
  return useSyncExternalStore(engineStore.subscribe, engineStore.get, engineStore.get);
}

/** Run colours: distinguishable in both themes. */
export const RUN_COLORS = ['#3b82f6', '#f97316', '#10b981', '#a855f7', '#ef4444', '#14b8a6', '#eab308', '#ec4899'];
