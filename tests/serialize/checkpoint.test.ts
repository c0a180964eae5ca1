/**
 * Proof 3: an optimizer state_dict built by us in PyTorch's layout (SGD with momentum in a checkpoint, Adam in an
 * optimizer-only file) loads into real torch.optim with load_state_dict, and the next step matches the update
 * formula applied to the loaded state and is deterministic. The weights file loads with weights_only=True.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, load_checkpoint, save_checkpoint, save_optimizer, save_weights, OrderedDict, PyTuple, SerializationError } from '../../core/serialize/index.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { runPy, tempDir, tensor, tensorHex } from './helpers.ts';

const weight = tensor('float32', [2, 3], [0.1, -0.2, 0.3, 0.4, -0.5, 0.6]);
const bias = tensor('float32', [2], [0.01, -0.02]);
const model = { state_dict: () => new Map<string, Tensor>([['weight', weight], ['bias', bias]]) };

const sgd = {
  state: new Map([
    [0, new Map([['momentum_buffer', tensor('float32', [2, 3], [1, 2, 3, 4, 5, 6])]])],
    [1, new Map([['momentum_buffer', tensor('float32', [2], [-1, 0.5])]])],
  ]),
  param_groups: [{ lr: 0.1, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, foreach: null, differentiable: false, params: [0, 1] }],
};

const adam = new Map<string, unknown>([
  ['state', new Map([
    [0, new Map<string, Tensor>([['step', tensor('float32', [], [3])], ['exp_avg', tensor('float32', [2, 3], [0.1, 0.2, 0.3, -0.1, -0.2, -0.3])], ['exp_avg_sq', tensor('float32', [2, 3], [0.01, 0.02, 0.03, 0.04, 0.05, 0.06])]])],
    [1, new Map<string, Tensor>([['step', tensor('float32', [], [3])], ['exp_avg', tensor('float32', [2], [0.5, -0.5])], ['exp_avg_sq', tensor('float32', [2], [0.25, 0.125])]])],
  ])],
  ['param_groups', [new Map<string, unknown>([['lr', 1], ['betas', [0.9, 0.999]], ['eps', 1e-8], ['weight_decay', 0], ['amsgrad', false], ['maximize', false], ['foreach', null], ['capturable', false], ['differentiable', false], ['fused', null], ['params', [0, 1]]])]],
]);

describe('checkpoints and optimizer state in real torch.optim', () => {
  const dir = tempDir();
  const ckptFile = join(dir, 'ckpt.pt');
  const adamFile = join(dir, 'adam.pt');
  const weightsFile = join(dir, 'weights.pt');
  const ckptBytes = save_checkpoint({ model, optimizer: sgd, epoch: 4, history: { loss: [0.5, 0.25] } });
  writeFileSync(ckptFile, ckptBytes);
  writeFileSync(adamFile, save_optimizer(adam));
  writeFileSync(weightsFile, save_weights(model));

  it('SGD (checkpoint) and Adam (optimizer file) load into torch.optim and step as the formulas say', () => {
    const r = runPy('optim_check.py', [ckptFile, adamFile, weightsFile]);
    expect(r.weights_keys).toEqual(['weight', 'bias']);
    expect(r.ckpt_keys).toEqual(['model', 'optimizer', 'epoch', 'history', 'app']);
    expect(r.epoch).toBe(4);
    expect(r.history).toEqual({ loss: [0.5, 0.25] });
    expect(r.app).toEqual({ format: 'netsketch-checkpoint', version: 1 });
    // PyTorch 1.13 cannot read floats with weights_only=True: the documented reason weights travel separately
    expect(r.ckpt_weights_only_1_13).toBe('UnpicklingError');
    expect(r.sgd_group_types).toMatchObject({ lr: 'float', momentum: 'float', dampening: 'float', weight_decay: 'float', nesterov: 'bool', foreach: 'NoneType', params: 'list' });
    expect(r.sgd_lr_momentum).toEqual([0.1, 0.9]);
    expect(r.sgd_matches_formula).toBe(true);
    expect(r.sgd_deterministic).toBe(true);
    expect(r.adam_betas_type).toBe('tuple');
    expect(r.adam_group.lr).toBe(1);
    expect(r.adam_group.eps).toBe(1e-8);
    expect(r.adam_steps_after).toEqual([4, 4]);
    expect(r.adam_matches_formula).toBe(true);
    expect(r.adam_deterministic).toBe(true);
  });

  it('load_checkpoint restores into targets and returns every entry', () => {
    const got: Record<string, unknown> = {};
    const target = (k: string) => ({ state_dict: () => null, load_state_dict: (s: unknown) => { got[k] = s; } });
    const c = load_checkpoint(ckptBytes, { model: target('model'), optimizer: target('optimizer') });
    expect(c.epoch).toBe(4);
    const m = got.model as OrderedDict<string, Tensor>;
    expect(m).toBeInstanceOf(OrderedDict);
    expect(tensorHex(m.get('weight')!)).toBe(tensorHex(weight));
    // optimizers receive core/optim's shape: { state: Map<int, {…}>, param_groups: [{…}] }
    const opt = got.optimizer as { state: Map<number, any>; param_groups: any[] };
    expect(opt.param_groups[0].lr).toBe(0.1);
    expect(opt.param_groups[0].params).toEqual([0, 1]);
    expect(tensorHex(opt.state.get(1)!.momentum_buffer)).toBe(tensorHex(sgd.state.get(1)!.get('momentum_buffer')!));
    expect(() => load_checkpoint(save_weights(model), { optimizer: target('optimizer') })).toThrow(SerializationError);
  });

  it('state given as a plain object (string keys) is keyed by int parameter ids, as torch needs', () => {
    const o = load(save_optimizer({ state: { 0: { momentum_buffer: weight } }, param_groups: [{ lr: 0.1, params: [0] }] })) as Map<string, any>;
    expect([...o.get('state').keys()]).toEqual([0]);
    expect(o.get('param_groups')[0].get('lr')).toBe(0.1);
  });

  it('betas stay a tuple and integral hyperparameters become floats; weights files refuse floats', () => {
    const a = load(save_optimizer(adam)) as Map<string, any>;
    expect(a.get('param_groups')[0].get('betas')).toBeInstanceOf(PyTuple);
    expect(() => save_weights({ state_dict: () => new Map<string, unknown>([['w', weight], ['lr', 0.5]]) as Map<string, Tensor> })).toThrow(/not a Tensor/);
  });
});
