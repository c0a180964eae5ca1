/**
 * Editor operations over the EditorStore: the same whether they come from a menu, a shortcut, the toolbar or the
 * canvas. Each is one core/graph action (or a composition such as paste) and so one undo step; an ActionError
 * becomes a status message instead of an edit.
 */
import {
  addNode, connect, disconnect, group, moveNodes, removeNodes, rename, setParam, setTraining, ungroup, type Connection,
} from '../../core/graph/actions.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import type { CanvasView } from '../canvas/Canvas.tsx';
import type { Direction } from '../canvas/flow-model.ts';
import { autoLayout } from '../canvas/layout.ts';
import { t } from '../i18n/index.ts';
import { copyFragment, parseFragment, pasteFragment, type Fragment } from '../state/clipboard.ts';
import { EMPTY_SELECTION, type EditorStore } from '../state/editor-store.ts';
import { edgesOnHiddenPorts, type HiddenPortEdge } from '../state/port-visibility.ts';

const fmtParam = (v: ParamValue) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : v === null ? 'None' : Array.isArray(v) ? `(${v.join(', ')})` : String(v));

export interface EditorDeps {
  store: EditorStore;
  view(): CanvasView | null;
  status(message: string): void;
  /** The block the user entered (new and pasted nodes go inside it). */
  scope(): string | null;
}

/** Fallback when the system clipboard cannot be read (no permission, or not focused). */
let memoryClipboard: string | null = null;

function descendants(doc: GraphDocument, groupIds: readonly string[]): string[] {
  return doc.nodes.filter((n) => {
    for (let g = n.group; g; g = doc.groups.find((x) => x.id === g)?.parent) if (groupIds.includes(g)) return true;
    return false;
  }).map((n) => n.id);
}

function bbox(frag: Fragment) {
  const xs = frag.nodes.map((n) => n.position.x);
  const ys = frag.nodes.map((n) => n.position.y);
  return { cx: (Math.min(...xs) + Math.max(...xs)) / 2, cy: (Math.min(...ys) + Math.max(...ys)) / 2 };
}

export type EditorActions = ReturnType<typeof createEditorActions>;

export function createEditorActions(deps: EditorDeps) {
  const { store } = deps;
  let lastPaste = { text: '', count: 0 };

  /** Runs an edit, reporting an ActionError (or any error) in the status bar. */
  const edit = (label: string, fn: (doc: GraphDocument) => GraphDocument, select?: (doc: GraphDocument) => { nodes?: string[]; edges?: string[]; groups?: string[] }): boolean => {
    try {
      let selection;
      const applied = store.apply(label, (doc) => {
        const next = fn(doc);
        if (select) selection = { ...EMPTY_SELECTION, ...select(next) };
        return next;
      });
      if (applied && selection) store.setSelection(selection);
      return applied;
    } catch (err) {
      deps.status((err as Error).message);
      return false;
    }
  };

  const selectedNodeIds = () => {
    const { doc, selection } = store.get();
    return [...new Set([...selection.nodes, ...descendants(doc, selection.groups)])];
  };

  const writeClipboard = (frag: Fragment) => {
    const text = JSON.stringify(frag);
    memoryClipboard = text;
    lastPaste = { text, count: 0 };
    navigator.clipboard?.writeText(text).catch(() => undefined);
  };

  const readClipboard = async (): Promise<string | null> => {
    try {
      const text = await navigator.clipboard.readText();
      if (parseFragment(text)) return text;
    } catch {
      // Permission refused or no focus: use the in-app copy.
    }
    return memoryClipboard;
  };

  const api = {
    addNode(kind: string, position: { x: number; y: number }) {
      const scope = deps.scope();
      edit(t('action.add', { kind }), (doc) => addNode(doc, kind, position, scope ? { group: scope } : {}), (doc) => ({ nodes: [doc.nodes.at(-1)!.id] }));
    },
    addAtCenter(kind: string) {
      const c = deps.view()?.center() ?? { x: 0, y: 0 };
      const n = store.doc.nodes.length;
      api.addNode(kind, { x: Math.round(c.x - 100 + (n % 5) * 16), y: Math.round(c.y - 50 + (n % 5) * 16) });
    },
    connect(c: Connection) {
      const doc = store.doc;
      const s = doc.nodes.find((n) => n.id === c.source)?.name ?? c.source;
      const tg = doc.nodes.find((n) => n.id === c.target)?.name ?? c.target;
      edit(t('action.connect', { from: `${s}.${c.sourcePort}`, to: `${tg}.${c.targetPort}` }), (d) => connect(d, c));
    },
    /**
     * Sets a parameter. When the new value hides a port that has wires (return_indices off while `indices` is
     * wired), the wires go in the same undo step and the status bar says which: never a silent loss.
     */
    setParam(nodeId: string, param: string, value: ParamValue) {
      const name = store.doc.nodes.find((n) => n.id === nodeId)?.name ?? nodeId;
      let dropped: HiddenPortEdge[] = [];
      const done = edit(t('action.param', { node: name, param }), (d) => {
        const before = new Set(edgesOnHiddenPorts(d).map((h) => h.edge.id));
        const next = setParam(d, nodeId, param, value);
        dropped = edgesOnHiddenPorts(next).filter((h) => h.node.id === nodeId && !before.has(h.edge.id));
        return dropped.length > 0 ? disconnect(next, dropped.map((h) => h.edge.id)) : next;
      });
      if (done && dropped.length > 0) {
        const ports = [...new Set(dropped.map((h) => `${h.node.name}.${h.port.name}`))].join(', ');
        deps.status(t('status.hiddenPortWires', { count: dropped.length, ports, param, value: fmtParam(value) }));
      }
    },
    rename(id: string, name: string) {
      const from = store.doc.nodes.find((n) => n.id === id)?.name ?? store.doc.groups.find((g) => g.id === id)?.name ?? id;
      edit(t('action.rename', { from, to: name }), (d) => rename(d, id, name));
    },
    move(positions: Record<string, { x: number; y: number }>) {
      edit(t('action.move', { count: Object.keys(positions).length }), (d) => moveNodes(d, positions));
    },
    deleteSelection() {
      const nodes = selectedNodeIds();
      const edges = store.get().selection.edges;
      if (nodes.length === 0 && edges.length === 0) return;
      edit(t('action.remove', { count: nodes.length + edges.length }), (d) => removeNodes(disconnect(d, edges), nodes), () => ({}));
    },
    selectAll() {
      const doc = store.doc;
      const scope = deps.scope();
      const nodes = scope ? descendants(doc, [scope]) : doc.nodes.map((n) => n.id);
      store.setSelection({ nodes, edges: doc.edges.filter((e) => nodes.includes(e.source) && nodes.includes(e.target)).map((e) => e.id), groups: [] });
    },
    selectNode(id: string) {
      store.setSelection({ ...EMPTY_SELECTION, nodes: [id] });
    },
    copy(): boolean {
      const { doc, selection } = store.get();
      const frag = copyFragment(doc, selection.nodes, selection.groups);
      if (!frag) return false;
      writeClipboard(frag);
      deps.status(t('status.copied', { count: frag.nodes.length }));
      return true;
    },
    cut() {
      const n = selectedNodeIds().length;
      if (!api.copy()) return;
      api.deleteSelection();
      deps.status(t('status.cut', { count: n }));
    },
    async paste() {
      const text = await readClipboard();
      const frag = text ? parseFragment(text) : null;
      if (!text || !frag) {
        deps.status(t('status.clipboardEmpty'));
        return;
      }
      const doc = store.doc;
      let offset;
      const inPlace = frag.nodes.every((n) => doc.nodes.some((m) => m.id === n.id && m.position.x === n.position.x && m.position.y === n.position.y));
      if (inPlace) {
        lastPaste = lastPaste.text === text ? { text, count: lastPaste.count + 1 } : { text, count: 1 };
        offset = { x: 40 * lastPaste.count, y: 40 * lastPaste.count };
      } else {
        const c = deps.view()?.center() ?? { x: 0, y: 0 };
        const b = bbox(frag);
        offset = { x: Math.round(c.x - b.cx), y: Math.round(c.y - b.cy) };
      }
      const scope = deps.scope() ?? undefined;
      let result: ReturnType<typeof pasteFragment> | null = null;
      edit(t('action.paste', { count: frag.nodes.length }), (d) => {
        result = pasteFragment(d, frag, offset, scope);
        return result.doc;
      }, () => ({ nodes: result!.nodeIds }));
      deps.status(t('status.pasted', { count: frag.nodes.length }));
    },
    duplicate() {
      const { doc, selection } = store.get();
      const frag = copyFragment(doc, selection.nodes, selection.groups);
      if (!frag) return;
      let result: ReturnType<typeof pasteFragment> | null = null;
      const scope = deps.scope() ?? undefined;
      edit(t('action.duplicate', { count: frag.nodes.length }), (d) => {
        result = pasteFragment(d, frag, { x: 40, y: 40 }, scope);
        return result.doc;
      }, () => ({ nodes: result!.nodeIds }));
    },
    group() {
      const nodes = store.get().selection.nodes;
      if (nodes.length === 0) {
        deps.status(t('status.selectToGroup'));
        return;
      }
      edit(t('action.group', { count: nodes.length }), (d) => group(d, nodes), (d) => ({ groups: [d.groups.at(-1)!.id] }));
    },
    ungroup() {
      const { doc, selection } = store.get();
      const gid = selection.groups[0] ?? doc.nodes.find((n) => n.id === selection.nodes[0])?.group;
      const g = doc.groups.find((x) => x.id === gid);
      if (!g) {
        deps.status(t('status.selectGroup'));
        return;
      }
      const members = descendants(doc, [g.id]);
      edit(t('action.ungroup', { name: g.name }), (d) => ungroup(d, g.id), () => ({ nodes: members }));
    },
    async layout(dir: Direction) {
      const doc = store.doc;
      if (doc.nodes.length === 0) return;
      try {
        const positions = await autoLayout(doc, dir, deps.view()?.sizes() ?? new Map(), { viewport: deps.view()?.viewport() });
        if (store.doc !== doc) return; // edited meanwhile
        edit(t('action.layout'), (d) => moveNodes(d, positions));
        deps.status(t('status.layoutDone', { count: doc.nodes.length }));
        requestAnimationFrame(() => deps.view()?.fitView());
      } catch (err) {
        deps.status((err as Error).message);
      }
    },
    undo() {
      const label = store.undo();
      deps.status(label ? t('status.undo', { what: label }) : t('status.nothingToUndo'));
    },
    redo() {
      const label = store.redo();
      deps.status(label ? t('status.redo', { what: label }) : t('status.nothingToRedo'));
    },
    renameDocument(name: string) {
      edit(t('action.rename', { from: store.doc.name, to: name }), (d) => ({ ...d, name }));
    },
    setTraining(patch: Partial<GraphDocument['training']>) {
      edit(t('action.training'), (d) => setTraining(d, patch));
    },
  };
  return api;
}
