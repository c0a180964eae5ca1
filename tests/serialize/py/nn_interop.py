"""State dicts between Netsketch's torch.nn and real PyTorch, proved by forward outputs.

usage: nn_interop.py check WEIGHTS INPUT_JSON → JSON {"load_state_dict": "ok"|error, "output": [...]}
       nn_interop.py make WEIGHTS_OUT INPUT_JSON → saves a trained-mode state_dict, prints {"output": [...]} (eval)
The architecture mirrors the TypeScript test: Conv2d(1,2,3), BatchNorm2d(2), ReLU, Flatten, Linear(18,4),
BatchNorm1d(4), Linear(4,2) on 1×5×5 inputs.
"""
import json
import sys

import torch
from torch import nn


def arch():
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(18, 4),
                         nn.BatchNorm1d(4), nn.Linear(4, 2))


mode, path, xjson = sys.argv[1], sys.argv[2], sys.argv[3]
x = torch.tensor(json.loads(xjson), dtype=torch.float32)
if mode == 'check':
    model = arch()
    out = {}
    try:
        model.load_state_dict(torch.load(path, weights_only=True), strict=True)
        out['load_state_dict'] = 'ok'
    except Exception as e:  # reported, the test asserts on it
        out['load_state_dict'] = f'{type(e).__name__}: {e}'
    model.eval()
    with torch.no_grad():
        out['output'] = model(x).tolist()
    out['num_batches_tracked'] = int(model[1].num_batches_tracked)
    print(json.dumps(out))
else:
    torch.manual_seed(1)
    model = arch()
    model.train()
    model(x)
    model(x * 0.5)
    torch.save(model.state_dict(), path)
    model.eval()
    with torch.no_grad():
        print(json.dumps({'output': model(x).tolist()}))
