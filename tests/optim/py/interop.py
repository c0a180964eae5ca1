"""Optimizer state_dict interop with real PyTorch (used by tests/optim/interop.test.ts).

stdin JSON: {"mode": "resume" | "write", "optimizer": "Adam", "kwargs": {...}, "params": [[...], [...]],
             "shapes": [[3, 4], [5]], "grads": [[g0, g1], ...], "path": "file.pt"}
resume: load the optimizer state Netsketch saved at `path`, step with `grads`, print the parameters.
write:  step with `grads`, save {'model': params, 'optimizer': opt.state_dict()} to `path`, print the parameters.
"""
import json
import sys

import torch

req = json.load(sys.stdin)
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
print(json.dumps({"params": [p.detach().reshape(-1).tolist() for p in params],
                  "lr": [g["lr"] for g in opt.param_groups]}))
