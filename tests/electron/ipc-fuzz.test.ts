// Fuzzing the IPC boundary (issue 8, "hostile input"): random and mutated payloads go to every channel's guard
// and through the router with random senders. Each call must give a valid request or a typed refusal
// (PayloadError / IpcRefusedError) whose message names the call — never another kind of throw, never a change
// to the input. Accepted requests are checked against properties written here independently of the guards:
// only the contract's fields, ids that cannot be paths, names without folders, bytes as Uint8Array.
// 10,000 cases per property; failures print a {seed, path} to replay with fc.assert(…, {seed, path}).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  Channels, EXPORT_KINDS, IMPORT_KINDS, NATIVE_EDIT_ACTIONS, type InvokeChannel, type InvokeMap,
} from '../../electron/ipc/contract.ts';
import { IpcRefusedError, registerIpcHandlers, type IpcHandlers, type InvokeEventLike } from '../../electron/main/ipc-router.ts';
import { PAYLOAD_GUARDS, PayloadError } from '../../electron/main/payload-guards.ts';

const RUNS = 10_000;
const CHANNELS = Object.values(Channels) as InvokeChannel[];
/** The verb each channel's messages start with (`openRecent: fileId must be …`). */
const VERB = Object.fromEntries(Object.entries(Channels).map(([verb, channel]) => [channel, verb])) as Record<InvokeChannel, string>;

// ---- what a well-formed request looks like (from the contract's types and doc comments) ----
const idArb = fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/);
const nameArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() !== '' && s !== '.' && s !== '..' && !/[/\\\u0000-\u001f\u007f]/.test(s));
const bytesArb = fc.uint8Array({ maxLength: 48 });

type ValidArbs = { [C in InvokeChannel]: fc.Arbitrary<InvokeMap[C]['req']> };
/** One generator per channel; the mapped type makes a channel without a generator a compile error. */
const VALID: ValidArbs = {
  [Channels.openProject]: fc.constant(undefined),
  [Channels.getRecentFiles]: fc.constant(undefined),
  [Channels.listRecoverable]: fc.constant(undefined),
  [Channels.openRecent]: fc.record({ fileId: idArb }),
  [Channels.saveProject]: fc.record({ fileId: idArb, bytes: bytesArb }),
  [Channels.saveProjectAs]: fc.record({ bytes: bytesArb, suggestedName: nameArb }),
  [Channels.exportFile]: fc.record({ kind: fc.constantFrom(...EXPORT_KINDS), bytes: bytesArb, suggestedName: nameArb }),
  [Channels.importFile]: fc.record({ kind: fc.constantFrom(...IMPORT_KINDS) }),
  [Channels.setTitleState]: fc.record({ fileName: fc.option(nameArb, { nil: null }), dirty: fc.boolean() }),
  [Channels.closeResponse]: fc.record({ requestId: fc.maxSafeNat(), proceed: fc.boolean() }),
  [Channels.nativeEdit]: fc.record({ action: fc.constantFrom(...NATIVE_EDIT_ACTIONS) }),
  [Channels.openExternal]: fc.record({ url: fc.string({ maxLength: 200 }) }),
  [Channels.writeRecovery]: fc.record({ documentId: idArb, name: nameArb, fileId: fc.option(idArb, { nil: null }), bytes: bytesArb }),
  [Channels.discardRecovery]: fc.record({ documentId: idArb }),
  [Channels.openRecovery]: fc.record({ documentId: idArb }),
};
/** The fields each request may have (from InvokeMap); anything else in an accepted request is a guard bug. */
const FIELDS: Record<InvokeChannel, readonly string[]> = {
  [Channels.openProject]: [], [Channels.getRecentFiles]: [], [Channels.listRecoverable]: [],
  [Channels.openRecent]: ['fileId'], [Channels.saveProject]: ['fileId', 'bytes'], [Channels.saveProjectAs]: ['bytes', 'suggestedName'],
  [Channels.exportFile]: ['kind', 'bytes', 'suggestedName'], [Channels.importFile]: ['kind'], [Channels.setTitleState]: ['fileName', 'dirty'],
  [Channels.closeResponse]: ['requestId', 'proceed'], [Channels.nativeEdit]: ['action'], [Channels.openExternal]: ['url'],
  [Channels.writeRecovery]: ['documentId', 'name', 'fileId', 'bytes'], [Channels.discardRecovery]: ['documentId'], [Channels.openRecovery]: ['documentId'],
};

// ---- hostile variations ----
const anything = fc.anything({
  maxDepth: 3, maxKeys: 5, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true,
  withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true,
});
/** Values that are nearly right for some field: the classic confusions and path tricks. */
const nearMiss = fc.oneof(
  fc.constantFrom<unknown>(
    '', ' ', '.', '..', '../../etc/passwd', '/etc/passwd', 'C:\\Windows\\x', 'a/b', 'a\\b', 'a\u0000b', 'a\nb', '\u202e', 'x'.repeat(300),
    'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', '__proto__', 'constructor', 'toString',
    -1, 1.5, NaN, Infinity, -0, 2 ** 53, '1', 'true', 'false', 0, 1, true, false, null, undefined, [], {}, [1, 2, 3],
    new Uint8ClampedArray(3), new Int8Array(3), new Uint16Array(2), new ArrayBuffer(4), new DataView(new ArrayBuffer(4)), Buffer.from('ab'),
    'weights-onnx', 'Weights', 'dataset ', 'UNDO', 'print', 'a'.repeat(65), 'ab_cd', 'ab cd', 'ab:cd',
  ),
  anything,
);
const keyArb = fc.oneof(fc.constantFrom('path', 'filePath', '__proto__', 'constructor', 'prototype', 'bytes', 'fileId', 'then'), fc.string({ maxLength: 12 }));

/** A valid payload of `channel` with one to three edits: a field replaced, removed or added, or the whole payload. */
function mutatedFor(channel: InvokeChannel): fc.Arbitrary<unknown> {
  const fields = FIELDS[channel];
  const edit = (v: unknown): fc.Arbitrary<unknown> => {
    const obj = typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) ? (v as Record<string, unknown>) : null;
    const options: fc.Arbitrary<unknown>[] = [nearMiss, fc.constant([v]), fc.constant(fc.stringify(v))];
    if (obj) {
      options.push(
        fc.tuple(fc.constantFrom(...(fields.length ? fields : ['x'])), nearMiss).map(([k, x]) => ({ ...obj, [k]: x })),
        fc.constantFrom(...(fields.length ? fields : ['x'])).map((k) => {
          const copy = { ...obj };
          delete copy[k];
          return copy;
        }),
        fc.tuple(keyArb, nearMiss).map(([k, x]) => {
          // defineProperty so '__proto__' becomes an own key, as it would after structured clone of parsed JSON
          const copy: Record<string, unknown> = { ...obj };
          Object.defineProperty(copy, k, { value: x, enumerable: true, configurable: true, writable: true });
          return copy;
        }),
      );
    } else {
      options.push(fc.dictionary(fc.constantFrom(...fields, 'x'), nearMiss));
    }
    return fc.oneof(...options);
  };
  return VALID[channel].chain((v) => fc.integer({ min: 1, max: 3 }).chain((n) => {
    let arb: fc.Arbitrary<unknown> = fc.constant(v);
    for (let i = 0; i < n; i++) arb = arb.chain(edit);
    return arb;
  }));
}

const payloadFor = (channel: InvokeChannel) => fc.oneof(
  { weight: 1, arbitrary: VALID[channel] as fc.Arbitrary<unknown> },
  { weight: 4, arbitrary: mutatedFor(channel) },
  { weight: 1, arbitrary: anything },
);
/** [channel, the payload, an identical independent copy to detect mutation of the input]. */
const caseArb = fc.constantFrom(...CHANNELS).chain((channel) => fc.tuple(fc.constant(channel), fc.clone(payloadFor(channel), 2)));

// ---- properties of an accepted request, written without the guards ----
const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;
function checkAccepted(channel: InvokeChannel, req: unknown): void {
  const fields = FIELDS[channel];
  if (fields.length === 0) {
    expect(req).toBeUndefined();
    return;
  }
  expect(typeof req === 'object' && req !== null && !Array.isArray(req)).toBe(true);
  const r = req as Record<string, unknown>;
  expect(Object.keys(r).sort()).toEqual([...fields].sort());
  expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  for (const [k, v] of Object.entries(r)) {
    if (k === 'fileId' || k === 'documentId') {
      if (!(k === 'fileId' && v === null && channel === Channels.writeRecovery)) expect(v).toMatch(SAFE_ID);
    }
    if (k === 'suggestedName' || k === 'name' || (k === 'fileName' && v !== null)) {
      expect(typeof v).toBe('string');
      expect(v as string).not.toMatch(/[/\\\u0000-\u001f\u007f]/);
      expect(['', '.', '..']).not.toContain((v as string).trim());
      expect((v as string).length).toBeLessThanOrEqual(255);
    }
    if (k === 'bytes') expect(v).toBeInstanceOf(Uint8Array);
    if (k === 'dirty' || k === 'proceed') expect(typeof v).toBe('boolean');
    if (k === 'requestId') expect(Number.isSafeInteger(v) && (v as number) >= 0).toBe(true);
    if (k === 'kind') expect([...EXPORT_KINDS, ...IMPORT_KINDS]).toContain(v);
    if (k === 'action') expect(NATIVE_EDIT_ACTIONS).toContain(v);
    if (k === 'url') expect(typeof v === 'string' && v.length <= 2048).toBe(true);
  }
}

/** Runs a guard: the validated request, or the PayloadError (any other throw fails the property). */
function runGuard(channel: InvokeChannel, payload: unknown): { ok: true; req: unknown } | { ok: false; error: PayloadError } {
  try {
    return { ok: true, req: PAYLOAD_GUARDS[channel](payload) };
  } catch (e) {
    if (!(e instanceof PayloadError)) throw new Error(`guard ${channel} threw ${String(e)} (not a PayloadError)`, { cause: e });
    return { ok: false, error: e };
  }
}

/** What arrives over Electron IPC is a structured clone; values that cannot be cloned never arrive. */
function cloned(payload: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: structuredClone(payload) };
  } catch {
    return { ok: false };
  }
}

describe('IPC payload guards under fuzzing', () => {
  test(`${RUNS} random and mutated payloads: a valid request or a PayloadError naming the call; the input is never changed`, () => {
    const seen = new Map<string, { accepted: number; refused: number }>();
    fc.assert(fc.property(caseArb, ([channel, [payload, copy]]) => {
      const inputs: unknown[] = [payload];
      const viaIpc = cloned(payload);
      if (viaIpc.ok) inputs.push(viaIpc.value);
      for (const value of inputs) {
        const result = runGuard(channel, value);
        const tally = seen.get(channel) ?? { accepted: 0, refused: 0 };
        tally[result.ok ? 'accepted' : 'refused']++;
        seen.set(channel, tally);
        if (result.ok) {
          checkAccepted(channel, result.req);
          // Accepted requests are stable: validating the result again gives the same request.
          expect(PAYLOAD_GUARDS[channel](result.req)).toEqual(result.req);
        } else {
          expect(result.error.message).toMatch(new RegExp(`^${VERB[channel]}: .{10,}`));
        }
      }
      expect(payload).toEqual(copy);
    }), { numRuns: RUNS });
    // Every channel was exercised, and every channel both accepted and refused some of its cases.
    expect([...seen.keys()].sort()).toEqual([...CHANNELS].sort());
    for (const [channel, { accepted, refused }] of seen) expect([channel, accepted > 0, refused > 0]).toEqual([channel, true, true]);
  });

  test('every well-formed request is accepted unchanged (2,000 cases)', () => {
    const valid = fc.constantFrom(...CHANNELS).chain((c) => fc.tuple(fc.constant(c), VALID[c] as fc.Arbitrary<unknown>));
    fc.assert(fc.property(valid, ([channel, payload]) => {
      const result = runGuard(channel, payload);
      expect(result.ok).toBe(true);
      expect((result as { req: unknown }).req).toEqual(payload);
    }), { numRuns: 2_000 });
  });
});

// ---- the router: random senders, random argument lists ----
type Sender = { frame: InvokeEventLike['senderFrame']; trusted: boolean };
const appPath = fc.webPath().map((p) => `app://bundle${p.startsWith('/') ? p : `/${p}`}`);
const trustedSender: fc.Arbitrary<Sender> = fc.oneof(
  fc.constant('app://bundle/index.html'), appPath,
  fc.tuple(appPath, fc.webQueryParameters(), fc.webFragments()).map(([p, q, h]) => `${p}?${q}#${h}`),
).map((url) => ({ frame: { url, parent: null }, trusted: true }));
const foreignUrl = fc.oneof(
  fc.webUrl({ validSchemes: ['http', 'https', 'ftp', 'file', 'ws'] }),
  fc.constantFrom(
    'app://evil/index.html', 'app://bundle.evil.example/', 'app://bundle@evil/', 'app://evil@bundle/', 'app://user:pw@bundle/',
    'appx://bundle/', 'app:bundle/index.html', 'file:///app/bundle/index.html', 'about:blank', 'data:text/html,<script>',
    'javascript:alert(1)', 'chrome://settings', 'devtools://devtools/', 'blob:app://bundle/1', 'null', '', 'app://', 'http://localhost:5173/',
  ),
  fc.string({ maxLength: 30 }).filter((s) => !/^\s*app:\/\/bundle[/?#]/i.test(s) && s.trim().toLowerCase() !== 'app://bundle'),
);
const untrustedSender: fc.Arbitrary<Sender> = fc.oneof(
  foreignUrl.map((url) => ({ frame: { url, parent: null }, trusted: false })),
  // a sub-frame, even one showing the app's own page
  fc.tuple(fc.oneof(appPath, foreignUrl), anything.filter((p) => p !== null && p !== undefined))
    .map(([url, parent]) => ({ frame: { url, parent }, trusted: false })),
  fc.constant({ frame: null, trusted: false }),
);

function fakeIpc() {
  const listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const calls: { channel: string; req: unknown }[] = [];
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, (req: unknown) => {
    calls.push({ channel: c, req });
    return 'handled';
  }])) as unknown as IpcHandlers;
  const log: string[] = [];
  registerIpcHandlers({ handle: (c, l) => void listeners.set(c, l) }, handlers, null, (m) => log.push(m));
  return { listeners, calls, log };
}

describe('IPC router under fuzzing', () => {
  test(`${RUNS} random senders and argument lists: only the app's main frame with one valid payload reaches a handler`, () => {
    const { listeners, calls, log } = fakeIpc();
    const routed = fc.constantFrom(...CHANNELS).chain((channel) => fc.tuple(
      fc.constant(channel),
      fc.oneof({ weight: 1, arbitrary: trustedSender }, { weight: 2, arbitrary: untrustedSender }),
      fc.oneof(
        { weight: 3, arbitrary: payloadFor(channel).map((p) => [p]) },
        { weight: 1, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(payloadFor(channel), { minLength: 2, maxLength: 3 }) },
      ),
    ));
    fc.assert(fc.property(routed, ([channel, sender, args]) => {
      calls.length = 0;
      log.length = 0;
      let result: unknown;
      let error: unknown = null;
      try {
        result = listeners.get(channel)!({ senderFrame: sender.frame, sender: {} }, ...args);
      } catch (e) {
        error = e;
      }
      if (error === null) {
        // Reached the handler: the sender must be trusted, and the request what the guard makes of the one argument.
        expect(sender.trusted).toBe(true);
        expect(args.length).toBeLessThanOrEqual(1);
        expect(result).toBe('handled');
        expect(calls).toHaveLength(1);
        expect(calls[0]!.req).toEqual(PAYLOAD_GUARDS[channel](args[0]));
        checkAccepted(channel, calls[0]!.req);
      } else {
        expect(error).toBeInstanceOf(IpcRefusedError);
        expect((error as Error).message).toMatch(new RegExp(`^IPC ${channel} refused: .{10,}`));
        expect(calls).toHaveLength(0);
        expect(log).toEqual([(error as Error).message]);
        if (sender.trusted && args.length <= 1) expect(runGuard(channel, args[0]).ok).toBe(false);
      }
    }), { numRuns: RUNS });
  });
});
