/**
 * Which dataset the Dataset node names, its sizes, and a preview of samples with their labels (images as a grid,
 * 2-D points as a scatter plot, other features as a table). CSV files and image folders (.zip) are picked here.
 */
import { useEffect, useRef, useState } from 'react';
import { DATASETS } from '../../../core/graph/datasets.ts';
import type { GraphDocument } from '../../../core/graph/types.ts';
import { engineClient } from '../../engine/client.ts';
import { useEngineState } from '../../engine/store.ts';
import { useT } from '../../i18n/index.ts';
import { csvClassNames, decodeImageZip, folderClassNames } from './images.ts';
import { TensorImage } from './TensorImage.tsx';

export interface PickedFile { name: string; bytes: Uint8Array }
export type PickFile = (accept: string) => Promise<PickedFile | null>;

/** A plain file input (works in the browser and in Electron's sandboxed renderer). */
export const pickWithInput: PickFile = (accept) => new Promise((resolve) => {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = accept;
  input.onchange = async () => {
    const f = input.files?.[0];
    resolve(f ? { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) } : null);
  };
  input.click();
});

interface Preview { shape: number[]; values: Float32Array; labels: number[]; classNames: string[]; /** Whole label sequences (CTC datasets). */ labelTexts?: string[] }

/** Token ids (and other whole numbers) as integers, measurements with two decimals; at most 6 per row (the card is narrow). */
const fmtFeature = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

const PALETTE = ['#3b82f6', '#f97316', '#10b981', '#a855f7', '#ef4444', '#14b8a6', '#eab308', '#ec4899', '#64748b', '#84cc16'];

function Scatter({ p }: { p: Preview }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const n = p.labels.length;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, p.values[2 * i]); x1 = Math.max(x1, p.values[2 * i]);
      y0 = Math.min(y0, p.values[2 * i + 1]); y1 = Math.max(y1, p.values[2 * i + 1]);
    }
    ctx.clearRect(0, 0, c.width, c.height);
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = PALETTE[p.labels[i] % PALETTE.length];
      const x = 6 + ((p.values[2 * i] - x0) / (x1 - x0 || 1)) * (c.width - 12);
      const y = c.height - 6 - ((p.values[2 * i + 1] - y0) / (y1 - y0 || 1)) * (c.height - 12);
      ctx.beginPath();
      ctx.arc(x, y, 2.2, 0, Math.PI * 2);
      ctx.fill();
    }
  }, [p]);
  return <canvas ref={ref} className="dataset-scatter" width={260} height={150} />;
}

/** Whether the graph the engine loaded (its graphKey) has a Dataset node with these parameters. */
function sameData(loadedKey: string, params: Record<string, unknown>): boolean {
  try {
    const loaded = JSON.parse(loadedKey) as { nodes: Array<{ kind: string; params: unknown }> };
    return loaded.nodes.some((n) => n.kind === 'Dataset' && JSON.stringify(n.params) === JSON.stringify(params));
  } catch {
    return false;
  }
}

export function DatasetCard({ doc, pickFile }: { doc: GraphDocument; pickFile: PickFile }) {
  const t = useT();
  const engine = useEngineState();
  const dataNode = doc.nodes.find((n) => n.kind === 'Dataset');
  const id = dataNode ? String(dataNode.params.dataset ?? 'mnist') : null;
  const info = id ? DATASETS[id] : null;
  const [preview, setPreview] = useState<Preview | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const loadedKey = engine.loadedKey;

  // A preview belongs to the loaded data: drop it when another dataset is chosen or loaded.
  useEffect(() => { setPreview(null); }, [id]);

  useEffect(() => {
    let live = true;
    if (!loadedKey || engine.status !== 'ready') return;
    engineClient.api()
      .then((api) => api.samples('train', Array.from({ length: (engine.load?.sampleShape.length ?? 0) === 1 && engine.load?.sampleShape[0] === 2 ? 400 : 24 }, (_, i) => i)))
      .then((p) => { if (live) setPreview(p); }, () => undefined);
    return () => { live = false; };
  }, [loadedKey, engine.status, engine.load]);

  const choose = async () => {
    if (!id) return;
    setNote(null);
    try {
      const f = await pickFile(id === 'csv' ? '.csv,text/csv' : '.zip');
      if (!f) return;
      if (id === 'csv') {
        const text = new TextDecoder().decode(f.bytes);
        engineClient.setDataBytes({ csvText: text }, csvClassNames(text, String(dataNode?.params.label_column ?? 'label'), f.name));
      } else {
        const images = await decodeImageZip(f.bytes);
        engineClient.setDataBytes({ images }, folderClassNames(images));
      }
      setNote(f.name);
      await engineClient.ensureLoaded(doc);
    } catch (e) {
      setNote((e as Error).message);
    }
  };

  // Sizes and samples belong to the data the engine holds: hide them once another dataset is on the canvas (a file
  // just opened, a parameter changed) until that one is loaded.
  const current = loadedKey !== null && dataNode !== undefined && sameData(loadedKey, dataNode.params);
  const load = engine.load && loadedKey && current ? engine.load : null;
  const shown = current ? preview : null;
  const shape = shown?.shape ?? [];
  const per = shape.reduce((a, b) => a * b, 1);
  const names = engine.load?.classNames.length ? engine.load.classNames : shown?.classNames ?? [];
  return (
    <section className="card dataset-card" data-testid="dataset-card">
      <header className="card__head">
        <h3>{t('train.dataset.title')}</h3>
        {id && <span className="pill" data-testid="dataset-id">{id}</span>}
      </header>
      {!dataNode && <p className="muted">{t('train.dataset.none')}</p>}
      {info && <p className="dataset-card__name">{info.title}</p>}
      {load && (
        <p className="muted small" data-testid="dataset-sizes">
          {t('train.dataset.sizes', { train: load.trainSamples, val: load.valSamples, test: load.testSamples, shape: load.sampleShape.join('×'), classes: load.numClasses })}
        </p>
      )}
      {(id === 'csv' || id === 'image_folder') && (
        <div className="row">
          <button type="button" onClick={choose}>{id === 'csv' ? t('train.dataset.pickCsv') : t('train.dataset.pickImages')}</button>
          {note && <span className="muted small">{note}</span>}
        </div>
      )}
      {shown && shape.length === 3 && (
        <div className="sample-grid" data-testid="dataset-preview">
          {shown.labels.map((label, i) => (
            <TensorImage
              key={i}
              values={shown.values}
              offset={i * per}
              width={shape[2]}
              height={shape[1]}
              mode={shape[0] === 3 ? 'rgb' : 'gray'}
              scale={Math.max(0.5, Math.min(3, 34 / Math.max(shape[1], shape[2])))}
              label={shown.labelTexts?.[i] ?? names[label] ?? String(label)}
            />
          ))}
        </div>
      )}
      {shown && shape.length === 1 && shape[0] === 2 && <Scatter p={shown} />}
      {shown && shape.length === 1 && shape[0] !== 2 && (
        <table className="mini-table">
          <tbody>
            {shown.labels.slice(0, 5).map((label, i) => (
              <tr key={i}>
                {Array.from(shown.values.subarray(i * per, i * per + Math.min(per, 6))).map((v, k) => <td key={k}>{fmtFeature(v)}</td>)}
                {per > 6 && <td className="muted">…</td>}
                <td className="strong">→ {names[label] ?? label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
