"""PyTorch side of the training e2e test (run with /usr/bin/python3, which has torch 1.13).

  torch_check.py load CODE.py WEIGHTS.pt INPUTS.json   -> prints JSON {"outputs": softmax outputs per input, "keys": [...]}
      (WEIGHTS may also be a .safetensors file, read by the small reader below: the safetensors package is not installed)
  torch_check.py mismatch CODE.py WEIGHTS.pt OUT.pt INPUTS.json
      -> writes a state_dict with one wrong shape (fc3.weight), one extra key and fc3.bias set to zero, and prints
         {"outputs": ...}: what a model loading only the matching tensors computes (original fc3.weight, zero bias)
"""
import importlib.util
import json
import sys

import torch


def build(code_path):
    spec = importlib.util.spec_from_file_location("generated_model", code_path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Net()


def run(model, inputs_path):
    model.eval()
    data = json.load(open(inputs_path))
    x = torch.tensor(data["inputs"], dtype=torch.float32).reshape([-1] + data["shape"])
    with torch.no_grad():
        return torch.softmax(model(x), dim=1).tolist()


DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "F16": torch.float16, "U8": torch.uint8}


def read_safetensors(path):
    """The safetensors layout: u64 little-endian header size, a JSON header, then the raw little-endian data."""
    import struct
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        start, end = info["data_offsets"]
        buf = bytearray(raw[base + start:base + end])
        t = torch.frombuffer(buf, dtype=DTYPES[info["dtype"]]) if len(buf) else torch.empty(0, dtype=DTYPES[info["dtype"]])
        out[key] = t.reshape(info["shape"]).clone()
    return out


def load(code_path, weights_path, inputs_path):
    model = build(code_path)
    state = read_safetensors(weights_path) if weights_path.endswith(".safetensors") else torch.load(weights_path)
    model.load_state_dict(state, strict=True)
    print(json.dumps({"outputs": run(model, inputs_path), "keys": list(state.keys())}))


def mismatch(code_path, weights_path, out_path, inputs_path):
    state = torch.load(weights_path)
    expected = build(code_path)
    partial = dict(state)
    partial["fc3.bias"] = torch.zeros_like(state["fc3.bias"])
    expected.load_state_dict(partial, strict=True)
    bad = dict(partial)
    bad["fc3.weight"] = torch.zeros(5, state["fc3.weight"].shape[1])
    bad["extra.weight"] = torch.ones(3)
    torch.save(bad, out_path)
    print(json.dumps({"outputs": run(expected, inputs_path)}))


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(*sys.argv[2:5])
    elif sys.argv[1] == "mismatch":
        mismatch(*sys.argv[2:6])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}: use load or mismatch")
