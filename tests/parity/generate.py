#!/usr/bin/python3
"""Parity reference generator: runs every case of the tables below in real PyTorch and writes
tests/parity/cases/<table>.json (or <outdir>/<table>.json when a directory is given).

    /usr/bin/python3 tests/parity/generate.py [outdir]

Adding a case for a new op is one line in a table (see tests/parity/README.md):

    case('softmax', [randn(3, 4)], dim=1)             # torch.softmax(x, dim=1), outputs and input gradients
    method('sum', [randn(3, 4), 1], keepdim=True)     # x.sum(1, keepdim=True)
    error('mm', [randn(2, 3), randn(4, 5)], 'shapes cannot be multiplied')
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Pin ATen's kernels to the AVX2 ones (what PyTorch picks on nearly every x86 machine, and what users' PyTorch
# computes, e.g. float32 randn) and use one thread, so the freshness test does not depend on the machine.
os.environ['ATEN_CPU_CAPABILITY'] = 'avx2'

import torch  # noqa: E402

torch.set_num_threads(1)

from harness import (case, method, error, randn, uniform, pos, randint, mask, perm, tensor,  # noqa: E402,F401
                     run_case)

torch.set_printoptions(profile='default')
NAN, INF = float('nan'), float('inf')

# Functions whose results accumulate rounding error: compared with TOL_REDUCTION unless a case says otherwise.
REDUCTIONS = {
    'sum', 'mean', 'var', 'std', 'logsumexp', 'softmax', 'log_softmax', 'norm', 'prod', 'matmul', 'mm', 'bmm',
    'max', 'min', 'amax', 'amin', 'cumsum',
}

UNARY = ['neg', 'exp', 'sigmoid', 'tanh', 'relu', 'abs', 'sin', 'cos', 'erf', 'expm1', 'square', 'atan', 'sinh', 'cosh',
         'asinh', 'exp2']
UNARY_POS = ['log', 'sqrt', 'rsqrt', 'reciprocal', 'log1p', 'log2', 'log10', 'tan']
UNARY_UNIT = ['asin', 'acos', 'atanh']  # defined on (-1, 1)


def elementwise():
    cs = []
    for op in ['add', 'sub', 'mul', 'div']:
        cs += [
            case(op, [randn(3, 4), randn(3, 4)]),
            case(op, [randn(3, 1), randn(1, 4)]),
            case(op, [randn(2, 3, 4), randn(4)]),
            case(op, [randn(3, 4), 2.5]),
            case(op, [randn(4, 3).t(), randn(3, 4)]),
            case(op, [randn(3, 1).expand(3, 4), randn(4)]),
            case(op, [randn(), randn(2, 3)]),
            case(op, [randn(0, 3), randn(3)]),
            case(op, [randn(3).double(), randn(3)]),
            case(op, [randint(-5, 5, 3, 4), randn(4)]),
            method(op, [randn(2, 3), randn(2, 3)]),
        ]
    cs += [
        case('add', [randn(3), randn(3)], alpha=2),
        case('sub', [randn(3), randn(3)], alpha=0.5),
        case('add', [randint(0, 9, 3), randint(0, 9, 3)]),
        case('add', [randint(0, 9, 3), 1.5]),
        case('add', [mask(4), mask(4)]),
        case('add', [mask(4), 2]),
        case('add', [randint(0, 9, 3), randn().double()]),
        case('mul', [randint(-3, 3, 4), mask(4)]),
        case('sub', [randint(0, 9, 2, 2), 3]),
        case('div', [randint(1, 9, 5), randint(1, 4, 5)]),
        case('div', [randn(5), pos(5)], rounding_mode='floor'),
        case('div', [randn(5), pos(5)], rounding_mode='trunc'),
        case('div', [randint(-9, 9, 6), 4], rounding_mode='floor'),
        case('div', [tensor([1.0, -1.0, 0.0, 0.0]), tensor([0.0, 0.0, 0.0, 2.0])]),
        case('pow', [pos(3, 4), 2]),
        case('pow', [randn(3, 4), 3]),
        case('pow', [pos(3, 4), 0.5]),
        case('pow', [pos(3, 4), -1.5]),
        case('pow', [pos(3, 4), pos(3, 4)]),
        case('pow', [pos(3, 1), randn(4)]),
        case('pow', [2.0, randn(3)]),
        case('pow', [randint(0, 5, 4), 2]),
        case('pow', [pos(2, 3).t(), 2]),
        method('pow', [pos(2, 3), 3.0]),
        case('rsub', [randn(3), 2.0]),
        case('remainder', [randn(3, 4, scale=3), pos(3, 4)]),
        case('remainder', [randn(3, 4, scale=3), -1.5]),
        case('remainder', [randint(-9, 9, 6), randint(1, 4, 6)]),
        case('remainder', [randint(-9, 9, 6), -4]),
        case('fmod', [randn(3, 4, scale=3), pos(4)]),
        case('fmod', [randint(-9, 9, 6), 4]),
        method('remainder', [randn(4, 3).t(), 0.7]),
        case('atan2', [randn(3, 4), randn(3, 4)]),
        case('atan2', [randn(3, 1), randn(4)]),
        case('atan2', [randint(-3, 3, 4), randint(-3, 3, 4)]),
        error('remainder', [randint(0, 9, 3), tensor([1, 0, 2])], 'ZeroDivisionError'),
    ]
    for op in UNARY:
        cs += [case(op, [randn(3, 4)]), method(op, [randn(4, 3).t()])]
    for op in UNARY_POS:
        cs += [case(op, [pos(3, 4)]), method(op, [pos(4, 3).t()])]
    for op in UNARY_UNIT:
        cs += [case(op, [uniform(-0.9, 0.9, 3, 4)]), method(op, [uniform(-0.9, 0.9, 4, 3).t()])]
    cs += [case('acosh', [uniform(1.1, 3.0, 3, 4)]), case('asin', [tensor([-1.5, 1.0, 0.0])]).nograd()]
    cs += [
        case('exp', [randint(-2, 3, 4)]),
        case('neg', [randint(-5, 5, 4)]),
        case('abs', [randint(-5, 5, 4)]),
        case('relu', [tensor([-1.0, 0.0, 2.0, NAN])]).nograd(),
        case('exp', [tensor([0.0, -INF, INF, NAN, 88.0, -104.0])]).nograd(),
        case('log', [tensor([0.0, -1.0, INF, 1e-30])]).nograd(),
        case('sqrt', [tensor([0.0, -1.0, 4.0])]).nograd(),
        case('sigmoid', [tensor([-100.0, 100.0, 0.0])]),
        case('tanh', [tensor([-30.0, 30.0, 0.0])]),
        case('exp', [randn(0, 3)]),
        case('exp', [randn()]),
        case('sigmoid', [randn(3).double()]),
        case('sign', [tensor([-2.0, 0.0, 3.0])]).nograd(),
        case('floor', [tensor([-1.5, 0.5, 2.7])]).nograd(),
        case('ceil', [tensor([-1.5, 0.5, 2.7])]).nograd(),
        case('round', [tensor([-1.5, 0.5, 1.5, 2.5, 2.7])]).nograd(),
        case('trunc', [tensor([-1.5, 0.5, 2.7])]).nograd(),
        case('clamp', [randn(3, 4), -0.5, 0.5]),
        case('clamp', [randn(3, 4)], min=-0.2),
        case('clamp', [randn(3, 4)], max=0.3),
        case('clamp', [randn(4, 3).t(), -1, 1]),
        case('clamp', [randint(-9, 9, 5), -3, 3]),
        case('clamp', [randint(-9, 9, 5), -2.5, 3]),
        case('clamp', [randn(5), 1.0, -1.0]),
        case('clamp', [tensor([NAN, 1.0, -3.0])], min=0.0).nograd(),
        method('clamp', [randn(2, 3)], min=0.0, max=1.0),
        method('clamp_min', [randn(2, 3), 0.1]),
        case('clip', [randn(3, 4), -0.5, 0.5]),
        method('clip', [randn(3, 4)], max=0.2),
        method('clamp_max', [randn(2, 3), 0.1]),
        case('maximum', [randn(3, 4), randn(3, 4)]),
        case('maximum', [randn(3, 1), randn(4)]),
        case('minimum', [randn(3, 4), randn(3, 4)]),
        case('minimum', [randn(2, 3).t(), randn(2)]),
        case('maximum', [tensor([1.0, NAN, 3.0]), tensor([2.0, 0.0, NAN])]).nograd(),
        case('maximum', [randint(0, 9, 4), randn(4).double()]),
        case('maximum', [tensor([1.0, 2.0, 3.0]), tensor([1.0, 5.0, 3.0])]),
    ]
    for op in ['eq', 'ne', 'lt', 'le', 'gt', 'ge']:
        cs += [
            case(op, [randint(0, 3, 3, 4).op('float'), randint(0, 3, 4).op('float')]),
            case(op, [randn(3), 0.0]),
            method(op, [randint(0, 3, 5), randint(0, 3, 5)]),
        ]
    cs += [
        case('eq', [tensor([NAN, 1.0]), tensor([NAN, 1.0])]),
        case('ne', [tensor([NAN, 1.0]), NAN]),
        case('lt', [randint(0, 5, 4), 2.5]),
        case('logical_and', [mask(5), mask(5)]),
        case('logical_or', [mask(5), randint(0, 2, 5)]),
        case('logical_xor', [mask(5), mask(5)]),
        case('logical_not', [randint(0, 2, 5)]),
        case('isnan', [tensor([NAN, 1.0, INF])]),
        case('isinf', [tensor([NAN, -INF, INF, 0.0])]),
        case('isfinite', [tensor([NAN, -INF, INF, 0.0])]),
        case('where', [mask(3, 4), randn(3, 4), randn(3, 4)]),
        case('where', [mask(3, 1), randn(4), randn(3, 4)]),
        case('where', [mask(3, 4), randn(3, 4), 0.0]),
        case('where', [mask(3), randint(0, 9, 3), randn(3)]),
        case('where', [mask(4, 3).t(), randn(3, 4), randn(4, 3).t()]),
        case('equal', [tensor([1.0, 2.0]), tensor([1.0, 2.0])]),
        case('equal', [tensor([1.0, 2.0]), tensor([1.0, 3.0])]),
        case('allclose', [tensor([1.0, 2.0]), tensor([1.0, 2.000001])]),
        case('allclose', [tensor([1.0, 2.0]), tensor([1.0, 2.1])]),
        case('isclose', [tensor([1.0, 2.0, NAN, INF, 1e-9]), tensor([1.0, 2.00001, NAN, INF, 0.0])]),
        case('isclose', [tensor([1.0, NAN]), tensor([1.1, NAN])], rtol=0.2, equal_nan=True),
        method('isclose', [randn(3), randn(3)], atol=1.0),
        case('result_type', [randint(0, 2, 3), 2.5]),
        case('result_type', [randn(3), randn().double()]),
        case('result_type', [mask(2), randint(0, 2, 3)]),
        case('promote_types', [torch.int64, torch.float32]),
        case('promote_types', [torch.bool, torch.int64]),
        case('detach', [randn(3)]),
        case('masked_fill', [randn(2, 3), mask(2, 3), -1.5]),
        case('numel', [randn(2, 3)]),
        case('is_floating_point', [randint(0, 2, 3)]),
    ]
    return cs


def edge_cases():
    """Corners: 0-dim and empty tensors, size-1 dims, degenerate arguments, integer inputs."""
    return [
        case('sum', [randn(), 0]),
        case('sum', [randn(2, 3), []]),
        case('mean', [randn(2, 3), []]),
        case('argmax', [randn()]),
        case('argmax', [randn(), 0]),
        case('softmax', [randn()], dim=0),
        case('log_softmax', [randn(0, 3)], dim=1),
        case('softmax', [randn(1, 1)], dim=0),
        case('var', [randn(1, 3), 0]).nograd(),
        case('std', [randn(1)]).nograd(),
        case('topk', [randn(4), 0]),
        case('split', [randn(3, 2), 5]),
        case('chunk', [randn(0, 2), 2]),
        case('gather', [randn(3, 4), 1, randint(0, 4, 3, 0)]),
        case('matmul', [randn(0, 2, 3), randn(3, 4)]),
        case('matmul', [randn(2, 0), randn(0, 3)]),
        method('squeeze', [randn(), 0]),
        method('squeeze', [randn(1, 1)]),
        method('transpose', [randn(), 0, -1]),
        method('narrow', [randn(3, 4), 1, 2, 0]),
        method('clone', [randn(0, 2)]),
        method('unsqueeze', [randn(0), 0]),
        method('expand', [randn(1, 1), 0, 1]),
        method('view', [randn(0, 3), 3, 0]),
        case('div', [randint(-3, 4, 6), tensor([0, 1, -1, 0, 2, 3])]),
        case('pow', [tensor([0.0, -2.0, 2.0]), tensor([0.0, 0.5, -1.0])]).nograd(),
        case('pow', [tensor([0, 2, 3]), 0]),
        case('where', [mask(2, 3), 1.5, 0.0]),  # JS cannot tell 1.0 from 1: see README
        case('where', [mask(3), 2, randn(3)]),
        case('eq', [mask(4), mask(4)]),
        case('relu', [randint(-3, 3, 5)]),
        case('sigmoid', [randint(-3, 3, 5)]),
        case('sqrt', [randint(0, 9, 5)]),
        case('abs', [tensor([-0.0, 0.0, -1.5])]).nograd(),
        case('sum', [randn(0)]),
        case('prod', [randn(0)]),
        case('max', [randn(3, 1), 1]),
        case('cat', [[randn(0, 3), randn(2, 3)]]),
        case('stack', [[randn(0), randn(0)]]),
        case('index_select', [randn(3, 0), 0, tensor([1, 2])]),
        case('masked_select', [randn(3), mask(0, 3)]),
        case('clamp', [randn()], min=0.0),
        case('maximum', [randn(), randn(2, 2)]),
        case('mul', [randn(1), randn(3)]),
        case('add', [randn(3, 1, 2), randn(1, 4, 1)]),
        case('logsumexp', [randint(0, 3, 4), 0]),
        error('norm', [randint(0, 3, 4)], 'norm(): input dtype should be either floating point or complex. Got Long instead.'),
        error('amax', [randn(0, 3), 0], 'Expected reduction dim 0 to have non-zero size'),
        error('div', [randint(0, 3, 3), tensor([1, 0, 1])], 'ZeroDivisionError', rounding_mode='floor'),
        error('squeeze', [randn(), 1], 'Dimension out of range (expected to be in range of [-1, 0], but got 1)'),
    ]


def promotion():
    """Type promotion: every pair of float32/float64/int64/bool operands, 0-dim operands and Python scalars."""
    dims = {'float32': lambda *s: randn(*s), 'float64': lambda *s: randn(*s).double(),
            'int64': lambda *s: randint(-4, 5, *s), 'bool': lambda *s: mask(*s)}
    cs = []
    for op in ['add', 'mul', 'div', 'maximum']:
        for a in dims:
            for b in dims:
                cs.append(case(op, [dims[a](3), dims[b](3)]))
                cs.append(case(op, [dims[a](3), dims[b]()]))
            if op != 'maximum':  # torch.maximum takes tensors only
                for scalar in [2, 2.5, True]:
                    cs.append(case(op, [dims[a](3), scalar]))
    # Stored dtypes that arrive from files and images: uint8 and int32.
    u8 = lambda *s: randint(0, 256, *s).op('byte')  # noqa: E731
    i32 = lambda *s: randint(-50, 50, *s).op('int')  # noqa: E731
    for op in ['add', 'mul', 'div', 'sub']:
        cs += [case(op, [u8(4), u8(4)]), case(op, [u8(4), randint(0, 9, 4)]), case(op, [u8(4), randn(4)]),
               case(op, [i32(4), randint(-9, 9, 4)]), case(op, [i32(4), randn(4)]), case(op, [u8(4), 3]),
               case(op, [i32(4), 2.5]), case(op, [u8(4), i32(4)])]
    cs += [case('sum', [u8(2, 3)]), case('sum', [i32(2, 3), 1]), method('float', [u8(5)]), method('div', [u8(3, 2), 255.0]),
           case('eq', [u8(4), i32(4)]), case('maximum', [u8(4), u8(4)]), case('add', [u8(4), mask(4)])]
    for a in dims:
        for b in dims:
            cs.append(case('where', [mask(3), dims[a](3), dims[b](3)]))
        cs.append(case('where', [mask(3), dims[a](3), 1.5]))
        cs.append(case('cat', [[dims[a](2), dims['int64'](2)]]))
    return cs


def inplace():
    """In-place methods on a tensor that does not require grad, with operands that may (gradients flow to them)."""
    s = lambda *shape: randn(*shape).nograd()  # noqa: E731
    return [
        method('add_', [s(3, 4), randn(3, 4)]),
        method('add_', [s(3, 4), randn(4)], alpha=2),
        method('add_', [s(3, 4), 1.5]),
        method('sub_', [s(3, 4), randn(3, 1)]),
        method('mul_', [s(3, 4), randn(3, 4)]),
        method('mul_', [s(4, 3).t(), randn(4)]).no_grad_fn_check(),  # PyTorch: AsStridedBackward0 (view + in-place)
        method('div_', [s(3, 4), pos(3, 4)]),
        method('pow_', [pos(3, 4).nograd(), 2]),
        method('clamp_', [s(3, 4), -0.5, 0.5]),
        method('relu_', [s(3, 4)]),
        method('neg_', [s(3, 4)]),
        method('sqrt_', [pos(3, 4).nograd()]),
        method('exp_', [s(3, 4)]),
        method('fill_', [s(2, 3), 1.5]),
        method('fill_', [randint(0, 5, 3), 7]),
        method('zero_', [s(2, 3)]),
        method('copy_', [s(2, 3), randn(3)]),
        method('copy_', [s(2, 3), randint(0, 9, 2, 3)]),
        method('copy_', [randint(0, 9, 4), tensor([1.7, -1.7, 2.5, 0.2])]),
        method('masked_fill_', [s(3, 4), mask(3, 4), -1.0]),
        method('addcmul_', [s(3), randn(3), randn(3)], value=0.5),
        method('addcdiv_', [s(3), randn(3), pos(3)], value=-2),
        method('lerp_', [s(3), randn(3), 0.25]),
        # In-place through views: the base's history is rewritten (PyTorch's CopySlices).
        method('mul_', [randn(3, 4).op('mul', 1).op('select', 1, 0), 2.0]),
        method('add_', [randn(3, 4).op('mul', 1).op('narrow', 0, 1, 2), randn(2, 4)]),
        method('copy_', [randn(3, 4).nograd().op('select', 1, 2), randn(3)]),
        method('relu_', [randn(4, 3).op('mul', 1).op('t').op('select', 0, 1)]),
        method('fill_', [randn(3, 4).op('mul', 2).op('select', 0, 1), 0.5]),
        method('zero_', [randn(3, 4).op('mul', 2)]),
        method('zero_', [randn(3, 4).op('mul', 2).op('narrow', 1, 0, 2)]),
        case('setitem', [randn(3, 4).op('mul', 1), [0], 2.5]),
        case('setitem', [randn(3, 4).op('mul', 1), [':', '1:3'], randn(3, 2)]),
        case('setitem', [randn(3, 4).op('mul', 1), ['...', -1], randn(3)]),
        case('setitem', [randn(3, 4).nograd(), [1, '::2'], randn(1)]),
        case('setitem', [randn(3, 4).op('mul', 1), [mask(3, 4)], 0.0]),
        case('setitem', [randint(0, 9, 2, 3), [':', 0], 7]),
        method('add_', [randint(0, 9, 3), 2]),
        method('mul_', [randint(0, 9, 3), randint(0, 9, 3)]),
    ]


def reduction():
    cs = []
    for op in ['sum', 'mean']:
        cs += [
            case(op, [randn(3, 4)]),
            case(op, [randn(3, 4), 1]),
            case(op, [randn(3, 4), 0], keepdim=True),
            case(op, [randn(2, 3, 4), [0, 2]]),
            case(op, [randn(2, 3, 4), -1], keepdim=True),
            case(op, [randn(4, 3).t(), 1]),
            case(op, [randn(3, 1).expand(3, 4), 0]),
            case(op, [randn()]),
            case(op, [randn(0, 3)]),
            case(op, [randn(0, 3), 1]),
            case(op, [randn(2, 3).double(), 1]),
            method(op, [randn(2, 3, 4), 1], keepdim=True),
        ]
    cs += [
        case('sum', [randint(0, 9, 3, 4), 1]),
        case('sum', [mask(3, 4)]),
        case('sum', [randn(3, 4)], dtype=torch.float64),
        case('mean', [randint(0, 9, 3, 4)], dtype=torch.float32),
    ]
    for op in ['max', 'min']:
        cs += [
            case(op, [randn(3, 4)]),
            case(op, [randn(3, 4), 1]),
            case(op, [randn(3, 4), 0], keepdim=True),
            case(op, [randn(4, 3).t(), 1]),
            case(op, [randint(0, 9, 3, 4), 1]),
            case(op, [tensor([[1.0, NAN, 3.0], [2.0, 5.0, 5.0]]), 1]).nograd(),
            case(op, [randn()]),
            case(op, [randn(), 0]),
            case(op, [randn(3, 4), randn(3, 4)]),
            method(op, [randn(2, 5), -1]),
        ]
    for op in ['amax', 'amin']:
        cs += [case(op, [randn(3, 4), 1]), case(op, [randn(2, 3, 4), [0, 2]], keepdim=True)]
    cs += [case('amax', [tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]), 1])]
    for op in ['argmax', 'argmin']:
        cs += [
            case(op, [randn(3, 4)]),
            case(op, [randn(3, 4), 1]),
            case(op, [randn(3, 4), 0], keepdim=True),
            case(op, [tensor([[1.0, 3.0, 3.0], [NAN, 2.0, 0.0]]), 1]),
            method(op, [randn(4, 3).t(), 0]),
        ]
    for op in ['var', 'std']:
        cs += [
            case(op, [randn(3, 4)]),
            case(op, [randn(3, 4), 1]),
            case(op, [randn(3, 4), 0], keepdim=True),
            case(op, [randn(3, 4), 1], unbiased=False),
            case(op, [randn(2, 3, 4), [0, 2]], correction=0),
            case(op, [randn(4, 3).t(), 1]),
            method(op, [randn(3, 5).double(), 1]),
        ]
    cs += [
        case('logsumexp', [randn(3, 4), 1]),
        case('logsumexp', [randn(3, 4), [0, 1]]),
        case('logsumexp', [randn(3, 4), 0], keepdim=True),
        case('logsumexp', [tensor([[1000.0, 1000.0], [-INF, -INF]]), 1]).nograd(),
        case('logsumexp', [randn(4, 3).t(), 1]),
        case('softmax', [randn(3, 4)], dim=1),
        case('softmax', [randn(3, 4)], dim=0),
        case('softmax', [randn(2, 3, 4)], dim=-1),
        case('softmax', [randn(4, 3).t()], dim=1),
        case('softmax', [tensor([[1000.0, 0.0], [-1000.0, 0.0]])], dim=1),
        case('softmax', [randn(3, 4).double()], dim=1),
        method('softmax', [randn(2, 5), -1]),
        case('log_softmax', [randn(3, 4)], dim=1),
        case('log_softmax', [randn(2, 3, 4)], dim=0),
        case('log_softmax', [randn(4, 3).t()], dim=1),
        case('log_softmax', [tensor([[1000.0, 0.0], [-1000.0, 0.0]])], dim=1),
        method('log_softmax', [randn(2, 5), 1]),
        case('norm', [randn(3, 4)]),
        case('norm', [randn(3, 4), 2, 1]),
        case('norm', [randn(3, 4), 1, 1]),
        case('norm', [randn(3, 4), 3, 0]),
        case('norm', [randn(3, 4), INF, 1]),
        case('norm', [randn(3, 4), 2, 1], keepdim=True),
        case('norm', [randn(4, 3).t(), 'fro']),
        method('norm', [randn(2, 5)]),
        case('prod', [pos(3, 4), 1]),
        # PyTorch's positional booleans: keepdim (sum, mean, amax, argmax, logsumexp, …), unbiased then keepdim (var, std)
        method('sum', [randn(3, 4), 1, True]),
        method('mean', [randn(3, 4), 0, True]),
        method('amax', [randn(3, 4), 1, True]),
        method('argmax', [randn(3, 4), 1, True]),
        method('logsumexp', [randn(3, 4), 1, True]),
        method('norm', [randn(3, 4), 2, 1, True]),
        method('prod', [pos(3, 4), 1, True]),
        method('var', [randn(3, 4), 1, False]),
        method('std', [randn(3, 4), 1, False, True]),
        method('all', [mask(3, 4), 1, True]),
        method('topk', [randn(3, 5), 2, 1, False]),
        method('sort', [perm(6).op('float'), 0, True]),
        case('prod', [randn(5)]),
    ]
    return cs


def linalg():
    cs = [
        case('mm', [randn(3, 4), randn(4, 5)]),
        case('mm', [randn(4, 3).t(), randn(4, 5)]),
        case('mm', [randn(3, 4), randn(5, 4).t()]),
        case('mm', [randn(3, 4).double(), randn(4, 2).double()]),
        case('mm', [randn(0, 4), randn(4, 2)]),
        case('mm', [randn(3, 0), randn(0, 2)]),
        case('mm', [randn(1, 4), randn(4, 1)]),
        method('mm', [randn(2, 3), randn(3, 2)]),
        # Sizes that are not multiples of any block or vector width, so fast kernels' edge handling is exercised.
        case('mm', [randn(33, 65), randn(65, 17)]).rtol(1e-4, 1e-5),  # float32 sums of ~50 products
        case('mm', [randn(65, 33).t(), randn(17, 65).t()]).rtol(1e-4, 1e-5),  # float32 sums of ~50 products
        case('matmul', [randn(3, 9, 31), randn(31, 13)]).rtol(1e-4, 1e-5),  # float32 sums of ~50 products
        case('bmm', [randn(2, 17, 40), randn(2, 40, 7)]).rtol(1e-4, 1e-5),  # float32 sums of ~50 products
        case('matmul', [randn(1, 50), randn(50, 19)]).rtol(1e-4, 1e-5),  # float32 sums of ~50 products
        case('matmul', [randn(23, 50), randn(50, 1)]).rtol(1e-4, 1e-5),  # float32 sums of ~50 products
        case('mm', [randint(-5, 5, 2, 3), randint(-5, 5, 3, 2)]),
        case('matmul', [randint(-5, 5, 2, 3, 4), randint(-5, 5, 4)]),
        case('bmm', [randn(2, 3, 4), randn(2, 4, 5)]),
        case('bmm', [randn(2, 4, 3).transpose(1, 2), randn(2, 4, 5)]),
        case('bmm', [randn(3, 4).expand(2, 3, 4), randn(2, 4, 2)]),
        method('bmm', [randn(3, 2, 2), randn(3, 2, 2)]),
        case('matmul', [randn(4), randn(4)]),
        case('matmul', [randn(3, 4), randn(4)]),
        case('matmul', [randn(4), randn(4, 3)]),
        case('matmul', [randn(3, 4), randn(4, 5)]),
        case('matmul', [randn(2, 3, 4), randn(4, 5)]),
        case('matmul', [randn(2, 3, 4), randn(4)]),
        case('matmul', [randn(4), randn(2, 4, 3)]),
        case('matmul', [randn(2, 3, 4), randn(2, 4, 5)]),
        case('matmul', [randn(2, 1, 3, 4), randn(3, 4, 2)]),
        case('matmul', [randn(3, 4), randn(2, 4, 5)]),
        case('matmul', [randn(4, 3).t(), randn(4, 2)]),
        method('matmul', [randn(2, 3), randn(3, 2).double().op('float')]),
    ]
    return cs


def views():
    cs = [
        method('view', [randn(3, 4), 4, 3]).strides(),
        method('view', [randn(3, 4), [2, -1]]).strides(),
        method('view', [randn(3, 4), -1]).strides(),
        method('view', [randn(4, 3).t(), 3, 2, 2]).strides(),
        method('view', [randn(), 1]).strides(),
        method('reshape', [randn(3, 4), 6, 2]).strides(),
        method('reshape', [randn(4, 3).t(), -1]).strides(),
        method('reshape', [randn(2, 3, 4).transpose(1, 2), 2, 12]).strides(),
        case('reshape', [randn(3, 4), [2, 2, 3]]).strides(),
        method('reshape', [randn(0, 4), -1, 2]).strides(),
        case('transpose', [randn(2, 3, 4), 0, 2]).strides(),
        method('transpose', [randn(3, 4), -1, 0]).strides(),
        method('t', [randn(3, 4)]).strides(),
        method('t', [randn(3)]).strides(),
        case('t', [randn(3, 4)]).strides(),
        method('permute', [randn(2, 3, 4), 2, 0, 1]).strides(),
        case('permute', [randn(2, 3, 4), [1, 2, 0]]).strides(),
        method('permute', [randn(4, 3).t(), 1, 0]).strides(),
        method('squeeze', [randn(1, 3, 1)]).strides(),
        method('squeeze', [randn(1, 3, 1), 0]).strides(),
        method('squeeze', [randn(1, 3, 1), 1]).strides(),
        case('squeeze', [randn(3, 1), -1]).strides(),
        method('unsqueeze', [randn(3, 4), 0]).strides(),
        method('unsqueeze', [randn(3, 4), -1]).strides(),
        method('unsqueeze', [randn(4, 3).t(), 1]).strides(),
        case('unsqueeze', [randn(), 0]).strides(),
        method('expand', [randn(3, 1), 3, 4]).strides(),
        method('expand', [randn(3, 1), [2, 3, 5]]).strides(),
        method('expand', [randn(3, 1), -1, 4]).strides(),
        method('expand', [randn(), 2, 2]).strides(),
        method('expand_as', [randn(1, 4), randn(3, 4).nograd()]).strides(),
        method('narrow', [randn(4, 5), 1, 1, 3]).strides(),
        case('narrow', [randn(4, 5), 0, -2, 2]).strides(),
        method('narrow', [randn(5, 4).t(), 0, 2, 2]).strides(),
        method('select', [randn(3, 4), 0, 1]).strides(),
        method('select', [randn(3, 4), 1, -1]).strides(),
        case('select', [randn(2, 3, 4), 2, 0]).strides(),
        method('flatten', [randn(2, 3, 4)]).strides(),
        method('flatten', [randn(2, 3, 4), 1]).strides(),
        case('flatten', [randn(2, 3, 4), 0, 1]).strides(),
        method('flatten', [randn()]).strides(),
        method('flatten', [randn(2, 4, 3).transpose(1, 2), 1]).strides(),
        method('unflatten', [randn(2, 12), 1, [3, 4]]).strides(),
        case('slice', [randn(5, 4), 0, 1, 4]).strides(),
        case('slice', [randn(5, 4), 1, 0, 4, 2]).strides(),
        case('slice', [randn(5, 4), 0, -3, None]).strides(),
        case('slice', [randn(5, 4), 1, 2, 100]).strides(),
        case('slice', [randn(5, 4).t(), 1, 1, 3]).strides(),
        method('view_as', [randn(3, 4), randn(2, 6).nograd()]).strides(),
        method('reshape_as', [randn(4, 3).t(), randn(12).nograd()]).strides(),
        method('sum_to_size', [randn(3, 4), 1, 4]),
        method('sum_to_size', [randn(2, 3, 4), [3, 1]]),
        method('new_zeros', [randn(2).double(), [2, 3]]),
        method('new_ones', [randint(0, 3, 2), [3]]),
        method('new_full', [randn(2), [2, 2], 3.5]),
        method('new_tensor', [randn(2).double(), [1, 2]]),
        method('where', [randn(3, 4), mask(3, 4), randn(4)]),
        method('contiguous', [randn(4, 3).t()]).strides(),
        method('contiguous', [randn(3, 4)]).strides(),
        method('clone', [randn(4, 3).t()]),
        case('clone', [randn(2, 3)]),
        method('detach', [randn(2, 3)]).strides(),
        method('item', [randn(1, 1)]),
        method('item', [randint(0, 9, 1)]),
        method('item', [mask(1)]),
        method('item', [randn().double()]),
        method('tolist', [randn(2, 3)]),
        method('tolist', [randint(0, 9, 2, 2)]),
        method('tolist', [mask(3)]),
        method('tolist', [randn()]),
        method('tolist', [randn(3, 2).t()]),
        case('getitem', [randn(4, 5), 1]).strides(),
        case('getitem', [randn(4, 5), -1, '1:4']).strides(),
        case('getitem', [randn(4, 5), ':', '::2']).strides(),
        case('getitem', [randn(4, 5), '1:', None]).strides(),
        case('getitem', [randn(2, 3, 4), '...', 1]).strides(),
        case('getitem', [randn(2, 3, 4), None, '...', '-2:']).strides(),
        case('getitem', [randn(2, 3, 4), 0, '...', None, 2]).strides(),
        case('getitem', [randn(5, 4).t(), '1:3', '0:5:2']).strides(),
        case('getitem', [randn(4, 5), '10:20']).strides(),
        case('getitem', [randn(4, 5), ':', tensor([4, 0, 0])]),
        case('getitem', [randn(4, 5), mask(4, 5)]),
        case('getitem', [randn(4), '...']).strides(),
        error('getitem', [randn(4, 5), 4], 'index 4 is out of bounds for dimension 0 with size 4'),
        error('getitem', [randn(4, 5), 0, 0, 0], 'too many indices for tensor of dimension 2'),
        case('is_contiguous', [randn(3, 4).t()]),
        case('is_contiguous', [randn(3, 1).expand(3, 4)]),
        case('is_contiguous', [randn(3, 4)]),
        method('float', [randint(0, 9, 4)]),
        method('double', [randn(4)]),
        method('long', [tensor([-1.7, 2.5, 0.2])]),
        method('bool', [tensor([-1.7, 0.0, NAN])]),
        method('to', [randn(4), torch.float64]),
        method('to', [randn(3, 2).t(), torch.float64]),
        method('int', [tensor([3.9, -3.9])]),
        method('type_as', [randint(0, 9, 3), randn(2).double()]),
    ]
    return cs


def structural():
    cs = [
        case('cat', [[randn(2, 3), randn(4, 3)]]),
        case('cat', [[randn(2, 3), randn(2, 1)], 1]),
        case('cat', [[randn(2, 3), randn(2, 3)]], dim=-1),
        case('cat', [[randn(3, 2).t(), randn(2, 3)]]),
        case('cat', [[randn(2, 3), randn(0)]]),
        case('cat', [[randn(2, 3), randint(0, 5, 1, 3)]]),
        case('cat', [[randn(2, 3), randn(2, 3).double()]]),
        case('cat', [[randn(3)]]),
        case('stack', [[randn(2, 3), randn(2, 3)]]),
        case('stack', [[randn(2, 3), randn(2, 3), randn(2, 3)], 1]),
        case('stack', [[randn(2, 3), randn(3, 2).t()], -1]),
        case('stack', [[randn(), randn()]]),
        case('chunk', [randn(5, 4), 2]),
        case('chunk', [randn(5, 4), 3, 1]),
        case('chunk', [randn(6, 2), 3]),
        case('chunk', [randn(2, 2), 5]),
        method('chunk', [randn(4, 6), 4, -1]),
        case('split', [randn(5, 4), 2]),
        case('split', [randn(5, 4), [1, 4]]),
        case('split', [randn(5, 4), 3, 1]),
        method('split', [randn(3, 6), [2, 2, 2], 1]),
        case('unbind', [randn(3, 2)]),
        case('unbind', [randn(3, 2), 1]),
        case('topk', [randn(3, 5), 2]),
        case('topk', [randn(3, 5), 2, 0]),
        case('topk', [randn(3, 5), 3], largest=False),
        case('topk', [randn(5, 3).t(), 1]),
        case('topk', [randn(6), 6]),
        case('topk', [tensor([1.0, NAN, 3.0, 2.0]), 2]).nograd(),
        method('topk', [randn(2, 4), 2, 1]),
        case('index_select', [randn(4, 3), 0, randint(0, 4, 5)]),
        case('index_select', [randn(4, 3), 1, tensor([2, 0])]),
        case('index_select', [randn(3, 4).t(), 0, tensor([3, 3, 1])]),
        case('index_select', [randn(4, 3), 0, tensor([], dtype='int64')]),
        method('index_select', [randn(2, 3, 4), -1, randint(0, 4, 2)]),
        case('masked_select', [randn(3, 4), mask(3, 4)]),
        case('masked_select', [randn(3, 4), mask(4)]),
        # PyTorch 1.13 scatters this gradient in the base's memory order (a bug); ours is checked by gradcheck.
        case('masked_select', [randn(4, 3).t(), mask(3, 4)]).nograd(),
        method('masked_select', [randn(3), mask(2, 3)]),
        case('gather', [randn(3, 4), 1, randint(0, 4, 3, 2)]),
        case('gather', [randn(3, 4), 0, randint(0, 3, 2, 4)]),
        case('gather', [randn(4, 3).t(), 1, randint(0, 4, 3, 5)]),
        case('gather', [randn(3, 4), 1, tensor([[0, 0], [1, 1], [3, 3]])]),
        method('gather', [randn(2, 3, 4), -1, randint(0, 4, 2, 3, 1)]),
        case('scatter_add', [randn(3, 4), 1, randint(0, 4, 3, 2), randn(3, 2)]),
        case('scatter_add', [randn(3, 4), 0, randint(0, 3, 2, 4), randn(2, 4)]),
        case('scatter_add', [randn(3, 4), 1, tensor([[0, 0], [1, 1], [3, 3]]), randn(3, 2)]),
        method('scatter_add', [randn(2, 5), 1, randint(0, 5, 2, 3), randn(2, 3)]),
        case('flip', [randn(3, 4), [0]]),
        case('flip', [randn(2, 3, 4), [0, 2]]),
        method('flip', [randn(4, 3).t(), -1]),
        case('flip', [randint(0, 9, 5), [0]]),
        case('cumsum', [randn(3, 4), 1]),
        case('cumsum', [randn(3, 4), 0]),
        method('cumsum', [randn(4, 3).t(), -1]),
        case('cumsum', [randint(0, 9, 2, 3), 1]),
        case('cumsum', [mask(5), 0]),
        case('cumsum', [randn(4), 0], dtype=torch.float64),
        case('cumsum', [randn(), 0]),
        method('repeat', [randn(2, 3), 2, 1]),
        method('repeat', [randn(3), 2, 2]),
        method('repeat', [randn(4, 3).t(), [1, 2]]),
        case('tile', [randn(2, 3), [2]]),
        case('tile', [randn(2), [2, 3]]),
        case('roll', [randn(5), 2]),
        case('roll', [randn(3, 4), -1, 1]),
        case('roll', [randn(3, 4), [1, 2], [0, 1]]),
        case('roll', [randn(3, 4), 5]),
        case('sort', [perm(6).op('float')]),
        case('sort', [perm(12).op('float').op('view', 3, 4), 0], descending=True),
        method('sort', [perm(12).op('double').op('view', 4, 3).op('t')], descending=True),
        case('argsort', [perm(8).op('float').op('view', 2, 4)]),
        case('sort', [tensor([2.0, 1.0, 2.0, 1.0])], stable=True),
        case('all', [mask(3, 4)]),
        case('all', [randn(3, 4), 1]),
        case('any', [mask(3, 4, p=0.1), 0], keepdim=True),
        case('any', [tensor([0.0, NAN])]),
        case('all', [randint(0, 2, 4)]),
        case('addmm', [randn(4), randn(3, 5), randn(5, 4)]),
        case('addmm', [randn(3, 4), randn(3, 5), randn(5, 4)], beta=0.5, alpha=2.0),
        case('addmm', [tensor([NAN, 1.0]), randn(2, 3), randn(3, 2)], beta=0.0).nograd(),
        case('dot', [randn(5), randn(5)]),
        error('dot', [randn(2, 2), randn(2)], '1D tensors expected, but got 2D and 1D tensors'),
        error('dot', [randn(3), randn(4)], 'inconsistent tensor size'),
        error('dot', [randn(3), randn(3).double()], 'dot : expected both vectors to have same dtype, but found Float and Double'),
        error('repeat', [randn(2, 3), 2], 'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor').m(),
        case('F.one_hot', [randint(0, 4, 5)]),
        case('F.one_hot', [randint(0, 3, 2, 3), 5]),
        case('F.one_hot', [tensor([0, 2])], num_classes=3),
        method('masked_fill', [randn(3, 4), mask(3, 4), 0.5]),
        method('masked_fill', [randn(3, 4), mask(4), -INF]).nograd(),
    ]
    return cs


def creation():
    cs = [
        case('zeros', [2, 3]),
        case('zeros', [[2, 3]]),
        case('zeros', [0]),
        case('zeros', [[]]),
        case('zeros', [2], dtype=torch.int64),
        case('ones', [3, 1]),
        case('ones', [[2]], dtype=torch.float64),
        case('ones', [2], dtype=torch.bool),
        case('full', [[2, 2], 7]),
        case('full', [[2, 2], 1.5]),
        case('full', [[3], True]),
        case('full', [[2], 2], dtype=torch.float64),
        case('zeros_like', [randint(0, 3, 2, 3)]),
        case('ones_like', [randn(2, 3)]),
        case('ones_like', [randn(2, 3)], dtype=torch.int64),
        case('full_like', [randn(2, 2), 3.5]),
        case('arange', [5]),
        case('arange', [1, 4]),
        case('arange', [0, 1, 0.25]),
        case('arange', [10, 0, -3]),
        case('arange', [4], dtype=torch.float32),
        case('linspace', [0, 1, 5]),
        case('linspace', [-1, 1, 4]),
        case('linspace', [3, 3, 1]),
        case('linspace', [0, 10, 7], dtype=torch.float64),
        case('eye', [3]),
        case('eye', [2, 4]),
        case('eye', [2], dtype=torch.int64),
        case('tensor', [[[1, 2], [3, 4]]]),
        case('tensor', [[1.5, 2]]),
        case('tensor', [[True, False]]),
        case('tensor', [3.5]),
        case('tensor', [[]]),
        case('tensor', [[1, 2]], dtype=torch.float32),
        case('rand', [2, 3]).seed(0),
        case('rand', [[5]]).seed(42),
        case('rand', [3], dtype=torch.float64).seed(0),
        case('randn', [2, 3]).seed(0),
        case('randn', [17]).seed(123),
        case('randn', [3], dtype=torch.float64).seed(7),
        case('randint', [0, 10, [6]]).seed(0),
        case('randint', [5, [2, 3]]).seed(1),
        case('randperm', [6]).seed(0),
        case('normal', [2.0, 3.0, [4]]).seed(0),
        case('train_mlp', [40]).seed(0).rtol(1e-4, 1e-5),
        case('rng_sequence', []).seed(0),
        case('generator_sequence', [123]).seed(0),
        case('rng_sequence', []).seed(2024),
        case('rand_like', [randn(2, 2).nograd()]).seed(3),
        case('bernoulli', [uniform(0, 1, 3, 4).nograd()]).seed(5),
        case('bernoulli', [uniform(0, 1, 20).double().nograd()]).seed(6),
        case('randint_like', [randn(2, 3).nograd(), 10]).seed(7),
        case('randint_like', [randn(5).nograd(), 3, 9]).seed(8),
        case('randn_like', [randn(3).nograd()]).seed(3),
    ]
    return cs


def printing():
    """repr(tensor) as PyTorch prints it."""
    r = lambda t: case('repr', [t])  # noqa: E731
    cs = [
        r(tensor([[1.0, 2.0]]).nograd()),
        r(tensor([[1.0, 2.0]])),
        r(randn(3, 4).nograd()),
        r(randn(2, 3, 4).nograd()),
        r(tensor([1e-5, 1.0, 1000.0]).nograd()),
        r(tensor([1e10, 1.0]).nograd()),
        r(tensor([123456.0, 0.5]).nograd()),
        r(tensor([1.0, 2.0, 3.0]).nograd()),
        r(tensor([-0.0, 1.5, 100.25]).nograd()),
        r(tensor([NAN, INF, -INF, 1.5]).nograd()),
        r(tensor([NAN, 2.0]).nograd()),
        r(tensor([1e-9, 2e-9]).nograd()),
        r(tensor([1, -2, 300])),
        r(tensor([[True, False], [False, True]])),
        r(tensor(3.5).nograd()),
        r(tensor(7)),
        r(tensor([]).nograd()),
        r(randn(0, 3).nograd()),
        r(tensor([], dtype='int64')),
        r(randn(3).double().nograd()),
        r(tensor([1.0, 2.0], dtype='float64').nograd()),
        r(randint(0, 10, 2, 2).op('int')),
        r(randn(2, 3).nograd().op('half')),
        r(randn(3).nograd().op('bfloat16')),
        r(randn(1001).nograd()),
        r(randn(40, 40).nograd()),
        r(randn(2, 600).nograd()),
        r(randn(12, 3, 30).nograd()),
        r(randn(20).nograd()),
        r(randint(0, 100000, 30)),
        r(randint(0, 10, 2000)),
        r(mask(1200)),
        r(mask(4, 25)),
        r(randn(3, 30).nograd()),
        r(tensor([0.0, 0.0]).nograd()),
        r(tensor([-INF, NAN]).nograd()),
        r(tensor([1.0, 100000.0]).nograd()),
        r(tensor([[1e-8, NAN], [1.0, -INF]]).nograd()),
        r(randn(2, 3, 4, scale=1e5).nograd()),
        r(randn(1100, scale=1e-3).nograd()),
        r(tensor([0.03125, 0.09375, -0.15625]).nograd()),
        r(randint(-100000, 100000, 3, 30)),
        case('repr_with', [randn(3, 4).nograd()], precision=2),
        case('repr_with', [randn(3, 4).nograd()], sci_mode=True),
        case('repr_with', [tensor([1e-6, 1.0]).nograd()], sci_mode=False),
        case('repr_with', [randn(30).nograd()], threshold=10),
        case('repr_with', [randn(30).nograd()], threshold=10, edgeitems=1),
        case('repr_with', [randn(30).nograd()], threshold=10, edgeitems=0),
        case('repr_with', [randn(20).nograd()], linewidth=40),
        case('repr_with', [randn(30).nograd()], profile='short'),
        case('repr_with', [randn(1200).nograd()], profile='full', linewidth=120),
        case('repr_with', [randn(4).op('mul', 2)], linewidth=30),
        r(randn(2, 2).op('mul', 2)),
        r(randn(2, 2).op('add', 1)),
        r(randn(2, 2).op('sum')),
        r(randn(2, 2).op('sum', 0)),
        r(randn(2, 2).op('mean')),
        r(randn(2, 2).op('exp')),
        r(randn(2, 2).op('relu')),
        r(randn(2, 2).op('sigmoid')),
        r(randn(2, 2).op('tanh')),
        r(randn(2, 2).op('t')),
        r(randn(2, 2).op('view', 4)),
        r(randn(2, 3).op('softmax', 1)),
        r(randn(2, 3).op('log_softmax', 1)),
        r(randn(3).op('pow', 2)),
        r(randn(3).op('div', 2)),
        r(randn(3).op('sub', 2)),
        r(randn(3).op('neg')),
        r(randn(3).op('double')),
        r(randn(3).op('unsqueeze', 0)),
    ]
    return cs


def errors():
    cs = [
        error('add', [randn(2, 3), randn(2, 4)], 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'),
        error('mul', [randn(3), randn(4)], 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0'),
        error('where', [mask(3), randn(4), randn(3)], 'must match the size of tensor b'),
        error('mm', [randn(2, 3), randn(4, 5)], 'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'),
        error('mm', [randn(2, 3), randn(3)], 'mat2 must be a matrix'),
        error('matmul', [randn(2, 3), randn(4, 5)], 'shapes cannot be multiplied (2x3 and 4x5)'),
        error('matmul', [randn(3), randn(4)], 'inconsistent tensor size'),
        error('matmul', [randn(), randn(3)], 'both arguments to matmul need to be at least 1D'),
        error('bmm', [randn(2, 3, 4), randn(2, 5, 6)], 'Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].'),
        error('bmm', [randn(3, 4), randn(2, 4, 5)], 'batch1 must be a 3D tensor'),
        error('sum', [randn(2, 3), 2], 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
        error('softmax', [randn(2, 3), -3], 'Dimension out of range (expected to be in range of [-2, 1], but got -3)'),
        error('mean', [randint(0, 5, 3)], 'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long'),
        error('max', [randn(0, 3)], 'Expected reduction dim to be specified for input.numel() == 0'),
        error('softmax', [randint(0, 5, 3), 0], '"softmax_lastdim_kernel_impl" not implemented for \'Long\''),
        error('log_softmax', [randint(0, 5, 3), 0], '"log_softmax_lastdim_kernel_impl" not implemented for \'Long\''),
        error('var', [randint(0, 5, 3)], 'std and var only support floating point and complex dtypes'),
        error('std', [randint(0, 5, 3)], 'std and var only support floating point and complex dtypes'),
        case('prod', [randint(1, 4, 4)]),
        case('softmax', [randint(0, 5, 3), 0], dtype=torch.float32),
        error('argmax', [randn(3, 0), 1], 'Expected reduction dim 1 to have non-zero size'),
        error('view', [randn(2, 3), 5], "shape '[5]' is invalid for input of size 6").m(),
        error('view', [randn(2, 3), -1, -1], 'only one dimension can be inferred').m(),
        error('view', [randn(3, 2).t(), 6], "view size is not compatible with input tensor's size and stride").m(),
        error('reshape', [randn(2, 3), [4, 2]], "shape '[4, 2]' is invalid for input of size 6"),
        error('expand', [randn(2, 3), 2, 4], 'The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1').m(),
        error('expand', [randn(2, 3), 3], 'must be greater or equal to the number of dimensions in the tensor').m(),
        error('transpose', [randn(2, 3), 0, 2], 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
        error('permute', [randn(2, 3), [0]], 'number of dimensions in the tensor input does not match the length of the desired ordering of dimensions'),
        error('narrow', [randn(4), 0, 2, 3], 'start (2) + length (3) exceeds dimension size (4).'),
        error('select', [randn(3, 4), 0, 5], 'index 5 out of range for tensor of size [3, 4] at dimension 0'),
        error('squeeze', [randn(2, 1), 2], 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
        error('unsqueeze', [randn(2, 1), 3], 'Dimension out of range (expected to be in range of [-3, 2], but got 3)'),
        error('flatten', [randn(2, 3, 4), 2, 1], 'flatten() has invalid args: start_dim cannot come after end_dim'),
        error('t', [randn(2, 3, 4)], 't() expects a tensor with <= 2 dimensions, but self is 3D'),
        error('item', [randn(2, 3)], 'only one element tensors can be converted to Python scalars').m(),
        error('cat', [[randn(2, 3), randn(2, 4)]], 'Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.'),
        error('cat', [[randn(2, 3), randn(3)]], 'Tensors must have same number of dimensions: got 2 and 1'),
        error('cat', [[]], 'expected a non-empty list of Tensors'),
        error('cat', [[randn(), randn()]], 'zero-dimensional tensor (at position 0) cannot be concatenated'),
        error('stack', [[randn(2, 3), randn(3, 2)]], 'stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] at entry 1'),
        error('chunk', [randn(4), 0], 'chunk expects `chunks` to be greater than 0, got: 0'),
        error('split', [randn(5), [2, 2]], 'split_with_sizes expects split_sizes to sum exactly to 5'),
        error('topk', [randn(3), 4], 'selected index k out of range'),
        error('gather', [randn(3, 4), 1, randint(0, 4, 3, 2).op('int')], 'gather(): Expected dtype int64 for index'),
        error('gather', [randn(3, 4), 1, randint(0, 4, 3)], 'Index tensor must have the same number of dimensions as input tensor'),
        error('index_select', [randn(3, 4), 0, tensor([5])], 'index out of range in self'),
        error('index_select', [randn(3, 4), 0, tensor([[0]])], 'Index is supposed to be a vector'),
        error('masked_select', [randn(3), randint(0, 2, 3)], 'masked_select: expected BoolTensor or ByteTensor for mask'),
        error('scatter_add', [randn(3, 4), 1, randint(0, 4, 3, 2), randn(3, 1)], 'Expected index [3, 2] to be smaller than self [3, 4] apart from dimension 1 and to be smaller size than src [3, 1]'),
        error('F.one_hot', [tensor([0, 3])], 'Class values must be smaller than num_classes.', num_classes=3),
        error('F.one_hot', [tensor([0.0, 1.0])], 'one_hot is only applicable to index tensor'),
        error('sub', [mask(3), mask(3)], 'Subtraction, the `-` operator, with two bool tensors is not supported'),
        error('neg', [mask(3)], 'Negation, the `-` operator, on a bool tensor is not supported'),
        error('pow', [randint(1, 4, 3), -1], 'Integers to negative integer powers are not allowed'),
        error('clamp', [randn(3)], "At least one of 'min' or 'max' must not be None"),
        error('where', [randn(3), randn(3), randn(3)], 'where expected condition to be a boolean tensor'),
        error('div', [randn(3), randn(3)], 'div expected rounding_mode to be one of None', rounding_mode='round'),
        error('arange', [0, 10, -1], 'upper bound and larger bound inconsistent with step sign'),
        error('zeros', [2, -1], 'Trying to create tensor with negative dimension -1'),
        error('tensor', [[[1, 2], [3]]], 'expected sequence of length 2 at dim 1 (got 1)'),
        error('eye', [-1], 'n must be greater or equal to 0, got -1'),
        error('linspace', [0, 1, -1], 'number of steps must be non-negative'),
        error('randperm', [-1], 'Trying to create tensor with negative dimension -1'),
        error('randn', [3], 'not implemented for', dtype=torch.int64),
        error('mm', [randn(2, 3), randn(3, 2).double()], 'expected scalar type Float but found Double'),
        error('matmul', [randn(2, 3), randn(3, 2).double()], 'expected scalar type Float but found Double'),
        error('bmm', [randn(1, 2, 3), randn(1, 3, 2).double()], 'expected scalar type Float but found Double'),
        error('mm', [mask(2, 2), mask(2, 2)], '"addmm_impl_cpu_" not implemented for \'Bool\''),
        error('index_select', [randn(3), 0, tensor([0.5])], 'index_select(): Expected dtype int32 or int64 for index'),
        error('sum', [randn(3), [0, 0]], 'dim 0 appears multiple times in the list of dims'),
        error('add_', [randn(2, 3), randn(3, 3)], "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0").m(),
        error('add_', [randn(3, 1).nograd(), randn(3, 4)], "output with shape [3, 1] doesn't match the broadcast shape [3, 4]").m(),
        error('add_', [randint(0, 3, 3), randn(3)], "result type Float can't be cast to the desired output type Long").m(),
        error('sum', [randn(2, 3), [0, 0]], 'appears multiple times in the list of dims'),
    ]
    return cs


def double_backward():
    """Second derivatives (create_graph=True, then backward of the gradient) against PyTorch."""
    return [
        case('mul', [randn(3, 4).double(), randn(3, 4).double()]).double(),
        case('mul', [randn(3, 1), randn(4)]).double(),
        case('div', [randn(3, 4).double(), pos(3, 4).double()]).double(),
        case('div', [randn(3), 2.0]).double(),
        case('pow', [pos(3, 4).double(), 3]).double(),
        case('pow', [pos(3, 4).double(), pos(3, 4).double()]).double(),
        case('pow', [pos(5), 0.5]).double(),
        case('exp', [randn(3, 4).double()]).double(),
        case('log', [pos(3, 4).double()]).double(),
        case('tanh', [randn(3, 4).double()]).double(),
        case('sigmoid', [randn(3, 4).double()]).double(),
        case('matmul', [randn(3, 4).double(), randn(4, 2).double()]).double(),
        case('matmul', [randn(2, 3, 4).double(), randn(4).double()]).double(),
        case('mm', [randn(3, 4), randn(4, 2)]).double().reduction(),
        case('sum', [randn(3, 4).double(), 1]).double(),
        case('mean', [randn(3, 4).double()]).double(),
        case('mean', [randn(3, 4).double(), 0], keepdim=True).double(),
        case('sqrt', [pos(4).double()]).double(),
        case('softmax', [randn(3, 4).double()], dim=1).double(),
        case('log_softmax', [randn(3, 4).double()], dim=1).double(),
        case('var', [randn(3, 4).double(), 1]).double(),
        case('norm', [randn(3, 4).double()]).double(),
        case('logsumexp', [randn(3, 4).double(), 1]).double(),
        case('relu', [randn(3, 4).double()]).double(),
        case('abs', [randn(3, 4).double()]).double(),
        case('clamp', [randn(3, 4).double(), -0.5, 0.5]).double(),
        case('maximum', [randn(3, 4).double(), randn(4).double()]).double(),
        case('where', [mask(3, 4), randn(3, 4).double(), randn(4).double()]).double(),
        case('amax', [randn(3, 4).double(), 1]).double(),
        case('max', [randn(3, 4).double(), 1]).double(),
        case('gather', [randn(3, 4).double(), 1, randint(0, 4, 3, 2)]).double(),
        case('index_select', [randn(4, 3).double(), 0, tensor([0, 2, 2])]).double(),
        case('cat', [[randn(2, 3).double(), randn(1, 3).double()]]).double(),
        case('rsqrt', [pos(5).double()]).double(),
        case('reciprocal', [pos(5).double()]).double(),
        case('sin', [randn(5).double()]).double(),
        case('cos', [randn(5).double()]).double(),
        case('erf', [randn(5).double()]).double(),
        case('std', [randn(3, 4).double(), 1]).double(),
        case('prod', [pos(2, 3).double(), 1]).double(),
        case('cumsum', [randn(3, 4).double(), 1]).double(),
        case('bmm', [randn(2, 3, 4).double(), randn(2, 4, 2).double()]).double(),
        case('addmm', [randn(2).double(), randn(3, 4).double(), randn(4, 2).double()]).double(),
        case('pow', [2.0, randn(4).double()]).double(),
        case('atan2', [randn(4).double(), randn(4).double()]).double(),
        case('div', [randn(3).double(), pos(3).double()], rounding_mode='floor').double(),
        method('expand', [randn(3, 1).double(), 3, 4]).double(),
        method('transpose', [randn(2, 3).double(), 0, 1]).double(),
        case('masked_select', [randn(3, 4).double(), mask(3, 4)]).double(),
        case('topk', [perm(10).op('double').op('view', 2, 5), 2]).double(),
        case('norm', [randn(3, 4).double(), 3, 1]).double(),
        case('var', [randn(3, 4).double()], unbiased=False).double(),
    ]


TABLES = {
    'elementwise': elementwise,
    'promotion': promotion,
    'edge_cases': edge_cases,
    'inplace': inplace,
    'reduction': reduction,
    'linalg': linalg,
    'views': views,
    'structural': structural,
    'creation': creation,
    'printing': printing,
    'errors': errors,
    'double_backward': double_backward,
}


def dump(cases):
    return '[\n' + ',\n'.join(json.dumps(c, sort_keys=True, separators=(',', ':'), allow_nan=False) for c in cases) + '\n]\n'


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases')
    os.makedirs(out_dir, exist_ok=True)
    total = 0
    failures = []
    for name, table in TABLES.items():
        seen = {}
        results = []
        for c in table():
            try:
                r = run_case(c, REDUCTIONS)
            except Exception as e:  # noqa: BLE001 - report every broken case at once
                failures.append(f'{name}: {c.ident()}: {e}')
                continue
            n = seen.get(r['id'], 0)
            seen[r['id']] = n + 1
            if n:
                r['id'] += f' #{n + 1}'
            results.append(r)
        with open(os.path.join(out_dir, f'{name}.json'), 'w') as f:
            f.write(dump(results))
        total += len(results)
    if failures:
        raise SystemExit('cases that failed in PyTorch:\n' + '\n'.join(failures))
    print(f'wrote {total} cases to {out_dir}')


if __name__ == '__main__':
    main()
