"""PyTorch side of the training e2e test (run with /usr/bin/python3, which has torch 1.13).

  torch_check.py load CODE.py WEIGHTS.pt INPUTS.json   -> prints JSON {"outputs": softmax outputs per input, "keys": [...]}
  torch_check.py mismatch WEIGHTS.pt OUT.pt            -> writes a state_dict with one wrong shape and one extra key
"""
import importlib.util
import json
import sys

import torch


def load(code_path, weights_path, inputs_path):
    spec = importlib.util.spec_from_file_location("generated_model", code_path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.Net()
    state = torch.load(weights_path)
    model.load_state_dict(state, strict=True)
    model.eval()
    data = json.load(open(inputs_path))
    x = torch.tensor(data["inputs"], dtype=torch.float32).reshape([-1] + data["shape"])
    with torch.no_grad():
        out = torch.softmax(model(x), dim=1)
    print(json.dumps({"outputs": out.tolist(), "keys": list(state.keys())}))


def mismatch(weights_path, out_path):
    state = torch.load(weights_path)
    state["fc3.weight"] = torch.zeros(5, state["fc3.weight"].shape[1])
    state["extra.weight"] = torch.ones(3)
    torch.save(state, out_path)
    print(json.dumps({"keys": list(state.keys())}))


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(*sys.argv[2:5])
    elif sys.argv[1] == "mismatch":
        mismatch(*sys.argv[2:4])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}: use load or mismatch")
