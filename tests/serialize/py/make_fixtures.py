"""Write .pt fixtures with real PyTorch plus the expected result of loading each one.

usage: make_fixtures.py OUTDIR  → OUTDIR/<name>.pt files and prints a JSON manifest:
  [{"name", "file", "expected"}], where <name>.json next to the .pt holds {"desc"} or {"error"}
  (error = the SerializationError code we must raise)
Byte-level variants (deflated re-pack, CRC 0, 2.7-style records, byteorder=big) are rebuilt with zipfile.
"""
import collections
import io
import json
import os
import struct
import sys
import tarfile
import zipfile

import torch

from describe import describe

OUT = sys.argv[1]
manifest = []


def path(name):
    return os.path.join(OUT, name + '.pt')


def record(entry):
    """The expected result goes next to the .pt as <name>.json; the manifest on stdout lists them."""
    entry['expected'] = os.path.join(OUT, entry['name'] + '.json')
    with open(entry['expected'], 'w') as f:
        json.dump({k: v for k, v in entry.items() if k in ('desc', 'error')}, f)
    manifest.append({'name': entry['name'], 'file': entry['file'], 'expected': entry['expected']})


def expect(name, obj, **save_kw):
    torch.save(obj, path(name), **save_kw)
    record({'name': name, 'file': path(name), 'desc': describe(torch.load(path(name)))})


def expect_error(name, code):
    record({'name': name, 'file': path(name), 'error': code})


def records(p):
    with zipfile.ZipFile(p) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def write_zip(p, recs, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(p, 'w', compression=compression) as z:
        for n, b in recs:
            z.writestr(n, b)


torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
model(torch.randn(5, 3))  # running stats and num_batches_tracked move
model[1].num_batches_tracked.fill_(123456789012)
sd = model.state_dict()
expect('state_dict', sd)
expect('tensor', torch.randn(2, 3, 4))
expect('parameter', torch.nn.Parameter(torch.randn(3)))

base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
expect('views', collections.OrderedDict([
    ('base', base), ('slice', base[1:, 2:]), ('T', base.t()), ('row', base[2]), ('col', base[:, 1]),
]))
emb = torch.randn(5, 3)
expect('tied', {'encoder.weight': emb, 'decoder.weight': emb})

dtypes = collections.OrderedDict()
dtypes['float32'] = torch.tensor([1.5, float('nan'), float('inf'), -0.0, 1e-45], dtype=torch.float32)
dtypes['float64'] = torch.tensor([3.141592653589793, -1e308, float('-inf')], dtype=torch.float64)
dtypes['float16'] = torch.tensor([1.0, 65504.0, float('nan'), -0.0, 6e-8], dtype=torch.float16)
dtypes['bfloat16'] = torch.tensor([1.0, -3.0e38, float('inf'), 1e-40], dtype=torch.bfloat16)
dtypes['int64'] = torch.tensor([2 ** 53, -(2 ** 53), -1, 0, 123456789012], dtype=torch.int64)
dtypes['int32'] = torch.tensor([-2 ** 31, 2 ** 31 - 1], dtype=torch.int32)
dtypes['int16'] = torch.tensor([-2 ** 15, 2 ** 15 - 1], dtype=torch.int16)
dtypes['int8'] = torch.tensor([-128, 127], dtype=torch.int8)
dtypes['uint8'] = torch.tensor([0, 255], dtype=torch.uint8)
dtypes['bool'] = torch.tensor([True, False, True])
expect('dtypes', dtypes)

special = collections.OrderedDict()
special['scalar'] = torch.tensor(2.5)
special['long_scalar'] = torch.tensor(7)
special['empty'] = torch.zeros(0, 5)
special['empty3'] = torch.zeros(2, 0, 3, dtype=torch.float64)
special['ünï/κλειδί.🙂'] = torch.ones(2)
special['ключ/🙂'] = torch.zeros(1)
for i in range(12):
    special[str(i)] = torch.full((1,), float(i))
expect('special', special)

expect('nested', {
    'epoch': 3, 'loss': 0.125, 'lr': 1.0, 'neg': -5, 'big': 2 ** 70, 'neg_big': -(2 ** 64), 'name': 'run-α',
    'flags': [True, False, None], 'pair': (1, 'a'), 'quad': (1, 2, 3, 4), 'blob': b'\x00\x01\xff',
    'inner': {'t': (torch.ones(2), torch.zeros(1)), 'size': torch.Size([2, 3])}, 1: 'int key',
})
expect('protocol4', collections.OrderedDict([('a', torch.randn(3)), ('b', [1, 2.5, 'x'])]), pickle_protocol=4)

opt_model = torch.nn.Linear(3, 2)
adam = torch.optim.Adam(opt_model.parameters(), lr=1e-3)
opt_model(torch.randn(4, 3)).sum().backward()
adam.step()
expect('adam', adam.state_dict())
sgd = torch.optim.SGD(opt_model.parameters(), lr=0.1, momentum=0.9)
opt_model(torch.randn(4, 3)).sum().backward()
sgd.step()
expect('checkpoint', {'model': opt_model.state_dict(), 'optimizer': sgd.state_dict(), 'epoch': 2})

# --- byte-level variants of the state_dict file ---
sd_desc = describe(torch.load(path('state_dict')))
recs = records(path('state_dict'))

write_zip(path('deflated'), recs, zipfile.ZIP_DEFLATED)
record({'name': 'deflated', 'file': path('deflated'), 'desc': sd_desc})

with zipfile.ZipFile(path('pyzip64'), 'w') as z:  # Python's own zip64 local headers
    for n, b in recs:
        with z.open(n, 'w', force_zip64=True) as f:
            f.write(b)
record({'name': 'pyzip64', 'file': path('pyzip64'), 'desc': sd_desc})

raw = bytearray(open(path('state_dict'), 'rb').read())
i = 0
while True:  # zero every CRC: central directory entries (offset 16) and data descriptors (offset 4)
    j = raw.find(b'PK\x01\x02', i)
    if j < 0:
        break
    raw[j + 16:j + 20] = b'\0\0\0\0'
    i = j + 4
i = 0
while True:
    j = raw.find(b'PK\x07\x08', i)
    if j < 0:
        break
    raw[j + 4:j + 8] = b'\0\0\0\0'
    i = j + 4
open(path('crc0'), 'wb').write(raw)
record({'name': 'crc0', 'file': path('crc0'), 'desc': sd_desc})

prefix = recs[0][0].split('/')[0]
data_recs = [(n, b) for n, b in recs if '/data/' in n]
data_recs.sort(key=lambda nb: int(nb[0].rsplit('/', 1)[1]))
pkl = dict(recs)[prefix + '/data.pkl']
style27 = [(prefix + '/data.pkl', pkl), (prefix + '/.format_version', b'1'), (prefix + '/.storage_alignment', b'64'),
           (prefix + '/byteorder', b'little')] + data_recs + [(prefix + '/version', b'3\n'),
                                                             (prefix + '/.data/serialization_id', b'0' * 40)]
write_zip(path('style27'), style27)
record({'name': 'style27', 'file': path('style27'), 'desc': sd_desc})

# byteorder=big: every storage byte-swapped. Storage keys follow state_dict order (one storage per entry).
itemsizes = [t.element_size() for t in sd.values()]
big = []
for n, b in recs:
    if '/data/' in n:
        size = itemsizes[int(n.rsplit('/', 1)[1])]
        b = b''.join(b[k:k + size][::-1] for k in range(0, len(b), size))
    big.append((n, b))
big.insert(1, (prefix + '/byteorder', b'big'))
write_zip(path('bigendian'), big)
record({'name': 'bigendian', 'file': path('bigendian'), 'desc': sd_desc})

# --- files we must refuse ---
class Evil:
    def __reduce__(self):
        return (os.system, ('echo pwned',))


torch.save({'x': Evil()}, path('os_system'))
expect_error('os_system', 'FORBIDDEN_GLOBAL')


class Eval:
    def __reduce__(self):
        return (eval, ('1+1',))


torch.save([Eval()], path('builtins_eval'))
expect_error('builtins_eval', 'FORBIDDEN_GLOBAL')

torch.save(sd, path('legacy'), _use_new_zipfile_serialization=False)
expect_error('legacy', 'LEGACY_FORMAT')

with tarfile.open(path('tar'), 'w') as t:
    for n in ['sys_info', 'pickle', 'tensors', 'storages']:
        info = tarfile.TarInfo(n)
        info.size = 4
        t.addfile(info, io.BytesIO(b'\x80\x02N.'))
expect_error('tar', 'TAR_FORMAT')

torch.save({'z': torch.tensor([1 + 2j])}, path('complex'))
expect_error('complex', 'BAD_TENSOR')

torch.save({'s': torch.eye(3).to_sparse()}, path('sparse'))
expect_error('sparse', 'FORBIDDEN_GLOBAL')

torch.save({'huge': torch.tensor([2 ** 60])}, path('int64_huge'))
expect_error('int64_huge', 'INT64_RANGE')

no_version = [(n, b) for n, b in recs if not n.endswith('/version')]
write_zip(path('no_version'), no_version)
expect_error('no_version', 'MISSING_RECORD')

no_pkl = [(n, b) for n, b in recs if not n.endswith('data.pkl')]
write_zip(path('no_pkl'), no_pkl)
expect_error('no_pkl', 'MISSING_RECORD')

missing_storage = [(n, b) for n, b in recs if not n.endswith('/data/0')]
write_zip(path('missing_storage'), missing_storage)
expect_error('missing_storage', 'MISSING_RECORD')

short = [(n, b[:4] if n.endswith('/data/0') else b) for n, b in recs]  # 0.weight storage cut to 1 element
write_zip(path('short_storage'), short)
expect_error('short_storage', 'BAD_TENSOR')

json.dump(manifest, sys.stdout)
