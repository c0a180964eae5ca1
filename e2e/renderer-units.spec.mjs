// Unit tests for the renderer's pure logic (shortcuts, document state, project file, canvas actions). They live
// here rather than in tests/ because tests/ is type-checked as a Node project that may not include renderer
// files; the renderer modules themselves are type-checked by tsconfig.web.json. Loaded as TypeScript via tsx.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';

const { commandForKey, parseAccelerator, shortcutTable } = await tsImport('../renderer/platform/shortcuts.ts', import.meta.url);
const { MENU_SPEC } = await tsImport('../electron/ipc/menu.ts', import.meta.url);
const { titleText } = await tsImport('../renderer/platform/platform.ts', import.meta.url);
const { DocumentStore } = await tsImport('../renderer/state/document-store.ts', import.meta.url);
const { parseProject, serializeProject } = await tsImport('../renderer/state/project-file.ts', import.meta.url);
const { deleteSelected, duplicateSelected, selectAll } = await tsImport('../renderer/canvas/canvas-actions.ts', import.meta.url);
const { Autosaver } = await tsImport('../renderer/app/autosave.ts', import.meta.url);

describe('shortcuts shared with the native menu', () => {
  test('parses Electron accelerators', () => {
    assert.deepEqual(parseAccelerator('CmdOrCtrl+Shift+S'), { mod: true, shift: true, alt: false, key: 's' });
    assert.deepEqual(parseAccelerator('F5'), { mod: false, shift: false, alt: false, key: 'f5' });
    assert.deepEqual(parseAccelerator('CmdOrCtrl++'), { mod: true, shift: false, alt: false, key: '+' });
    assert.throws(() => parseAccelerator('Hyper+K'), /unknown modifier "Hyper"/);
  });

  test('no two menu items share an accelerator', () => {
    const keys = shortcutTable(MENU_SPEC).map((s) => JSON.stringify(s.accelerator));
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(keys.length >= 15, `expected the menu table's accelerators, got ${keys.length}`);
  });

  test('maps key presses to menu commands, Cmd on macOS and Ctrl elsewhere', () => {
    const table = shortcutTable(MENU_SPEC);
    const key = (k, mods = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    assert.deepEqual(commandForKey(table, key('s', { ctrlKey: true }), false), { type: 'save' });
    assert.deepEqual(commandForKey(table, key('S', { ctrlKey: true, shiftKey: true }), false), { type: 'save-as' });
    assert.deepEqual(commandForKey(table, key('s', { metaKey: true }), true), { type: 'save' });
    assert.equal(commandForKey(table, key('s', { metaKey: true }), false), null);
    assert.equal(commandForKey(table, key('s'), false), null);
    assert.deepEqual(commandForKey(table, key('F5'), false), { type: 'train-start' });
    assert.deepEqual(commandForKey(table, key('F5', { shiftKey: true }), false), { type: 'train-stop' });
  });
});

describe('DocumentStore', () => {
  test('reports every change with the previous state; New/Open give a new document id, Save keeps it', () => {
    const seen = [];
    let n = 0;
    const doc = new DocumentStore((s, prev) => seen.push([titleText(s), s.documentId, prev.documentId, s.revision]), () => `doc-${++n}`);
    doc.markDirty();
    doc.markDirty();
    doc.markSaved({ fileId: 'f1', name: 'mnist.netsketch' });
    doc.replace(null);
    doc.restore('doc-old', null, 'lost.netsketch');
    assert.deepEqual(seen, [
      ['• Untitled — Netsketch', 'doc-1', 'doc-1', 1],
      ['• Untitled — Netsketch', 'doc-1', 'doc-1', 2],
      ['mnist.netsketch — Netsketch', 'doc-1', 'doc-1', 2],
      ['Untitled — Netsketch', 'doc-2', 'doc-1', 0],
      ['• lost.netsketch — Netsketch', 'doc-old', 'doc-2', 1],
    ]);
  });
});

describe('Autosaver', () => {
  function fakeTimers() {
    let now = 0;
    let pending = [];
    return {
      timers: {
        now: () => now,
        setTimeout: (fn, ms) => { const t = { at: now + ms, fn }; pending.push(t); return t; },
        clearTimeout: (t) => { pending = pending.filter((p) => p !== t); },
      },
      /** Advances the clock, running due timers in order. */
      async advance(ms) {
        const end = now + ms;
        for (;;) {
          const next = pending.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
          if (!next) break;
          pending = pending.filter((t) => t !== next);
          now = next.at;
          next.fn();
          await Promise.resolve();
        }
        now = end;
      },
    };
  }

  test('writes 3 s after the last edit, and at least every 30 s while edits keep coming', async () => {
    const clock = fakeTimers();
    const writes = [];
    const saver = new Autosaver(async () => { writes.push(clock.timers.now()); }, (e) => { throw e; }, 3000, 30000, clock.timers);
    saver.changed();
    await clock.advance(2000);
    saver.changed();
    await clock.advance(2999);
    assert.deepEqual(writes, []);
    await clock.advance(1);
    assert.deepEqual(writes, [5000]);
    // Continuous edits every second: the 30 s cap forces a write.
    for (let i = 0; i < 40; i++) {
      saver.changed();
      await clock.advance(1000);
    }
    assert.deepEqual(writes, [5000, 35000]);
  });

  test('cancel drops a pending write; failures are reported, not thrown', async () => {
    const clock = fakeTimers();
    const errors = [];
    let calls = 0;
    const saver = new Autosaver(async () => { calls++; throw new Error('disk full'); }, (e) => errors.push(e.message), 3000, 30000, clock.timers);
    saver.changed();
    saver.cancel();
    await clock.advance(10000);
    assert.equal(calls, 0);
    saver.changed();
    await clock.advance(3000);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(calls, 1);
    assert.deepEqual(errors, ['disk full']);
  });
});

describe('project file', () => {
  test('round-trips nodes and edges, dropping view-only state', () => {
    const nodes = [{ id: 'a', type: 'layer', position: { x: 1, y: 2 }, data: { title: 'Input' }, selected: true, measured: { width: 3 } }];
    const edges = [{ id: 'e', source: 'a', target: 'a', animated: true }];
    const bytes = serializeProject(nodes, edges);
    assert.ok(bytes instanceof Uint8Array);
    const parsed = parseProject(bytes, 'x.netsketch');
    assert.deepEqual(parsed.nodes, [{ id: 'a', type: 'layer', position: { x: 1, y: 2 }, data: { title: 'Input' } }]);
    assert.deepEqual(parsed.edges, [{ id: 'e', source: 'a', target: 'a' }]);
  });

  test('explains what is wrong with a file', () => {
    const enc = (s) => new TextEncoder().encode(s);
    assert.throws(() => parseProject(enc('{'), 'a.json'), /a\.json is not a Netsketch project: it is not valid JSON/);
    assert.throws(() => parseProject(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff]), 'z.netsketch'), /z\.netsketch is not a Netsketch project/);
    assert.throws(() => parseProject(enc('{"format":"other"}'), 'a.json'), /"format" field must be "netsketch"/);
    assert.throws(() => parseProject(enc('{"format":"netsketch","version":2,"nodes":[],"edges":[]}'), 'b.netsketch'), /version 2; this Netsketch reads version 1/);
    assert.throws(() => parseProject(enc('{"format":"netsketch","version":1,"nodes":{}}'), 'c.netsketch'), /c\.netsketch is damaged/);
  });
});

describe('canvas actions', () => {
  const n = (id, selected = false) => ({ id, position: { x: 0, y: 0 }, data: {}, selected });
  const edges = [{ id: 'ab', source: 'a', target: 'b' }, { id: 'bc', source: 'b', target: 'c' }];

  test('selectAll and deleteSelected', () => {
    assert.ok(selectAll([n('a'), n('b', true)]).every((x) => x.selected));
    const after = deleteSelected([n('a'), n('b', true), n('c')], edges);
    assert.deepEqual(after.nodes.map((x) => x.id), ['a', 'c']);
    assert.deepEqual(after.edges, []);
  });

  test('duplicateSelected copies nodes and the edges between them, offset and selected', () => {
    const after = duplicateSelected([n('a', true), n('b', true), n('c')], edges, (id) => `${id}2`);
    assert.deepEqual(after.nodes.map((x) => [x.id, x.selected, x.position.x]), [
      ['a', false, 0], ['b', false, 0], ['c', false, 0], ['a2', true, 40], ['b2', true, 40],
    ]);
    assert.deepEqual(after.edges.slice(2).map((e) => [e.source, e.target]), [['a2', 'b2']]);
  });
});
