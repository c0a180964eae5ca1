"""List the pickle opcodes and GLOBALs in a .pt file's data.pkl (via pickletools), and whether weights_only=True loads it.

usage: opcodes.py FILE → JSON {"opcodes": [...], "globals": [...], "weights_only": "ok" | error}
"""
import json
import pickletools
import sys
import zipfile

import torch

path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    pkl = next(n for n in z.namelist() if n.endswith('/data.pkl'))
    data = z.read(pkl)
ops, globs = set(), set()
for op, arg, _ in pickletools.genops(data):
    ops.add(op.name)
    if op.name == 'GLOBAL':
        globs.add(arg.replace(' ', '.'))
try:
    torch.load(path, weights_only=True)
    wo = 'ok'
except Exception as e:
    wo = f'{type(e).__name__}: {e}'
print(json.dumps({'opcodes': sorted(ops), 'globals': sorted(globs), 'weights_only': wo}))
