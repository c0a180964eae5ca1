/**
 * The application shell: canvas, status bar, menu commands, document title and the save-before-close answer.
 * Editor features (palette, inspector, training panels) mount around the canvas.
 */
import { addEdge, applyEdgeChanges, applyNodeChanges, type Edge, type EdgeChange, type NodeChange, type OnConnect } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Canvas, type CanvasView } from '../canvas/Canvas.tsx';
import { deleteSelected, duplicateSelected, selectAll } from '../canvas/canvas-actions.ts';
import { demoEdges, demoNodes } from '../canvas/demo-graph.ts';
import type { LayerNodeType } from '../canvas/LayerNode.tsx';
import type { Platform } from '../platform/platform.ts';
import { DocumentStore } from '../state/document-store.ts';
import { serializeProject, type ProjectFile } from '../state/project-file.ts';
import { runCommand, type CommandContext } from './commands.ts';
import { saveDocument, type FileActionContext } from './file-actions.ts';
import { probeSharedMemory, type SharedMemoryStatus } from './shared-memory.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useTheme } from './theme.ts';

/** Node changes that alter the document (selection and measuring do not). */
const EDITING_CHANGES = new Set(['position', 'add', 'remove', 'replace']);

export function App({ platform }: { platform: Platform }) {
  const doc = useMemo(() => new DocumentStore((s) => platform.setTitleState({ fileName: s.fileName, dirty: s.dirty })), [platform]);
  const docState = useSyncExternalStore(doc.subscribe, doc.get);
  const [nodes, setNodes] = useState<LayerNodeType[]>(demoNodes);
  const [edges, setEdges] = useState<Edge[]>(demoEdges);
  const [theme, setTheme] = useTheme();
  const [showMinimap, setShowMinimap] = useState(true);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [message, setMessage] = useState('Ready');
  const [sharedMemory, setSharedMemory] = useState<SharedMemoryStatus | null>(null);
  const viewRef = useRef<CanvasView>(null);
  const graph = useRef({ nodes, edges });
  graph.current = { nodes, edges };

  const onNodesChange = useCallback((changes: NodeChange<LayerNodeType>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    if (changes.some((c) => EDITING_CHANGES.has(c.type) && !(c.type === 'position' && c.dragging))) doc.markDirty();
  }, [doc]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((es) => applyEdgeChanges(changes, es));
    if (changes.some((c) => EDITING_CHANGES.has(c.type))) doc.markDirty();
  }, [doc]);
  const onConnect: OnConnect = useCallback((connection) => {
    setEdges((es) => addEdge(connection, es));
    doc.markDirty();
  }, [doc]);

  const files: FileActionContext = useMemo(() => ({
    platform,
    doc,
    serialize: () => serializeProject(graph.current.nodes, graph.current.edges),
    load: (project: ProjectFile | null) => {
      setNodes(project ? (project.nodes as LayerNodeType[]) : demoNodes());
      setEdges(project ? (project.edges as Edge[]) : demoEdges());
      requestAnimationFrame(() => viewRef.current?.fitView());
    },
    confirmDiscard: () => window.confirm('Discard the unsaved changes to this document?'),
    status: setMessage,
  }), [platform, doc]);

  const commands: CommandContext = useMemo(() => ({
    platform,
    files,
    get view() { return viewRef.current; },
    selectAll: () => setNodes((ns) => selectAll(ns)),
    deleteSelection: () => {
      const next = deleteSelected(graph.current.nodes, graph.current.edges);
      setNodes(next.nodes);
      setEdges(next.edges);
      doc.markDirty();
    },
    duplicateSelection: () => {
      const next = duplicateSelected(graph.current.nodes, graph.current.edges, (id) => `${id}-${crypto.randomUUID().slice(0, 8)}`);
      setNodes(next.nodes);
      setEdges(next.edges);
      doc.markDirty();
    },
    toggleMinimap: () => setShowMinimap((v) => !v),
    setTheme,
    showShortcuts: () => setShortcutsOpen(true),
    status: setMessage,
  }), [platform, files, doc, setTheme]);

  useEffect(() => {
    platform.setTitleState({ fileName: doc.get().fileName, dirty: doc.get().dirty });
    const offMenu = platform.onMenuCommand((command) => {
      runCommand(command, commands).catch((err: unknown) => setMessage(`${(err as Error).message}`));
    });
    const offClose = platform.onCloseRequested(async () => {
      try {
        return await saveDocument(files);
      } catch (err) {
        setMessage(`Could not save: ${(err as Error).message}`);
        return false;
      }
    });
    return () => {
      offMenu();
      offClose();
    };
  }, [platform, commands, files, doc]);

  useEffect(() => {
    let live = true;
    void probeSharedMemory().then((s) => live && setSharedMemory(s));
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="app">
      <Canvas
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        showMinimap={showMinimap}
        colorMode={theme}
        viewRef={viewRef}
      />
      <StatusBar platform={platform.kind} document={docState} message={message} sharedMemory={sharedMemory} />
      {shortcutsOpen && <ShortcutsDialog isMac={/Mac/.test(navigator.platform)} onClose={() => setShortcutsOpen(false)} />}
    </div>
  );
}
