// Unit tests of the training views' pure logic (weight-file matching, the gradient colour scale, the live store,
// chart smoothing), loaded as TypeScript through tsx like renderer-units.spec.mjs. The oracle for the weights report
// is PyTorch's load_state_dict(strict=True) semantics: missing keys, unexpected keys and size mismatches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';

const { matchStateDict } = await tsImport('../renderer/engine/weights-match.ts', import.meta.url);
const { gradPosition, gradColor, gradWidth, GRAD_SCALE, ingestSnapshot, clearLive, liveStore, edgeGradientStyle, GRAD_HISTORY_LENGTH } =
  await tsImport('../renderer/engine/live.ts', import.meta.url);
const { smooth } = await tsImport('../renderer/panels/training/smooth.ts', import.meta.url);

const model = [
  { key: 'conv1.weight', shape: [6, 1, 5, 5], nodeId: 'n-conv1' },
  { key: 'conv1.bias', shape: [6], nodeId: 'n-conv1' },
  { key: 'fc.weight', shape: [10, 84], nodeId: 'n-fc' },
  { key: 'fc.bias', shape: [10], nodeId: 'n-fc' },
];

describe('matchStateDict (weights import report)', () => {
  test('a file with the same keys and shapes loads entirely', () => {
    const r = matchStateDict(model, new Map(model.map((e) => [e.key, e.shape])));
    assert.deepEqual(r.loadable, ['conv1.weight', 'conv1.bias', 'fc.weight', 'fc.bias']);
    assert.deepEqual(r.problems, []);
  });

  test('lists missing, unexpected and wrongly shaped entries per node, and loads the rest', () => {
    const file = new Map([['conv1.weight', [6, 1, 5, 5]], ['fc.weight', [5, 84]], ['fc.bias', [10]], ['fc.extra', [3]], ['other.weight', [1]]]);
    const r = matchStateDict(model, file);
    assert.deepEqual(r.loadable, ['conv1.weight', 'fc.bias']);
    const by = Object.fromEntries(r.problems.map((p) => [p.key, p]));
    assert.equal(by['conv1.bias'].kind, 'missing');
    assert.equal(by['conv1.bias'].nodeId, 'n-conv1');
    assert.equal(by['fc.weight'].kind, 'shape');
    assert.match(by['fc.weight'].message, /the file has \[5, 84\], the graph needs \[10, 84\]/);
    assert.equal(by['fc.extra'].kind, 'unexpected');
    assert.equal(by['fc.extra'].nodeId, 'n-fc', 'an unexpected key is attributed to the node of its module');
    assert.equal(by['other.weight'].nodeId, null);
    assert.equal(r.problems.length, 4);
  });

  test('strips the module. prefix of nn.DataParallel files', () => {
    const r = matchStateDict(model, new Map(model.map((e) => [`module.${e.key}`, e.shape])));
    assert.equal(r.strippedPrefix, 'module.');
    assert.equal(r.loadable.length, 4);
    assert.deepEqual(r.problems, []);
  });

  test('a scalar and a one-element vector are different shapes, as in PyTorch', () => {
    const r = matchStateDict([{ key: 'bn.num_batches_tracked', shape: [], nodeId: 'bn' }], new Map([['bn.num_batches_tracked', [1]]]));
    assert.equal(r.problems[0].kind, 'shape');
  });
});

describe('gradient colour scale (edges and legend)', () => {
  test('maps mean |grad| on a log scale from 10^min to 10^max', () => {
    assert.equal(gradPosition(10 ** GRAD_SCALE.min), 0);
    assert.equal(gradPosition(10 ** GRAD_SCALE.max), 1);
    assert.ok(Math.abs(gradPosition(10 ** ((GRAD_SCALE.min + GRAD_SCALE.max) / 2)) - 0.5) < 1e-12);
    assert.equal(gradPosition(0), 0);
    assert.equal(gradPosition(1e9), 1);
    assert.equal(gradColor(0), 'rgb(100, 116, 139)');
    assert.equal(gradColor(1), 'rgb(239, 68, 68)');
    assert.equal(gradWidth(0), 1.5);
    assert.equal(gradWidth(1), 6);
  });
});

function snapshot(step, layers) {
  return {
    state: 'running', step, epoch: 1, epochs: 1, batch: step, batchesPerEpoch: 100, loss: 1, epochLoss: 1, epochAccuracy: 0.5, lr: 0.01,
    batchSize: 32, samplesPerSecond: 100, secondsLeft: 1, recent: [], history: [], layers, nonFinite: null, error: null,
  };
}
const layer = (nodeId, norm, meanAbs, flag = null) => ({ path: nodeId, nodeId, params: [], outputGradNorm: norm, outputGradMeanAbs: meanAbs, activation: null, flag });

describe('live store', () => {
  test('appends each measured step to the gradient history and styles edges from the latest snapshot', () => {
    clearLive();
    ingestSnapshot(snapshot(1, [layer('a', 0.5, 1e-4)]));
    ingestSnapshot(snapshot(1, [layer('a', 0.5, 1e-4)])); // same step again: not appended twice
    ingestSnapshot(snapshot(2, [layer('a', 0.25, 1e-7, 'vanishing')]));
    assert.deepEqual(liveStore.get().gradHistory.get('a'), [0.5, 0.25]);
    const style = edgeGradientStyle('a');
    assert.equal(style.stroke, gradColor(0));
    assert.match(style.title, /a/);
    assert.equal(edgeGradientStyle('no-such-node'), null);
    for (let s = 3; s < 3 + GRAD_HISTORY_LENGTH + 5; s++) ingestSnapshot(snapshot(s, [layer('a', s, 1e-3)]));
    assert.equal(liveStore.get().gradHistory.get('a').length, GRAD_HISTORY_LENGTH);
  });
});

describe('chart smoothing', () => {
  test('debiased exponential moving average, hand-computed', () => {
    // w = 0.5: s1 = 0.5*2 / 0.5 = 2; s2 = (0.5*1 + 0.5*4) / 0.75 = 3.333…
    const out = smooth([2, 4], 0.5);
    assert.equal(out[0], 2);
    assert.ok(Math.abs(out[1] - 10 / 3) < 1e-12);
  });
});
