/**
 * The insight view of one node: statistics (min/max/mean/std) of its activations, weights and gradients; weight and
 * gradient histograms over time; conv filters and their gradients as images; the activation and gradient maps of
 * one chosen test sample.
 */
import { useCallback, useEffect, useState } from 'react';
import { getSpec } from '../../../core/graph/catalogue/index.ts';
import type { GraphDocument } from '../../../core/graph/types.ts';
import type { NodeTrace } from '../../../core/session/protocol.ts';
import { engineClient } from '../../engine/client.ts';
import { formatGrad, useGradHistory, useLayerHistory, useLayerLive } from '../../engine/live.ts';
import { engineStore, useEngineState } from '../../engine/store.ts';
import { useT } from '../../i18n/index.ts';
import { NumberField } from '../training/fields.tsx';
import { TensorImage } from '../training/TensorImage.tsx';
import { HistogramStrip } from './HistogramStrip.tsx';
import { StatsTable, TraceView } from './TraceView.tsx';
import '../training/training.css';

interface ParamValues { name: string; shape: number[]; values: Float32Array; grad: Float32Array | null }

const WEIGHT_COLOR: [number, number, number] = [59, 130, 246];
const GRAD_COLOR: [number, number, number] = [249, 115, 22];

/** A weight matrix (out × in) as one diverging image, scaled to the panel's width. */
function Matrix({ p, which }: { p: ParamValues; which: 'values' | 'grad' }) {
  const data = which === 'values' ? p.values : p.grad;
  if (!data) return null;
  const [out, inF] = p.shape;
  const scale = Math.min(6, 270 / inF, 160 / out);
  return <TensorImage testId={`matrix-${which}`} values={data} width={inF} height={out} mode="diverging" scale={scale} />;
}

function Filters({ p, which }: { p: ParamValues; which: 'values' | 'grad' }) {
  const data = which === 'values' ? p.values : p.grad;
  if (!data) return null;
  const [out, inC, kh, kw] = p.shape;
  const rows = Math.min(out, 16);
  const cols = Math.min(inC, 8);
  const scale = Math.max(2, Math.min(8, Math.floor(40 / Math.max(kh, kw))));
  if (inC === 1) {
    return (
      <div className="filters filters--single" data-testid={`filters-${which}`}>
        {Array.from({ length: rows }, (_, o) => <TensorImage key={o} values={data} offset={o * kh * kw} width={kw} height={kh} mode="diverging" scale={scale} />)}
      </div>
    );
  }
  return (
    <div className="filters" data-testid={`filters-${which}`}>
      {Array.from({ length: rows }, (_, o) => (
        <div key={o} className="filters__row">
          {Array.from({ length: cols }, (_, i) => (
            <TensorImage key={i} values={data} offset={(o * inC + i) * kh * kw} width={kw} height={kh} mode="diverging" scale={scale} />
          ))}
        </div>
      ))}
    </div>
  );
}

function Sparkline({ values }: { values: readonly number[] }) {
  if (values.length < 2) return null;
  const logs = values.map((v) => Math.log10(Math.max(v, 1e-12)));
  const lo = Math.min(...logs), hi = Math.max(...logs);
  const pts = logs.map((v, i) => `${(i / (logs.length - 1)) * 100},${28 - ((v - lo) / (hi - lo || 1)) * 26}`).join(' ');
  return <svg className="insight-spark" viewBox="0 0 100 30" preserveAspectRatio="none"><polyline points={pts} /></svg>;
}

export function InsightPanel({ doc, nodeId, onClose }: { doc: GraphDocument; nodeId: string; onClose(): void }) {
  const t = useT();
  const node = doc.nodes.find((n) => n.id === nodeId);
  const layer = useLayerLive(nodeId);
  const history = useLayerHistory(nodeId);
  const grads = useGradHistory(nodeId);
  const engine = useEngineState();
  const [params, setParams] = useState<ParamValues[]>([]);
  const [sample, setSample] = useState(0);
  const [trace, setTrace] = useState<{ node: NodeTrace | null; input: { shape: number[]; values: Float32Array; label: string } } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Conv filters (4-D) and weight matrices (2-D) are drawn from their values.
  const convParams = (layer?.params ?? []).filter((p) => p.shape.length === 4 || p.shape.length === 2);
  const convKey = convParams.map((p) => p.name).join(',');
  const step = layer ? history[history.length - 1]?.step ?? 0 : 0;
  const running = engine.status === 'ready' && (engine.busy === null);

  const refreshFilters = useCallback(async () => {
    if (!convKey) { setParams([]); return; }
    try {
      const api = await engineClient.api();
      setParams(await Promise.all(convKey.split(',').map((n) => api.parameterValues(n))));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [convKey]);

  // Filters follow training, at most every ~1.5 s.
  useEffect(() => {
    if (!running) return;
    const id = setTimeout(() => { void refreshFilters(); }, params.length ? 1500 : 0);
    return () => clearTimeout(id);
  }, [refreshFilters, step, running]);

  const inspect = useCallback(async (index: number) => {
    setError(null);
    try {
      await engineClient.ensureLoaded(doc);
      const api = await engineClient.api();
      const [traces, s] = await Promise.all([api.inspect('test', index), api.samples('test', [index])]);
      setTrace({
        node: traces.find((x) => x.nodeId === nodeId) ?? null,
        input: { shape: s.shape, values: s.values, label: (engineStore.get().load?.classNames ?? s.classNames)[s.labels[0]] ?? String(s.labels[0]) },
      });
    } catch (e) {
      setError((e as Error).message);
    }
  }, [doc, nodeId]);

  useEffect(() => { setTrace(null); setParams([]); }, [nodeId]);

  const inShape = trace?.input.shape ?? [];
  // A loss has no weights or activation maps of its own (its value is the loss curve), whatever its inputs.
  const isLoss = node !== undefined && getSpec(node.kind)?.category === 'Loss';
  return (
    <aside className="insight" data-testid="insight-panel" aria-label={t('train.insight.title')}>
      <header className="insight__head">
        <div>
          <div className="insight__kicker">{t('train.insight.title')}</div>
          <h2>{node?.name ?? nodeId} <span className="muted">{node?.kind}</span></h2>
        </div>
        <button type="button" className="icon" onClick={onClose} aria-label={t('train.insight.close')} data-testid="insight-close">×</button>
      </header>
      <div className="insight__scroll">
        {!layer && <p className="muted" data-testid="insight-no-data">{t(isLoss ? 'train.insight.lossNode' : 'train.insight.noData')}</p>}
        {layer && (
          <section>
            <h3>{t('train.insight.stats')}</h3>
            <StatsTable rows={[
              { name: t('train.insight.activation'), stats: layer.activation },
              ...layer.params.flatMap((p) => [
                { name: p.name.split('.').pop()!, stats: p.weight },
                { name: `∂L/∂${p.name.split('.').pop()}`, stats: p.grad },
              ]),
            ]} />
            <div className="insight__grad">
              <span>{t('train.insight.gradNow', { v: layer.outputGradMeanAbs === null ? '—' : formatGrad(layer.outputGradMeanAbs) })}</span>
              {layer.flag && <span className={`flag flag--${layer.flag}`}>{t(`train.flag.${layer.flag}`)}</span>}
              <Sparkline values={grads} />
            </div>
          </section>
        )}
        {layer && layer.params.length > 0 && (
          <section>
            <h3>{t('train.insight.histograms', { n: history.length })}</h3>
            <div className="hist-grid">
              {layer.params.map((p) => (
                <div key={p.name} className="hist-pair">
                  <HistogramStrip testId={`hist-${p.name}`} label={t('train.insight.weights', { name: p.name })} color={WEIGHT_COLOR} series={history.map((h) => h.layer.params.find((q) => q.name === p.name)?.weight ?? null)} />
                  <HistogramStrip label={t('train.insight.grads', { name: p.name })} color={GRAD_COLOR} series={history.map((h) => h.layer.params.find((q) => q.name === p.name)?.grad ?? null)} />
                </div>
              ))}
            </div>
          </section>
        )}
        {params.map((p) => (
          <section key={p.name}>
            <h3>{t(p.shape.length === 4 ? 'train.insight.filters' : 'train.insight.matrix', { name: p.name, shape: p.shape.join('×') })}</h3>
            {p.shape.length === 4 ? (
              <div className="filters-pair">
                <div><div className="muted small">{t('train.insight.filterValues')}</div><Filters p={p} which="values" /></div>
                {p.grad && <div><div className="muted small">{t('train.insight.filterGrads')}</div><Filters p={p} which="grad" /></div>}
              </div>
            ) : (
              <div className="matrix-pair">
                <div><div className="muted small">{t(node?.kind === 'Embedding' ? 'train.insight.tableValues' : 'train.insight.matrixValues')}</div><Matrix p={p} which="values" /></div>
                {p.grad && <div><div className="muted small">{t('train.insight.filterGrads')}</div><Matrix p={p} which="grad" /></div>}
              </div>
            )}
          </section>
        ))}
        <section>
          <h3>{t('train.insight.sampleMaps')}</h3>
          <div className="row">
            <NumberField label={t('train.insight.sample')} value={sample} integer min={0} onCommit={(v) => setSample(v ?? 0)} testId="insight-sample" />
            <button type="button" className="primary" data-testid="insight-inspect" onClick={() => inspect(sample)} disabled={engine.status === 'dead'}>{t('train.insight.show')}</button>
          </div>
          {error && <p className="error-text">{error}</p>}
          {trace && (
            <div className="sample-maps">
              {inShape.length === 3 && (
                <div>
                  <div className="muted small">{t('train.insight.input', { label: trace.input.label })}</div>
                  <TensorImage values={trace.input.values} width={inShape[2]} height={inShape[1]} mode={inShape[0] === 3 ? 'rgb' : 'gray'} scale={3} />
                </div>
              )}
              {trace.node ? (
                <>
                  <div><div className="muted small">{t('train.insight.activationMaps', { shape: trace.node.shape.join('×') })}</div><TraceView testId="insight-activation" values={trace.node.activation} shape={trace.node.shape} kind="activation" /></div>
                  {trace.node.gradient && <div><div className="muted small">{t('train.insight.gradientMaps')}</div><TraceView values={trace.node.gradient} shape={trace.node.shape} kind="gradient" /></div>}
                </>
              ) : <p className="muted">{t('train.insight.noTrace')}</p>}
            </div>
          )}
        </section>
      </div>
    </aside>
  );
}
