/**
 * Worker-thread entry that serves a TrainingSession over comlink (the CLI and tests start it with
 * startWorker(SESSION_WORKER)). The session's exported weights are transferred, not copied.
 */
import * as Comlink from 'comlink';
import '../core/index.ts';
import { TrainingSession } from '../core/session/session.ts';
import { useFastKernels } from './fast-kernels.ts';
import { exposeInWorker } from './worker-expose.ts';
import { sessionWorkerApi } from '../core/session/worker-api.ts';

await useFastKernels();
const session = new TrainingSession();

/** The same API as TrainingSession, with byte results transferred across the thread boundary. */
const api = {
  ...sessionWorkerApi(session, Comlink.transfer),
  /** Test hook: make the worker die as a crash would. */
  crash: () => { setTimeout(() => process.exit(70), 5); },
};

export type SessionWorkerApi = typeof api;
exposeInWorker(api);
