"""Describe a loaded Python object as JSON so the TypeScript tests can compare it exactly.

Schema: tensors carry dtype, shape, stride, storage offset, the bytes of the contiguous values (hex, little-endian;
bfloat16 as its raw 16-bit pattern) and a storage group number (tensors sharing memory share the number).
ints are decimal strings, floats the hex of their big-endian IEEE double bits (bit-exact, NaN payload included).
"""
import collections
import struct

import torch

DTYPES = {
    torch.float32: 'float32', torch.float64: 'float64', torch.float16: 'float16', torch.bfloat16: 'bfloat16',
    torch.int64: 'int64', torch.int32: 'int32', torch.int16: 'int16', torch.int8: 'int8', torch.uint8: 'uint8',
    torch.bool: 'bool',
}


def tensor_hex(t):
    flat = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.bfloat16:
        flat = flat.view(torch.int16)
    return flat.numpy().tobytes().hex()


class Describer:
    def __init__(self):
        self.groups = {}

    def __call__(self, v):
        if isinstance(v, torch.Tensor):
            ptr = v.storage().data_ptr() if v.storage().size() > 0 else ('empty', id(v))
            group = self.groups.setdefault(ptr, len(self.groups))
            return {
                't': 'tensor', 'dtype': DTYPES[v.dtype], 'shape': list(v.shape), 'stride': list(v.stride()),
                'offset': v.storage_offset(), 'hex': tensor_hex(v), 'group': group,
                'requires_grad': bool(v.requires_grad), 'parameter': isinstance(v, torch.nn.Parameter),
            }
        if isinstance(v, bool):
            return {'t': 'bool', 'v': v}
        if isinstance(v, int):
            return {'t': 'int', 'v': str(v)}
        if isinstance(v, float):
            return {'t': 'float', 'hex': struct.pack('>d', v).hex()}
        if isinstance(v, str):
            return {'t': 'str', 'v': v}
        if v is None:
            return {'t': 'none'}
        if isinstance(v, bytes):
            return {'t': 'bytes', 'hex': v.hex()}
        if isinstance(v, torch.Size):
            return {'t': 'tuple', 'items': [self(x) for x in v]}
        if isinstance(v, tuple):
            return {'t': 'tuple', 'items': [self(x) for x in v]}
        if isinstance(v, list):
            return {'t': 'list', 'items': [self(x) for x in v]}
        if isinstance(v, (set, frozenset)):
            return {'t': 'set', 'items': sorted((self(x) for x in v), key=repr)}
        if isinstance(v, dict):
            out = {'t': 'ordereddict' if isinstance(v, collections.OrderedDict) else 'dict',
                   'items': [[self(k), self(x)] for k, x in v.items()]}
            md = getattr(v, '_metadata', None)
            if md is not None:
                out['metadata'] = self(md)
            return out
        raise TypeError(f'describe: unsupported {type(v)}')


def describe(v):
    return Describer()(v)
