"""Load a .pt file with real PyTorch and print a JSON description (see describe.py).

usage: load_describe.py FILE [--weights-only] [--arch seq3]
--arch seq3: also load the result into nn.Sequential(Linear(3,4), BatchNorm1d(4), Linear(4,2)) with strict=True.
"""
import json
import sys
import zipfile

import torch

from describe import describe

ARCHS = {
    'seq3': lambda: torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2)),
}


def main():
    path = sys.argv[1]
    weights_only = '--weights-only' in sys.argv
    arch = sys.argv[sys.argv.index('--arch') + 1] if '--arch' in sys.argv else None
    out = {'torch': torch.__version__}
    with zipfile.ZipFile(path) as z:
        out['testzip'] = z.testzip()
        out['names'] = z.namelist()
    obj = torch.load(path, weights_only=weights_only)
    out['desc'] = describe(obj)
    if arch:
        model = ARCHS[arch]()
        try:
            model.load_state_dict(obj, strict=True)
            out['load_state_dict'] = 'ok'
            # prove the weights are in use: the loaded model's state equals the file
            sd = model.state_dict()
            out['state_equal'] = all(torch.equal(sd[k], obj[k]) for k in sd)
        except Exception as e:  # report, the test asserts on it
            out['load_state_dict'] = f'{type(e).__name__}: {e}'
    print(json.dumps(out))


if __name__ == '__main__':
    main()
