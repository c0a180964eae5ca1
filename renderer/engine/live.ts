/**
 * Live training state for the UI (owned by the engine/training side; read by the canvas). This is the contract
 * between the editor and the training views: the editor's nodes and edges call these hooks and never talk to the
 * worker themselves. The engine client feeds it with `ingestSnapshot` (at most ~10 snapshots a second).
 */
import { useSyncExternalStore } from 'react';
import type { LayerSnapshot, ProgressSnapshot } from '../../core/session/protocol.ts';
import { t as translate } from '../i18n/index.ts';

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

/** Points kept per node for the sparkline. */
export const GRAD_HISTORY_LENGTH = 60;
const EMPTY: readonly number[] = Object.freeze([]);
let lastMeasuredStep = -1;
/** Snapshots kept per node for the insight view's histograms over time. */
export const LAYER_HISTORY_LENGTH = 120;
const layerHistory = new Map<string, ReadonlyArray<{ step: number; layer: LayerSnapshot }>>();
const NO_LAYERS: ReadonlyArray<{ step: number; layer: LayerSnapshot }> = Object.freeze([]);

/**
 * Feed one progress snapshot: the layer statistics replace the previous ones, and each node's gradient norm is
 * appended to its history when the snapshot carries a newly measured step.
 */
export function ingestSnapshot(s: ProgressSnapshot): void {
  let history = state.gradHistory;
  const prev = state.snapshot;
  const measuredNew = s.layers.length > 0 && (prev === null || s.layers !== prev.layers) && s.step !== lastMeasuredStep;
  if (measuredNew) {
    const next = new Map(history);
    for (const l of s.layers) {
      if (l.outputGradNorm === null || !Number.isFinite(l.outputGradNorm)) continue;
      const old = next.get(l.nodeId) ?? EMPTY;
      const arr = old.length >= GRAD_HISTORY_LENGTH ? old.slice(old.length - GRAD_HISTORY_LENGTH + 1) : old.slice();
      arr.push(l.outputGradNorm);
      next.set(l.nodeId, arr);
    }
    history = next;
    lastMeasuredStep = s.step;
    for (const l of s.layers) {
      const old = layerHistory.get(l.nodeId) ?? [];
      layerHistory.set(l.nodeId, [...(old.length >= LAYER_HISTORY_LENGTH ? old.slice(1) : old), { step: s.step, layer: l }]);
    }
  }
  liveStore.set({ snapshot: s, gradHistory: history });
}

/** Forget the live data (a new graph was loaded, or a new run started). */
export function clearLive(keepSnapshot = false): void {
  lastMeasuredStep = -1;
  layerHistory.clear();
  liveStore.set({ snapshot: keepSnapshot ? state.snapshot : null, gradHistory: new Map() });
}

export function useLive(): LiveState {
  return useSyncExternalStore(liveStore.subscribe, liveStore.get, liveStore.get);
}

/** The latest statistics of one node; re-renders only when that node's snapshot changes. */
export function useLayerLive(nodeId: string): LayerSnapshot | null {
  const get = () => state.snapshot?.layers.find((l) => l.nodeId === nodeId) ?? null;
  return useSyncExternalStore(liveStore.subscribe, get, get);
}

export function useGradHistory(nodeId: string): readonly number[] {
  const get = () => state.gradHistory.get(nodeId) ?? EMPTY;
  return useSyncExternalStore(liveStore.subscribe, get, get);
}

/** The measured snapshots of one node, oldest first (weight/gradient histograms over time). */
export function useLayerHistory(nodeId: string): ReadonlyArray<{ step: number; layer: LayerSnapshot }> {
  const get = () => layerHistory.get(nodeId) ?? NO_LAYERS;
  return useSyncExternalStore(liveStore.subscribe, get, get);
}

/**
 * The log scale of the gradient colours: mean |∂L/∂x| per element from 10^MIN to 10^MAX. Below MIN reads as
 * vanishing (the session flags < 1e-7), above MAX as very large.
 */
export const GRAD_SCALE = { min: -7, max: -1 } as const;
/** Colour stops from small to large gradients (grey-blue, cyan, green, amber, red). */
export const GRAD_STOPS = ['#64748b', '#06b6d4', '#22c55e', '#f59e0b', '#ef4444'] as const;

function hexToRgb(h: string): [number, number, number] {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Position 0…1 of a gradient magnitude on the legend's log scale. */
export function gradPosition(meanAbs: number): number {
  if (!(meanAbs > 0)) return 0;
  const x = (Math.log10(meanAbs) - GRAD_SCALE.min) / (GRAD_SCALE.max - GRAD_SCALE.min);
  return Math.min(1, Math.max(0, x));
}

/** The colour at position 0…1 of the scale. */
export function gradColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (GRAD_STOPS.length - 1);
  const i = Math.min(GRAD_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(GRAD_STOPS[i]);
  const b = hexToRgb(GRAD_STOPS[i + 1]);
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Edge width for a position on the scale (px). */
export function gradWidth(t: number): number {
  return Math.round((1.5 + 4.5 * t) * 10) / 10;
}

export function formatGrad(v: number): string {
  if (v === 0) return '0';
  return Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2);
}

/** Style for an edge leaving `sourceNodeId`, coloured and sized by the gradient flowing back through it. */
export function edgeGradientStyle(sourceNodeId: string): { stroke: string; strokeWidth: number; title: string } | null {
  const layer = state.snapshot?.layers.find((l) => l.nodeId === sourceNodeId);
  if (!layer || layer.outputGradMeanAbs === null || layer.outputGradNorm === null) return null;
  const t = gradPosition(layer.outputGradMeanAbs);
  const flag = layer.flag ? ` — ${translate(`train.flag.${layer.flag}`)}` : '';
  return {
    stroke: gradColor(t),
    strokeWidth: gradWidth(t),
    title: translate('train.edge.title', { path: layer.path, mean: formatGrad(layer.outputGradMeanAbs), norm: formatGrad(layer.outputGradNorm) }) + flag,
  };
}

/** Hook form of edgeGradientStyle: re-renders the edge when its gradient changes. */
export function useEdgeGradientStyle(sourceNodeId: string): { stroke: string; strokeWidth: number; title: string } | null {
  const layer = useLayerLive(sourceNodeId);
  return layer ? edgeGradientStyle(sourceNodeId) : null;
}
