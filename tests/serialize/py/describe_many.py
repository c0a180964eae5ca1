"""Describe several .pt files at once (one torch import for many files).

usage: describe_many.py FILE... → JSON {FILE: describe(torch.load(FILE, weights_only=False)) or {"error": ...}}
"""
import json
import sys

import torch

from describe import describe

out = {}
for f in sys.argv[1:]:
    try:
        out[f] = describe(torch.load(f, weights_only=False))
    except Exception as e:  # reported, the test asserts on it
        out[f] = {'error': f'{type(e).__name__}: {e}'}
print(json.dumps(out))
