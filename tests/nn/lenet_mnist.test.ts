/**
 * End to end: LeNet-5 (conv → relu → max-pool, twice, then three linear layers) trains for one epoch on the 8,000
 * MNIST training digits with SGD and classifies the 2,000 held-out digits well. Exercises conv/pool forward and
 * both backward passes at realistic sizes through the active backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMnistAsset, mnistSplit, MNIST_ASSET_PATH, MNIST_MEAN, MNIST_STD, type MnistSplit } from '../../core/data/sources/mnist.ts';
import { SGD } from '../../core/optim/sgd.ts';
import { HERE, torch, nn, Tensor } from './helpers.ts';

const F = nn.functional;
const root = join(HERE, '..', '..');

class LeNet5 extends nn.Module {
  conv1 = new nn.Conv2d(1, 6, 5, { padding: 2 });
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  override forward(x: Tensor): Tensor {
    x = F.max_pool2d(F.relu(this.conv1.call(x)), 2);
    x = F.max_pool2d(F.relu(this.conv2.call(x)), 2);
    x = x.flatten(1);
    return this.fc3.call(F.relu(this.fc2.call(F.relu(this.fc1.call(x)))));
  }
}

function batch(s: MnistSplit, order: number[], from: number, to: number): { x: Tensor; y: Tensor } {
  const n = to - from;
  const x = torch.zeros(n, 1, 28, 28);
  const xd = x._storage.data;
  const y = torch.zeros([n], { dtype: 'int64' });
  for (let i = 0; i < n; i++) {
    const k = order[from + i];
    for (let p = 0; p < 784; p++) xd[i * 784 + p] = (s.images[k * 784 + p] / 255 - MNIST_MEAN) / MNIST_STD;
    y._storage.data[i] = s.labels[k];
  }
  return { x, y };
}

let train: MnistSplit, test: MnistSplit;
beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-assets.mjs')], { cwd: root });
  const data = decodeMnistAsset(new Uint8Array(readFileSync(join(root, MNIST_ASSET_PATH))));
  train = mnistSplit(data, 'train');
  test = mnistSplit(data, 'test');
});

describe('LeNet-5 on MNIST', () => {
  it('one epoch on 8,000 digits reaches > 85 % test accuracy (PyTorch, same seed and order: 90.5 %)', () => {
    torch.manual_seed(0);
    const net = new LeNet5();
    const BS = 64;
    const opt = new SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
    const order = Array.from({ length: train.count }, (_, i) => i);
    const started = Date.now();
    let lastLoss = Infinity;
    for (let i = 0; i < train.count; i += BS) {
      const { x, y } = batch(train, order, i, Math.min(i + BS, train.count));
      opt.zero_grad();
      const loss = F.cross_entropy(net.call(x), y);
      loss.backward();
      opt.step();
      lastLoss = loss.item();
    }
    const trainMs = Date.now() - started;
    net.eval();
    let correct = 0;
    const testOrder = Array.from({ length: test.count }, (_, i) => i);
    torch.no_grad(() => {
      for (let i = 0; i < test.count; i += 500) {
        const { x, y } = batch(test, testOrder, i, Math.min(i + 500, test.count));
        correct += net.call(x).argmax(1).eq(y).sum().item();
      }
    });
    const acc = correct / test.count;
    console.log(`LeNet-5 epoch on ${train.count} digits: ${(trainMs / 1000).toFixed(1)} s, last loss ${lastLoss.toFixed(3)}, test accuracy ${(100 * acc).toFixed(1)} %`);
    expect(Number.isFinite(lastLoss)).toBe(true);
    expect(acc).toBeGreaterThan(0.85);
  }, 600_000);
});
