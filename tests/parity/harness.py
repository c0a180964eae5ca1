"""Mechanics of the parity generator: input specs, the case builder, running a case in real PyTorch and encoding it.

The tables that use this live in generate.py. Everything here is deterministic: each case draws its inputs from a
torch.Generator seeded with the CRC-32 of the case id, JSON keys are sorted, and floats are written in their shortest
round-trip form (float32 values as the shortest decimal that reads back to the same float32).
"""
import math
import zlib

import numpy as np
import torch
import torch.nn.functional as F

DTYPE_NAMES = {
    torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.bool: 'bool', torch.int32: 'int32',
    torch.uint8: 'uint8',
}
DTYPES = {v: k for k, v in DTYPE_NAMES.items()}
SHORT = {'float32': 'f32', 'float64': 'f64', 'int64': 'i64', 'bool': 'b', 'int32': 'i32', 'uint8': 'u8'}

# Default tolerances (|got - want| <= atol + rtol * |want|), by kind of op.
TOL_ELEMENTWISE = (1e-6, 1e-7)
TOL_REDUCTION = (1e-5, 1e-6)


# ---------------------------------------------------------------------------------------------------------------- inputs

class Spec:
    """How to build one tensor argument: a seeded base tensor, then a chain of method calls (views, casts)."""

    def __init__(self, kind, shape, dtype='float32', params=None, data=None):
        self.kind = kind
        self.shape = list(shape)
        self.dtype = dtype
        self.params = params or {}
        self.data = data
        self.ops = []
        self.requires_grad = None  # default: floating point leaves require grad

    def _with(self, op):
        s = Spec(self.kind, self.shape, self.dtype, self.params, self.data)
        s.ops = self.ops + [op]
        s.requires_grad = self.requires_grad
        return s

    def op(self, name, *args):
        """Apply x.<name>(*args) to the base (views such as t, transpose, expand, narrow; or any method)."""
        return self._with([name, *[list(a) if isinstance(a, tuple) else a for a in args]])

    def t(self):
        return self.op('t')

    def transpose(self, a, b):
        return self.op('transpose', a, b)

    def expand(self, *shape):
        return self.op('expand', list(shape))

    def narrow(self, dim, start, length):
        return self.op('narrow', dim, start, length)

    def double(self):
        s = self._with(None)
        s.ops = list(self.ops)
        s.dtype = 'float64'
        return s

    def nograd(self):
        s = self._with(None)
        s.ops = list(self.ops)
        s.requires_grad = False
        return s

    def label(self):
        base = f"{SHORT[self.dtype]}[{','.join(map(str, self.shape))}]"
        for op in self.ops:
            args = ','.join(json_compact(a) for a in op[1:])
            base += f'.{op[0]}({args})'
        return base

    def build_base(self, gen):
        if self.kind == 'explicit':
            return torch.tensor(self.data, dtype=DTYPES[self.dtype])
        if self.kind == 'randn':
            t = torch.randn(self.shape, generator=gen, dtype=torch.float64) * self.params.get('scale', 1.0)
        elif self.kind == 'uniform':
            lo, hi = self.params['lo'], self.params['hi']
            t = torch.rand(self.shape, generator=gen, dtype=torch.float64) * (hi - lo) + lo
        elif self.kind == 'randint':
            t = torch.randint(self.params['lo'], self.params['hi'], self.shape, generator=gen, dtype=torch.int64)
        elif self.kind == 'mask':
            t = torch.rand(self.shape, generator=gen) < self.params.get('p', 0.5)
        elif self.kind == 'perm':
            t = torch.randperm(self.shape[0], generator=gen)
        else:
            raise ValueError(self.kind)
        return t.to(DTYPES[self.dtype])


def randn(*shape, scale=1.0, dtype='float32'):
    """Standard normal values (times scale)."""
    return Spec('randn', shape, dtype, {'scale': scale})


def uniform(lo, hi, *shape, dtype='float32'):
    """Uniform values in [lo, hi)."""
    return Spec('uniform', shape, dtype, {'lo': lo, 'hi': hi})


def pos(*shape, dtype='float32'):
    """Positive values in [0.5, 2): for log, sqrt, denominators."""
    return uniform(0.5, 2.0, *shape, dtype=dtype)


def randint(lo, hi, *shape):
    """int64 values in [lo, hi)."""
    return Spec('randint', shape, 'int64', {'lo': lo, 'hi': hi})


def mask(*shape, p=0.5):
    """A random bool tensor."""
    return Spec('mask', shape, 'bool', {'p': p})


def perm(n):
    """A random permutation of 0..n-1 (int64)."""
    return Spec('perm', [n], 'int64')


def tensor(data, dtype=None):
    """Explicit values (nested lists; use float('nan') / float('inf') freely)."""
    t = torch.tensor(data) if dtype is None else torch.tensor(data, dtype=DTYPES[dtype])
    return Spec('explicit', list(t.shape), DTYPE_NAMES[t.dtype], data=t.tolist())


# ------------------------------------------------------------------------------------------------------------ the cases

class Case:
    """One call of a PyTorch function (or method) with inputs, expected outputs and gradients."""

    def __init__(self, fn, args, kwargs, error=None):
        self.fn = fn
        self.args = list(args)
        self.kwargs = dict(kwargs)
        self.form = 'function'
        self.tol = None
        self.error = error
        self.double_backward = False
        self.seed_ = None
        self.suffix = None
        self.grad = True
        self.check_grad_fn = True
        self.check_strides = False

    def m(self):
        """Call as a method of the first argument: args[0].fn(*args[1:], **kwargs)."""
        self.form = 'method'
        return self

    def rtol(self, rtol, atol=None):
        self.tol = (rtol, atol if atol is not None else rtol / 10)
        return self

    def reduction(self):
        self.tol = TOL_REDUCTION
        return self

    def double(self):
        """Also compare second derivatives (double backward) with PyTorch."""
        self.double_backward = True
        return self

    def seed(self, s):
        """torch.manual_seed(s) right before the call (for random functions)."""
        self.seed_ = s
        return self

    def named(self, suffix):
        self.suffix = suffix
        return self

    def nograd(self):
        """Skip the gradient comparison (e.g. non-differentiable points)."""
        self.grad = False
        return self

    def no_grad_fn_check(self):
        self.check_grad_fn = False
        return self

    def strides(self):
        """Also compare the output's strides and storage offset (views)."""
        self.check_strides = True
        return self

    def ident(self):
        parts = [encode_arg_label(a) for a in self.args]
        parts += [f'{k}={encode_arg_label(v)}' for k, v in sorted(self.kwargs.items())]
        head = self.fn if self.form == 'function' else f'Tensor.{self.fn}'
        s = f"{head}({', '.join(parts)})"
        if self.suffix:
            s += f' [{self.suffix}]'
        return s


def case(fn, args, **kwargs):
    """case('softmax', [randn(3, 4)], dim=1): torch.softmax(x, dim=1) with gradients."""
    return Case(fn, args, kwargs)


def method(fn, args, **kwargs):
    """method('sum', [randn(3, 4), 1], keepdim=True): x.sum(1, keepdim=True)."""
    return Case(fn, args, kwargs).m()


def error(fn, args, phrase, **kwargs):
    """error('add', [randn(3), randn(4)], 'must match the size'): the call must throw, with phrase in the message."""
    return Case(fn, args, kwargs, error=phrase)


def encode_arg_label(a):
    if isinstance(a, Spec):
        return a.label()
    if isinstance(a, list):
        return '[' + ','.join(encode_arg_label(x) for x in a) + ']'
    if isinstance(a, torch.dtype):
        return DTYPE_NAMES[a]
    return json_compact(a)


def json_compact(a):
    if isinstance(a, float) and not math.isfinite(a):
        return str(a)
    if isinstance(a, str):
        return repr(a)
    return str(a).replace(' ', '')


def rng_sequence():
    """Several random calls in a row after one manual_seed: the generator's stream must stay aligned."""
    parts = [torch.rand(3), torch.randn(5), torch.randint(0, 100, (4,)).float(), torch.randperm(6).float(),
             torch.rand(2, dtype=torch.float64).float(), torch.randn(17), torch.empty(5).uniform_(-2, 3),
             torch.empty(3).normal_(1, 0.5), torch.rand(1), torch.randn(3, dtype=torch.float64).float(),
             torch.bernoulli(torch.full((6,), 0.5)), torch.normal(0.0, 2.0, (3,))]
    return torch.cat(parts)


def getitem(x, *specs):
    """x[specs], with slices written as strings ('1:3', '::2', ':'), '...' for Ellipsis and None for a new axis."""
    def conv(s):
        if s == '...':
            return Ellipsis
        if isinstance(s, str):
            parts = [int(p) if p.strip() else None for p in s.split(':')]
            return slice(*parts)
        return s
    return x[tuple(conv(s) for s in specs)] if len(specs) != 1 else x[conv(specs[0])]


def setitem(x, specs, value):
    """x[specs] = value; returns x. specs as for getitem (a list)."""
    y = x
    idx = [getitem_spec(s) for s in specs]
    y[tuple(idx) if len(idx) != 1 else idx[0]] = value
    return y


def getitem_spec(s):
    if s == '...':
        return Ellipsis
    if isinstance(s, str):
        return slice(*[int(p) if p.strip() else None for p in s.split(':')])
    return s


def generator_sequence(seed):
    """Draws from an explicit torch.Generator (generator= keyword), independent of the global seed."""
    g = torch.Generator().manual_seed(seed)
    return torch.cat([torch.rand(3, generator=g), torch.randn(20, generator=g),
                      torch.randint(0, 5, (4,), generator=g).float(), torch.randperm(5, generator=g).float(),
                      torch.normal(1.0, 2.0, (3,), generator=g)])


def repr_with(x, **options):
    """repr(x) under torch.set_printoptions(**options), then back to the default profile."""
    torch.set_printoptions(**options)
    try:
        return repr(x)
    finally:
        torch.set_printoptions(profile='default')


def train_mlp(steps):
    """End to end: seeded data and weights, a 2-layer MLP trained by hand-written SGD; returns the loss curve."""
    x = torch.randn(64, 5)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    w1 = (torch.randn(5, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 2) * 0.3).requires_grad_()
    params = [w1, b1, w2]
    losses = []
    for _ in range(steps):
        h = (x.matmul(w1) + b1).relu()
        loss = -h.matmul(w2).log_softmax(1).gather(1, y.unsqueeze(1)).mean()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad * 0.5)
                p.grad.zero_()
        losses.append(loss.detach())
    return torch.stack(losses)


# Pseudo-functions: names that are not torch.<fn> (Python side).
PSEUDO = {
    'train_mlp': train_mlp,
    'repr_with': repr_with,
    'generator_sequence': generator_sequence,
    'setitem': setitem,
    'getitem': getitem,
    'rng_sequence': rng_sequence,
    'repr': repr,
    'slice': lambda x, dim, start, stop, step=1: x[(slice(None),) * dim + (slice(start, stop, step),)],
    'F.one_hot': F.one_hot,
    'is_contiguous': lambda x: x.is_contiguous(),
    'size': lambda x: list(x.size()),
    'stride': lambda x: list(x.stride()),
}


def resolve(fn):
    if fn in PSEUDO:
        return PSEUDO[fn]
    obj = torch
    for part in fn.split('.'):
        obj = getattr(obj, part)
    return obj


# ------------------------------------------------------------------------------------------------------------- encoding

def enc_float(v, dtype):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    if dtype == 'float32':
        # Shortest decimal that reads back to the same float32 (JS: Math.fround(Number(s))).
        return float(repr(np.float32(v)))
    return float(v)


def enc_tensor(t):
    if t._is_zerotensor():  # PyTorch's symbolic zeros (e.g. abs's second derivative) have no storage
        t = torch.zeros(t.shape, dtype=t.dtype)
    name = DTYPE_NAMES[t.dtype]
    flat = t.detach().contiguous().reshape(-1).tolist()
    if name in ('float32', 'float64'):
        data = [enc_float(v, name) for v in flat]
    elif name == 'bool':
        data = [bool(v) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {'dtype': name, 'shape': list(t.shape), 'data': data}


def enc_value(v):
    """Encode a call result: tensors, tuples/lists of them, Python scalars, strings, nested lists."""
    if isinstance(v, torch.Tensor):
        return {'kind': 'tensor', **enc_tensor(v)}
    if isinstance(v, (tuple, list)) and any(isinstance(x, torch.Tensor) for x in v):
        return {'kind': 'list', 'items': [enc_value(x) for x in v]}
    return {'kind': 'value', 'value': enc_plain(v)}


def enc_plain(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return {'float': enc_float(v, 'float64')} if not math.isfinite(v) else v
    if isinstance(v, (list, tuple)):
        return [enc_plain(x) for x in v]
    if isinstance(v, torch.Size):
        return list(v)
    if isinstance(v, torch.dtype):
        return DTYPE_NAMES[v]
    raise TypeError(f'cannot encode {type(v)}')


def enc_arg(a, specs):
    if isinstance(a, Spec):
        specs.append(a)
        return {'input': len(specs) - 1}
    if isinstance(a, list):
        return [enc_arg(x, specs) for x in a]
    if isinstance(a, tuple):
        return [enc_arg(x, specs) for x in a]
    if isinstance(a, torch.dtype):
        return {'dtype': DTYPE_NAMES[a]}
    if isinstance(a, float) and not math.isfinite(a):
        return {'float': enc_float(a, 'float64')}
    return a


def dec_arg(a, tensors):
    if isinstance(a, dict) and 'input' in a:
        return tensors[a['input']]
    if isinstance(a, dict) and 'dtype' in a:
        return DTYPES[a['dtype']]
    if isinstance(a, dict) and 'float' in a:
        return float(a['float'])
    if isinstance(a, list):
        return [dec_arg(x, tensors) for x in a]
    return a


def tensors_of(v):
    if isinstance(v, torch.Tensor):
        return [v]
    if isinstance(v, (tuple, list)):
        return [t for x in v for t in tensors_of(x)]
    return []


# -------------------------------------------------------------------------------------------------------------- running

def run_case(c, reductions):
    """Run one case in PyTorch and return its JSON form. `reductions`: function names that get looser tolerances."""
    ident = c.ident()
    gen = torch.Generator().manual_seed(zlib.crc32(ident.encode()))
    specs = []
    args_json = [enc_arg(a, specs) for a in c.args]
    kwargs_json = {k: enc_arg(v, specs) for k, v in c.kwargs.items()}
    leaves, inputs_json, tensors = [], [], []
    for s in specs:
        base = s.build_base(gen)
        rg = s.requires_grad if s.requires_grad is not None else base.is_floating_point()
        rg = rg and c.grad and c.error is None
        base.requires_grad_(rg)
        t = base
        for op in s.ops:
            t = getattr(t, op[0])(*op[1:])
        leaves.append(base)
        tensors.append(t)
        j = enc_tensor(base)
        if s.ops:
            j['ops'] = s.ops
        j['requires_grad'] = bool(rg)
        inputs_json.append(j)
    out = {'id': ident, 'fn': c.fn, 'form': c.form, 'inputs': inputs_json, 'args': args_json, 'kwargs': kwargs_json}
    if c.seed_ is not None:
        out['seed'] = c.seed_
    args = [dec_arg(a, tensors) for a in args_json]
    kwargs = {k: dec_arg(v, tensors) for k, v in kwargs_json.items()}

    def call():
        if c.seed_ is not None:
            torch.manual_seed(c.seed_)
        if c.form == 'method':
            return getattr(args[0], c.fn)(*args[1:], **kwargs)
        return resolve(c.fn)(*args, **kwargs)

    if c.error is not None:
        try:
            call()
        except Exception as e:  # noqa: BLE001 - any PyTorch error is the expectation
            msg = str(e).split('\n')[0]
            if c.error not in str(e):
                raise AssertionError(f'{ident}: PyTorch says {msg!r}, which lacks the phrase {c.error!r}')
            out['error'] = c.error
            out['torch_message'] = msg
            return out
        raise AssertionError(f'{ident}: PyTorch did not raise')

    result = call()
    out['expect'] = enc_value(result)
    rtol, atol = c.tol or (TOL_REDUCTION if c.fn in reductions else TOL_ELEMENTWISE)
    out['rtol'], out['atol'] = rtol, atol
    outs = tensors_of(result)
    if outs and outs[0].grad_fn is not None and c.check_grad_fn:
        out['grad_fn'] = type(outs[0].grad_fn).__name__
    if c.check_strides and isinstance(result, torch.Tensor):
        out['strides'] = list(result.stride())
        out['storage_offset'] = result.storage_offset()
    diff = [o for o in outs if o.requires_grad]
    if not diff or not any(l.requires_grad for l in leaves):
        return out
    ups = [torch.randn(o.shape, generator=gen, dtype=torch.float64).to(o.dtype) for o in diff]
    out['upstream'] = [enc_tensor(u) for u in ups]
    wanted = [l for l in leaves if l.requires_grad]
    if not c.double_backward:
        torch.autograd.backward(diff, ups)
        out['grads'] = [enc_tensor(l.grad) if l.is_leaf and l.grad is not None else None for l in leaves]
        return out
    gs = torch.autograd.grad(diff, wanted, ups, create_graph=True, allow_unused=True)
    gi = iter(gs)
    firsts = [next(gi) if l.requires_grad else None for l in leaves]
    out['grads'] = [enc_tensor(g) if g is not None else None for g in firsts]
    second = [(g, torch.randn(g.shape, generator=gen, dtype=torch.float64).to(g.dtype)) for g in firsts
              if g is not None and g.requires_grad]
    ups2 = []
    for g in firsts:
        if g is not None and g.requires_grad:
            ups2.append(enc_tensor(next(v for gg, v in second if gg is g)))
        else:
            ups2.append(None)
    out['upstream2'] = ups2
    if second:
        torch.autograd.backward([g for g, _ in second], [v for _, v in second])
    out['grads2'] = [enc_tensor(l.grad) if l.grad is not None else None for l in leaves]
    return out
