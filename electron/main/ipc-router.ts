/**
 * The one place where IPC requests are checked: every `ipcMain.handle` goes through `registerIpcHandlers`, which
 * refuses senders that are not the app's UI, refuses extra arguments, runs the payload guard of the channel and
 * only then calls the handler. Handlers therefore receive typed, validated requests. No Electron import: the
 * caller passes `ipcMain`, so the router is tested with fakes.
 */
import { Channels, type InvokeChannel, type InvokeMap } from '../ipc/contract.ts';
import { PAYLOAD_GUARDS } from './payload-guards.ts';
import { senderRefusal, type SenderFrameLike } from './trust.ts';

/** The parts of Electron's `IpcMainInvokeEvent` the router reads. */
export interface InvokeEventLike {
  senderFrame: SenderFrameLike | null;
  sender: unknown;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
}

/** A handler per channel, receiving the validated request and the event (for `event.sender`). */
export type IpcHandlers<E extends InvokeEventLike = InvokeEventLike> = {
  [C in InvokeChannel]: (req: InvokeMap[C]['req'], event: E) => Promise<InvokeMap[C]['res']> | InvokeMap[C]['res'];
};

/** An IPC request that was refused before reaching its handler. */
export class IpcRefusedError extends Error {
  override name = 'IpcRefusedError';
}

/** Checks sender and payload of one request and returns the validated request (throws `IpcRefusedError`). */
export function checkRequest<C extends InvokeChannel>(
  channel: C, event: InvokeEventLike, args: unknown[], devServerUrl: string | null,
): InvokeMap[C]['req'] {
  const refusal = senderRefusal(event.senderFrame, devServerUrl);
  if (refusal) throw new IpcRefusedError(`IPC ${channel} refused: ${refusal}.`);
  if (args.length > 1) throw new IpcRefusedError(`IPC ${channel} refused: expected at most one argument, got ${args.length}.`);
  try {
    return PAYLOAD_GUARDS[channel](args[0]);
  } catch (err) {
    throw new IpcRefusedError(`IPC ${channel} refused: ${(err as Error).message}`);
  }
}

/** Registers every handler behind the sender and payload checks. */
export function registerIpcHandlers<E extends InvokeEventLike>(
  ipcMain: IpcMainLike, handlers: IpcHandlers<E>, devServerUrl: string | null,
  log: (message: string) => void = (m) => console.warn(m),
): void {
  for (const channel of Object.values(Channels)) {
    const handler = handlers[channel] as (req: unknown, event: E) => unknown;
    ipcMain.handle(channel, (event, ...args) => {
      let req: unknown;
      try {
        req = checkRequest(channel, event, args, devServerUrl);
      } catch (err) {
        log((err as Error).message);
        throw err;
      }
      return handler(req, event as E);
    });
  }
}
