"""An independent safetensors reader (spec: 8-byte LE header length, JSON header, raw LE data) using torch only.

usage: read_safetensors.py FILE → JSON {"header": <parsed header>, "desc": <describe() of an OrderedDict in header order>}
The safetensors pip package is not available here, so this re-implements the reading side from the format text.
"""
import collections
import json
import struct
import sys

import torch

from describe import describe

DT = {'F32': torch.float32, 'F64': torch.float64, 'F16': torch.float16, 'BF16': torch.bfloat16, 'I64': torch.int64,
      'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8, 'BOOL': torch.bool}

raw = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n].decode('utf-8'), object_pairs_hook=collections.OrderedDict)
data = raw[8 + n:]
out = collections.OrderedDict()
for name, info in header.items():
    if name == '__metadata__':
        continue
    b, e = info['data_offsets']
    dtype = DT[info['dtype']]
    chunk = bytearray(data[b:e])
    t = torch.frombuffer(chunk, dtype=dtype) if chunk else torch.empty(0, dtype=dtype)
    out[name] = t.reshape(info['shape']).clone()
print(json.dumps({'n': n, 'header': header, 'desc': describe(out)}))
