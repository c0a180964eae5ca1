/**
 * Checks that the page can share memory with workers: cross-origin isolation is on and a SharedArrayBuffer
 * posted to a module worker is written by the worker and seen here. Training workers rely on both.
 */
export interface SharedMemoryStatus {
  crossOriginIsolated: boolean;
  /** A worker wrote into a SharedArrayBuffer and the page read the value back. */
  sharedWithWorker: boolean;
  detail: string;
}

export async function probeSharedMemory(timeoutMs = 5000): Promise<SharedMemoryStatus> {
  const isolated = globalThis.crossOriginIsolated === true;
  if (!isolated || typeof SharedArrayBuffer === 'undefined') {
    return { crossOriginIsolated: isolated, sharedWithWorker: false, detail: 'page is not cross-origin isolated (COOP/COEP headers missing)' };
  }
  const worker = new Worker(new URL('./shared-memory.worker.ts', import.meta.url), { type: 'module', name: 'shared-memory-probe' });
  try {
    const sab = new SharedArrayBuffer(4);
    const view = new Int32Array(sab);
    const reply = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from the probe worker within ${timeoutMs} ms`)), timeoutMs);
      worker.onmessage = (e: MessageEvent<string>) => {
        clearTimeout(timer);
        resolve(e.data);
      };
      worker.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(`probe worker failed: ${e.message || 'could not load'}`));
      };
    });
    worker.postMessage(sab);
    await reply;
    const value = Atomics.load(view, 0);
    return value === 42
      ? { crossOriginIsolated: true, sharedWithWorker: true, detail: 'worker wrote 42 into shared memory' }
      : { crossOriginIsolated: true, sharedWithWorker: false, detail: `worker answered but shared memory holds ${value}, not 42` };
  } catch (err) {
    return { crossOriginIsolated: true, sharedWithWorker: false, detail: (err as Error).message };
  } finally {
    worker.terminate();
  }
}
