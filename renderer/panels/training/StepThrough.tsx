/**
 * Step-by-step mode for teaching: run one batch, then walk forward through the graph (each node's activation for one
 * sample, the node highlighted on the canvas) and backward (the gradient of the loss at each node), every value
 * inspectable by hovering.
 */
import { useState } from 'react';
import type { GraphDocument } from '../../../core/graph/types.ts';
import type { NodeTrace } from '../../../core/session/protocol.ts';
import { engineClient } from '../../engine/client.ts';
import { engineStore, useEngineState } from '../../engine/store.ts';
import { useT } from '../../i18n/index.ts';
import { StatsTable, TraceView } from '../insight/TraceView.tsx';
import { NumberField } from './fields.tsx';
import { TensorImage } from './TensorImage.tsx';

interface Phase { dir: 'forward' | 'backward'; trace: NodeTrace }

export function StepThrough({ doc, onSelectNode }: { doc: GraphDocument; onSelectNode(id: string): void }) {
  const t = useT();
  const engine = useEngineState();
  const [sample, setSample] = useState(0);
  const [phases, setPhases] = useState<Phase[]>([]);
  const [pos, setPos] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [input, setInput] = useState<{ shape: number[]; values: Float32Array; label: string } | null>(null);
  const nameOf = (id: string) => doc.nodes.find((n) => n.id === id);

  const go = (p: number, list = phases) => {
    if (list.length === 0) return;
    const k = Math.max(0, Math.min(list.length - 1, p));
    setPos(k);
    onSelectNode(list[k].trace.nodeId);
  };

  const run = async (stepFirst: boolean) => {
    setError(null);
    setBusy(true);
    try {
      if (stepFirst) await engineClient.step(doc);
      else await engineClient.ensureLoaded(doc);
      const api = await engineClient.api();
      const [traces, s] = await Promise.all([api.inspect('train', sample), api.samples('train', [sample])]);
      const names = engineStore.get().load?.classNames ?? s.classNames;
      setInput({ shape: s.shape, values: s.values, label: names[s.labels[0]] ?? String(s.labels[0]) });
      const list: Phase[] = [
        ...traces.map((trace) => ({ dir: 'forward' as const, trace })),
        ...traces.filter((tr) => tr.gradient).reverse().map((trace) => ({ dir: 'backward' as const, trace })),
      ];
      setPhases(list);
      go(0, list);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const cur = phases[pos];
  const node = cur ? nameOf(cur.trace.nodeId) : null;
  const values = cur ? (cur.dir === 'forward' ? cur.trace.activation : cur.trace.gradient!) : null;
  const stats = cur ? (cur.dir === 'forward' ? cur.trace.activationStats : cur.trace.gradientStats) : null;
  return (
    <div className="step-through" data-testid="step-through">
      <div className="step-through__bar">
        <button type="button" className="primary" onClick={() => run(true)} disabled={busy || engine.status === 'dead'} data-testid="step-run-batch">{t('train.stepper.runBatch')}</button>
        <button type="button" onClick={() => run(false)} disabled={busy || engine.status === 'dead'}>{t('train.stepper.traceOnly')}</button>
        <NumberField label={t('train.stepper.sample')} value={sample} integer min={0} onCommit={(v) => setSample(v ?? 0)} />
        <span className="spacer" />
        <button type="button" onClick={() => go(pos - 1)} disabled={pos <= 0} data-testid="step-prev">◀ {t('train.stepper.prev')}</button>
        <span className="muted small">{phases.length ? `${pos + 1} / ${phases.length}` : ''}</span>
        <button type="button" onClick={() => go(pos + 1)} disabled={pos >= phases.length - 1} data-testid="step-next">{t('train.stepper.next')} ▶</button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {!cur && !error && <p className="muted">{t('train.stepper.hint')}</p>}
      {cur && (
        <div className="step-through__body">
          <div className="step-through__side">
          {input && input.shape.length === 3 && (
            <div className="step-through__input">
              <TensorImage values={input.values} width={input.shape[2]} height={input.shape[1]} mode={input.shape[0] === 3 ? 'rgb' : 'gray'} scale={2} />
              <span className="muted small">{t('train.stepper.input', { i: sample, label: input.label })}</span>
            </div>
          )}
          <ol className="phase-list">
            {phases.map((p, k) => (
              <li key={`${p.dir}-${p.trace.nodeId}`} className={`${k === pos ? 'is-current' : ''} phase--${p.dir}`}
                ref={k === pos ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}>
                <button type="button" onClick={() => go(k)}>
                  <span className="phase__dir">{p.dir === 'forward' ? '→' : '←'}</span>{nameOf(p.trace.nodeId)?.name ?? p.trace.path}
                </button>
              </li>
            ))}
          </ol>
          </div>
          <div className="step-through__detail" data-testid="step-detail" data-node={cur.trace.nodeId} data-dir={cur.dir}>
            <h3>
              {cur.dir === 'forward' ? t('train.stepper.forwardAt') : t('train.stepper.backwardAt')} <b>{node?.name ?? cur.trace.path}</b>
              <span className="muted"> {node?.kind} · [{cur.trace.shape.join(', ')}]</span>
            </h3>
            <p className="muted small">{cur.dir === 'forward' ? t('train.stepper.forwardHelp') : t('train.stepper.backwardHelp')}</p>
            <StatsTable rows={[{ name: cur.dir === 'forward' ? t('train.insight.activation') : t('train.insight.gradient'), stats }]} />
            {values && <TraceView values={values} shape={cur.trace.shape} kind={cur.dir === 'forward' ? 'activation' : 'gradient'} />}
          </div>
        </div>
      )}
    </div>
  );
}
