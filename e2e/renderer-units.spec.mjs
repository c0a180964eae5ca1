// Unit tests for the renderer's pure logic (shortcuts, document state, project file, editor store, clipboard,
// connection rules, inspector parsing, message catalogues). They live
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
const { EditorStore } = await tsImport('../renderer/state/editor-store.ts', import.meta.url);
const { copyFragment, parseFragment, pasteFragment } = await tsImport('../renderer/state/clipboard.ts', import.meta.url);
const { connectionProblem } = await tsImport('../renderer/state/connection-rules.ts', import.meta.url);
const { formatParam, parseParam } = await tsImport('../renderer/panels/param-input.ts', import.meta.url);
const { portViews } = await tsImport('../renderer/canvas/flow-model.ts', import.meta.url);
const { portShown, showingCondition } = await tsImport('../renderer/state/port-visibility.ts', import.meta.url);
const { missingKeys, setLanguage, t } = await tsImport('../renderer/i18n/index.ts', import.meta.url);
const actions = await tsImport('../core/graph/actions.ts', import.meta.url);
const { getSpec, CATEGORIES, NODE_KINDS } = await tsImport('../core/graph/catalogue/index.ts', import.meta.url);
const { paramProblem } = await tsImport('../core/graph/params.ts', import.meta.url);
const { PALETTE_CATEGORIES, groupedSpecs, oneLine } = await tsImport('../renderer/panels/palette-model.ts', import.meta.url);
const { readFileSync, readdirSync } = await import('node:fs');
const exampleDir = new URL('../assets/examples/', import.meta.url);
const lenet = JSON.parse(readFileSync(new URL('lenet5-mnist.json', exampleDir), 'utf8'));
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

  test('no accelerator is a key the browser keeps for itself (the web build shares the table)', () => {
    // Chromium handles these before the page sees them (private window, tabs, devtools, fullscreen). Ctrl+N (New)
    // is one too in a browser tab, but it is the platform's New everywhere else and Electron delivers it: kept.
    const reserved = ['CmdOrCtrl+Shift+N', 'CmdOrCtrl+T', 'CmdOrCtrl+Shift+T', 'CmdOrCtrl+W', 'CmdOrCtrl+Shift+W',
      'CmdOrCtrl+Tab', 'CmdOrCtrl+Shift+J', 'CmdOrCtrl+Shift+I', 'CmdOrCtrl+Shift+C', 'F11', 'F12', 'CmdOrCtrl+Q']
      .map((k) => JSON.stringify(parseAccelerator(k)));
    const clashes = shortcutTable(MENU_SPEC).filter((s) => reserved.includes(JSON.stringify(s.accelerator))).map((s) => s.command.type);
    assert.deepEqual(clashes, []);
  });

  test('templates, group, ungroup and auto-layout have shortcuts in both shells', () => {
    const table = shortcutTable(MENU_SPEC);
    const key = (k, mods = {}) => ({ key: k, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false, ...mods });
    assert.deepEqual(commandForKey(table, key('n', { altKey: true }), false), { type: 'new-from-template' });
    assert.deepEqual(commandForKey(table, key('g'), false), { type: 'group' });
    assert.deepEqual(commandForKey(table, key('G', { shiftKey: true }), false), { type: 'ungroup' });
    assert.deepEqual(commandForKey(table, key('L', { shiftKey: true }), false), { type: 'layout-lr' });
    assert.deepEqual(commandForKey(table, key('K', { shiftKey: true }), false), { type: 'layout-tb' });
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

describe('project file (.netsketch through core/project)', () => {
  test('every example graph survives save → open exactly, and opens as bare JSON too', () => {
    for (const f of readdirSync(exampleDir).filter((x) => x.endsWith('.json'))) {
      const bytes = readFileSync(new URL(f, exampleDir));
      const bare = parseProject(new Uint8Array(bytes), f);
      assert.equal(bare.project, null);
      const zipped = serializeProject(bare.doc, null);
      assert.deepEqual([zipped[0], zipped[1]], [0x50, 0x4b], 'a .netsketch file is a zip');
      const back = parseProject(zipped, 'x.netsketch');
      assert.deepEqual(back.doc, bare.doc, f);
      assert.equal(back.project.title, bare.doc.name);
    }
  });

  test('keeps the runs of the project it was opened from', () => {
    const first = parseProject(serializeProject(lenet, null), 'a.netsketch');
    const withRun = { ...first.project, runs: [{ id: 'run-1', name: 'Run 1', startedAt: 1, endedAt: 2, status: 'completed', settings: {}, metrics: { loss: [0.5] }, epochEndedAt: [2] }] };
    const again = parseProject(serializeProject(lenet, withRun), 'b.netsketch');
    assert.deepEqual(again.project.runs.map((r) => r.metrics.loss), [[0.5]]);
    assert.equal(again.project.documentId, first.project.documentId);
  });

  test('explains what is wrong with a file', () => {
    const enc = (s) => new TextEncoder().encode(s);
    assert.throws(() => parseProject(enc('{'), 'a.json'), /a\.json is not a Netsketch graph: The graph file is not valid JSON/);
    assert.throws(() => parseProject(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff]), 'z.netsketch'), /z\.netsketch is not a Netsketch project/);
    assert.throws(() => parseProject(enc('{"schemaVersion": 99}'), 'n.json'), /n\.json is not a Netsketch graph: .*version 99/);
  });
});

describe('editor store (undo/redo of whole documents)', () => {
  const empty = actions.emptyGraph();

  test('each edit is one step; undo and redo walk the documents; a no-op edit is not a step', () => {
    let edits = 0;
    const store = new EditorStore(empty, () => edits++);
    store.apply('add', (d) => actions.addNode(d, 'Linear', { x: 0, y: 0 }));
    store.apply('add', (d) => actions.addNode(d, 'ReLU', { x: 200, y: 0 }));
    const two = store.doc;
    assert.equal(store.apply('same', (d) => actions.setParam(d, 'n1', 'out_features', 10)), false);
    store.apply('move both', (d) => actions.moveNodes(d, { n1: { x: 5, y: 5 }, n2: { x: 300, y: 5 } }));
    assert.equal(store.get().undoLabel, 'move both');
    assert.equal(store.undo(), 'move both');
    assert.equal(store.doc, two, 'undo returns the very document before the edit');
    assert.equal(store.redo(), 'move both');
    assert.deepEqual(store.doc.nodes.map((n) => n.position), [{ x: 5, y: 5 }, { x: 300, y: 5 }]);
    store.undo(); store.undo(); store.undo();
    assert.equal(store.doc, empty);
    assert.equal(store.undo(), null);
    assert.equal(edits, 3 + 1 + 1 + 3); // three edits, undo, redo, three undos
  });

  test('a new edit clears redo; selection of deleted nodes is dropped', () => {
    const store = new EditorStore(empty);
    store.apply('add', (d) => actions.addNode(d, 'Linear', { x: 0, y: 0 }));
    store.setSelection({ nodes: ['n1'], edges: [], groups: [] });
    store.undo();
    assert.deepEqual(store.get().selection.nodes, []);
    store.apply('add', (d) => actions.addNode(d, 'ReLU', { x: 0, y: 0 }));
    assert.equal(store.get().canRedo, false);
    assert.throws(() => store.apply('bad', (d) => actions.rename(d, 'n1', 'class')), /Python keyword/);
    assert.equal(store.doc.nodes[0].name, 'relu1');
  });
});

describe('clipboard fragments', () => {
  test('copy takes the edges among the copied nodes; paste gives fresh ids and names, offset, in one document', () => {
    const frag = copyFragment(lenet, ['conv1', 'relu1', 'pool1']);
    assert.deepEqual(frag.edges.map((e) => [e.source, e.target]), [['conv1', 'relu1'], ['relu1', 'pool1']]);
    const text = JSON.stringify(frag);
    const parsed = parseFragment(text);
    const { doc, nodeIds } = pasteFragment(lenet, parsed, { x: 40, y: 40 });
    assert.equal(doc.nodes.length, lenet.nodes.length + 3);
    assert.equal(doc.edges.length, lenet.edges.length + 2);
    const added = doc.nodes.filter((n) => nodeIds.includes(n.id));
    assert.deepEqual(added.map((n) => n.name), ['conv3', 'relu5', 'pool3']);
    assert.deepEqual(added[0].position, { x: lenet.nodes[1].position.x + 40, y: lenet.nodes[1].position.y + 40 });
    assert.deepEqual(added[0].params, lenet.nodes[1].params);
    assert.equal(new Set(doc.nodes.map((n) => n.id)).size, doc.nodes.length);
    assert.equal(parseFragment('{"hello": 1}'), null);
    assert.equal(parseFragment('not json'), null);
  });

  test('blocks travel with their members', () => {
    const grouped = actions.group(lenet, ['conv2', 'relu2'], 'features');
    const frag = copyFragment(grouped, [], [grouped.groups[0].id]);
    assert.equal(frag.nodes.length, 2);
    const { doc, groupIds } = pasteFragment(grouped, frag, { x: 0, y: 300 });
    const g = doc.groups.find((x) => x.id === groupIds[0]);
    assert.equal(g.name, 'block1');
    assert.equal(doc.nodes.filter((n) => n.group === g.id).length, 2);
  });
});

describe('connection rules while dragging a wire', () => {
  test('refuses wires by port kind, self-loops and cycles, saying why', () => {
    setLanguage('en');
    const p = (c) => connectionProblem(lenet, c);
    assert.equal(p({ source: 'fc3', sourcePort: 'output', target: 'loss', targetPort: 'target' }), "Loss target must come from the Dataset's y.");
    assert.equal(p({ source: 'data', sourcePort: 'y', target: 'loss', targetPort: 'target' }), null);
    assert.match(p({ source: 'data', sourcePort: 'y', target: 'fc1', targetPort: 'input' }), /fc1\.input expects a tensor but data\.y gives labels/);
    assert.match(p({ source: 'fc3', sourcePort: 'output', target: 'optimizer', targetPort: 'loss' }), /expects a loss value/);
    assert.match(p({ source: 'fc1', sourcePort: 'output', target: 'conv1', targetPort: 'input' }), /loop/);
    assert.match(p({ source: 'fc1', sourcePort: 'output', target: 'fc1', targetPort: 'input' }), /itself/);
  });
});

describe('ports that exist only for some parameter values (PortSpec.visibleWhen)', () => {
  // A port spec written here, so the rule is tested apart from which catalogue entries use it.
  const indices = { name: 'indices', kind: 'tensor', help: 'argmax positions', visibleWhen: { param: 'return_indices', oneOf: [true] } };
  const output = { name: 'output', kind: 'tensor', help: 'pooled' };
  const node = (params) => ({ id: 'p', kind: 'MaxPool2d', name: 'pool', params, position: { x: 0, y: 0 } });
  test('a port shows only when its parameter has one of the listed values', () => {
    assert.equal(portShown(node({ return_indices: true }), indices), true);
    assert.equal(portShown(node({ return_indices: false }), indices), false);
    assert.equal(portShown(node({}), output), true);
    assert.equal(showingCondition(indices), 'return_indices = True');
  });
  test('the canvas draws visible ports, and a hidden one only while a wire still ends there (flagged)', () => {
    const names = (views) => views.map((v) => `${v.name}${v.hidden ? ' (hidden)' : ''}`);
    assert.deepEqual(names(portViews(node({ return_indices: true }), [output, indices], new Set())), ['output', 'indices']);
    assert.deepEqual(names(portViews(node({ return_indices: false }), [output, indices], new Set())), ['output']);
    assert.deepEqual(names(portViews(node({ return_indices: false }), [output, indices], new Set(['indices']))), ['output', 'indices (hidden)']);
  });
});

describe('MaxPool2d indices port (the catalogue entry) in the editor', () => {
  const at = { x: 0, y: 0 };
  const doc = {
    ...actions.emptyGraph('pool'),
    nodes: [
      { id: 'c', kind: 'Conv2d', name: 'conv', params: { out_channels: 4 }, position: at },
      { id: 'p', kind: 'MaxPool2d', name: 'pool', params: { return_indices: true }, position: at },
      { id: 'u', kind: 'MaxUnpool2d', name: 'unpool', params: {}, position: at },
    ],
    edges: [
      { id: 'e1', source: 'c', sourcePort: 'output', target: 'p', targetPort: 'input' },
      { id: 'e2', source: 'p', sourcePort: 'output', target: 'u', targetPort: 'input' },
      { id: 'e3', source: 'p', sourcePort: 'indices', target: 'u', targetPort: 'indices' },
    ],
  };
  test('the wire rules refuse the indices port while return_indices is off', () => {
    setLanguage('en');
    const off = actions.setParam(actions.disconnect(doc, ['e3']), 'p', 'return_indices', false);
    assert.equal(connectionProblem(off, { source: 'p', sourcePort: 'indices', target: 'u', targetPort: 'indices' }),
      'pool.indices is switched off: it exists only when return_indices = True. Change that in the inspector first.');
    assert.equal(connectionProblem(doc, { source: 'p', sourcePort: 'indices', target: 'u', targetPort: 'indices' }), null);
  });
  test('turning return_indices off takes the wire away in the same undo step, and says so', async () => {
    setLanguage('en');
    const store = new EditorStore(doc);
    const said = [];
    const { createEditorActions } = await tsImport('../renderer/app/editor-actions.ts', import.meta.url);
    const ed = createEditorActions({ store, view: () => null, status: (m) => said.push(m), scope: () => null });
    ed.setParam('p', 'return_indices', false);
    assert.deepEqual(store.doc.edges.map((e) => e.id), ['e1', 'e2']);
    assert.equal(store.doc.nodes[1].params.return_indices, false);
    assert.deepEqual(said, ['Removed 1 wire(s) from pool.indices: the port no longer exists with return_indices = False. Undo brings them back.']);
    ed.undo();
    assert.deepEqual(store.doc.edges.map((e) => e.id), ['e1', 'e2', 'e3']);
    assert.equal(store.doc.nodes[1].params.return_indices, true);
    // A change that hides nothing is an ordinary edit with no message.
    said.length = 0;
    ed.setParam('p', 'kernel_size', 3);
    assert.equal(store.doc.edges.length, 3);
    assert.equal(said.length, 0);
  });
});

describe('shape chips never cover each other', () => {
  test('admitted greedily by rank, then document order', async () => {
    const { admitChips } = await tsImport('../renderer/canvas/chip-registry.ts', import.meta.url);
    const chip = (id, x, y, rank, order) => ({ id, x, y, width: 40, height: 18, rank, order });
    // a and b overlap (10 px apart), c overlaps b only, d is far away.
    const shown = admitChips([chip('b', 10, 0, 1, 0), chip('a', 0, 0, 1, 1), chip('c', 48, 0, 3, 2), chip('d', 500, 0, 2, 3)]);
    // By hand: b goes first (rank 1, earlier), a overlaps b, d is alone, c (|48 − 10|·2 = 76 < 40 + 40 + 4) overlaps b.
    assert.deepEqual([...shown].sort(), ['b', 'd']);
    // 50 px from b, c is clear (100 > 84).
    assert.deepEqual([...admitChips([chip('b', 10, 0, 1, 0), chip('c', 60, 0, 3, 2)])].sort(), ['b', 'c']);
  });
});

describe('inspector fields', () => {
  const param = (kind, name) => getSpec(kind).params.find((x) => x.name === name);
  test('parses typed text with the spec rules', () => {
    assert.deepEqual(parseParam(param('Conv2d', 'kernel_size'), '5'), { value: 5 });
    assert.deepEqual(parseParam(param('Conv2d', 'kernel_size'), '3, 5'), { value: [3, 5] });
    assert.deepEqual(parseParam(param('Conv2d', 'padding'), 'same'), { value: 'same' });
    assert.deepEqual(parseParam(param('Linear', 'in_features'), 'auto'), { value: 'auto' });
    assert.deepEqual(parseParam(param('MaxPool2d', 'stride'), ''), { value: null });
    assert.match(parseParam(param('Linear', 'out_features'), '0').error, /at least 1/);
    assert.match(parseParam(param('Linear', 'out_features'), '2.5').error, /whole number/);
    assert.match(parseParam(param('SGD', 'lr'), '0').error, /greater than 0/);
    assert.deepEqual(parseParam(param('Conv2d', 'kernel_size'), '(3, 5)'), { value: [3, 5] });
    assert.deepEqual(parseParam(param('Conv2d', 'kernel_size'), '3×5'), { value: [3, 5] });
    assert.match(parseParam(param('Conv2d', 'kernel_size'), '1, 3, 3').error, /needs 1 or 2 whole numbers \(a whole number or h, w\), got 3/);
    assert.match(parseParam(param('Conv2d', 'stride'), 'two').error, /must be a whole number or h, w, got "two"/);
    // Conv3d's int3 tuples: one number for every dimension, or depth, height, width.
    assert.deepEqual(parseParam(param('Conv3d', 'kernel_size'), '3'), { value: 3 });
    assert.deepEqual(parseParam(param('Conv3d', 'kernel_size'), '1,3,3'), { value: [1, 3, 3] });
    assert.deepEqual(parseParam(param('Conv3d', 'kernel_size'), '(1, 3, 3)'), { value: [1, 3, 3] });
    assert.deepEqual(parseParam(param('Conv3d', 'stride'), '[1 2 2]'), { value: [1, 2, 2] });
    assert.match(parseParam(param('Conv3d', 'kernel_size'), '3, 3').error, /needs 1 or 3 whole numbers \(a whole number or d, h, w\), got 2/);
    assert.match(parseParam(param('Conv3d', 'kernel_size'), '1, 0, 3').error, /at least 1/);
  });
});

describe('every catalogue kind reaches the UI', () => {
  const css = readFileSync(new URL('../renderer/app/app.css', import.meta.url), 'utf8');
  test('each kind is in the palette under a category with a colour and translated names', () => {
    const listed = groupedSpecs('').flatMap((g) => g.specs.map((x) => x.kind));
    assert.deepEqual([...listed].sort(), [...NODE_KINDS].sort(), 'palette lists every kind once');
    assert.deepEqual([...PALETTE_CATEGORIES].sort(), [...CATEGORIES].sort(), 'palette shows every category');
    for (const c of CATEGORIES) {
      for (const lang of ['en', 'zh-CN']) {
        setLanguage(lang);
        assert.notEqual(t(`category.${c}`), `category.${c}`, `${lang} names category ${c}`);
      }
      assert.ok(css.includes(`[data-category='${c}']`), `app.css gives category ${c} a colour`);
      assert.ok(css.includes(`.minimap-cat-${c.toLowerCase()}`), `app.css gives category ${c} a minimap colour`);
    }
    setLanguage('en');
  });
  test('each kind has a title, a one-line help, ports with help, and params with help and a valid default', () => {
    for (const kind of NODE_KINDS) {
      const spec = getSpec(kind);
      assert.ok(spec.title && oneLine(spec).length > 10, `${kind}: title and description`);
      for (const port of [...spec.inputs, ...spec.outputs]) {
        assert.ok(port.help, `${kind}.${port.name}: port help`);
        if (port.visibleWhen) assert.ok(spec.params.some((x) => x.name === port.visibleWhen.param), `${kind}.${port.name}: visibleWhen names a param`);
      }
      for (const p of spec.params) {
        assert.ok(p.help, `${kind}.${p.name}: help`);
        assert.equal(paramProblem(p, p.default), null, `${kind}.${p.name}: default ${JSON.stringify(p.default)} is allowed`);
        // The inspector's text field reads back what it shows.
        if (!['bool', 'enum', 'string'].includes(p.type) && p.default !== 'auto' && p.default !== null) {
          assert.deepEqual(parseParam(p, formatParam(p.default)), { value: p.default }, `${kind}.${p.name}: inspector round trip`);
        }
      }
    }
  });
});

describe('message catalogues', () => {
  test('Chinese has every English key, and placeholders are filled', () => {
    assert.deepEqual(missingKeys('zh-CN'), []);
    setLanguage('zh-CN');
    assert.equal(t('status.opened', { name: 'a.netsketch' }), '已打开 a.netsketch');
    setLanguage('en');
    assert.equal(t('status.opened', { name: 'a.netsketch' }), 'Opened a.netsketch');
    assert.equal(t('no.such.key'), 'no.such.key');
  });
});
