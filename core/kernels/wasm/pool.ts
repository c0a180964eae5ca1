import type { WasmMemory, WasmModule } from './webassembly.ts';

/**
 * The handle a host returns for one started worker. The pool sends one 'init' message and receives 'ready' or
 * 'error'; after that all hand-off goes through Atomics on shared memory (no message per kernel call).
 */
export interface KernelWorkerHandle {
  postMessage(message: unknown): void;
  /** The pool sets this; the host calls it with each message's data. Set back to null once the worker is ready. */
  onmessage: ((data: unknown) => void) | null;
  /** The pool sets this; the host calls it if the worker fails to start or dies. */
  onerror: ((error: unknown) => void) | null;
  terminate(): void;
}

/**
 * Starts a worker running `source`, a plain-JavaScript script body (no imports). Before the body the host defines
 * two functions: `post(message)` sends to the parent, and `listen(handler)` calls handler(data) per message from the
 * parent. Node: see cli/kernel-threads.ts (worker_threads, eval). Browser: a Blob URL worker with
 * `const post = (m) => postMessage(m); const listen = (h) => { onmessage = (e) => h(e.data); };` prepended.
 */
export type WorkerFactory = (source: string) => KernelWorkerHandle;

// Control block words (Int32 index into the block at arena.ctrlOffset).
const SEQ = 0; // bumped once per job; workers wait on it
const KERNEL = 1; // index into the kernel name list
const ARGS = 2; // byte pointer of the argument block
const NT = 3; // threads taking part in this job (tid < NT work; the others only check in)
const DONE = 4; // workers that finished this job
const QUIT = 5; // set to make workers leave their loop
const ERR = 6; // set by a worker whose kernel threw

// Timers exist in every host but are not part of ES2022, which is all core compiles against.
const timers = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
};

/** The worker side of the pool, as source text so any host can start it without a bundler or TS loader. */
export const KERNEL_WORKER_SOURCE = `
listen(function onInit(msg) {
  if (!msg || msg.type !== 'init') return;
  var instance;
  try {
    instance = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } });
  } catch (e) {
    post({ type: 'error', message: String((e && e.message) || e) });
    return;
  }
  var ctrl = new Int32Array(msg.memory.buffer, msg.ctrlOffset, 16);
  var fns = msg.kernels.map(function (n) { return instance.exports[n]; });
  var tid = msg.tid;
  var seen = Atomics.load(ctrl, ${SEQ});
  post({ type: 'ready' });
  setTimeout(function loop() {
    for (;;) {
      Atomics.wait(ctrl, ${SEQ}, seen);
      var s = Atomics.load(ctrl, ${SEQ});
      if (s === seen) continue;
      seen = s;
      if (Atomics.load(ctrl, ${QUIT}) !== 0) break;
      var nt = Atomics.load(ctrl, ${NT});
      if (tid < nt) {
        try { fns[Atomics.load(ctrl, ${KERNEL})](Atomics.load(ctrl, ${ARGS}), tid, nt); }
        catch (e) { Atomics.store(ctrl, ${ERR}, 1); }
      }
      Atomics.add(ctrl, ${DONE}, 1);
      Atomics.notify(ctrl, ${DONE});
    }
  }, 0);
});
`;

/** True where this thread may block in Atomics.wait (workers, Node's main thread; not a browser's UI thread). */
export function canBlock(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics === 'undefined') return false;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Workers that instantiate the kernel module on the same shared memory and run slices of a job. The calling thread
 * is thread 0 and always takes part, so a pool of k workers gives k + 1 threads.
 */
export class KernelPool {
  private ctrl: Int32Array;
  private disposed = false;
  /** A job whose worker check-ins make no progress for this long is declared dead. */
  stallMs = 120_000;

  private constructor(private readonly workers: KernelWorkerHandle[], memory: WasmMemory, ctrlOffset: number,
    private readonly kernels: readonly string[]) {
    this.ctrl = new Int32Array(memory.buffer, ctrlOffset, 16);
  }

  /** Start `count` workers and wait until each has instantiated the module. Rejects (and stops them) on failure. */
  static async start(factory: WorkerFactory, count: number, module: WasmModule, memory: WasmMemory,
    ctrlOffset: number, kernels: readonly string[], timeoutMs = 20000): Promise<KernelPool> {
    const workers: KernelWorkerHandle[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const w = factory(KERNEL_WORKER_SOURCE);
      workers.push(w);
      ready.push(new Promise<void>((resolve, reject) => {
        const timer = timers.setTimeout(() => reject(new Error(`KernelPool: worker ${i + 1} did not start within ${timeoutMs} ms.`)), timeoutMs);
        w.onmessage = (data) => {
          const m = data as { type?: string; message?: string };
          if (m.type === 'ready') { timers.clearTimeout(timer); resolve(); }
          else if (m.type === 'error') { timers.clearTimeout(timer); reject(new Error(`KernelPool: worker ${i + 1} could not instantiate the kernels: ${m.message}`)); }
        };
        w.onerror = (e) => { timers.clearTimeout(timer); reject(new Error(`KernelPool: worker ${i + 1} failed: ${String(e)}`)); };
      }));
      w.postMessage({ type: 'init', module, memory, ctrlOffset, kernels, tid: i + 1 });
    }
    try {
      await Promise.all(ready);
      // No more messages are expected; dropping the handlers lets hosts release their message listeners.
      for (const w of workers) w.onmessage = null;
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    return new KernelPool(workers, memory, ctrlOffset, kernels);
  }

  /** False once disposed (explicitly, or after a dead worker stalled a job). */
  get alive(): boolean {
    return !this.disposed;
  }

  /** Threads a job can use: the workers plus the calling thread. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Run kernel `name`(args, tid, nt) on nt threads (the caller is tid 0) and return when all have finished.
   * `runLocal` runs the caller's share (tid 0) on the caller's own instance.
   */
  run(name: string, argsPtr: number, nt: number, runLocal: (tid: number, nt: number) => void): void {
    if (this.disposed) throw new Error('KernelPool.run: the pool was disposed.');
    const k = this.kernels.indexOf(name);
    if (k < 0) throw new Error(`KernelPool.run: unknown kernel '${name}'. Known: ${this.kernels.join(', ')}.`);
    const c = this.ctrl;
    Atomics.store(c, KERNEL, k);
    Atomics.store(c, ARGS, argsPtr);
    Atomics.store(c, NT, nt);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, ERR, 0);
    Atomics.add(c, SEQ, 1);
    Atomics.notify(c, SEQ);
    let localError: unknown = null;
    try {
      runLocal(0, nt);
    } catch (e) {
      localError = e;
    }
    const expected = this.workers.length;
    let last = Atomics.load(c, DONE);
    let lastChange = Date.now();
    for (;;) {
      const d = Atomics.load(c, DONE);
      if (d >= expected) break;
      if (d !== last) { last = d; lastChange = Date.now(); }
      if (Atomics.wait(c, DONE, d, 1000) === 'timed-out' && Date.now() - lastChange > this.stallMs) {
        // A worker died (or was terminated) mid-job: the hand-off can never complete.
        this.dispose();
        throw new Error(`KernelPool.run: only ${d} of ${expected} workers finished kernel '${name}' within ${this.stallMs / 1000} s; ` +
          'a worker thread has probably died. The pool was stopped; recreate the backend.');
      }
    }
    if (localError) throw localError;
    if (Atomics.load(c, ERR) !== 0) throw new Error(`KernelPool.run: kernel '${name}' failed in a worker thread (a trap, e.g. out-of-bounds memory access).`);
  }

  /** Ask the workers to leave their loop, then stop them. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.ctrl, QUIT, 1);
    Atomics.add(this.ctrl, SEQ, 1);
    Atomics.notify(this.ctrl, SEQ);
    for (const w of this.workers) w.terminate();
  }
}
