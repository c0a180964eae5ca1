import type { KernelWorkerHandle, WorkerFactory } from './pool.ts';

/** The slice of the Web Worker API the factory uses, typed locally (core compiles without DOM typings). */
interface WebWorkerLike {
  postMessage(message: unknown): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  terminate(): void;
}
interface WebGlobals {
  Worker?: new (url: string, opts?: { name?: string }) => WebWorkerLike;
  Blob?: new (parts: string[], opts: { type: string }) => unknown;
  URL?: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
}

/**
 * A WorkerFactory for browsers and Electron renderers (including nested workers started from the training worker):
 * each pool worker is a classic Worker on a Blob URL. Returns null where Worker/Blob/URL are missing. Threads also
 * need SharedArrayBuffer, i.e. a cross-origin-isolated page (COOP same-origin + COEP require-corp); without it
 * createWasmBackend quietly runs single-threaded.
 */
export function webWorkerFactory(): WorkerFactory | null {
  const g = globalThis as unknown as WebGlobals;
  const { Worker, Blob, URL } = g;
  if (!Worker || !Blob || !URL || typeof URL.createObjectURL !== 'function') return null;
  return (source: string): KernelWorkerHandle => {
    const prelude = 'const post = (m) => postMessage(m);\nconst listen = (h) => { onmessage = (e) => h(e.data); };\n';
    const url = URL.createObjectURL(new Blob([prelude + source], { type: 'text/javascript' }));
    const worker = new Worker(url, { name: 'netsketch-kernels' });
    const handle: KernelWorkerHandle = {
      postMessage: (m) => worker.postMessage(m),
      onmessage: null,
      onerror: null,
      terminate: () => { worker.terminate(); URL.revokeObjectURL(url); },
    };
    worker.onmessage = (ev) => handle.onmessage?.(ev.data);
    worker.onerror = (ev) => handle.onerror?.(ev);
    return handle;
  };
}
