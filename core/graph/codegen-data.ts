// Python for loading each dataset in the generated training script, applying the same normalisation as Netsketch.
// Each returns (x_train, y_train, x_test, y_test) as tensors; labels are class indices (int64) or float targets.
import type { ParamValue } from './types.ts';
import { DATASETS } from './datasets.ts';
import { TOKENS_CLASS_SHARE } from '../data/sources/synthetic.ts';

const synthetic: Record<string, string> = {
  xor: `    x = torch.rand(n, 2) * 2 - 1
    y = ((x[:, 0] > 0) != (x[:, 1] > 0)).long()
    x = x + torch.randn(n, 2) * noise`,
  spirals: `    k = torch.arange(n) % classes
    r = torch.rand(n)
    t = (k + r) * 4 + torch.randn(n) * noise
    x = torch.stack([r * torch.sin(t), r * torch.cos(t)], 1)
    y = k`,
  moons: `    y = torch.arange(n) % 2
    t = torch.rand(n) * math.pi
    x = torch.stack([torch.where(y == 0, torch.cos(t), 1 - torch.cos(t)),
                     torch.where(y == 0, torch.sin(t), 0.5 - torch.sin(t))], 1)
    x = x + torch.randn(n, 2) * noise`,
  circles: `    y = torch.arange(n) % 2
    t = torch.rand(n) * 2 * math.pi
    r = torch.where(y == 0, torch.tensor(1.0), torch.tensor(0.5))
    x = torch.stack([r * torch.cos(t), r * torch.sin(t)], 1) + torch.randn(n, 2) * noise`,
  blobs: `    centers = torch.rand(classes, 2) * 20 - 10
    y = torch.arange(n) % classes
    x = centers[y] + torch.randn(n, 2) * noise`,
  sine: `    x = (torch.rand(n, 1) * 2 - 1) * math.pi
    y = torch.sin(x) + torch.randn(n, 1) * noise`,
};

/** The body of `load_data()` for the Dataset node's parameters. */
export function pythonLoadData(p: Record<string, ParamValue>): { imports: string[]; code: string } {
  const id = String(p.dataset);
  const info = DATASETS[id];
  const norm = info?.normalization;
  if (id === 'mnist') {
    return {
      imports: [],
      code: `def load_data():
    """MNIST through torchvision (pip install torchvision), normalised like Netsketch: (x / 255 - ${norm!.mean}) / ${norm!.std}."""
    from torchvision import datasets
    def split(train):
        ds = datasets.MNIST("data", train=train, download=True)
        x = ds.data.float().div(255).sub(${norm!.mean}).div(${norm!.std}).unsqueeze(1)
        return x, ds.targets.long()
    return (*split(True), *split(False))`,
    };
  }
  if (id === 'image_folder') {
    return {
      imports: [],
      code: `def load_data():
    """Your image folder (one sub-folder per class), resized and normalised like Netsketch: (x / 255 - 0.5) / 0.5."""
    from torchvision import datasets, transforms
    tf = transforms.Compose([transforms.Resize((${p.height}, ${p.width})), ${p.channels === '1' ? 'transforms.Grayscale(1), ' : ''}transforms.ToTensor(),
                             transforms.Normalize([0.5] * ${p.channels}, [0.5] * ${p.channels})])
    ds = datasets.ImageFolder(${JSON.stringify(String(p.path))}, transform=tf)
    x = torch.stack([img for img, _ in ds])
    y = torch.tensor([label for _, label in ds])
    cut = int(len(x) * 0.8)
    return x[:cut], y[:cut], x[cut:], y[cut:]`,
    };
  }
  if (id === 'csv') {
    const regression = Number(p.num_classes) === 0;
    return {
      imports: ['import csv'],
      code: `def load_data():
    """Your CSV file: numeric features z-score normalised over all rows (population std, constant columns kept
    as 0), like Netsketch; the first 80% of the rows train, the rest test."""
    with open(${JSON.stringify(String(p.path))}, newline="") as f:
        rows = list(csv.DictReader(f))
    label = ${JSON.stringify(String(p.label_column))}
    names = [k for k in rows[0] if k != label]
    x = torch.tensor([[float(r[k]) for k in names] for r in rows], dtype=torch.float64)
    ${regression ? 'y = torch.tensor([[float(r[label])] for r in rows])' : `values = {r[label] for r in rows}
    try:
        classes = sorted(values, key=float)
    except ValueError:
        classes = sorted(values)
    y = torch.tensor([classes.index(r[label]) for r in rows])`}
    std = x.std(0, unbiased=False)
    x = ((x - x.mean(0)) / torch.where(std > 0, std, torch.ones_like(std))).float()
    cut = int(len(x) * 0.8)
    return x[:cut], y[:cut], x[cut:], y[cut:]`,
    };
  }
  if (id === 'tokens') return pythonTokens(p);
  const body = synthetic[id] ?? synthetic.xor;
  return {
    imports: ['import math'],
    code: `def load_data():
    """${info?.title ?? id}: generated like Netsketch's (same distribution; the random draws differ)."""
    n, noise, classes = ${p.samples}, ${p.noise}, ${p.classes ?? 2}
    g = torch.get_rng_state()
    torch.manual_seed(SEED)
${body}
    torch.set_rng_state(g)
    perm = torch.randperm(n)
    x, y = x[perm], y[perm]
    cut = int(n * 0.8)
    return x[:cut], y[:cut], x[cut:], y[cut:]`,
  };
}

/**
 * The tokens dataset, bit for bit: the generator (core/data/sources/synthetic.ts makeTokens) replayed with the same
 * PRNG (mulberry32, seeded with SEED) in plain Python integers, so the script trains on exactly our sequences.
 */
function pythonTokens(p: Record<string, ParamValue>): { imports: string[]; code: string } {
  return {
    imports: [],
    code: `class _Mulberry32:
    """Netsketch's data PRNG (core/data/sources/rng.ts): 32-bit state, the same numbers for the same seed."""
    def __init__(self, seed):
        self.state = int(seed) & 0xFFFFFFFF

    def random(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def randint(self, n):
        return int(self.random() * n)


def load_data():
    """Token sequences generated exactly as Netsketch generates them: each token leans to a hidden class (or none),
    a sequence's label is the class most of its tokens lean to (ties: the lowest). x is int64, not normalised."""
    n, seq_len, vocab, classes = ${p.samples}, ${p.seq_len}, ${p.vocab}, ${p.classes}
    rng = _Mulberry32(SEED)
    affinity = [t if t < classes else rng.randint(classes + 1) for t in range(vocab)]
    words = [[t for t in range(vocab) if affinity[t] == c] for c in range(classes)]
    tokens, labels = [], []
    for i in range(n):
        lean = words[i % classes]
        counts = [0] * (classes + 1)
        row = []
        for _ in range(seq_len):
            tok = lean[rng.randint(len(lean))] if rng.random() < ${TOKENS_CLASS_SHARE} else rng.randint(vocab)
            row.append(tok)
            counts[affinity[tok]] += 1
        tokens.append(row)
        labels.append(max(range(classes), key=lambda c: (counts[c], -c)))
    x = torch.tensor(tokens, dtype=torch.int64)
    y = torch.tensor(labels, dtype=torch.int64)
    cut = int(n * 0.8)
    return x[:cut], y[:cut], x[cut:], y[cut:]`,
  };
}
