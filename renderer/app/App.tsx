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
import type { Platform, RecoverableDocument } from '../platform/platform.ts';
import { DocumentStore, type DocumentState } from '../state/document-store.ts';
import { serializeProject, type ProjectFile } from '../state/project-file.ts';
import { runCommand, type CommandContext } from './commands.ts';
import { restoreDocument, saveDocument, type FileActionContext } from './file-actions.ts';
import { Autosaver } from './autosave.ts';
import { RecoveryBanner } from './RecoveryBanner.tsx';
import { probeSharedMemory, type SharedMemoryStatus } from './shared-memory.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useTheme } from './theme.ts';

/** Node changes that alter the document (selection and measuring do not). */
const EDITING_CHANGES = new Set(['position', 'add', 'remove', 'replace']);

/**
 * The document store wired to the platform: title state on every change, recovery copies written while there
 * are unsaved changes (debounced) and dropped once saved or replaced.
 */
function createDocument(platform: Platform, serialize: () => Uint8Array, report: (message: string) => void): DocumentStore {
  const doc: DocumentStore = new DocumentStore((s: DocumentState, prev: DocumentState) => {
    platform.setTitleState({ fileName: s.fileName, dirty: s.dirty });
    if (prev.documentId !== s.documentId || (prev.dirty && !s.dirty)) {
      autosaver.cancel();
      platform.discardRecovery(prev.documentId).catch((err: unknown) => console.warn('Could not drop a recovery copy:', err));
    }
    if (s.dirty && s.revision !== prev.revision) autosaver.changed();
  });
  const autosaver = new Autosaver(async () => {
    const s = doc.get();
    await platform.writeRecovery({ documentId: s.documentId, name: s.fileName ?? 'Untitled', fileId: s.fileId, bytes: serialize() });
  }, (err) => report(`Autosave failed: ${(err as Error).message}`));
  return doc;
}

export function App({ platform }: { platform: Platform }) {
  const [message, setMessage] = useState('Ready');
  const graph = useRef<{ nodes: LayerNodeType[]; edges: Edge[] }>({ nodes: [], edges: [] });
  const doc = useMemo(() => createDocument(platform, () => serializeProject(graph.current.nodes, graph.current.edges), setMessage), [platform]);
  const docState = useSyncExternalStore(doc.subscribe, doc.get);
  const [recoverable, setRecoverable] = useState<RecoverableDocument[]>([]);
  const [nodes, setNodes] = useState<LayerNodeType[]>(demoNodes);
  const [edges, setEdges] = useState<Edge[]>(demoEdges);
  const [theme, setTheme] = useTheme();
  const [showMinimap, setShowMinimap] = useState(true);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [sharedMemory, setSharedMemory] = useState<SharedMemoryStatus | null>(null);
  const viewRef = useRef<CanvasView>(null);
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
    platform.listRecoverable().then(
      (list) => live && setRecoverable(list.filter((d) => d.documentId !== doc.get().documentId)),
      (err: unknown) => console.warn('Could not list recovery copies:', err),
    );
    return () => {
      live = false;
    };
  }, [platform, doc]);

  const restore = useCallback((documentId: string) => {
    setRecoverable((list) => list.filter((d) => d.documentId !== documentId));
    restoreDocument(files, documentId).catch((err: unknown) => setMessage(`Could not restore: ${(err as Error).message}`));
  }, [files]);
  const discard = useCallback((documentId: string) => {
    setRecoverable((list) => list.filter((d) => d.documentId !== documentId));
    platform.discardRecovery(documentId).catch((err: unknown) => setMessage(`Could not discard: ${(err as Error).message}`));
  }, [platform]);

  return (
    <div className="app">
      {recoverable.length > 0 && <RecoveryBanner documents={recoverable} onRestore={restore} onDiscard={discard} />}
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
