import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

/** Called inside a worker module: serve `api` to the parent thread over comlink. */
export function exposeInWorker(api: object): void {
  if (!parentPort) throw new Error('exposeInWorker must run inside a worker thread');
  Comlink.expose(api, nodeEndpoint(parentPort));
}
