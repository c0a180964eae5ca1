/**
 * After training: test accuracy, accuracy per class, the confusion matrix (rows: true class, columns: predicted),
 * and a grid of test samples with predicted and true labels, mistakes highlighted.
 */
import { useEffect, useState } from 'react';
import { getSpec } from '../../../core/graph/catalogue/index.ts';
import type { GraphDocument } from '../../../core/graph/types.ts';
import type { Prediction } from '../../../core/session/protocol.ts';
import { engineClient } from '../../engine/client.ts';
import { useEngineState } from '../../engine/store.ts';
import { useT } from '../../i18n/index.ts';
import { TensorImage } from './TensorImage.tsx';

const GRID = 200;

/** "TripletMarginLoss" — the loss nodes' kinds, for messages. */
function lossKinds(doc: GraphDocument): string {
  const kinds = doc.nodes.filter((n) => getSpec(n.kind)?.category === 'Loss').map((n) => n.kind);
  return [...new Set(kinds)].join(', ') || '—';
}

interface Samples { shape: number[]; values: Float32Array; preds: Prediction[] }

export function ResultsView({ doc }: { doc: GraphDocument }) {
  const t = useT();
  const engine = useEngineState();
  const ev = engine.evaluation;
  const names = engine.load?.classNames ?? [];
  const [samples, setSamples] = useState<Samples | null>(null);
  const [mistakesOnly, setMistakesOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const evaluate = async () => {
    setError(null);
    try {
      const result = await engineClient.evaluate(doc);
      // Without class scores there is nothing to predict per sample (ranking, embedding or regression losses);
      // sequence tasks (CTC) have an accuracy but no confusion matrix, and their predictions are readings.
      if (!result.confusion && result.accuracy === null) { setSamples(null); return; }
      const api = await engineClient.api();
      const n = Math.min(GRID, engine.load?.testSamples ?? GRID);
      const idx = Array.from({ length: n }, (_, i) => i);
      const [preds, s] = await Promise.all([api.predict('test', idx), api.samples('test', idx)]);
      setSamples({ shape: s.shape, values: s.values, preds });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  // Predictions belong to the weights they were made with: drop them when the evaluation is cleared.
  useEffect(() => { if (!ev) setSamples(null); }, [ev]);

  const max = ev?.confusion ? Math.max(1, ...ev.confusion.flatMap((r, i) => r.filter((_, j) => j !== i))) : 1;
  const per = samples ? samples.shape.reduce((a, b) => a * b, 1) : 0;
  const isWrong = (p: Prediction) => (p.correct !== undefined ? !p.correct : p.predicted !== p.label);
  const shown = samples ? samples.preds.filter((p) => !mistakesOnly || isWrong(p)).slice(0, 48) : [];
  const mistakes = samples ? samples.preds.filter(isWrong).length : 0;
  const label = (k: number) => names[k] ?? String(k);
  // Wide images (a digit string is 28×112) are drawn smaller, so several still fit in a row.
  const imageScale = samples ? Math.min(1.5, 120 / samples.shape[2]) : 1.5;
  const predictedText = (p: Prediction) => p.predictedText ?? label(p.predicted ?? -1);
  const labelText = (p: Prediction) => p.labelText ?? label(p.label);

  return (
    <div className="results" data-testid="results-view">
      <div className="results__bar">
        <button type="button" className="primary" data-testid="evaluate" onClick={evaluate} disabled={engine.busy !== null || engine.status === 'dead'}>
          {engine.busy === 'evaluate' ? t('train.results.evaluating') : t('train.results.evaluate')}
        </button>
        {ev && (
          <span className="results__summary" data-testid="test-accuracy">
            {t('train.results.summary', { loss: ev.loss.toFixed(4), acc: ev.accuracy === null ? '—' : `${(ev.accuracy * 100).toFixed(1)}%` })}
          </span>
        )}
        {error && <span className="error-text">{error}</span>}
      </div>
      {!ev && <p className="muted">{t('train.results.hint')}</p>}
      {ev && !ev.confusion && !ev.perClassAccuracy && (
        <p className="results__note" data-testid="results-no-classes">{t(ev.accuracy === null ? 'train.results.noClasses' : samples?.preds.some((p) => p.predictedText !== undefined) ? 'train.results.sequences' : 'train.results.noMatrix', { loss: lossKinds(doc) })}</p>
      )}
      {ev && (
        <div className="results__body">
          {ev.perClassAccuracy && (
            <section className="card">
              <h3>{t('train.results.perClass')}</h3>
              <div className="class-bars" data-testid="per-class">
                {ev.perClassAccuracy.map((a, k) => (
                  <div key={k} className="class-bar" title={a === null ? '—' : `${(a * 100).toFixed(1)}%`}>
                    <span className="class-bar__name">{label(k)}</span>
                    <span className="class-bar__track"><span className="class-bar__fill" style={{ width: `${(a ?? 0) * 100}%` }} /></span>
                    <span className="class-bar__value">{a === null ? '—' : `${(a * 100).toFixed(0)}%`}</span>
                  </div>
                ))}
              </div>
            </section>
          )}
          {ev.confusion && (
            <section className="card">
              <h3>{t('train.results.confusion')}</h3>
              <table className="confusion" data-testid="confusion-matrix">
                <thead>
                  <tr><th className="confusion__corner">{t('train.results.trueVsPred')}</th>{ev.confusion.map((_, j) => <th key={j}>{label(j)}</th>)}</tr>
                </thead>
                <tbody>
                  {ev.confusion.map((row, i) => {
                    const total = row.reduce((a, b) => a + b, 0) || 1;
                    return (
                      <tr key={i}>
                        <th>{label(i)}</th>
                        {row.map((v, j) => {
                          const diag = i === j;
                          const alpha = diag ? 0.15 + 0.7 * (v / total) : v === 0 ? 0 : 0.12 + 0.78 * (v / max);
                          return (
                            <td key={j} className={diag ? 'diag' : v > 0 ? 'off' : ''} style={{ backgroundColor: diag ? `rgb(34 197 94 / ${alpha})` : `rgb(239 68 68 / ${alpha})` }} title={t('train.results.cell', { n: v, t: label(i), p: label(j) })}>
                              {v || ''}
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          )}
          {samples && samples.shape.length === 3 && (
            <section className="card results__grid-card">
              <header className="card__head">
                <h3>{t('train.results.samples')}</h3>
                <label className="check"><input type="checkbox" checked={mistakesOnly} onChange={(e) => setMistakesOnly(e.target.checked)} />{t('train.results.mistakesOnly', { n: mistakes, of: samples.preds.length })}</label>
              </header>
              <div className="prediction-grid" data-testid="prediction-grid" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${Math.max(52, Math.round(samples.shape[2] * imageScale) + 8)}px, 1fr))` }}>
                {shown.map((p) => {
                  const k = samples.preds.indexOf(p);
                  const wrong = isWrong(p);
                  return (
                    <div key={p.index} className={`prediction${wrong ? ' prediction--wrong' : ''}`} title={t('train.results.sampleTitle', { i: p.index, p: predictedText(p), t: labelText(p), conf: p.output.length ? `${(Math.max(...p.output) * 100).toFixed(0)}%` : '—' })}>
                      <TensorImage values={samples.values} offset={k * per} width={samples.shape[2]} height={samples.shape[1]} mode={samples.shape[0] === 3 ? 'rgb' : 'gray'} scale={imageScale} />
                      <span className="prediction__labels"><b>{predictedText(p) || '∅'}</b>{wrong && <s>{labelText(p)}</s>}</span>
                    </div>
                  );
                })}
              </div>
            </section>
          )}
        </div>
      )}
    </div>
  );
}
