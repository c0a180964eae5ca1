import { describe, expect, test } from 'vitest';
import { Channels, MAX_TRANSFER_BYTES } from '../../electron/ipc/contract.ts';
import { PAYLOAD_GUARDS, PayloadError } from '../../electron/main/payload-guards.ts';

const g = PAYLOAD_GUARDS;

describe('payload guards accept well-formed requests', () => {
  test('returns the same data, typed', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(g[Channels.exportFile]({ kind: 'weights-pt', bytes, suggestedName: 'model.pt' })).toEqual({ kind: 'weights-pt', bytes, suggestedName: 'model.pt' });
    expect(g[Channels.saveProject]({ fileId: '3f2a-11', bytes })).toEqual({ fileId: '3f2a-11', bytes });
    expect(g[Channels.saveProjectAs]({ bytes, suggestedName: 'my net.netsketch' })).toEqual({ bytes, suggestedName: 'my net.netsketch' });
    expect(g[Channels.setTitleState]({ fileName: null, dirty: false })).toEqual({ fileName: null, dirty: false });
    expect(g[Channels.closeResponse]({ requestId: 3, proceed: true })).toEqual({ requestId: 3, proceed: true });
    expect(g[Channels.importFile]({ kind: 'dataset' })).toEqual({ kind: 'dataset' });
    expect(g[Channels.nativeEdit]({ action: 'selectAll' })).toEqual({ action: 'selectAll' });
    expect(g[Channels.openProject](undefined)).toBeUndefined();
    expect(g[Channels.writeRecovery]({ documentId: 'd-1', name: 'Untitled', fileId: null, bytes })).toEqual({ documentId: 'd-1', name: 'Untitled', fileId: null, bytes });
    expect(g[Channels.openRecovery]({ documentId: 'd-1' })).toEqual({ documentId: 'd-1' });
  });
});

describe('payload guards refuse with messages naming call, field, value and need', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['wrong kind', () => g[Channels.exportFile]({ kind: 'weights-onnx', bytes: new Uint8Array(1), suggestedName: 'a.onnx' }),
      /^exportFile: kind must be one of "weights-pt", .*but got the string "weights-onnx"\.$/],
    ['bytes as plain array', () => g[Channels.exportFile]({ kind: 'weights-pt', bytes: [1, 2], suggestedName: 'a.pt' }),
      /exportFile: bytes must be a Uint8Array, but got an array of length 2/],
    ['path in suggestedName', () => g[Channels.exportFile]({ kind: 'image-png', bytes: new Uint8Array(1), suggestedName: '../../etc/x.png' }),
      /exportFile: suggestedName must be a plain file name \(no folders/],
    ['windows path in suggestedName', () => g[Channels.saveProjectAs]({ bytes: new Uint8Array(0), suggestedName: 'C:\\x.netsketch' }),
      /saveProjectAs: suggestedName must be a plain file name/],
    ['control character', () => g[Channels.setTitleState]({ fileName: 'a\nb', dirty: true }), /setTitleState: fileName must be a plain file name/],
    ['missing boolean', () => g[Channels.setTitleState]({ fileName: 'a', dirty: 'yes' }), /setTitleState: dirty must be a boolean, but got the string "yes"/],
    ['extra field', () => g[Channels.saveProject]({ fileId: 'a', bytes: new Uint8Array(0), path: '/etc/passwd' }),
      /saveProject: unexpected field\(s\) path; the payload has only fileId, bytes\./],
    ['not an object', () => g[Channels.importFile]('weights'), /importFile: the payload must be an object with keys kind/],
    ['bad file id', () => g[Channels.openRecent]({ fileId: '/home/u/a.netsketch' }), /openRecent: fileId must be an id returned by/],
    ['project as text', () => g[Channels.saveProject]({ fileId: 'a', bytes: '{}' }), /saveProject: bytes must be a Uint8Array, but got the string "\{\}"/],
    ['string too long', () => g[Channels.openExternal]({ url: `https://pytorch.org/${'x'.repeat(3000)}` }), /openExternal: url must be at most 2048 characters long, but got a string of 3020 characters/],
    ['negative request id', () => g[Channels.closeResponse]({ requestId: -1, proceed: true }), /closeResponse: requestId must be a non-negative integer/],
    ['arguments to a no-argument call', () => g[Channels.getRecentFiles]({ all: true }), /getRecentFiles: the payload must be empty/],
    ['recovery id with a path', () => g[Channels.writeRecovery]({ documentId: '../x', name: 'Untitled', fileId: null, bytes: new Uint8Array(0) }),
      /writeRecovery: documentId must be 1-64 letters, digits or dashes/],
    ['recovery name with a folder', () => g[Channels.writeRecovery]({ documentId: 'd-1', name: 'a/b', fileId: null, bytes: new Uint8Array(0) }),
      /writeRecovery: name must be a plain file name/],
    ['unknown edit', () => g[Channels.nativeEdit]({ action: 'print' }), /nativeEdit: action must be one of/],
  ];
  test.each(cases)('%s', (_name, call, message) => {
    expect(call).toThrow(PayloadError);
    expect(call).toThrow(message);
  });

  test('refuses bytes over the transfer limit without copying them', () => {
    const huge = { byteLength: MAX_TRANSFER_BYTES + 1 };
    Object.setPrototypeOf(huge, Uint8Array.prototype);
    expect(() => g[Channels.exportFile]({ kind: 'weights-pt', bytes: huge, suggestedName: 'a.pt' })).toThrow(/at most 1073741824 bytes/);
  });

  test('every channel has a guard', () => {
    for (const channel of Object.values(Channels)) expect(typeof g[channel]).toBe('function');
  });
});
