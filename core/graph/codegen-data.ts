// Python for loading each dataset in the generated training script, applying the same normalisation as Netsketch.
// Each returns (x_train, y_train, x_test, y_test) as tensors; labels are class indices (int64) or float targets.
import type { ParamValue } from './types.ts';
import { DATASETS, DIGIT_STRING_MAX } from './datasets.ts';
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
    order = torch.tensor(_shuffled_order(len(x), SEED))  # folders are read class by class: mix them as Netsketch does
    x, y = x[order], y[order]
    cut = int(len(x) * 0.8)
    return x[:cut], y[:cut], x[cut:], y[cut:]


${SHUFFLE_PY}`,
    };
  }
  if (id === 'csv') {
    const regression = Number(p.num_classes) === 0;
    return {
      imports: ['import csv'],
      code: `def load_data():
    """Your CSV file: numeric features z-score normalised over all rows (population std, constant columns kept
    as 0), like Netsketch; the rows are shuffled as Netsketch shuffles them (seeded), then 80% train, the rest test."""
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
    order = torch.tensor(_shuffled_order(len(x), SEED))  # the rows in Netsketch's seeded order
    x, y = x[order], y[order]
    cut = int(len(x) * 0.8)
    return x[:cut], y[:cut], x[cut:], y[cut:]


${SHUFFLE_PY}`,
    };
  }
  if (id === 'tokens') return pythonTokens(p);
  if (id === 'digit_strings') return pythonDigitStrings(p, norm!);
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

/** Netsketch's data PRNG in Python: the same numbers as core/data/sources/rng.ts for the same seed. */
const MULBERRY32_PY = `class _Mulberry32:
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
        return int(self.random() * n)`;

/** dataset-load.ts shuffledOrder in Python: Fisher–Yates with the data PRNG seeded by the training seed. */
const SHUFFLE_PY = `${MULBERRY32_PY}


def _shuffled_order(n, seed):
    """The row order Netsketch gives imported data (Fisher-Yates with its data PRNG), so the splits match."""
    rng = _Mulberry32(seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.randint(i + 1)
        order[i], order[j] = order[j], order[i]
    return order`;

/**
 * The tokens dataset, bit for bit: the generator (core/data/sources/synthetic.ts makeTokens) replayed with the same
 * PRNG (mulberry32, seeded with SEED) in plain Python integers, so the script trains on exactly our sequences.
 */
function pythonTokens(p: Record<string, ParamValue>): { imports: string[]; code: string } {
  return {
    imports: [],
    code: `${MULBERRY32_PY}


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

/**
 * digit_strings: the same draws as core/data/sources/digit-strings.ts (so the same digit sequences), on torchvision's
 * MNIST by default; pass `mnist=(train_images, train_labels, test_images, test_labels)` (uint8 N×28×28, int labels) to
 * build from other digits, e.g. Netsketch's built-in ones, which gives exactly Netsketch's images.
 */
function pythonDigitStrings(p: Record<string, ParamValue>, norm: { mean: number; std: number }): { imports: string[]; code: string } {
  return {
    imports: [],
    code: `${MULBERRY32_PY}


def load_data(mnist=None):
    """Digit strings like Netsketch's: 1-${DIGIT_STRING_MAX} MNIST digits side by side on a 28x${28 * DIGIT_STRING_MAX} canvas, normalised
    (x / 255 - ${norm.mean}) / ${norm.std}. Labels are padded sequences: digit d is stored as d + 1, 0 pads (CTC's blank).
    The first 80% of the strings use train digits, the rest test digits. The same seed gives the same sequences."""
    if mnist is None:
        from torchvision import datasets
        sets = [datasets.MNIST("data", train=t, download=True) for t in (True, False)]
        mnist = (sets[0].data, sets[0].targets, sets[1].data, sets[1].targets)
    splits = [(torch.as_tensor(mnist[0]), torch.as_tensor(mnist[1])), (torch.as_tensor(mnist[2]), torch.as_tensor(mnist[3]))]
    by_digit = [[(labels == d).nonzero().flatten().tolist() for d in range(10)] for _, labels in splits]
    n, max_digits = ${p.samples}, ${DIGIT_STRING_MAX}
    cut = int(n * 0.8)
    rng = _Mulberry32(SEED)
    x = torch.zeros(n, 1, 28, 28 * max_digits, dtype=torch.uint8)
    y = torch.zeros(n, max_digits, dtype=torch.int64)
    for i in range(n):
        s = 0 if i < cut else 1
        for j in range(1 + rng.randint(max_digits)):
            d = rng.randint(10)
            pool = by_digit[s][d]
            x[i, 0, :, 28 * j:28 * (j + 1)] = splits[s][0][pool[rng.randint(len(pool))]]
            y[i, j] = d + 1
    x = x.float().div(255).sub(${norm.mean}).div(${norm.std})
    return x[:cut], y[:cut], x[cut:], y[cut:]`,
  };
}
