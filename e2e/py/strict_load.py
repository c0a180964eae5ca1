"""Loads weights exported by the app into the PyTorch code the app generated (run with /usr/bin/python3, torch 1.13).

  strict_load.py CODE.py WEIGHTS.pt  -> prints JSON {"keys": [...], "shapes": {...}, "finite": true/false}
  Exits non-zero (with PyTorch's own message) when load_state_dict(strict=True) refuses the file.
"""
import importlib.util
import json
import sys

import torch


def main():
    code_path, weights_path = sys.argv[1], sys.argv[2]
    spec = importlib.util.spec_from_file_location("generated_model", code_path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.Net()
    state = torch.load(weights_path)
    model.load_state_dict(state, strict=True)
    finite = all(bool(torch.isfinite(v.float()).all()) for v in state.values())
    print(json.dumps({"keys": sorted(state.keys()), "shapes": {k: list(v.shape) for k, v in state.items()}, "finite": finite}))


if __name__ == "__main__":
    main()
