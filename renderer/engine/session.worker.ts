/**
 * The app's engine host: a module Web Worker serving core/session's TrainingSession over comlink, with the WASM
 * SIMD kernels switched on when the browser has them (a kernel thread pool when the page is cross-origin isolated),
 * else the reference JS kernels. The UI thread never trains: it only calls this API and receives snapshots.
 */
import * as Comlink from 'comlink';
import '../../core/index.ts';
import { TrainingSession } from '../../core/session/session.ts';
import { sessionWorkerApi } from '../../core/session/worker-api.ts';
import { graphUsesMnistAsset } from '../../core/graph/datasets.ts';
import { parseGraph } from '../../core/graph/schema.ts';
import type { DataBytes } from '../../core/session/protocol.ts';
import { registerBackend, setBackend, getBackend } from '../../core/kernels/backend.ts';
import { createWasmBackend, webWorkerFactory } from '../../core/kernels/wasm/index.ts';
import { load as torchLoad, safetensors } from '../../core/serialize/index.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { matchStateDict, type StateDictMatch } from './weights-match.ts';

export interface KernelInfo {
  backend: string;
  threads: number;
  relaxed: boolean;
  detail: string;
}

/**
 * Threads for the kernel pool: leave one core to the UI thread (and the browser), so the page keeps its frame rate
 * while a large kernel runs; at least one.
 */
function kernelThreads(): number {
  const cores = (globalThis.navigator?.hardwareConcurrency as number | undefined) ?? 1;
  return Math.max(1, cores - 1);
}

let timedOut = false;

async function fastKernels(): Promise<KernelInfo> {
  try {
    const factory = webWorkerFactory();
    const threads = kernelThreads();
    const be = await createWasmBackend({ threads, workerFactory: factory ?? undefined });
    if (!be) return { backend: getBackend().name, threads: 1, relaxed: false, detail: 'WebAssembly SIMD is not available: using the JS kernels.' };
    if (timedOut) { be.dispose(); return { backend: getBackend().name, threads: 1, relaxed: false, detail: 'started too late' }; }
    registerBackend(be);
    setBackend(be.name);
    const shared = typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    return {
      backend: be.name, threads: be.threads, relaxed: be.relaxed,
      detail: `WASM SIMD${be.relaxed ? ' (relaxed FMA)' : ''} on ${be.threads} thread${be.threads === 1 ? '' : 's'}${shared ? '' : ' (no shared memory: page not cross-origin isolated)'}`,
    };
  } catch (e) {
    return { backend: getBackend().name, threads: 1, relaxed: false, detail: `Fast kernels failed to start (${(e as Error).message}): using the JS kernels.` };
  }
}

/** Kernel start-up may not hold the engine hostage: after this long the JS kernels are used. */
const KERNEL_START_TIMEOUT_MS = 20_000;

function kernelTimeout(): Promise<KernelInfo> {
  return new Promise((resolve) => setTimeout(() => {
    timedOut = true;
    resolve({
      backend: getBackend().name, threads: 1, relaxed: false,
      detail: `The fast kernels did not start within ${KERNEL_START_TIMEOUT_MS / 1000} s: using the JS kernels.`,
    });
  }, KERNEL_START_TIMEOUT_MS));
}

const kernels: Promise<KernelInfo> = Promise.race([fastKernels(), kernelTimeout()]);
const session = new TrainingSession();
let mnistCache: Promise<Uint8Array> | null = null;
let pendingImport: Map<string, Tensor> | null = null;

async function fetchMnist(url: string): Promise<Uint8Array> {
  mnistCache ??= fetch(url).then(async (r) => {
    if (!r.ok) throw new Error(`Could not fetch the built-in MNIST digits from ${url} (HTTP ${r.status}). Rebuild the app (npm run build:web) after \`node scripts/build-assets.mjs\`.`);
    return new Uint8Array(await r.arrayBuffer());
  });
  try {
    return await mnistCache;
  } catch (e) {
    mnistCache = null;
    throw e;
  }
}

/** Read a weights file: safetensors (by name or by its JSON header) or a torch.save zip. */
function readWeights(bytes: Uint8Array, fileName: string): Map<string, Tensor> {
  const looksSafetensors = /\.safetensors$/i.test(fileName) || (bytes.length > 8 && bytes[8] === 0x7b /* '{' */);
  if (looksSafetensors) return safetensors.load(bytes);
  const obj = torchLoad(bytes) as unknown;
  const out = new Map<string, Tensor>();
  const visit = (o: unknown) => {
    if (o instanceof Map) {
      for (const [k, v] of o) if (v instanceof Tensor) out.set(String(k), v);
      // A checkpoint dict: take its model/state_dict entry.
      if (out.size === 0) for (const key of ['state_dict', 'model', 'model_state_dict']) if (o.get(key) instanceof Map) return visit(o.get(key));
    } else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) if (v instanceof Tensor) out.set(k, v);
    }
  };
  visit(obj);
  if (out.size === 0) throw new Error(`${fileName}: this file holds no tensors keyed by name; expected a state_dict saved with torch.save(model.state_dict(), path).`);
  return out;
}

/** The worker's API: TrainingSession's, with bytes transferred and a few app helpers. */
const api = {
  kernels: () => kernels,
  ping: () => 'pong' as const,
  ...sessionWorkerApi(session, Comlink.transfer),
  /** Load a graph; `mnistUrl` is fetched here (bytes never cross the UI thread). */
  load: async (graph: unknown, bytes: DataBytes = {}, mnistUrl?: string) => {
    await kernels;
    // On the migrated document (an old file says the same thing differently); a graph that does not parse fails in load.
    let usesMnist = false;
    try { usesMnist = graphUsesMnistAsset(parseGraph(graph).doc); } catch { /* session.load reports it */ }
    const data: DataBytes = { ...bytes };
    if (!data.mnist && mnistUrl && usesMnist) data.mnist = await fetchMnist(mnistUrl);
    return session.load(graph, data);
  },
  /** Read a weights file and compare it with the model's state_dict; keeps the matching tensors for applyImport(). */
  checkImport: async (bytes: Uint8Array, fileName: string): Promise<StateDictMatch> => {
    const file = readWeights(bytes, fileName);
    const model = await session.stateDictInfo();
    const match = matchStateDict(model, new Map([...file].map(([k, t]) => [k, [...t.shape]])));
    pendingImport = new Map(match.loadable.map((k) => [k, file.get((match.strippedPrefix ?? '') + k)!]));
    return match;
  },
  /** Load the matching tensors of the last checkImport(). */
  applyImport: async (): Promise<string[]> => {
    if (!pendingImport) throw new Error('applyImport: no weights file was checked; call checkImport(bytes, name) first.');
    const keys = await session.loadStateDictEntries(pendingImport);
    pendingImport = null;
    return keys;
  },
  /** Test hook: die the way a crashing worker does (an uncaught error), or go silent as an out-of-memory kill would. */
  crash: (how: 'throw' | 'hang' = 'throw') => {
    if (how === 'throw') setTimeout(() => { throw new Error('simulated engine crash (test hook)'); }, 5);
    else setTimeout(() => { const end = Date.now() + 600_000; while (Date.now() < end) { /* spin: no answers */ } }, 5);
  },
};

export type SessionWorkerApi = typeof api;
Comlink.expose(api);
