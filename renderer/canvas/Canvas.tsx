/**
 * The editing surface: React Flow over the graph document. Nodes and edges are derived from the document and its
 * analysis (flow-model.ts); the canvas only keeps what is transient — measured sizes, positions while dragging, the
 * quick-add popup, the hover card and the "why not" message of a refused wire. Every real edit goes out through
 * the callbacks and comes back as a new document.
 */
import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, useStore, useUpdateNodeInternals,
  type ColorMode, type Connection, type EdgeChange, type IsValidConnection, type NodeChange, type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type DragEvent, type MouseEvent, type Ref } from 'react';
import type { GraphDocument } from '../../core/graph/types.ts';
import type { Analysis } from '../../core/graph/validate.ts';
import { useT } from '../i18n/index.ts';
import { connectionProblem } from '../state/connection-rules.ts';
import type { Selection } from '../state/editor-store.ts';
import { BlockNode } from './BlockNode.tsx';
import { ChipContext, ChipRegistry } from './chip-registry.ts';
import { ObstaclesContext, type Rect } from './edge-route.ts';
import { DEFAULT_SIZE, groupIdOf, toFlow, type Direction, type FlowEdge, type FlowNode } from './flow-model.ts';
import { HoverCard, type HoverTarget } from './HoverCard.tsx';
import { LayerNode } from './LayerNode.tsx';
import { NodeActionsContext, type NodeActions } from './node-actions.ts';
import { QuickAdd } from './QuickAdd.tsx';
import { TensorEdge } from './TensorEdge.tsx';

/** View operations the menu and the editor trigger. */
export interface CanvasView {
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  fitView(): void;
  /** The flow coordinates at the centre of the visible canvas (where pastes and palette clicks land). */
  center(): { x: number; y: number };
  /** Measured sizes of the layer nodes by id. */
  sizes(): ReadonlyMap<string, { width: number; height: number }>;
  /** The size of the visible canvas in pixels (what auto-layout folds long chains to fit). */
  viewport(): { width: number; height: number };
}

/** The minimap's size (smaller on a small canvas); fit view keeps the graph out of its corner. */
export const MINIMAP_SIZE = { width: 168, height: 108 };
const MINIMAP_SMALL = { width: 120, height: 78 };
const minimapSize = (w: number, h: number) => (w < 760 || h < 520 ? MINIMAP_SMALL : MINIMAP_SIZE);
/** Margin of React Flow's corner panels (minimap, zoom buttons). */
const PANEL_MARGIN = 15;
/** The zoom buttons in the bottom-left corner (three 26 px buttons). */
const CONTROLS_SIZE = { width: 28, height: 84 };
/** Below this zoom, shape labels and port names are hidden (they would be unreadable clutter). */
const LABEL_MIN_ZOOM = 0.55;

// Module level, so React Flow does not re-create node components on every render.
const nodeTypes = { layer: LayerNode, block: BlockNode };
const edgeTypes = { tensor: TensorEdge };
export const KIND_MIME = 'application/x-netsketch-kind';

export interface CanvasProps {
  doc: GraphDocument;
  analysis: Analysis;
  selection: Selection;
  getSelection(): Selection;
  onSelectionChange(selection: Selection): void;
  /** Drag end: the new positions of every moved node (one undo step). */
  onMove(positions: Record<string, { x: number; y: number }>): void;
  onConnect(c: { source: string; sourcePort: string; target: string; targetPort: string }): void;
  onAddNode(kind: string, position: { x: number; y: number }): void;
  /** Opens the template chooser (offered on an empty canvas). */
  onTemplates(): void;
  dir: Direction;
  collapsed: ReadonlySet<string>;
  scope: string | null;
  actions: NodeActions;
  showMinimap: boolean;
  colorMode: ColorMode;
  viewRef: Ref<CanvasView>;
}

/** Minimap nodes take their category colour from CSS (`.minimap-node[data-…]` is not available, so a class). */
const minimapClass = (n: FlowNode) => (n.type === 'layer' ? `minimap-cat-${String(n.data.category).toLowerCase()}` : 'minimap-block');

function toggle(list: readonly string[], id: string, on: boolean): string[] {
  const has = list.includes(id);
  if (on && !has) return [...list, id];
  if (!on && has) return list.filter((x) => x !== id);
  return [...list];
}

function FlowCanvas(props: CanvasProps) {
  const t = useT();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const [sizes, setSizes] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());
  const [dragPos, setDragPos] = useState<ReadonlyMap<string, { x: number; y: number }>>(new Map());
  const dragStart = useRef<Map<string, { x: number; y: number }>>(new Map());
  const [quickAdd, setQuickAdd] = useState<{ screen: { x: number; y: number }; flow: { x: number; y: number } } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const refusalTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [hover, setHover] = useState<HoverTarget | null>(null);
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { doc, analysis, selection, dir, collapsed, scope } = props;
  const sizesRef = useRef(sizes);
  sizesRef.current = sizes;
  const far = useStore((s) => s.transform[2] < LABEL_MIN_ZOOM);
  const mmSize = useStore((s) => minimapSize(s.width, s.height));

  const model = useMemo(
    () => toFlow(doc, analysis, selection, { dir, collapsed, scope, sizes }, dragPos),
    [doc, analysis, selection, dir, collapsed, scope, sizes, dragPos],
  );
  // One registry per canvas: the shape chips of all wires, so none covers another.
  const chipRegistry = useMemo(() => new ChipRegistry(), []);
  // What wires route around: every drawn layer and collapsed block (block frames are containers, not obstacles).
  const obstacles = useMemo((): Rect[] => model.nodes
    .filter((n) => n.type === 'layer' || n.data.collapsed)
    .map((n) => {
      const s = n.measured?.width && n.measured.height ? n.measured : DEFAULT_SIZE;
      return { id: n.id, x: n.position.x, y: n.position.y, width: s.width ?? DEFAULT_SIZE.width, height: s.height ?? DEFAULT_SIZE.height };
    }), [model.nodes]);
  const showMinimapRef = useRef(props.showMinimap);
  showMinimapRef.current = props.showMinimap;

  /**
   * Fit view that keeps the graph clear of the minimap and the zoom buttons: either the bottom strip is kept free
   * or the side strips are, whichever shows the graph larger.
   */
  const fit = useCallback((duration: number) => {
    const el = wrapper.current;
    const nodes = flow.getNodes();
    if (!el || nodes.length === 0) return;
    const b = flow.getNodesBounds(nodes);
    const W = el.clientWidth;
    const H = el.clientHeight;
    const pad = 32;
    const mm = showMinimapRef.current ? minimapSize(W, H) : { width: 0, height: 0 };
    const corner = PANEL_MARGIN + 8;
    const areas = [
      { x0: pad + 16, y0: pad, x1: W - pad, y1: H - corner - Math.max(mm.height, CONTROLS_SIZE.height) },
      { x0: corner + CONTROLS_SIZE.width, y0: pad, x1: W - (mm.width ? corner + mm.width : pad), y1: H - pad },
    ];
    let best = { zoom: -1, x: 0, y: 0 };
    for (const a of areas) {
      const w = Math.max(1, a.x1 - a.x0);
      const h = Math.max(1, a.y1 - a.y0);
      const zoom = Math.max(0.1, Math.min(w / Math.max(1, b.width), h / Math.max(1, b.height), 1.25));
      if (zoom > best.zoom) best = { zoom, x: a.x0 + (w - b.width * zoom) / 2 - b.x * zoom, y: a.y0 + (h - b.height * zoom) / 2 - b.y * zoom };
    }
    void flow.setViewport(best, { duration });
  }, [flow]);

  // Handles move between the sides and the top/bottom when the direction changes: React Flow must measure them again.
  const updateNodeInternals = useUpdateNodeInternals();
  const nodeIds = useMemo(() => model.nodes.map((n) => n.id), [model.nodes]);
  const nodeIdsRef = useRef(nodeIds);
  nodeIdsRef.current = nodeIds;
  useEffect(() => {
    updateNodeInternals(nodeIdsRef.current);
  }, [dir, updateNodeInternals]);

  useImperativeHandle(props.viewRef, () => ({
    zoomIn: () => void flow.zoomIn({ duration: 150 }),
    zoomOut: () => void flow.zoomOut({ duration: 150 }),
    zoomReset: () => void flow.zoomTo(1, { duration: 150 }),
    fitView: () => fit(150),
    center: () => {
      const r = wrapper.current?.getBoundingClientRect();
      return r ? flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
    },
    sizes: () => sizesRef.current,
    viewport: () => ({ width: wrapper.current?.clientWidth ?? 1000, height: wrapper.current?.clientHeight ?? 700 }),
  }), [flow, fit]);

  /** Graph nodes inside a block (any depth). */
  const membersOf = useCallback((groupId: string) => {
    const inside = (g: string | undefined): boolean => {
      for (let cur = g; cur; cur = doc.groups.find((x) => x.id === cur)?.parent) if (cur === groupId) return true;
      return false;
    };
    return doc.nodes.filter((n) => inside(n.group));
  }, [doc]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    let sel = props.getSelection();
    let selChanged = false;
    const newSizes = new Map(sizesRef.current);
    let sizesChanged = false;
    const moves = new Map<string, { x: number; y: number }>();
    for (const c of changes) {
      if (c.type === 'select') {
        const g = groupIdOf(c.id);
        sel = g ? { ...sel, groups: toggle(sel.groups, g, c.selected) } : { ...sel, nodes: toggle(sel.nodes, c.id, c.selected) };
        selChanged = true;
      } else if (c.type === 'dimensions' && c.dimensions) {
        const old = newSizes.get(c.id);
        if (!old || old.width !== c.dimensions.width || old.height !== c.dimensions.height) {
          newSizes.set(c.id, { ...c.dimensions });
          sizesChanged = true;
        }
      } else if (c.type === 'position' && c.position) {
        const g = groupIdOf(c.id);
        const start = dragStart.current.get(c.id);
        if (g && start) {
          const dx = c.position.x - start.x;
          const dy = c.position.y - start.y;
          for (const m of membersOf(g)) {
            const s = dragStart.current.get(m.id) ?? m.position;
            moves.set(m.id, { x: s.x + dx, y: s.y + dy });
          }
        } else if (!g) {
          moves.set(c.id, { ...c.position });
        }
      }
    }
    if (selChanged) props.onSelectionChange(sel);
    if (sizesChanged) setSizes(newSizes);
    if (moves.size > 0) setDragPos((prev) => new Map([...prev, ...moves]));
  }, [props, membersOf]);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    let sel = props.getSelection();
    let changed = false;
    for (const c of changes) {
      if (c.type === 'select') {
        sel = { ...sel, edges: toggle(sel.edges, c.id, c.selected) };
        changed = true;
      }
    }
    if (changed) props.onSelectionChange(sel);
  }, [props]);

  const onNodeDragStart: OnNodeDrag<FlowNode> = useCallback((_e, _node, nodes) => {
    setHover(null);
    const start = new Map<string, { x: number; y: number }>();
    for (const n of nodes) {
      start.set(n.id, { ...n.position });
      const g = groupIdOf(n.id);
      if (g) for (const m of membersOf(g)) start.set(m.id, { ...m.position });
    }
    dragStart.current = start;
  }, [membersOf]);

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(() => {
    setDragPos((prev) => {
      const moved: Record<string, { x: number; y: number }> = {};
      for (const [id, p] of prev) {
        const n = doc.nodes.find((x) => x.id === id);
        if (n && (n.position.x !== p.x || n.position.y !== p.y)) moved[id] = { x: Math.round(p.x), y: Math.round(p.y) };
      }
      if (Object.keys(moved).length > 0) queueMicrotask(() => props.onMove(moved));
      return prev;
    });
    dragStart.current = new Map();
  }, [doc, props]);

  // The committed document replaces the drag overrides.
  const lastDoc = useRef(doc);
  if (lastDoc.current !== doc) {
    lastDoc.current = doc;
    if (dragPos.size > 0 && dragStart.current.size === 0) setDragPos(new Map());
  }

  const say = useCallback((message: string | null) => {
    if (refusalTimer.current) clearTimeout(refusalTimer.current);
    setRefusal(message);
    if (message) refusalTimer.current = setTimeout(() => setRefusal(null), 6000);
  }, []);

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback((c) => {
    if (groupIdOf(c.source) || groupIdOf(c.target) || !c.sourceHandle || !c.targetHandle) return false;
    const problem = connectionProblem(doc, { source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle });
    if (problem) say(problem);
    return problem === null;
  }, [doc, say]);

  const onConnect = useCallback((c: Connection) => {
    if (!c.sourceHandle || !c.targetHandle) return;
    say(null);
    props.onConnect({ source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle });
  }, [props, say]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(KIND_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback((e: DragEvent) => {
    const kind = e.dataTransfer.getData(KIND_MIME);
    if (!kind) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    props.onAddNode(kind, { x: Math.round(p.x - 90), y: Math.round(p.y - 30) });
  }, [flow, props]);

  const onDoubleClick = useCallback((e: MouseEvent) => {
    if (!(e.target as HTMLElement).classList.contains('react-flow__pane')) return;
    setQuickAdd({ screen: { x: e.clientX, y: e.clientY }, flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
  }, [flow]);

  // React Flow's pane keeps the browser from moving focus; leave an inspector field so it commits and so
  // shortcuts (Ctrl+Z, Ctrl+C …) act on the canvas again.
  const blurOutside = useCallback(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && !wrapper.current?.contains(active)) active.blur();
  }, []);

  const startHover = useCallback((target: HoverTarget) => {
    if (hoverTimer.current) clearTimeout(hoverTimer.current);
    hoverTimer.current = setTimeout(() => setHover(target), 450);
  }, []);
  const endHover = useCallback(() => {
    if (hoverTimer.current) clearTimeout(hoverTimer.current);
    setHover(null);
  }, []);

  return (
    <div className={`canvas${far ? ' is-far' : ''}`} data-testid="canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} onDoubleClick={onDoubleClick}
      onPointerDownCapture={blurOutside}>
      <NodeActionsContext.Provider value={props.actions}>
        <ObstaclesContext.Provider value={obstacles}>
        <ChipContext.Provider value={chipRegistry}>
        <ReactFlow<FlowNode, FlowEdge>
          nodes={model.nodes}
          edges={model.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStart={onNodeDragStart}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          onNodeMouseEnter={(e, n) => startHover({ type: groupIdOf(n.id) ? 'block' : 'node', id: groupIdOf(n.id) ?? n.id, x: e.clientX, y: e.clientY })}
          onNodeMouseLeave={endHover}
          onEdgeMouseEnter={(e, edge) => startHover({ type: 'edge', id: edge.id, x: e.clientX, y: e.clientY })}
          onEdgeMouseLeave={endHover}
          onPaneClick={() => setQuickAdd(null)}
          colorMode={props.colorMode}
          minZoom={0.1}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          zoomOnDoubleClick={false}
          snapToGrid
          snapGrid={[8, 8]}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} size={1} />
          <Controls showInteractive={false} />
          {props.showMinimap && doc.nodes.length > 0 && (
            <MiniMap pannable zoomable position="bottom-right" style={mmSize} nodeStrokeWidth={0} nodeBorderRadius={3}
              nodeClassName={minimapClass} ariaLabel={t('canvas.minimap')} />
          )}
        </ReactFlow>
        </ChipContext.Provider>
        </ObstaclesContext.Provider>
      </NodeActionsContext.Provider>
      {refusal && <div className="canvas-toast" role="alert" data-testid="connect-message">{refusal}</div>}
      {doc.nodes.length === 0 && (
        <div className="canvas-empty">
          <div className="canvas-empty__box">
            <p>{t('palette.hint')}</p>
            <button type="button" className="button button--primary" onClick={props.onTemplates} data-testid="empty-templates">{t('cmd.new-from-template')}</button>
          </div>
        </div>
      )}
      {quickAdd && (
        <QuickAdd at={quickAdd.screen} onClose={() => setQuickAdd(null)}
          onPick={(kind) => { setQuickAdd(null); props.onAddNode(kind, { x: Math.round(quickAdd.flow.x - 90), y: Math.round(quickAdd.flow.y - 30) }); }} />
      )}
      {hover && dragStart.current.size === 0 && <HoverCard target={hover} doc={doc} analysis={analysis} />}
    </div>
  );
}

export function Canvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <FlowCanvas {...props} />
    </ReactFlowProvider>
  );
}
