"""Loss fixtures from real PyTorch 1.13: outputs and input gradients for a fixed upstream gradient.

Run: /usr/bin/python3 tests/loss/make_fixtures.py > tests/loss/fixtures.json
Each case names a torch.nn.functional loss, its tensor arguments (values, dtype, requires_grad), keyword options,
the output, and d(output · upstream)/d(input) for every input that requires grad. `errors` lists bad calls that
PyTorch rejects (the TypeScript tests check that Netsketch rejects them too).
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)


def spec(t, rg=False):
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "values": [float(v) if t.is_floating_point() else int(v) for v in t.detach().reshape(-1).tolist()],
            "requires_grad": rg}


cases = []
errors = []


def case(name, fn, args, rg, kwargs=None, seed=0):
    """args: list of tensors or plain values; rg: indices of args that require grad."""
    kwargs = kwargs or {}
    named = dict(kwargs)
    kwargs = {k: (WEIGHTS[v] if isinstance(v, str) and v in WEIGHTS else v) for k, v in kwargs.items()}
    targs = []
    for i, a in enumerate(args):
        if isinstance(a, torch.Tensor):
            a = a.detach().clone()
            if i in rg:
                a.requires_grad_(True)
        targs.append(a)
    out = getattr(F, fn)(*targs, **kwargs)
    g = torch.Generator().manual_seed(1000 + seed)
    up = torch.randn(out.shape, generator=g) if out.dim() > 0 else torch.tensor(1.3)
    grads = torch.autograd.grad(out, [targs[i] for i in rg], grad_outputs=up, allow_unused=True)
    jargs = []
    for i, a in enumerate(targs):
        jargs.append(spec(a, i in rg) if isinstance(a, torch.Tensor) else {"plain": a})
    cases.append({
        "name": name, "fn": fn, "args": jargs, "kwargs": named,
        "out": spec(out), "upstream": spec(up),
        "grads": [spec(gr) if gr is not None else None for gr in grads], "grad_args": rg,
    })


def error(name, fn, args, kwargs=None):
    try:
        getattr(F, fn)(*args, **(kwargs or {}))
    except Exception as e:  # noqa: BLE001 - we record what PyTorch says
        errors.append({"name": name, "fn": fn, "args": [spec(a) if isinstance(a, torch.Tensor) else {"plain": a} for a in args],
                       "kwargs": {k: ({"tensor": spec(v)} if isinstance(v, torch.Tensor) else v) for k, v in (kwargs or {}).items()},
                       "torch_message": str(e).split("\n")[0][:300]})
        return
    raise SystemExit(f"expected torch to reject {name}")


torch.manual_seed(0)
w5 = torch.rand(5) + 0.2
# Weight tensors are passed by name so the TypeScript side builds the same tensors.
WEIGHTS = {"W": w5, "W3": torch.tensor([0.5, 1.5, 1.0]), "PW": torch.tensor([2.0, 0.5, 1.0, 3.0]), "W4": torch.tensor([1.0, 0.2, 2.0, 0.7])}
R = ["none", "mean", "sum"]
x34, y34 = torch.randn(3, 4), torch.randn(3, 4)

for r in R:
    case(f"l1 {r}", "l1_loss", [x34, y34], [0, 1], {"reduction": r})
    case(f"mse {r}", "mse_loss", [x34, y34], [0, 1], {"reduction": r})
    for beta in [1.0, 0.5, 0.0]:
        case(f"smooth_l1 beta={beta} {r}", "smooth_l1_loss", [x34 * 2, y34], [0, 1], {"reduction": r, "beta": beta})
    for delta in [1.0, 0.7]:
        case(f"huber delta={delta} {r}", "huber_loss", [x34 * 2, y34], [0, 1], {"reduction": r, "delta": delta})

counts = torch.randint(0, 6, (3, 4)).float()
pos = torch.rand(3, 4) * 3 + 0.1
for r in R:
    for log_input in [True, False]:
        for full in [False, True]:
            inp = x34 if log_input else pos
            case(f"poisson log_input={log_input} full={full} {r}", "poisson_nll_loss", [inp, counts], [0],
                 {"log_input": log_input, "full": full, "reduction": r})

var34 = torch.rand(3, 4) + 0.05
var34[0, 0] = 1e-8  # clamped to eps, gradient still flows
for r in R:
    case(f"gaussian_nll same-shape {r}", "gaussian_nll_loss", [x34, y34, var34], [0, 1, 2], {"reduction": r})
    case(f"gaussian_nll full {r}", "gaussian_nll_loss", [x34, y34, var34], [0, 2], {"reduction": r, "full": True})
case("gaussian_nll var one dim fewer", "gaussian_nll_loss", [x34, y34, var34[:, 0]], [0, 2], {})
case("gaussian_nll var last dim 1", "gaussian_nll_loss", [x34, y34, var34[:, :1]], [0, 2], {"reduction": "sum"})

logp = F.log_softmax(torch.randn(3, 5), 1)
p = F.softmax(torch.randn(3, 5), 1)
p[1, 2] = 0.0
for r in R + ["batchmean"]:
    case(f"kl_div {r}", "kl_div", [logp, p], [0], {"reduction": r})
    case(f"kl_div no zeros {r}", "kl_div", [logp, p.clamp_min(0.05)], [0, 1], {"reduction": r})
    case(f"kl_div log_target {r}", "kl_div", [logp, F.log_softmax(torch.randn(3, 5), 1)], [0, 1], {"reduction": r, "log_target": True})

# Cross-entropy and NLL
logits = torch.randn(4, 5) * 2
tgt = torch.tensor([1, 0, 4, 2])
tgt_ign = torch.tensor([1, -100, 4, 2])
logits_k = torch.randn(2, 3, 4, 5)
tgt_k = torch.randint(0, 3, (2, 4, 5))
tgt_k[0, 1, 2] = -100
probs = F.softmax(torch.randn(4, 5), 1)
for r in R:
    case(f"ce {r}", "cross_entropy", [logits, tgt], [0], {"reduction": r})
    case(f"ce weight {r}", "cross_entropy", [logits, tgt], [0], {"reduction": r, "weight": "W"})
    case(f"ce ignore_index default {r}", "cross_entropy", [logits, tgt_ign], [0], {"reduction": r})
    case(f"ce ignore_index=2 weight {r}", "cross_entropy", [logits, tgt], [0], {"reduction": r, "ignore_index": 2, "weight": "W"})
    case(f"ce label_smoothing {r}", "cross_entropy", [logits, tgt_ign], [0], {"reduction": r, "label_smoothing": 0.1})
    case(f"ce label_smoothing weight {r}", "cross_entropy", [logits, tgt_ign], [0], {"reduction": r, "label_smoothing": 0.2, "weight": "W"})
    case(f"ce K-dim {r}", "cross_entropy", [logits_k, tgt_k], [0], {"reduction": r})
    case(f"ce K-dim weight smoothing {r}", "cross_entropy", [logits_k, tgt_k], [0], {"reduction": r, "weight": "W3", "label_smoothing": 0.15})
    case(f"ce probs {r}", "cross_entropy", [logits, probs], [0, 1], {"reduction": r})
    case(f"ce probs smoothing weight {r}", "cross_entropy", [logits, probs], [0], {"reduction": r, "label_smoothing": 0.1, "weight": "W"})
    case(f"nll {r}", "nll_loss", [F.log_softmax(logits, 1), tgt_ign], [0], {"reduction": r, "weight": "W"})
    case(f"nll K-dim {r}", "nll_loss", [F.log_softmax(logits_k, 1), tgt_k], [0], {"reduction": r})
case("ce unbatched", "cross_entropy", [logits[0], tgt[0]], [0], {})
case("ce unbatched probs", "cross_entropy", [logits[0], probs[0]], [0], {"label_smoothing": 0.3})
case("nll unbatched", "nll_loss", [F.log_softmax(logits[1], 0), tgt[1]], [0], {"weight": "W"})

# Binary
prob34 = torch.sigmoid(torch.randn(3, 4) * 2)
soft34 = torch.rand(3, 4)
big = torch.randn(3, 4) * 4
big[0, 0], big[0, 1], big[1, 1] = 40.0, -40.0, 0.0
for r in R:
    case(f"bce {r}", "binary_cross_entropy", [prob34, soft34], [0, 1], {"reduction": r})
    case(f"bce weight {r}", "binary_cross_entropy", [prob34, soft34], [0], {"reduction": r, "weight": "W4"})
    case(f"bce_logits {r}", "binary_cross_entropy_with_logits", [big, soft34], [0, 1], {"reduction": r})
    case(f"bce_logits pos_weight weight {r}", "binary_cross_entropy_with_logits", [big, soft34], [0], {"reduction": r, "pos_weight": "PW", "weight": "W4"})
    case(f"soft_margin {r}", "soft_margin_loss", [x34, torch.sign(y34)], [0], {"reduction": r})
    case(f"multilabel_soft_margin {r}", "multilabel_soft_margin_loss", [big, (soft34 > 0.5).float()], [0], {"reduction": r})
    case(f"multilabel_soft_margin weight {r}", "multilabel_soft_margin_loss", [big, (soft34 > 0.5).float()], [0], {"reduction": r, "weight": "W4"})

# Margin / embedding
sgn4 = torch.tensor([1.0, -1.0, -1.0, 1.0])
a4, b4 = torch.randn(4), torch.randn(4)
for r in R:
    for m in [0.0, 0.5]:
        case(f"margin_ranking m={m} {r}", "margin_ranking_loss", [a4, b4, sgn4], [0, 1], {"reduction": r, "margin": m})
    for m in [1.0, 2.0]:
        case(f"hinge_embedding m={m} {r}", "hinge_embedding_loss", [x34, torch.sign(y34)], [0], {"reduction": r, "margin": m})
    for m in [0.0, 0.3]:
        case(f"cosine_embedding m={m} {r}", "cosine_embedding_loss", [torch.randn(4, 6), torch.randn(4, 6), sgn4], [0, 1], {"reduction": r, "margin": m})
case("cosine_embedding 0-D target", "cosine_embedding_loss", [torch.randn(6), torch.randn(6), torch.tensor(-1.0)], [0, 1], {"margin": -0.5})

x45 = torch.randn(4, 5)
ml_t = torch.tensor([[3, 0, -1, 1, 2], [1, 2, 3, 4, 0], [0, -1, 2, 2, 2], [-1, 1, 1, 1, 1]])
mm_t = torch.tensor([3, 0, 4, 1])
for r in R:
    case(f"multilabel_margin {r}", "multilabel_margin_loss", [x45, ml_t], [0], {"reduction": r})
    for pp in [1, 2]:
        case(f"multi_margin p={pp} {r}", "multi_margin_loss", [x45, mm_t], [0], {"reduction": r, "p": pp})
    case(f"multi_margin margin weight {r}", "multi_margin_loss", [x45, mm_t], [0], {"reduction": r, "margin": 0.5, "weight": "W"})
case("multilabel_margin 1-D", "multilabel_margin_loss", [x45[0], ml_t[0]], [0], {})
case("multi_margin 1-D", "multi_margin_loss", [x45[0], mm_t[0]], [0], {"p": 2})

anc, posv, neg = torch.randn(4, 6), torch.randn(4, 6), torch.randn(4, 6)
for r in R:
    case(f"triplet {r}", "triplet_margin_loss", [anc, posv, neg], [0, 1, 2], {"reduction": r})
    case(f"triplet p=1 swap margin {r}", "triplet_margin_loss", [anc, posv, neg], [0, 1, 2], {"reduction": r, "p": 1, "swap": True, "margin": 2.0})
for r in R:
    case(f"triplet_with_distance {r}", "triplet_margin_with_distance_loss", [anc, posv, neg], [0, 1, 2], {"reduction": r, "margin": 0.7})
case("triplet_with_distance swap", "triplet_margin_with_distance_loss", [anc, posv, anc * 0.9 + neg * 0.1], [0, 1, 2], {"swap": True})
case("triplet swap p=3", "triplet_margin_loss", [anc, posv, anc * 0.9 + neg * 0.1], [0, 1, 2], {"swap": True, "p": 3})

# CTC: (T, N, C) log-probs
T, N, C = 12, 3, 5
ctc_lp = F.log_softmax(torch.randn(T, N, C), 2)
ctc_t = torch.tensor([[1, 2, 2, 3], [4, 4, 1, 0], [2, 0, 0, 0]])
in_l, tg_l = [12, 10, 7], [4, 3, 1]
flat_t = torch.tensor([1, 2, 2, 3, 4, 4, 1, 2])
for r in R:
    case(f"ctc padded {r}", "ctc_loss", [ctc_lp, ctc_t, in_l, tg_l], [0], {"reduction": r})
    case(f"ctc concatenated {r}", "ctc_loss", [ctc_lp, flat_t, in_l, tg_l], [0], {"reduction": r})
ctc_t4 = torch.tensor([[1, 2, 2, 3], [3, 3, 1, 1], [2, 1, 1, 1]])
case("ctc blank=4 + empty target", "ctc_loss", [ctc_lp, ctc_t4 % 4, [12, 9, 5], [4, 2, 0]], [0], {"blank": 4, "reduction": "sum"})
imp_t = torch.tensor([[1, 1, 1, 1], [2, 3, 0, 0], [1, 0, 0, 0]])
case("ctc zero_infinity", "ctc_loss", [ctc_lp, imp_t, [5, 12, 3], [4, 2, 1]], [0], {"zero_infinity": True, "reduction": "none"})
case("ctc zero_infinity mean", "ctc_loss", [ctc_lp, imp_t, [5, 12, 3], [4, 2, 1]], [0], {"zero_infinity": True})
case("ctc unbatched", "ctc_loss", [ctc_lp[:, 0], ctc_t[0], [12], [4]], [0], {"reduction": "none"})

# Bad input that PyTorch rejects
error("ce batch mismatch", "cross_entropy", [torch.randn(3, 5), torch.tensor([0, 1, 2, 3])])
error("ce class out of range", "cross_entropy", [torch.randn(3, 5), torch.tensor([0, 5, 2])])
error("ce negative class", "cross_entropy", [torch.randn(3, 5), torch.tensor([0, -3, 2])])
error("ce float target wrong shape", "cross_entropy", [torch.randn(3, 5), torch.tensor([0.0, 1.0, 2.0])])
error("ce int32 target", "cross_entropy", [torch.randn(3, 5), torch.tensor([0, 1, 2], dtype=torch.int32)])
error("ce K-dim target shape", "cross_entropy", [torch.randn(2, 3, 4), torch.zeros(2, 5, dtype=torch.long)])
error("ce bad weight", "cross_entropy", [torch.randn(3, 5), torch.tensor([0, 1, 2])], {"weight": torch.ones(4)})
error("nll float target", "nll_loss", [torch.randn(3, 5), torch.tensor([0.0, 1.0, 2.0])])
error("bce shape mismatch", "binary_cross_entropy", [torch.rand(3, 1), torch.rand(3)])
error("bce out of range", "binary_cross_entropy", [torch.tensor([0.5, 1.5]), torch.tensor([0.0, 1.0])])
error("bce_logits shape mismatch", "binary_cross_entropy_with_logits", [torch.randn(4, 1), torch.rand(4)])
error("mse not broadcastable", "mse_loss", [torch.randn(3, 2), torch.randn(4)])
error("bad reduction", "l1_loss", [torch.randn(3), torch.randn(3)], {"reduction": "avg"})
error("multi_margin p=3", "multi_margin_loss", [torch.randn(3, 4), torch.tensor([0, 1, 2])], {"p": 3})
error("multi_margin target out of range", "multi_margin_loss", [torch.randn(3, 4), torch.tensor([0, 1, 4])])
error("gaussian var wrong size", "gaussian_nll_loss", [torch.randn(3, 4), torch.randn(3, 4), torch.rand(4, 3)])
error("gaussian negative var", "gaussian_nll_loss", [torch.randn(3, 4), torch.randn(3, 4), -torch.rand(3, 4)])
error("margin ranking dims", "margin_ranking_loss", [torch.randn(3), torch.randn(3), torch.ones(3, 1)])
error("cosine 2-D target", "cosine_embedding_loss", [torch.randn(3, 4), torch.randn(3, 4), torch.ones(3, 1)])
error("triplet dims", "triplet_margin_loss", [torch.randn(3, 4), torch.randn(4), torch.randn(3, 4)])
error("ctc input length too long", "ctc_loss", [F.log_softmax(torch.randn(5, 2, 4), 2), torch.tensor([[1, 2], [1, 1]]), [6, 5], [2, 2]])

# Loss modules: repr and state_dict keys (class weights are buffers)
modules = []
for cls, kwargs in [("CrossEntropyLoss", {}), ("CrossEntropyLoss", {"weight": "W", "label_smoothing": 0.1}), ("NLLLoss", {"weight": "W"}),
                    ("BCELoss", {"weight": "W4"}), ("BCEWithLogitsLoss", {"pos_weight": "PW"}), ("BCEWithLogitsLoss", {"weight": "W4", "pos_weight": "PW"}),
                    ("MultiMarginLoss", {"weight": "W"}), ("MultiLabelSoftMarginLoss", {"weight": "W4"}), ("KLDivLoss", {"reduction": "batchmean"}),
                    ("TripletMarginLoss", {"margin": 2.0}), ("CTCLoss", {"blank": 3}), ("MSELoss", {"size_average": False})]:
    m = getattr(torch.nn, cls)(**{k: (WEIGHTS[v] if isinstance(v, str) and v in WEIGHTS else v) for k, v in kwargs.items()})
    modules.append({"cls": cls, "kwargs": kwargs, "repr": repr(m), "state_dict": list(m.state_dict().keys()), "reduction": m.reduction})

json.dump({"torch": torch.__version__.split("+")[0], "weights": {k: spec(v) for k, v in WEIGHTS.items()},
           "cases": cases, "errors": errors, "modules": modules}, sys.stdout, separators=(",", ":"), allow_nan=False)
