"""Load our checkpoint / optimizer / weights files into real torch.optim and step once.

usage: optim_check.py CHECKPOINT(SGD) OPTIMIZER(Adam) WEIGHTS → JSON report.
The expected step is computed independently from the loaded state with the textbook update formulas.
"""
import json
import sys

import torch

ckpt_path, adam_path, weights_path = sys.argv[1:4]
report = {}
torch.manual_seed(0)
GRADS = [torch.tensor([[0.5, -1.0, 0.25], [2.0, 0.0, -0.75]]), torch.tensor([0.125, -0.5])]


def fresh(state):
    model = torch.nn.Linear(3, 2)
    model.load_state_dict(state, strict=True)
    return model


def set_grads(model):
    for p, g in zip(model.parameters(), GRADS):
        p.grad = g.clone()


# --- weights file: must load with weights_only=True on 1.13 ---
weights = torch.load(weights_path, weights_only=True)
report['weights_keys'] = list(weights.keys())

# --- checkpoint with SGD momentum (floats inside: 1.13 needs weights_only=False) ---
try:
    torch.load(ckpt_path, weights_only=True)
    report['ckpt_weights_only_1_13'] = 'loaded'
except Exception as e:
    report['ckpt_weights_only_1_13'] = type(e).__name__
ckpt = torch.load(ckpt_path, weights_only=False)
report['ckpt_keys'] = list(ckpt.keys())
report['epoch'] = ckpt['epoch']
report['history'] = ckpt['history']
report['app'] = ckpt['app']
g = ckpt['optimizer']['param_groups'][0]
report['sgd_group_types'] = {k: type(v).__name__ for k, v in g.items()}


def sgd_step():
    model = fresh(ckpt['model'])
    opt = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.5)  # constructor values are overridden by the file
    opt.load_state_dict(ckpt['optimizer'])
    set_grads(model)
    before = [p.detach().clone() for p in model.parameters()]
    bufs = [opt.state[p]['momentum_buffer'].clone() for p in model.parameters()]
    opt.step()
    lr, mom = opt.param_groups[0]['lr'], opt.param_groups[0]['momentum']
    expected = [p0 - lr * (mom * b + gr) for p0, b, gr in zip(before, bufs, GRADS)]
    return [p.detach() for p in model.parameters()], expected, lr, mom


a1, exp1, lr, mom = sgd_step()
a2, _, _, _ = sgd_step()
report['sgd_lr_momentum'] = [lr, mom]
report['sgd_matches_formula'] = all(torch.allclose(a, e, rtol=0, atol=1e-6) for a, e in zip(a1, exp1))
report['sgd_deterministic'] = all(torch.equal(x, y) for x, y in zip(a1, a2))
report['sgd_after'] = [t.flatten().tolist() for t in a1]

# --- optimizer-only file with Adam ---
adam_state = torch.load(adam_path, weights_only=False)
report['adam_group'] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in adam_state['param_groups'][0].items()}
report['adam_betas_type'] = type(adam_state['param_groups'][0]['betas']).__name__


def adam_step():
    model = fresh(weights)
    opt = torch.optim.Adam(model.parameters(), lr=0.5)
    opt.load_state_dict(adam_state)
    set_grads(model)
    grp = opt.param_groups[0]
    lr, (b1, b2), eps = grp['lr'], grp['betas'], grp['eps']
    expected = []
    for p, gr in zip(model.parameters(), GRADS):
        st = opt.state[p]
        step = float(st['step']) + 1
        m = b1 * st['exp_avg'] + (1 - b1) * gr
        v = b2 * st['exp_avg_sq'] + (1 - b2) * gr * gr
        bc1, bc2 = 1 - b1 ** step, 1 - b2 ** step
        expected.append(p.detach() - (lr / bc1) * m / ((v.sqrt() / bc2 ** 0.5) + eps))
    opt.step()
    steps = [float(opt.state[p]['step']) for p in model.parameters()]
    return [p.detach().clone() for p in model.parameters()], expected, steps


b1_, expb, steps = adam_step()
b2_, _, _ = adam_step()
report['adam_steps_after'] = steps
report['adam_matches_formula'] = all(torch.allclose(a, e, rtol=1e-6, atol=1e-7) for a, e in zip(b1_, expb))
report['adam_deterministic'] = all(torch.equal(x, y) for x, y in zip(b1_, b2_))
print(json.dumps(report))
