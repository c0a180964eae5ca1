/**
 * The application: palette | canvas | sidebar (Inspector, Code, Insight) over the training dock, with the menu
 * bar (browser) or native menu (Electron), toolbar and status bar. Owns the editor store (document, selection,
 * undo history), the file's save state, autosave, and the wiring of every menu command.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { emptyGraph } from '../../core/graph/actions.ts';
import type { GraphDocument } from '../../core/graph/types.ts';
import { validate } from '../../core/graph/validate.ts';
import { sanitizeName } from '../../core/graph/names.ts';
import type { Project } from '../../core/project/index.ts';
import { Canvas, type CanvasView } from '../canvas/Canvas.tsx';
import { graphToSvg, svgToPng } from '../canvas/export-image.ts';
import { DEFAULT_SIZE, type Direction } from '../canvas/flow-model.ts';
import { autoLayout } from '../canvas/layout.ts';
import type { NodeActions } from '../canvas/node-actions.ts';
import { getEngine } from '../engine/commands.ts';
import { clearLive, liveStore } from '../engine/live.ts';
import { t, useT } from '../i18n/index.ts';
import { CodePanel } from '../panels/CodePanel.tsx';
import { Inspector } from '../panels/Inspector.tsx';
import { Palette } from '../panels/Palette.tsx';
import { TemplatesDialog } from '../panels/TemplatesDialog.tsx';
import { InsightPanel, TrainingPanel } from '../panels/training/index.tsx';
import type { MenuCommand, Platform, RecoverableDocument } from '../platform/platform.ts';
import { DocumentStore, type DocumentState } from '../state/document-store.ts';
import { EditorStore } from '../state/editor-store.ts';
import { serializeProject, type OpenedDocument } from '../state/project-file.ts';
import type { Template } from '../state/templates.ts';
import { Autosaver } from './autosave.ts';
import { runCommand, type CommandContext } from './commands.ts';
import { Dock } from './Dock.tsx';
import { createEditorActions } from './editor-actions.ts';
import { restoreDocument, saveDocument, type FileActionContext } from './file-actions.ts';
import { MenuBar } from './MenuBar.tsx';
import { RecoveryBanner } from './RecoveryBanner.tsx';
import { probeSharedMemory, type SharedMemoryStatus } from './shared-memory.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { Sidebar, type SidebarTab } from './Sidebar.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useTheme } from './theme.ts';
import { Toolbar } from './Toolbar.tsx';

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
  }, (err) => report(t('status.autosaveFailed', { message: (err as Error).message })));
  return doc;
}

/** Top-to-bottom when the graph is taller than wide (how the examples are drawn), else left-to-right. */
function guessDirection(doc: GraphDocument): Direction {
  if (doc.nodes.length < 2) return 'LR';
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  return Math.max(...ys) - Math.min(...ys) > Math.max(...xs) - Math.min(...xs) ? 'TB' : 'LR';
}

/** Whether nodes of the default size would overlap at their stored positions. */
function overlaps(doc: GraphDocument): boolean {
  for (let i = 0; i < doc.nodes.length; i++) {
    for (let j = i + 1; j < doc.nodes.length; j++) {
      const a = doc.nodes[i].position;
      const b = doc.nodes[j].position;
      if (Math.abs(a.x - b.x) < DEFAULT_SIZE.width && Math.abs(a.y - b.y) < DEFAULT_SIZE.height) return true;
    }
  }
  return false;
}

const isEditable = (el: EventTarget | null) => el instanceof HTMLElement
  && (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement
    || (el instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range'].includes(el.type)));

function baseName(doc: GraphDocument, fileName: string | null): string {
  return fileName ? fileName.replace(/\.[^.]+$/, '') : sanitizeName(doc.name || 'model');
}

export function App({ platform }: { platform: Platform }) {
  useT();
  const [message, setMessage] = useState(() => t('app.ready'));
  const projectBase = useRef<Project | null>(null);
  const { doc, editor } = useMemo(() => {
    const holder: { editor: EditorStore | null } = { editor: null };
    const d = createDocument(platform, () => serializeProject(holder.editor!.doc, projectBase.current), setMessage);
    holder.editor = new EditorStore(emptyGraph(), () => d.markDirty());
    return { doc: d, editor: holder.editor };
  }, [platform]);
  const docState = useSyncExternalStore(doc.subscribe, doc.get);
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const analysis = useMemo(() => validate(state.doc), [state.doc]);
  const [recoverable, setRecoverable] = useState<RecoverableDocument[]>([]);
  const [theme, setTheme] = useTheme();
  const [showMinimap, setShowMinimap] = useState(true);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [sharedMemory, setSharedMemory] = useState<SharedMemoryStatus | null>(null);
  const [dir, setDir] = useState<Direction>('LR');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [scope, setScope] = useState<string | null>(null);
  const [tab, setTab] = useState<SidebarTab>('inspector');
  const [insightNode, setInsightNode] = useState<string | null>(null);
  const viewRef = useRef<CanvasView>(null);
  const scopeRef = useRef(scope);
  scopeRef.current = scope;
  const themeRef = useRef(theme);
  themeRef.current = theme;
  const dirRef = useRef(dir);
  dirRef.current = dir;

  const actions = useMemo(() => createEditorActions({
    store: editor,
    view: () => viewRef.current,
    status: setMessage,
    scope: () => scopeRef.current,
  }), [editor]);

  /**
   * Shows a document. `arrange` lays it out top to bottom first (templates, and files whose stored positions would
   * overlap): once with estimated node sizes, then again with the sizes the canvas measured, then fits the view.
   */
  const show = useCallback(async (graph: GraphDocument, arrange: boolean) => {
    // Another document: a run of the previous graph stops, and its live numbers leave the canvas and the panel
    // (the panel then loads the new graph).
    const live = liveStore.get().snapshot?.state;
    if (live === 'running' || live === 'paused') await getEngine().stop().catch(() => undefined);
    clearLive();
    const arranged = async (d: GraphDocument, sizes: ReadonlyMap<string, { width: number; height: number }>) => {
      try {
        const positions = await autoLayout(d, 'TB', sizes, { viewport: viewRef.current?.viewport() });
        return { ...d, nodes: d.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) };
      } catch (err) {
        console.warn('Auto-layout failed:', err);
        return d;
      }
    };
    const frames = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    const next = arrange ? await arranged(graph, new Map()) : graph;
    setDir(arrange ? 'TB' : guessDirection(graph));
    setCollapsed(new Set());
    setScope(null);
    setInsightNode(null);
    editor.reset(next);
    await frames();
    if (arrange && editor.doc === next) {
      const measured = await arranged(next, viewRef.current?.sizes() ?? new Map());
      if (editor.doc !== next) return;
      editor.reset(measured);
      await frames();
    }
    viewRef.current?.fitView();
  }, [editor]);

  const files: FileActionContext = useMemo(() => ({
    platform,
    doc,
    serialize: () => serializeProject(editor.doc, projectBase.current),
    load: (opened: OpenedDocument | null) => {
      projectBase.current = opened?.project ?? null;
      void show(opened?.doc ?? emptyGraph(), opened !== null && opened.project === null && overlaps(opened.doc));
    },
    confirmDiscard: () => window.confirm(t('confirm.discard')),
    status: setMessage,
  }), [platform, doc, editor, show]);

  const pickTemplate = useCallback((tp: Template | null) => {
    setTemplatesOpen(false);
    if (doc.get().dirty && !window.confirm(t('confirm.discard'))) return;
    projectBase.current = null;
    void show(tp ? structuredClone(tp.doc) : emptyGraph(), true);
    doc.replace(null);
    setMessage(tp ? t('status.template', { name: tp.doc.name }) : t('status.new'));
  }, [doc, show]);

  const exportBytes = useCallback(async (kind: Parameters<Platform['exportFile']>[0], bytes: Uint8Array, name: string) => {
    const ref = await platform.exportFile(kind, bytes, name);
    if (ref) setMessage(t('status.exported', { name: ref.name }));
  }, [platform]);

  const commands: CommandContext = useMemo(() => ({
    platform,
    files,
    get view() { return viewRef.current; },
    editor: actions,
    exportCode: async () => {
      const code = generate_pytorch(editor.doc);
      await exportBytes('pytorch-code', new TextEncoder().encode(code), `${baseName(editor.doc, doc.get().fileName)}.py`);
    },
    exportImage: async (format) => {
      const d = editor.doc;
      const svg = graphToSvg(d, validate(d), { dir: dirRef.current, theme: themeRef.current, sizes: viewRef.current?.sizes() ?? new Map() });
      const name = `${baseName(d, doc.get().fileName)}.${format}`;
      try {
        if (format === 'svg') await exportBytes('image-svg', new TextEncoder().encode(svg), name);
        else await exportBytes('image-png', await svgToPng(svg), name);
      } catch (err) {
        setMessage(t('export.image.failed', { message: (err as Error).message }));
      }
    },
    exportWeights: async (format) => {
      const bytes = await getEngine().exportWeights(editor.doc, format);
      await exportBytes(format === 'pt' ? 'weights-pt' : 'weights-safetensors', bytes, `${baseName(editor.doc, doc.get().fileName)}.${format}`);
    },
    importWeights: async () => {
      const file = await platform.importFile('weights');
      if (!file) return;
      const report = await getEngine().importWeights(editor.doc, file.bytes, file.name);
      setMessage(report.problems.length > 0
        ? t('status.weightsProblems', { count: report.problems.length, name: file.name, first: report.problems[0].message })
        : t('status.weightsImported', { count: report.loaded.length, name: file.name }));
    },
    train: async (action) => {
      const engine = getEngine();
      if (action === 'start') await engine.start(editor.doc);
      else if (action === 'step') await engine.step(editor.doc);
      else if (action === 'pause') await engine.pause();
      else await engine.stop();
    },
    toggleMinimap: () => setShowMinimap((v) => !v),
    openTemplates: () => setTemplatesOpen(true),
    layout: async (d) => {
      setDir(d);
      await actions.layout(d);
    },
    setTheme,
    showShortcuts: () => setShortcutsOpen(true),
    status: setMessage,
  }), [platform, files, actions, editor, doc, exportBytes, setTheme]);

  const run = useCallback((command: MenuCommand) => {
    runCommand(command, commands).catch((err: unknown) => setMessage((err as Error).message));
  }, [commands]);

  useEffect(() => {
    platform.setTitleState({ fileName: doc.get().fileName, dirty: doc.get().dirty });
    const offMenu = platform.onMenuCommand(run);
    const offClose = platform.onCloseRequested(async () => {
      try {
        return await saveDocument(files);
      } catch (err) {
        setMessage(t('status.couldNotSave', { message: (err as Error).message }));
        return false;
      }
    });
    return () => {
      offMenu();
      offClose();
    };
  }, [platform, run, files, doc]);

  // Canvas keys that are not menu accelerators: Delete/Backspace delete the selection, Escape clears it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isEditable(e.target) || document.querySelector('.overlay')) return;
      if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        actions.deleteSelection();
      } else if (e.key === 'Escape') {
        editor.setSelection({ nodes: [], edges: [], groups: [] });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, editor]);

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

  // Leaving a block that no longer exists (undo of a group, ungroup).
  useEffect(() => {
    if (scope && !state.doc.groups.some((g) => g.id === scope)) setScope(null);
  }, [scope, state.doc]);

  const restore = useCallback((documentId: string) => {
    setRecoverable((list) => list.filter((d) => d.documentId !== documentId));
    restoreDocument(files, documentId).catch((err: unknown) => setMessage(t('status.couldNotRestore', { message: (err as Error).message })));
  }, [files]);
  const discard = useCallback((documentId: string) => {
    setRecoverable((list) => list.filter((d) => d.documentId !== documentId));
    platform.discardRecovery(documentId).catch((err: unknown) => setMessage(t('status.couldNotDiscard', { message: (err as Error).message })));
  }, [platform]);

  const nodeActions: NodeActions = useMemo(() => ({
    toggleCollapsed: (g) => setCollapsed((s) => {
      const next = new Set(s);
      if (next.has(g)) next.delete(g);
      else next.add(g);
      return next;
    }),
    enterBlock: (g) => {
      setCollapsed((s) => {
        const next = new Set(s);
        next.delete(g);
        return next;
      });
      setScope(g);
      requestAnimationFrame(() => requestAnimationFrame(() => viewRef.current?.fitView()));
    },
    openInsight: (id) => {
      setInsightNode(id);
      setTab('insight');
    },
  }), []);

  const insightOpen = insightNode !== null && state.doc.nodes.some((n) => n.id === insightNode);
  return (
    <div className="app">
      {platform.kind === 'browser' && <MenuBar onCommand={run} getRecentFiles={() => platform.getRecentFiles()} />}
      <Toolbar doc={state.doc} canUndo={state.canUndo} canRedo={state.canRedo} scope={scope} theme={theme}
        onCommand={run} onScope={(g) => { setScope(g); requestAnimationFrame(() => viewRef.current?.fitView()); }} onTheme={setTheme} />
      {recoverable.length > 0 && <RecoveryBanner documents={recoverable} onRestore={restore} onDiscard={discard} />}
      <div className="workspace">
        <Palette onAdd={actions.addAtCenter} />
        <div className="center">
          <Canvas
            doc={state.doc}
            analysis={analysis}
            selection={state.selection}
            getSelection={() => editor.get().selection}
            onSelectionChange={(s) => editor.setSelection(s)}
            onMove={actions.move}
            onConnect={actions.connect}
            onAddNode={actions.addNode}
            onTemplates={() => setTemplatesOpen(true)}
            dir={dir}
            collapsed={collapsed}
            scope={scope}
            actions={nodeActions}
            showMinimap={showMinimap}
            colorMode={theme}
            viewRef={viewRef}
          />
          <Dock>
            <TrainingPanel doc={state.doc} onTrainingChange={actions.setTraining} onSelectNode={actions.selectNode} />
          </Dock>
        </div>
        <Sidebar tab={insightOpen || tab !== 'insight' ? tab : 'inspector'} onTab={setTab} hasInsight={insightOpen}
          onCloseInsight={() => { setInsightNode(null); setTab('inspector'); }}>
          {(tab === 'inspector' || (tab === 'insight' && !insightOpen)) && (
            <Inspector doc={state.doc} analysis={analysis} selection={state.selection} onParam={actions.setParam}
              onRename={actions.rename} onSelectNode={actions.selectNode} onOpenInsight={nodeActions.openInsight} />
          )}
          {tab === 'code' && (
            <CodePanel doc={state.doc} analysis={analysis}
              onDownload={(code) => void exportBytes('pytorch-code', new TextEncoder().encode(code), `${baseName(state.doc, docState.fileName)}.py`)} />
          )}
          {tab === 'insight' && insightOpen && (
            <InsightPanel doc={state.doc} nodeId={insightNode} onClose={() => { setInsightNode(null); setTab('inspector'); }} />
          )}
        </Sidebar>
      </div>
      <StatusBar platform={platform.kind} document={docState} message={message} sharedMemory={sharedMemory} analysis={analysis} nodeCount={state.doc.nodes.length} />
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {templatesOpen && <TemplatesDialog onPick={pickTemplate} onClose={() => setTemplatesOpen(false)} />}
    </div>
  );
}
