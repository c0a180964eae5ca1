// OneCycleLR (stepped after every batch) and ReduceLROnPlateau (stepped on a metric) as optimizer-node schedules:
// the learning rates our compiled graph goes through equal those of the generated PyTorch code, the trainers step
// at the right moments, the generated script runs, and wrong settings get teaching diagnostics.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import '../../core/index.ts';
import { compile } from '../../core/graph/compile.ts';
import { CompileError } from '../../core/graph/plan.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { validate } from '../../core/graph/validate.ts';
import { setTraining } from '../../core/graph/actions.ts';
import { loadDataset } from '../../core/graph/dataset-load.ts';
import { trainEpoch } from '../../core/graph/trainer.ts';
import { TrainingSession } from '../../core/session/session.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import { chainGraph } from './helpers.ts';
import { run as runCli } from '../cli/run.ts';
import { PYTHON, requireTorch, runPython } from './torch.ts';

const MLP: Parameters<typeof chainGraph>[1] = [['fc1', 'Linear', { out_features: 8 }], ['act', 'Tanh'], ['fc2', 'Linear', { out_features: 3 }]];

function graph(opt: string, params: Record<string, ParamValue>, training: Partial<GraphDocument['training']> = {}): GraphDocument {
  const doc = chainGraph({ dataset: 'spirals', samples: 120 }, MLP, 'CrossEntropyLoss', opt, params);
  return setTraining(doc, { epochs: 3, batch_size: 16, ...training });
}

/** Writes the generated file and runs `script` with it importable as `gen`; returns the parsed JSON it prints. */
function python(doc: GraphDocument, script: string): any {
  const dir = mkdtempSync(join(tmpdir(), 'ns-sched-'));
  writeFileSync(join(dir, 'gen.py'), generate_pytorch(doc));
  return JSON.parse(runPython(`import sys, json, torch\nsys.path.insert(0, ${JSON.stringify(dir)})\nimport gen\n${script}`));
}

const ONE_CYCLE_CASES: Array<[string, string, Record<string, ParamValue>]> = [
  ['SGD, cosine, momentum cycled', 'SGD', { momentum: 0.9, scheduler: 'OneCycleLR', max_lr: 0.2 }],
  ['Adam, linear, three phases, beta1 cycled', 'Adam', { scheduler: 'OneCycleLR', max_lr: 0.05, anneal_strategy: 'linear', three_phase: true, pct_start: 0.25, div_factor: 10, final_div_factor: 100 }],
  ['Adagrad without momentum cycling', 'Adagrad', { scheduler: 'OneCycleLR', max_lr: 0.1, cycle_momentum: false, base_momentum: 0.8, max_momentum: 0.9 }],
];

describe('OneCycleLR', () => {
  for (const [label, opt, params] of ONE_CYCLE_CASES) {
    it(`${label}: lr and momentum after every batch equal PyTorch's`, () => {
      requireTorch();
      const doc = graph(opt, params);
      const steps = 5;
      const c = compile(doc, { stepsPerEpoch: steps });
      expect(c.schedule).toEqual({ interval: 'batch', monitor: null });
      const ours: Array<[number, number | null]> = [];
      const mom = (g: any) => (g.betas ? g.betas[0] : g.momentum ?? null);
      ours.push([c.optimizer.param_groups[0].lr, mom(c.optimizer.param_groups[0])]);
      for (let i = 0; i < steps * doc.training.epochs; i++) {
        c.optimizer.step();
        c.stepSchedule('batch');
        if ((i + 1) % steps === 0) c.stepSchedule('epoch', { trainLoss: 1, trainAccuracy: 0.5 }); // must not step it
        ours.push([c.optimizer.param_groups[0].lr, mom(c.optimizer.param_groups[0])]);
      }
      const theirs = python(doc, `
net = gen.Net()
opt, sched = gen.make_optimizer(net, steps_per_epoch=${steps})
g = opt.param_groups[0]
mom = lambda g: g["betas"][0] if "betas" in g else g.get("momentum")
out = [[g["lr"], mom(g)]]
for _ in range(${steps} * gen.EPOCHS):
    opt.step()
    sched.step()
    out.append([g["lr"], mom(g)])
print(json.dumps(out))`) as Array<[number, number | null]>;
      expect(theirs).toHaveLength(ours.length);
      ours.forEach(([lr, m], i) => {
        expect(lr, `lr after ${i} batches`).toBeCloseTo(theirs[i][0], 12);
        if (theirs[i][1] === null) expect(m).toBeNull();
        else expect(m!, `momentum after ${i} batches`).toBeCloseTo(theirs[i][1]!, 12);
      });
    });
  }

  it('compiles without the batches per epoch for export (no scheduler), and training such a compile says what is missing', () => {
    const doc = graph('SGD', { momentum: 0.9, scheduler: 'OneCycleLR' });
    const c = compile(doc);
    expect(c.scheduler).toBeNull();
    expect(c.schedule).toEqual({ interval: 'batch', monitor: null });
    c.stepSchedule('epoch', { trainLoss: 1, trainAccuracy: null }); // not its moment: nothing to do
    expect(() => c.stepSchedule('batch')).toThrow(CompileError);
    expect(() => c.stepSchedule('batch')).toThrow(/OneCycleLR steps after every batch, so training needs the number of batches per epoch/);
  });

  it('the trainer steps it after every batch: one epoch advances it by the number of batches', () => {
    const doc = graph('SGD', { momentum: 0.9, scheduler: 'OneCycleLR', max_lr: 0.1 });
    const data = loadDataset(validate(doc).nodes.data.params, {}, doc.training.seed);
    const steps = Math.ceil(data.xTrain.shape[0] / doc.training.batch_size);
    const c = compile(doc, { stepsPerEpoch: steps });
    trainEpoch(c, data.xTrain, data.yTrain, { batchSize: doc.training.batch_size, seed: 0, epoch: 1 });
    expect(c.scheduler.last_epoch).toBe(steps);
  });

  it('the generated script trains with it (steps_per_epoch from the data) and make_optimizer explains a missing count', () => {
    requireTorch();
    const doc = graph('SGD', { momentum: 0.9, scheduler: 'OneCycleLR', max_lr: 0.3 }, { epochs: 4 });
    const code = generate_pytorch(doc);
    expect(code).toContain('scheduler = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.3, epochs=EPOCHS, steps_per_epoch=steps_per_epoch)');
    expect(code).toContain('optimizer, scheduler = make_optimizer(model, steps_per_epoch=math.ceil(len(x_train) / BATCH_SIZE))');
    const dir = mkdtempSync(join(tmpdir(), 'ns-sched-run-'));
    writeFileSync(join(dir, 'model.py'), code);
    const r = spawnSync(PYTHON, ['model.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/epoch 4\/4: loss \d+\.\d{4}/);
    const missing = spawnSync(PYTHON, ['-c', 'import model; model.make_optimizer(model.Net())'], { cwd: dir, encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('OneCycleLR steps after every batch: pass steps_per_epoch=math.ceil(len(x_train) / BATCH_SIZE)');
  }, 180_000);

  it('netsketch train runs it, and refuses to resume a checkpoint planned for another run length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-sched-cli-'));
    const g = join(dir, 'g.json');
    writeFileSync(g, JSON.stringify(graph('SGD', { momentum: 0.9, scheduler: 'OneCycleLR', max_lr: 0.2 })));
    const ckpt = join(dir, 'run.ckpt');
    const first = await runCli('train', g, '--epochs', '2', '--checkpoint', ckpt, '--out', join(dir, 'w.pt'), '--backend', 'js');
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/epoch 2\/2: loss \d\.\d{4}/);
    const same = await runCli('train', g, '--epochs', '2', '--checkpoint', ckpt, '--out', join(dir, 'w2.pt'), '--backend', 'js');
    expect(same.code, same.err).toBe(0);
    expect(same.out).toContain('after epoch 2.');
    const longer = await runCli('train', g, '--epochs', '4', '--checkpoint', ckpt, '--out', join(dir, 'w3.pt'), '--backend', 'js');
    expect(longer.code).toBe(1);
    expect(longer.err).toMatch(/Cannot resume from .*run\.ckpt: its OneCycleLR schedule was planned over 12 batches, but 4 epochs of batch size 16 need 24\. Resume with the epochs and batch size of the run that wrote it, or delete the checkpoint/);
  });

  it('the session plans it over the run, re-plans before the first step, and refuses a new run length mid-run', async () => {
    const doc = graph('SGD', { momentum: 0.9, scheduler: 'OneCycleLR', max_lr: 0.1 });
    const s = new TrainingSession();
    const info = await s.load(doc);
    expect(info.ok).toBe(true);
    s.setEpochs(2);
    s.setBatchSize(32);
    const c = (s as unknown as { c: { scheduler: { total_steps: number } } }).c;
    expect(c.scheduler.total_steps).toBe(2 * Math.ceil(info.trainSamples / 32));
    await s.step();
    s.setEpochs(2); // the app re-applies unchanged settings before every call: not a change
    s.setBatchSize(32);
    expect(() => s.setEpochs(5)).toThrow(/cannot change during training with OneCycleLR/);
    expect(() => s.setBatchSize(8)).toThrow(/cannot change during training with OneCycleLR/);
    await s.start();
    const done = await s.waitUntilIdle();
    expect(done.state).toBe('finished');
    expect((s as unknown as { c: { scheduler: { last_epoch: number } } }).c.scheduler.last_epoch).toBe(c.scheduler.total_steps);
  });
});

describe('ReduceLROnPlateau', () => {
  const params = { scheduler: 'ReduceLROnPlateau', patience: 1, factor: 0.5, cooldown: 1, threshold: 0.01, min_lr: 0.01 };
  const metrics = [1.0, 0.95, 0.949, 0.948, 0.947, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5, 0.5];

  it('lowers the lr on the same epochs as PyTorch, from the validation loss (training loss without a split)', () => {
    requireTorch();
    const doc = graph('SGD', { ...params, lr: 0.1 });
    const c = compile(doc);
    expect(c.schedule).toEqual({ interval: 'epoch', monitor: 'loss' });
    const ours: number[] = [];
    for (const m of metrics) {
      c.stepSchedule('batch'); // must not step it
      c.stepSchedule('epoch', { trainLoss: 99, trainAccuracy: null, valLoss: m, valAccuracy: null });
      ours.push(c.optimizer.param_groups[0].lr);
    }
    const c2 = compile(doc);
    const fromTrain = metrics.map((m) => { c2.stepSchedule('epoch', { trainLoss: m, trainAccuracy: null }); return c2.optimizer.param_groups[0].lr; });
    const theirs = python(doc, `
net = gen.Net()
opt, sched = gen.make_optimizer(net)
out = []
for m in ${JSON.stringify(metrics)}:
    sched.step(m)
    out.append(opt.param_groups[0]["lr"])
print(json.dumps(out))`) as number[];
    expect(new Set(theirs).size).toBeGreaterThan(2); // the case really lowers the lr, more than once
    ours.forEach((lr, i) => expect(lr, `epoch ${i + 1}`).toBeCloseTo(theirs[i], 12));
    fromTrain.forEach((lr, i) => expect(lr, `epoch ${i + 1} (training loss)`).toBeCloseTo(theirs[i], 12));
  });

  it('watching the accuracy in mode max', () => {
    requireTorch();
    const doc = graph('Adam', { ...params, monitor: 'accuracy', mode: 'max' }, { validation_split: 0.2 });
    expect(validate(doc).diagnostics.filter((d) => d.nodeId === 'opt')).toEqual([]);
    const c = compile(doc);
    const accs = metrics.map((m) => 1 - m);
    const ours = accs.map((a) => { c.stepSchedule('epoch', { trainLoss: 5, trainAccuracy: 0, valLoss: 5, valAccuracy: a }); return c.optimizer.param_groups[0].lr; });
    const theirs = python(doc, `
opt, sched = gen.make_optimizer(gen.Net())
out = []
for a in ${JSON.stringify(accs)}:
    sched.step(a)
    out.append(opt.param_groups[0]["lr"])
print(json.dumps(out))`) as number[];
    ours.forEach((lr, i) => expect(lr, `epoch ${i + 1}`).toBeCloseTo(theirs[i], 12));
  });

  it('the generated script steps it on the validation loss, or the epoch training loss', () => {
    requireTorch();
    for (const split of [0, 0.25]) {
      const doc = graph('SGD', { ...params, lr: 0.5, patience: 0 }, { epochs: 3, validation_split: split });
      const code = generate_pytorch(doc);
      expect(code).toContain('scheduler.step(val_loss if n_val > 0 else running_loss / len(x_train))');
      const dir = mkdtempSync(join(tmpdir(), 'ns-plateau-run-'));
      writeFileSync(join(dir, 'model.py'), code);
      const r = spawnSync(PYTHON, ['model.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/epoch 3\/3: loss \d+\.\d{4}/);
    }
  }, 180_000);
});

describe('schedule diagnostics', () => {
  const diag = (doc: GraphDocument) => validate(doc).diagnostics.filter((d) => d.nodeId === 'opt').map((d) => `${d.severity}: ${d.message} Fix: ${d.fix}`);

  it('OneCycleLR cycling momentum on an optimizer without one', () => {
    const d = diag(graph('Adadelta', { scheduler: 'OneCycleLR' }));
    expect(d).toEqual([expect.stringMatching(/^error: Adadelta 'opt' uses OneCycleLR with cycle_momentum, but Adadelta has no momentum \(or beta1\) to cycle; PyTorch refuses this\. Fix: Turn cycle_momentum off/)]);
    expect(diag(graph('Adadelta', { scheduler: 'OneCycleLR', cycle_momentum: false }))).toEqual([]);
  });

  it('OneCycleLR momentum range upside down', () => {
    expect(diag(graph('SGD', { scheduler: 'OneCycleLR', base_momentum: 0.99, max_momentum: 0.9 }))).toEqual([
      expect.stringMatching(/^warning: SGD 'opt': base_momentum \(0\.99\) is above max_momentum \(0\.9\)/),
    ]);
  });

  it('ReduceLROnPlateau: mode against monitor, accuracy without validation data or without accuracy', () => {
    expect(diag(graph('SGD', { scheduler: 'ReduceLROnPlateau', mode: 'max' }))).toEqual([
      expect.stringMatching(/^warning: SGD 'opt' watches the loss with mode 'max', so it treats a rising loss as an improvement\. Fix: Set mode to 'min'/),
    ]);
    expect(diag(graph('SGD', { scheduler: 'ReduceLROnPlateau', monitor: 'accuracy', mode: 'max' }))).toEqual([
      expect.stringMatching(/^error: The ReduceLROnPlateau schedule of SGD 'opt' watches the validation accuracy, but the training settings hold out no validation data\. Fix: Set the validation split/),
    ]);
    let sine = chainGraph({ dataset: 'sine' }, [['fc', 'Linear', { out_features: 1 }]], 'MSELoss', 'SGD', { scheduler: 'ReduceLROnPlateau', monitor: 'accuracy', mode: 'max' });
    sine = setTraining(sine, { validation_split: 0.2 });
    expect(diag(sine)).toEqual([expect.stringMatching(/^error: The ReduceLROnPlateau schedule of SGD 'opt' watches the accuracy, but MSELoss 'loss' measures no accuracy for this task\. Fix: Set monitor to 'loss'/)]);
  });
});
