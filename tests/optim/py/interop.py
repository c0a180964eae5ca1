"""Optimizer and LR-scheduler state interop with real PyTorch (used by tests/optim/interop.test.ts).

stdin: a JSON list of requests; stdout: a JSON list of results, one per request (one Python start for all).
  {"kind": "optim", "mode": "resume" | "write", "optimizer": "Adam", "kwargs": {...}, "params": [[...], ...],
   "shapes": [[3, 4], [5]], "grads": [[g0, g1], ...], "path": "file.pt"}
     resume: load the optimizer state Netsketch saved at `path`, step with `grads`; result: the parameters.
     write:  step with `grads`, save {'optimizer': state_dict, 'epoch': 3} to `path`; result: the parameters.
  {"kind": "sched", "mode": ..., "sched": "StepLR", "args": [...], "kwargs": {...}, "steps": n, "metrics": [...], "path": file}
     SGD(lr=0.1, momentum=0.9) over one 3-element parameter; resume loads {'optimizer', 'scheduler'} written by
     Netsketch; write saves them (safe-loadable: MultiStepLR's Counter as a dict, OneCycleLR without anneal_func).
     result: the lrs after each step.
"""
import json
import sys

import torch
from torch.optim import lr_scheduler as S


def run_optim(req):
    params = [torch.tensor(v, dtype=torch.float32).reshape(s).requires_grad_() for v, s in zip(req["params"], req["shapes"])]
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in req["kwargs"].items()}
    opt = getattr(torch.optim, req["optimizer"])(params, **kwargs)
    if req["mode"] == "resume":
        opt.load_state_dict(torch.load(req["path"]))
    for gs in req["grads"]:
        for p, g in zip(params, gs):
            p.grad = torch.tensor(g, dtype=torch.float32).reshape(p.shape)
        opt.step()
    if req["mode"] == "write":
        torch.save({"optimizer": opt.state_dict(), "epoch": 3}, req["path"])
    return {"params": [p.detach().reshape(-1).tolist() for p in params]}


def run_sched(req):
    p = torch.zeros(3, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    sch = getattr(S, req["sched"])(opt, *req["args"], **req["kwargs"])
    if req["mode"] == "resume":
        ck = torch.load(req["path"])
        opt.load_state_dict(ck["optimizer"])
        sch.load_state_dict(ck["scheduler"])
    lrs = []
    for i in range(req["steps"]):
        opt.step()
        if req["sched"] == "ReduceLROnPlateau":
            sch.step(req["metrics"][i])
        else:
            sch.step()
        lrs.append([g["lr"] for g in opt.param_groups])
    if req["mode"] == "write":
        sd = {k: (dict(v) if k == "milestones" else v) for k, v in sch.state_dict().items() if k != "anneal_func"}
        torch.save({"optimizer": opt.state_dict(), "scheduler": sd}, req["path"])
    return {"lrs": lrs}


print(json.dumps([run_optim(r) if r["kind"] == "optim" else run_sched(r) for r in json.load(sys.stdin)]))
