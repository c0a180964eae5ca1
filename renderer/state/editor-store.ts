/**
 * The editor's state outside React: the graph document, the selection, and an undo/redo history of whole
 * documents. Every edit is one core/graph action (or a composition of them, e.g. a paste) and becomes exactly one
 * history step, so undo means "the document before that edit". Selection changes are not history steps.
 * Framework-free; React reads it with `useSyncExternalStore`.
 */
import type { GraphDocument } from '../../core/graph/types.ts';

export interface Selection {
  nodes: readonly string[];
  edges: readonly string[];
  /** Selected blocks (group ids). */
  groups: readonly string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [], groups: [] };

interface Step {
  doc: GraphDocument;
  /** What the edit that left this document did ("Move 3 nodes"), for the status bar. */
  label: string;
}

export interface EditorState {
  doc: GraphDocument;
  selection: Selection;
  canUndo: boolean;
  canRedo: boolean;
  /** Label of the edit undo would revert. */
  undoLabel: string | null;
  redoLabel: string | null;
}

/** The most steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 200;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Drops ids that no longer exist in `doc`. */
export function pruneSelection(doc: GraphDocument, s: Selection): Selection {
  const nodes = s.nodes.filter((id) => doc.nodes.some((n) => n.id === id));
  const edges = s.edges.filter((id) => doc.edges.some((e) => e.id === id));
  const groups = s.groups.filter((id) => doc.groups.some((g) => g.id === id));
  return sameList(nodes, s.nodes) && sameList(edges, s.edges) && sameList(groups, s.groups) ? s : { nodes, edges, groups };
}

export class EditorStore {
  private past: Step[] = [];
  private future: Step[] = [];
  private state: EditorState;
  private readonly listeners = new Set<() => void>();

  /** `onEdit` runs after every change of the document (edit, undo, redo), not after selection changes. */
  constructor(doc: GraphDocument, private readonly onEdit: () => void = () => undefined) {
    this.state = this.make(doc, EMPTY_SELECTION);
  }

  private make(doc: GraphDocument, selection: Selection): EditorState {
    return {
      doc,
      selection: pruneSelection(doc, selection),
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
      undoLabel: this.past.at(-1)?.label ?? null,
      redoLabel: this.future.at(-1)?.label ?? null,
    };
  }

  get = (): EditorState => this.state;
  get doc(): GraphDocument {
    return this.state.doc;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(next: EditorState, edited: boolean): void {
    this.state = next;
    if (edited) this.onEdit();
    for (const l of this.listeners) l();
  }

  /**
   * Applies one edit: `edit` maps the current document to the next (core/graph actions throw ActionError when the
   * edit makes no sense; that error propagates and nothing changes). Returns false when the document did not change.
   */
  apply(label: string, edit: (doc: GraphDocument) => GraphDocument, selection?: Selection): boolean {
    const before = this.state.doc;
    const after = edit(before);
    // An edit that changes nothing (the same value entered again) is not an undo step.
    if (after === before || JSON.stringify(after) === JSON.stringify(before)) {
      if (selection) this.setSelection(selection);
      return false;
    }
    this.past.push({ doc: before, label });
    if (this.past.length > HISTORY_LIMIT) this.past.shift();
    this.future = [];
    this.emit(this.make(after, selection ?? this.state.selection), true);
    return true;
  }

  /** Reverts the last edit; returns its label, or null when there is nothing to undo. */
  undo(): string | null {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push({ doc: this.state.doc, label: step.label });
    this.emit(this.make(step.doc, this.state.selection), true);
    return step.label;
  }

  redo(): string | null {
    const step = this.future.pop();
    if (!step) return null;
    this.past.push({ doc: this.state.doc, label: step.label });
    this.emit(this.make(step.doc, this.state.selection), true);
    return step.label;
  }

  setSelection(selection: Selection): void {
    const next = pruneSelection(this.state.doc, selection);
    const cur = this.state.selection;
    if (sameList(next.nodes, cur.nodes) && sameList(next.edges, cur.edges) && sameList(next.groups, cur.groups)) return;
    this.emit({ ...this.state, selection: next }, false);
  }

  /** A different document (New, Open, template): the history starts over. */
  reset(doc: GraphDocument): void {
    this.past = [];
    this.future = [];
    this.emit(this.make(doc, EMPTY_SELECTION), false);
  }
}
