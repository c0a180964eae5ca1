/** Probe worker: writes 42 into the SharedArrayBuffer it receives and answers "done". */
self.onmessage = (e: MessageEvent<SharedArrayBuffer>) => {
  Atomics.store(new Int32Array(e.data), 0, 42);
  self.postMessage('done');
};
