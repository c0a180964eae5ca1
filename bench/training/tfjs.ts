// TensorFlow.js side of the training benchmark: the same three workloads written with tfjs-core ops (NHWC, as
// tfjs wants), one SGD step each through tf.train.sgd().minimize (gradients by tfjs's own autodiff).
import type * as TfCore from '@tensorflow/tfjs-core';
import type { TrainingWorkload } from './netsketch.ts';

type Tf = typeof TfCore;

/**
 * tfjs-core alone has no gradients registered (the @tensorflow/tfjs union package imports
 * dist/register_all_gradients.js). That file is an ES module tree with extensionless imports Node cannot load, so
 * it is bundled once with esbuild (installed with tsx) into a temporary file and imported; tfjs keeps its gradient
 * and kernel registries on a global namespace, so the bundled copy registers into the engine we use.
 */
export async function registerTfjsGradients(root: string): Promise<void> {
  const { buildSync } = await import('esbuild');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const dir = mkdtempSync(join(tmpdir(), 'netsketch-tfjs-'));
  const out = join(dir, 'grads.mjs');
  try {
    buildSync({ entryPoints: [join(root, 'node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
    await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
type T = TfCore.Tensor;

interface Dense { w: TfCore.Variable; b: TfCore.Variable }
interface Conv { f: TfCore.Variable; b: TfCore.Variable }

function dense(tf: Tf, i: number, o: number): Dense {
  const bound = 1 / Math.sqrt(i);
  return { w: tf.variable(tf.randomUniform([i, o], -bound, bound)), b: tf.variable(tf.randomUniform([o], -bound, bound)) };
}

function conv(tf: Tf, cin: number, cout: number, k: number): Conv {
  const bound = 1 / Math.sqrt(cin * k * k);
  return { f: tf.variable(tf.randomUniform([k, k, cin, cout], -bound, bound)), b: tf.variable(tf.randomUniform([cout], -bound, bound)) };
}

const fc = (tf: Tf, x: T, l: Dense) => tf.add(tf.matMul(x as TfCore.Tensor2D, l.w as TfCore.Tensor2D), l.b);
const cv = (tf: Tf, x: T, l: Conv, pad: number) =>
  tf.relu(tf.add(tf.conv2d(x as TfCore.Tensor4D, l.f as TfCore.Tensor4D, 1, pad === 0 ? 'valid' : [[0, 0], [pad, pad], [pad, pad], [0, 0]]), l.b));
const pool = (tf: Tf, x: T) => tf.maxPool(x as TfCore.Tensor4D, 2, 2, 'valid');

/** The forward pass of a workload as a tfjs function of the (NHWC) input. */
function model(tf: Tf, id: TrainingWorkload['id']): (x: T) => T {
  if (id === 'W1') {
    const l1 = dense(tf, 784, 256), l2 = dense(tf, 256, 128), l3 = dense(tf, 128, 10);
    return (x) => fc(tf, tf.relu(fc(tf, tf.relu(fc(tf, x, l1)), l2)), l3);
  }
  if (id === 'W2') {
    const c1 = conv(tf, 1, 6, 5), c2 = conv(tf, 6, 16, 5);
    const f1 = dense(tf, 400, 120), f2 = dense(tf, 120, 84), f3 = dense(tf, 84, 10);
    return (x) => {
      const h = pool(tf, cv(tf, pool(tf, cv(tf, x, c1, 2)), c2, 0));
      const flat = tf.reshape(h, [h.shape[0], 400]);
      return fc(tf, tf.relu(fc(tf, tf.relu(fc(tf, flat, f1)), f2)), f3);
    };
  }
  const c1 = conv(tf, 3, 32, 3), c2 = conv(tf, 32, 32, 3), c3 = conv(tf, 32, 64, 3);
  const f1 = dense(tf, 4096, 128), f2 = dense(tf, 128, 10);
  return (x) => {
    const h = pool(tf, cv(tf, pool(tf, cv(tf, cv(tf, x, c1, 1), c2, 1)), c3, 1));
    return fc(tf, tf.relu(fc(tf, tf.reshape(h, [h.shape[0], 4096]), f1)), f2);
  };
}

/** A closure running one training step of the workload on the given tfjs backend; returns the loss. */
export function tfjsStep(tf: Tf, backend: string, w: TrainingWorkload): () => number {
  const use = () => { if (tf.getBackend() !== backend) void tf.setBackend(backend); };
  use();
  const nhwc = w.input.length === 3 ? [w.input[1], w.input[2], w.input[0]] : w.input;
  const x = tf.randomNormal([w.batch, ...nhwc]);
  const labels = tf.oneHot(tf.randomUniform([w.batch], 0, w.classes, 'int32') as TfCore.Tensor1D, w.classes);
  const f = model(tf, w.id);
  const opt = tf.train.sgd(0.01);
  return () => {
    use();
    const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(labels, f(x)) as TfCore.Scalar, true);
    const v = cost!.dataSync()[0];
    cost!.dispose();
    return v;
  };
}
