"""Optimizer and LR-scheduler fixtures from real PyTorch 1.13.

Run: /usr/bin/python3 tests/optim/make_fixtures.py > tests/optim/fixtures.json
Two parameters (3x4 and 5) receive the same fixed gradients for 20 steps under every optimizer configuration; we
record the parameters after steps 1, 5 and 20, and the structure of state_dict(). Schedulers record get_last_lr()
(and momentum/betas for OneCycleLR) for 30 steps plus their state_dict.
"""
import json
import sys

import torch
from torch import optim
from torch.optim import lr_scheduler as S

torch.manual_seed(0)
P0, P1 = torch.randn(3, 4), torch.randn(5)
STEPS = 20
GRADS = [(torch.randn(3, 4), torch.randn(5) * 0.1) for _ in range(STEPS)]
RECORD = [1, 5, 20]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def describe(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""), "values": flat(v)}
    if isinstance(v, tuple):
        return [describe(x) for x in v]
    return v


def describe_sd(sd):
    return {"state": {str(k): {kk: describe(vv) for kk, vv in s.items()} for k, s in sd["state"].items()},
            "param_groups": [{k: describe(v) for k, v in g.items()} for g in sd["param_groups"]]}


CONFIGS = [
    ("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.1, "momentum": 0.9}), ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}), ("SGD", {"lr": 0.1, "weight_decay": 0.1, "maximize": True}),
    ("SGD", {"lr": 0.1, "momentum": 0.5, "maximize": True}),
    ("Adam", {}), ("Adam", {"lr": 0.01}), ("Adam", {"lr": 0.01, "amsgrad": True}), ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "maximize": True}), ("Adam", {"lr": 0.02, "betas": (0.8, 0.9), "eps": 1e-6}),
    ("AdamW", {"lr": 0.01}), ("AdamW", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}), ("AdamW", {"lr": 0.01, "maximize": True}),
    ("RMSprop", {}), ("RMSprop", {"momentum": 0.9}), ("RMSprop", {"centered": True}),
    ("RMSprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.1}), ("RMSprop", {"alpha": 0.9, "maximize": True}),
    ("Adagrad", {}), ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}), ("Adagrad", {"initial_accumulator_value": 0.1, "weight_decay": 0.1}),
    ("Adagrad", {"maximize": True}),
    ("Adadelta", {}), ("Adadelta", {"lr": 0.5, "rho": 0.8}), ("Adadelta", {"weight_decay": 0.1, "maximize": True}),
    ("Adamax", {}), ("Adamax", {"lr": 0.01, "weight_decay": 0.1}), ("Adamax", {"maximize": True}),
    ("NAdam", {}), ("NAdam", {"lr": 0.01, "momentum_decay": 0.01}), ("NAdam", {"weight_decay": 0.1}),
    ("RAdam", {}), ("RAdam", {"lr": 0.01, "weight_decay": 0.1}), ("RAdam", {"betas": (0.8, 0.95)}),
    ("Rprop", {}), ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-4, 0.2)}), ("Rprop", {"maximize": True}),
    ("ASGD", {}), ("ASGD", {"lr": 0.05, "lambd": 1e-3, "alpha": 0.5, "t0": 5, "weight_decay": 0.1}), ("ASGD", {"maximize": True, "t0": 3}),
]


def run(name, kwargs, groups):
    p0, p1 = P0.clone().requires_grad_(), P1.clone().requires_grad_()
    params = [{"params": [p0]}, {"params": [p1], "lr": 0.003}] if groups else [p0, p1]
    opt = getattr(optim, name)(params, **kwargs)
    snaps = {}
    for i, (g0, g1) in enumerate(GRADS, 1):
        opt.zero_grad()
        p0.grad, p1.grad = g0.clone(), g1.clone()
        opt.step()
        if i in RECORD:
            snaps[str(i)] = [flat(p0), flat(p1)]
    return {"optimizer": name, "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()},
            "groups": groups, "params": snaps, "state_dict": describe_sd(opt.state_dict())}


A = torch.randn(4, 6)
B = torch.randn(3, 6)
C5 = torch.randn(5)
W5 = torch.rand(5) + 0.5


def lbfgs_case(kwargs, steps):
    p0, p1 = P0.clone().requires_grad_(), P1.clone().requires_grad_()
    opt = optim.LBFGS([p0, p1], **kwargs)
    losses = []

    def closure():
        opt.zero_grad()
        loss = ((p0 @ A - B) ** 2).mean() + (((p1 - C5) ** 2) * W5).sum() + (p1 ** 4).sum() * 0.01
        loss.backward()
        return loss
    for _ in range(steps):
        losses.append(float(opt.step(closure)))
    st = opt.state[p0]
    return {"kwargs": kwargs, "steps": steps, "params": [flat(p0), flat(p1)], "losses": losses,
            "func_evals": st["func_evals"], "n_iter": st["n_iter"]}


lbfgs = [lbfgs_case({}, 1), lbfgs_case({"lr": 0.5, "max_iter": 5}, 4), lbfgs_case({"history_size": 3, "max_iter": 7}, 2),
         lbfgs_case({"lr": 0.8, "max_iter": 4, "max_eval": 3, "tolerance_change": 1e-5}, 3),
         lbfgs_case({"line_search_fn": "strong_wolfe", "max_iter": 6}, 2), lbfgs_case({"line_search_fn": "strong_wolfe", "lr": 2.0, "history_size": 4}, 1)]

optimizers = [run(n, k, False) for n, k in CONFIGS]
optimizers += [run(n, k, True) for n, k in [("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {"lr": 0.01}), ("RMSprop", {"centered": True})]]


def sched_case(label, make_opt, make_sched, steps=30, metrics=None):
    p0, p1 = P0.clone().requires_grad_(), P1.clone().requires_grad_()
    opt = make_opt([{"params": [p0]}, {"params": [p1], "lr": 0.05}])
    sch = make_sched(opt)
    lrs = [list(sch.get_last_lr()) if hasattr(sch, "get_last_lr") and hasattr(sch, "_last_lr") else [g["lr"] for g in opt.param_groups]]
    moms = []
    for i in range(steps):
        opt.step()
        if metrics is not None:
            sch.step(metrics[i])
        else:
            sch.step()
        lrs.append(list(sch._last_lr))
        g = opt.param_groups[0]
        moms.append(g["betas"][0] if "betas" in g else g.get("momentum"))
    sd = {k: v for k, v in sch.state_dict().items() if k not in ("anneal_func", "_scale_fn_ref", "_scale_fn_custom")}
    sd = {k: (dict(v) if k == "milestones" else v) for k, v in sd.items()}
    sd = {k: ({str(kk): vv for kk, vv in v.items()} if isinstance(v, dict) else v) for k, v in sd.items()}
    return {"label": label, "lrs": lrs, "momentum": moms, "state_dict": sd}


def sgd(groups):
    return optim.SGD(groups, lr=0.1, momentum=0.9)


def adam(groups):
    return optim.Adam(groups, lr=0.1)


PLATEAU = [1.0, 0.9, 0.95, 0.95, 0.96, 0.97, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49999, 0.5,
           0.6, 0.7, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]
schedulers = [
    sched_case("StepLR(step_size=3, gamma=0.5)", sgd, lambda o: S.StepLR(o, 3, gamma=0.5)),
    sched_case("MultiStepLR([2, 5, 5, 9], gamma=0.3)", sgd, lambda o: S.MultiStepLR(o, [2, 5, 5, 9], gamma=0.3)),
    sched_case("ExponentialLR(0.9)", sgd, lambda o: S.ExponentialLR(o, 0.9)),
    sched_case("CosineAnnealingLR(T_max=7, eta_min=0.01)", sgd, lambda o: S.CosineAnnealingLR(o, 7, eta_min=0.01)),
    sched_case("CosineAnnealingLR(T_max=10)", sgd, lambda o: S.CosineAnnealingLR(o, 10)),
    sched_case("LinearLR()", sgd, lambda o: S.LinearLR(o)),
    sched_case("LinearLR(start_factor=1.0, end_factor=0.1, total_iters=8)", sgd, lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=8)),
    sched_case("OneCycleLR(max_lr=[1.0, 0.5], total_steps=30)", sgd, lambda o: S.OneCycleLR(o, [1.0, 0.5], total_steps=30)),
    sched_case("OneCycleLR(max_lr=0.3, epochs=5, steps_per_epoch=6, three_phase, linear) on Adam", adam,
               lambda o: S.OneCycleLR(o, 0.3, epochs=5, steps_per_epoch=6, three_phase=True, anneal_strategy="linear", pct_start=0.25)),
    sched_case("OneCycleLR(max_lr=0.2, total_steps=31, cycle_momentum=False, div_factor=10)", sgd,
               lambda o: S.OneCycleLR(o, 0.2, total_steps=31, cycle_momentum=False, div_factor=10, final_div_factor=100)),
    sched_case("ReduceLROnPlateau(patience=2)", sgd, lambda o: S.ReduceLROnPlateau(o, patience=2), metrics=PLATEAU),
    sched_case("ReduceLROnPlateau(mode=max, factor=0.5, patience=1, threshold_mode=abs, threshold=0.05, cooldown=2, min_lr=[0.01, 0.02])", sgd,
               lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.5, patience=1, threshold_mode="abs", threshold=0.05, cooldown=2, min_lr=[0.01, 0.02]),
               metrics=PLATEAU),
    sched_case("LambdaLR([1/(e+1), 0.9**e])", sgd, lambda o: S.LambdaLR(o, [lambda e: 1 / (e + 1), lambda e: 0.9 ** e])),
    sched_case("MultiplicativeLR(0.95)", sgd, lambda o: S.MultiplicativeLR(o, lambda e: 0.95)),
    sched_case("ConstantLR(factor=0.5, total_iters=4)", sgd, lambda o: S.ConstantLR(o, factor=0.5, total_iters=4)),
    sched_case("PolynomialLR(total_iters=10, power=2.0)", sgd, lambda o: S.PolynomialLR(o, total_iters=10, power=2.0)),
    sched_case("CosineAnnealingWarmRestarts(T_0=5, T_mult=2, eta_min=0.001)", sgd, lambda o: S.CosineAnnealingWarmRestarts(o, 5, T_mult=2, eta_min=0.001)),
    sched_case("CyclicLR(0.01, 0.1, step_size_up=4, mode=triangular2)", sgd, lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=4, mode="triangular2")),
    sched_case("CyclicLR([0.01, 0.02], 0.2, step_size_up=3, step_size_down=5, mode=exp_range, gamma=0.95)", sgd,
               lambda o: S.CyclicLR(o, [0.01, 0.02], 0.2, step_size_up=3, step_size_down=5, mode="exp_range", gamma=0.95)),
    sched_case("SequentialLR([LinearLR(0.1, total_iters=4), ExponentialLR(0.9)], [5])", sgd,
               lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=4), S.ExponentialLR(o, 0.9)], [5])),
    sched_case("ChainedScheduler([ConstantLR(0.5, 3), ExponentialLR(0.9)])", sgd,
               lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.5, total_iters=3), S.ExponentialLR(o, 0.9)])),
]

def finite(v):
    """JSON has no infinities: write them as the strings "Infinity" / "-Infinity"."""
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return "Infinity" if v > 0 else "-Infinity"
    if isinstance(v, dict):
        return {k: finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [finite(x) for x in v]
    return v


schedulers = finite(schedulers)
json.dump({"torch": torch.__version__.split("+")[0], "p0": flat(P0), "p1": flat(P1),
           "grads": [[flat(a), flat(b)] for a, b in GRADS], "optimizers": optimizers,
           "lbfgs_data": {"A": flat(A), "B": flat(B), "c": flat(C5), "w": flat(W5)}, "lbfgs": lbfgs, "schedulers": schedulers, "plateau": PLATEAU},
          sys.stdout, separators=(",", ":"), allow_nan=False)
