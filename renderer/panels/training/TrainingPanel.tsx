/**
 * The training panel (bottom dock): dataset and settings, Start / Pause / Resume / Step / Stop, progress, live
 * charts of the runs, results after training, and the step-by-step mode. Talks to the engine only through
 * renderer/engine (client, store, live).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphDocument } from '../../../core/graph/types.ts';
import { validate } from '../../../core/graph/validate.ts';
import { engineClient, graphKey } from '../../engine/client.ts';
import { getEngine } from '../../engine/commands.ts';
import { useLive } from '../../engine/live.ts';
import { useEngineState } from '../../engine/store.ts';
import { useT } from '../../i18n/index.ts';
import { DatasetCard, pickWithInput, type PickFile } from './DatasetCard.tsx';
import { NumberField } from './fields.tsx';
import { GradientLegend } from './GradientLegend.tsx';
import { ImportReport } from './ImportReport.tsx';
import { ResultsView } from './ResultsView.tsx';
import { RunChart } from './RunCharts.tsx';
import { Sparkline } from '../../canvas/Sparkline.tsx';
import { StepThrough } from './StepThrough.tsx';
import './training.css';

export interface TrainingPanelProps {
  doc: GraphDocument;
  /** Apply a change of training settings to the document (one undo step). */
  onTrainingChange(patch: Partial<GraphDocument['training']>): void;
  /** Select a node on the canvas (e.g. the node a non-finite loss points at). */
  onSelectNode(nodeId: string): void;
  /** Picks a dataset file (the Platform's importFile); default: a file input. */
  pickFile?: PickFile;
}

type Tab = 'train' | 'results' | 'step';
const IDLE = new Set(['empty', 'ready', 'finished', 'stopped', 'failed']);

function duration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  const m = Math.floor(s / 60);
  const r = Math.round(s % 60);
  return m > 0 ? `${m}:${String(r).padStart(2, '0')}` : `${r}s`;
}

function EngineBanner() {
  const t = useT();
  const engine = useEngineState();
  const [busy, setBusy] = useState(false);
  if (engine.status !== 'dead') return null;
  const restart = (resume: boolean) => {
    setBusy(true);
    engineClient.restart(resume).catch(() => undefined).finally(() => setBusy(false));
  };
  return (
    <div className="banner banner--error" role="alert" data-testid="engine-crashed">
      <span className="banner__text">{engine.crash}</span>
      <button type="button" onClick={() => restart(false)} disabled={busy} data-testid="engine-restart">{t('train.engine.restart')}</button>
      {engine.checkpoint && (
        <button type="button" className="primary" onClick={() => restart(true)} disabled={busy} data-testid="engine-resume">
          {t('train.engine.resume', { epoch: engine.checkpoint.epoch })}
        </button>
      )}
    </div>
  );
}

/**
 * The run's learning rates for the little curve: null unless a schedule moved them, else at most 120 evenly spaced
 * values (a long run has one per step; no spread into Math.min, which fails on very long arrays).
 */
function lrCurve(values: readonly number[] | undefined): number[] | null {
  if (!values || values.length < 2) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return null;
  const step = Math.ceil(values.length / 120);
  const out: number[] = [];
  for (let i = 0; i < values.length; i += step) out.push(values[i]);
  if ((values.length - 1) % step !== 0) out.push(values[values.length - 1]);
  return out;
}

/** A learning rate as people write it: 0.001, 0.0125, 3.2e-6. */
function formatLr(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  return lr !== 0 && Math.abs(lr) < 1e-4 ? lr.toExponential(1) : String(Number(lr.toPrecision(3)));
}

function RunsCard() {
  const t = useT();
  const engine = useEngineState();
  return (
    <section className="card runs" data-testid="runs">
      <header className="card__head">
        <h3>{t('train.runs.title')}</h3>
        {engine.runs.length > 1 && <button type="button" className="link" onClick={() => engineClient.clearRuns()}>{t('train.runs.clear')}</button>}
      </header>
      {engine.runs.length === 0 && <p className="muted small">{t('train.runs.none')}</p>}
      <ul>
        {engine.runs.map((r) => {
          const best = r.epochs.reduce<number | null>((b, e) => (e.valAccuracy ?? e.trainAccuracy) !== null ? Math.max(b ?? 0, (e.valAccuracy ?? e.trainAccuracy)!) : b, null);
          return (
            <li key={r.id}>
              <label className="check">
                <input type="checkbox" checked={r.visible} onChange={() => engineClient.toggleRun(r.id)} />
                <i className="swatch" style={{ background: r.color }} />
                <span>{r.label}</span>
              </label>
              <span className="muted small">{r.losses.length ? `${r.losses.at(-1)!.toFixed(3)}` : '—'}{best !== null ? ` · ${(best * 100).toFixed(1)}%` : ''}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** True while the element is narrower than `width` px (the side column then moves into the left one). */
function useNarrow(ref: React.RefObject<HTMLElement | null>, width: number): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setNarrow(el.clientWidth < width));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, width]);
  return narrow;
}

export function TrainingPanel({ doc, onTrainingChange, onSelectNode, pickFile = pickWithInput }: TrainingPanelProps) {
  const t = useT();
  const root = useRef<HTMLDivElement>(null);
  const narrow = useNarrow(root, 900);
  const engine = useEngineState();
  const { snapshot: snap } = useLive();
  const [tab, setTab] = useState<Tab>('train');
  const state = engine.status === 'dead' ? 'failed' : snap?.state ?? 'empty';
  const dead = engine.status === 'dead';
  const running = state === 'running' && !dead;
  const paused = state === 'paused';
  const training = doc.training;
  // Snapshots re-render this panel ~10 times a second: the graph-derived values only change with the document.
  const key = useMemo(() => graphKey(doc), [doc]);
  const valid = useMemo(() => validate(doc).ok, [doc]);
  const prevState = useRef(state);

  // Load the graph (and its dataset preview) in the background while idle.
  useEffect(() => {
    if (!valid || !IDLE.has(snap?.state ?? 'empty') || engine.status === 'dead') return;
    const id = setTimeout(() => { engineClient.ensureLoaded(doc).catch(() => undefined); }, 600);
    return () => clearTimeout(id);
    // Only the graph's identity matters, not every render.
  }, [key, valid]);

  // A finished run is evaluated on the test split at once (results tab).
  useEffect(() => {
    if (prevState.current === 'running' && state === 'finished') engineClient.evaluate(doc).catch(() => undefined);
    prevState.current = state;
  }, [state, doc]);

  const act = (fn: () => Promise<unknown>) => () => { fn().catch(() => undefined); };
  const change = (patch: Partial<GraphDocument['training']>) => {
    onTrainingChange(patch);
    if (!engine.loadedKey) return;
    if (patch.lr !== undefined && patch.lr !== null) engineClient.setLr(patch.lr).catch(() => undefined);
  };

  const progress = snap && snap.batchesPerEpoch > 0 ? Math.min(1, ((snap.epoch - 1) * snap.batchesPerEpoch + snap.batch) / (snap.epochs * snap.batchesPerEpoch)) : 0;
  const shownProgress = state === 'finished' ? 1 : progress;
  const acc = snap?.epochAccuracy ?? null;
  // The learning rates of the current run, drawn only when a schedule has moved them.
  const runLrs = engine.runs.at(-1)?.lrs;
  const lrs = useMemo(() => lrCurve(runLrs), [runLrs]);
  const lastVal = snap?.history.at(-1);
  return (
    <div className="training-panel" data-testid="training-panel" data-state={state} ref={root}>
      <EngineBanner />
      {snap?.nonFinite && (
        <div className="banner banner--warn" role="alert" data-testid="non-finite">
          <span className="banner__text">{snap.nonFinite.message}</span>
          {snap.nonFinite.nodeId && <button type="button" onClick={() => onSelectNode(snap.nonFinite!.nodeId!)}>{t('train.showNode')}</button>}
        </div>
      )}
      {engine.error && engine.status !== 'dead' && (
        <div className="banner banner--warn" role="alert" data-testid="engine-error"><span className="banner__text">{engine.error}</span></div>
      )}
      <div className="training-panel__top">
        <div className="tabs" role="tablist">
          {(['train', 'results', 'step'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'is-active' : ''} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
              {t(`train.tab.${k}`)}
            </button>
          ))}
        </div>
        <div className="controls">
          <button type="button" className="primary" data-testid="train-start" disabled={running || dead || !valid || engine.busy === 'load'} onClick={act(() => getEngine().start(doc))} title={paused ? t('train.resume') : t('train.start')}>
            ▶ <span className="label">{paused ? t('train.resume') : t('train.start')}</span>
          </button>
          <button type="button" data-testid="train-pause" disabled={!running} onClick={act(() => getEngine().pause())} title={t('train.pause')}>❚❚ <span className="label">{t('train.pause')}</span></button>
          <button type="button" data-testid="train-step" disabled={running || dead || !valid} onClick={act(() => getEngine().step(doc))} title={t('train.step')}>⇥ <span className="label">{t('train.step')}</span></button>
          <button type="button" data-testid="train-stop" disabled={dead || (!running && !paused)} onClick={act(() => getEngine().stop())} title={t('train.stop')}>■ <span className="label">{t('train.stop')}</span></button>
        </div>
        <div className="progress" data-testid="train-progress">
          <div className="progress__track"><div className="progress__fill" style={{ width: `${(shownProgress * 100).toFixed(1)}%` }} /></div>
          <div className="progress__stats">
            <span data-testid="progress-state" className={`state state--${state}`}>{t(`train.state.${state}`)}</span>
            {snap && <span>{t('train.progress.epoch', { e: snap.epoch, n: snap.epochs })}</span>}
            {snap && <span>{t('train.progress.batch', { b: state === 'finished' ? snap.batchesPerEpoch : snap.batch, n: snap.batchesPerEpoch })}</span>}
            {snap && <span>{t('train.progress.step', { s: snap.step })}</span>}
            {snap && running && snap.samplesPerSecond > 0 && <span>{t('train.progress.rate', { r: Math.round(snap.samplesPerSecond) })}</span>}
            {snap && running && <span>{t('train.progress.left', { t: duration(snap.secondsLeft) })}</span>}
            {snap?.epochLoss != null && <span data-testid="progress-loss">{t('train.progress.loss', { v: snap.epochLoss.toFixed(4) })}</span>}
            {acc !== null && <span>{t('train.progress.acc', { v: (acc * 100).toFixed(1) })}</span>}
            {snap && snap.step > 0 && (
              <span className="progress__lr" data-testid="progress-lr" title={t('train.progress.lrHelp')}>
                {t('train.progress.lr', { v: formatLr(snap.lr) })}
                {lrs && <Sparkline values={lrs} width={56} height={14} testId="lr-sparkline" />}
              </span>
            )}
            {lastVal?.valAccuracy != null && <span>{t('train.progress.valAcc', { v: (lastVal.valAccuracy * 100).toFixed(1) })}</span>}
          {engine.kernels && <span className="kernels muted small" title={engine.kernels.detail} data-testid="engine-kernels">{engine.kernels.backend === 'wasm' ? `WASM SIMD ×${engine.kernels.threads}` : 'JS'}</span>}
          </div>
        </div>
      </div>

      {tab === 'train' && (
        <div className="training-panel__body">
          <div className="training-panel__left">
            <DatasetCard doc={doc} pickFile={pickFile} />
            <section className="card settings" data-testid="training-settings">
              <h3>{t('train.settings.title')}</h3>
              <div className="settings__grid">
                <NumberField label={t('train.settings.epochs')} value={training.epochs} integer min={1} max={10000} testId="setting-epochs" onCommit={(v) => v !== null && change({ epochs: v })} />
                <NumberField label={t('train.settings.batch')} value={training.batch_size} integer min={1} max={65536} testId="setting-batch" onCommit={(v) => v !== null && change({ batch_size: v })} />
                <NumberField label={t('train.settings.lr')} value={training.lr} min={0} emptyText={t('train.settings.lrDefault')} help={t('train.settings.lrHelp')} testId="setting-lr" onCommit={(v) => change({ lr: v })} />
                <NumberField label={t('train.settings.seed')} value={training.seed} integer min={0} testId="setting-seed" onCommit={(v) => v !== null && change({ seed: v })} />
                <NumberField label={t('train.settings.val')} value={training.validation_split} min={0} max={0.9} help={t('train.settings.valHelp')} testId="setting-val" onCommit={(v) => v !== null && change({ validation_split: v })} />
              </div>
            </section>
            {narrow && <><RunsCard /><GradientLegend /></>}
          </div>
          <div className="training-panel__charts">
            <RunChart kind="loss" runs={engine.runs} testId="loss-chart" />
            <RunChart kind="accuracy" runs={engine.runs} testId="accuracy-chart" />
          </div>
          {!narrow && (
            <div className="training-panel__right">
              <RunsCard />
              <GradientLegend />
            </div>
          )}
        </div>
      )}
      {tab === 'results' && <ResultsView doc={doc} />}
      {tab === 'step' && <StepThrough doc={doc} onSelectNode={onSelectNode} />}
      <ImportReport doc={doc} onSelectNode={onSelectNode} />
    </div>
  );
}
