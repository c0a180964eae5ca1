"""DataLoader / sampler / random_split orders from real PyTorch 1.13.

Run: /usr/bin/python3 tests/dataloader/make_fixtures.py > tests/dataloader/fixtures.json
Every case seeds torch (or a Generator), iterates a DataLoader over range(n) (two epochs where noted) and records
the batches, so the TypeScript loader must consume the random streams exactly as PyTorch does.
"""
import json
import sys

import torch
from torch.utils.data import DataLoader, RandomSampler, random_split

cases = []
for (n, bs, shuffle, drop_last, seed, use_gen, epochs) in [
    (10, 3, True, False, 0, False, 2), (10, 4, True, False, 7, True, 2), (23, 5, True, True, 3, False, 1),
    (7, 2, False, True, 0, False, 1), (100, 16, True, False, 42, True, 1), (5, 8, True, False, 1, False, 3),
]:
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 100) if use_gen else None
    loader = DataLoader(list(range(n)), batch_size=bs, shuffle=shuffle, drop_last=drop_last, generator=gen)
    batches = [[b.tolist() for b in loader] for _ in range(epochs)]
    # the default generator's next draw shows how much of the stream the loader consumed
    cases.append({"n": n, "batch_size": bs, "shuffle": shuffle, "drop_last": drop_last, "seed": seed, "generator_seed": seed + 100 if use_gen else None,
                  "epochs": batches, "length": len(loader), "next_rand": torch.rand(1).item()})

samplers = []
for (n, num, seed) in [(10, 25, 5), (6, 40, 9)]:
    g = torch.Generator().manual_seed(seed)
    samplers.append({"n": n, "num_samples": num, "seed": seed, "replacement": True, "order": list(RandomSampler(range(n), replacement=True, num_samples=num, generator=g))})
    g = torch.Generator().manual_seed(seed)
    samplers.append({"n": n, "num_samples": num, "seed": seed, "replacement": False, "order": list(RandomSampler(range(n), num_samples=num, generator=g))})

from torch.utils.data import WeightedRandomSampler, SubsetRandomSampler
weighted = []
for (weights, num, replacement, seed) in [([0.1, 0.9, 0.4, 0.0, 2.5], 30, True, 3), ([1, 2, 3, 4, 5, 6], 4, False, 8), ([0.2, 0.3, 0.5], 1, True, 11), ([5.0, 1.0, 1.0, 1.0], 40, True, 0)]:
    s = WeightedRandomSampler(weights, num, replacement=replacement, generator=torch.Generator().manual_seed(seed))
    weighted.append({"weights": weights, "num_samples": num, "replacement": replacement, "seed": seed, "order": list(s)})
torch.manual_seed(4)
subset_random = list(SubsetRandomSampler([10, 20, 30, 40, 50]))

splits = []
for (n, lengths, seed) in [(10, [3, 7], 42), (10, [0.3, 0.7], 42), (11, [0.5, 0.25, 0.25], 0), (9, [2, 2, 5], 1)]:
    parts = random_split(range(n), lengths, generator=torch.Generator().manual_seed(seed))
    splits.append({"n": n, "lengths": lengths, "seed": seed, "parts": [list(p) for p in parts]})
torch.manual_seed(5)
default_split = [list(p) for p in random_split(range(8), [5, 3])]

json.dump({"torch": torch.__version__.split("+")[0], "loaders": cases, "samplers": samplers, "splits": splits,
           "default_split": {"seed": 5, "parts": default_split},
           "weighted": weighted, "subset_random": {"seed": 4, "order": subset_random}}, sys.stdout, separators=(",", ":"))
