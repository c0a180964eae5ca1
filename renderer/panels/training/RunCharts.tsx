/**
 * Live charts with uPlot: training loss per step (smoothed, with per-epoch validation loss as points) and accuracy
 * per epoch (train solid, validation dashed), one colour per run, several runs overlaid.
 */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RunRecord } from '../../engine/store.ts';
import { useT } from '../../i18n/index.ts';
import { smooth } from './smooth.ts';
import { useThemeVersion } from './theme-version.ts';

type Kind = 'loss' | 'accuracy';

interface Built {
  data: uPlot.AlignedData;
  series: uPlot.Series[];
}

function cssVar(name: string, fallback: string): string {
  const v = typeof document === 'undefined' ? '' : getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

function align(xsets: number[][]): number[] {
  const all = new Set<number>();
  for (const xs of xsets) for (const x of xs) all.add(x);
  return [...all].sort((a, b) => a - b);
}

function column(xs: number[], pairs: Map<number, number>): Array<number | null> {
  return xs.map((x) => pairs.get(x) ?? null);
}

function build(kind: Kind, runs: RunRecord[], t: ReturnType<typeof useT>): Built {
  const shown = runs.filter((r) => r.visible);
  const series: uPlot.Series[] = [{ label: t('train.chart.step') }];
  const cols: Array<Map<number, number>> = [];
  if (kind === 'loss') {
    for (const r of shown) {
      const sm = smooth(r.losses);
      cols.push(new Map(r.steps.map((s, i) => [s, sm[i]])));
      series.push({ label: t('train.chart.trainLoss', { run: r.label }), stroke: r.color, width: 1.6, spanGaps: true, points: { show: false } });
      const val = r.epochs.filter((e) => e.valLoss !== null);
      if (val.length) {
        cols.push(new Map(val.map((e) => [e.epoch * Math.max(1, r.batchesPerEpoch), e.valLoss!])));
        series.push({ label: t('train.chart.valLoss', { run: r.label }), stroke: r.color, width: 1, dash: [4, 4], spanGaps: true, points: { show: true, size: 6 } });
      }
    }
  } else {
    // Running accuracy of each epoch per step (it restarts at every epoch), validation accuracy at epoch ends.
    for (const r of shown) {
      cols.push(new Map(r.accSteps.map((s, i) => [s, r.accs[i] * 100])));
      series.push({ label: t('train.chart.trainAcc', { run: r.label }), stroke: r.color, width: 1.6, spanGaps: false, points: { show: false } });
      const val = r.epochs.filter((e) => e.valAccuracy !== null);
      if (val.length) {
        cols.push(new Map(val.map((e) => [e.epoch * Math.max(1, r.batchesPerEpoch), e.valAccuracy! * 100])));
        series.push({ label: t('train.chart.valAcc', { run: r.label }), stroke: r.color, width: 1, dash: [4, 4], spanGaps: true, points: { show: true, size: 6 } });
      }
    }
  }
  const xs = align(cols.map((c) => [...c.keys()]));
  return { data: [xs, ...cols.map((c) => column(xs, c))] as uPlot.AlignedData, series };
}

export function RunChart({ kind, runs, testId }: { kind: Kind; runs: RunRecord[]; testId?: string }) {
  const t = useT();
  const theme = useThemeVersion();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const built = useMemo(() => build(kind, runs, t), [kind, runs, t]);
  const shape = built.series.map((s) => `${String(s.label)}|${String(s.stroke)}`).join(';');

  // (Re)create when the set of series changes; otherwise just swap the data.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const muted = cssVar('--muted', '#9aa3b2');
    const grid = cssVar('--border', '#2c313b');
    const axis: uPlot.Axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: Math.max(100, el.clientHeight),
      series: built.series,
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: kind === 'accuracy' ? { range: (_u, lo, hi) => [Math.max(0, Math.floor((lo ?? 0) / 10) * 10), Math.min(100, Math.ceil((hi ?? 100) / 10) * 10)] } : {} },
      axes: [{ ...axis }, { ...axis, size: 48, values: kind === 'accuracy' ? (_u, vals) => vals.map((v) => `${v}%`) : undefined }],
    };
    const p = new uPlot(opts, built.data, el);
    plot.current = p;
    const ro = new ResizeObserver(() => p.setSize({ width: Math.max(200, el.clientWidth), height: Math.max(100, el.clientHeight) }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      p.destroy();
      plot.current = null;
    };
  }, [shape, kind, theme]);

  useEffect(() => {
    plot.current?.setData(built.data);
  }, [built]);

  const points = runs.reduce((a, r) => a + (kind === 'loss' ? r.steps.length : r.accSteps.length), 0);
  // Runs that trained but measured no accuracy (a ranking, embedding or regression loss): say why, not "start training".
  const noAccuracy = kind === 'accuracy' && points === 0 && runs.some((r) => r.steps.length > 0);
  return (
    <div className="run-chart" data-testid={testId} data-points={points}>
      <div className="run-chart__title"><span>{kind === 'loss' ? t('train.chart.lossTitle') : t('train.chart.accTitle')}</span>{runs.some((r) => r.visible && r.epochs.some((e) => e.valLoss !== null)) && <span className="run-chart__key">{t('train.chart.key')}</span>}</div>
      <div className={`run-chart__plot${points === 0 ? ' is-empty' : ''}`} ref={box} />
      {points === 0 && (
        <div className="run-chart__empty" data-testid={noAccuracy ? 'no-accuracy' : undefined}>{t(noAccuracy ? 'train.chart.noAccuracy' : 'train.chart.empty')}</div>
      )}
    </div>
  );
}
