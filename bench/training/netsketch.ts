// Netsketch side of the training benchmark: the three workloads (W1 MLP, W2 LeNet-5, W3 small CNN) as nn modules,
// one training step each (zero_grad, forward, CrossEntropyLoss, backward, SGD step, loss read back).
import { torch } from '../../core/index.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import type { Module } from '../../core/nn/module.ts';

const nn = torch.nn;

export interface TrainingWorkload {
  id: 'W1' | 'W2' | 'W3';
  name: string;
  batch: number;
  /** Input shape without the batch dimension. */
  input: number[];
  classes: number;
}

export const WORKLOADS: TrainingWorkload[] = [
  { id: 'W1', name: 'W1 MLP 784-256-128-10 (b64)', batch: 64, input: [784], classes: 10 },
  { id: 'W2', name: 'W2 LeNet-5 1×28×28 (b64)', batch: 64, input: [1, 28, 28], classes: 10 },
  { id: 'W3', name: 'W3 small CNN 3×32×32 (b32)', batch: 32, input: [3, 32, 32], classes: 10 },
];

/** The model of a workload (the same layers as bench/training/torch_ref.py and the tfjs models). */
export function buildModel(id: TrainingWorkload['id']): Module {
  if (id === 'W1') {
    return new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
  }
  if (id === 'W2') {
    return new nn.Sequential(
      new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Linear(400, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10),
    );
  }
  return new nn.Sequential(
    new nn.Conv2d(3, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.Conv2d(32, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(4096, 128), new nn.ReLU(), new nn.Linear(128, 10),
  );
}

/** A closure running one SGD training step of the workload on a fixed random batch; returns the loss. */
export function netsketchStep(w: TrainingWorkload, seed = 0): () => number {
  torch.manual_seed(seed);
  const model = buildModel(w.id);
  const x: Tensor = torch.randn([w.batch, ...w.input]);
  const y: Tensor = torch.randint(0, w.classes, [w.batch]);
  const lossFn = new nn.CrossEntropyLoss();
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.01 });
  model.train();
  return () => {
    opt.zero_grad();
    const loss: Tensor = lossFn.call(model.call(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
}
