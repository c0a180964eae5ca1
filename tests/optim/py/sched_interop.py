"""Scheduler state interop (used by tests/optim/interop.test.ts).

stdin JSON: {"mode": "resume" | "write", "sched": name, "args": [...], "kwargs": {...}, "steps": n, "metrics": [...], "path": file}
The optimizer is SGD(lr=0.1, momentum=0.9) over one 3-element parameter.
resume: load {'optimizer', 'scheduler'} written by Netsketch, then step `steps` times; print get_last_lr() after each.
write:  step `steps` times and save {'optimizer', 'scheduler'} (safe-loadable); print the lrs.
"""
import json
import sys

import torch
from torch.optim import lr_scheduler as S

req = json.load(sys.stdin)
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
    # Netsketch loads files safely (like weights_only=True), which refuses collections.Counter (MultiStepLR's
    # milestones) and bound methods (OneCycleLR's anneal_func): save those as a plain dict / without the method.
    sd = {k: (dict(v) if k == "milestones" else v) for k, v in sch.state_dict().items() if k != "anneal_func"}
    torch.save({"optimizer": opt.state_dict(), "scheduler": sd}, req["path"])
print(json.dumps({"lrs": lrs}))
