"""Transform fixtures from real PyTorch 1.13 (torchvision is not installed).

Run: /usr/bin/python3 tests/transforms/make_fixtures.py > tests/transforms/fixtures.json
torchvision's tensor transforms are thin layers over torch ops; this script re-derives each one from torchvision's
documented behaviour with torch itself: resize = F.interpolate(bilinear|nearest, align_corners=False, no antialias);
rotate = torchvision's affine grid + F.grid_sample(align_corners=False, zeros) with the fill mask; random parameters
come from the same torch.rand / torch.randint / uniform_ calls in the same order as torchvision's get_params.
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as TF


def spec(t):
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


g = torch.Generator().manual_seed(123)


def rand_img(c, h, w, dtype):
    if dtype == torch.uint8:
        return torch.randint(0, 256, (c, h, w), generator=g, dtype=torch.uint8)
    return torch.rand(c, h, w, generator=g)


def resized_size(h, w, size, max_size=None):
    if isinstance(size, list) and len(size) == 2:
        return size
    s = size if isinstance(size, int) else size[0]
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = s, int(s * long / short)
    if max_size is not None and new_long > max_size:
        new_short, new_long = int(max_size * new_short / new_long), max_size
    return [new_long, new_short] if w <= h else [new_short, new_long]


def finish(x, dtype):
    if dtype == torch.uint8:
        return torch.round(x).clamp(0, 255).to(torch.uint8)
    return x


resize = []
for (c, h, w, size, mode, dtype, max_size) in [
    (3, 8, 10, 5, "bilinear", torch.float32, None), (1, 7, 5, 12, "bilinear", torch.float32, None),
    (3, 9, 6, [4, 11], "bilinear", torch.uint8, None), (2, 6, 6, [13, 3], "nearest", torch.float32, None),
    (3, 10, 7, 4, "nearest", torch.uint8, None), (1, 12, 30, 8, "bilinear", torch.float32, 16), (3, 5, 5, 5, "bilinear", torch.uint8, None),
    (3, 17, 23, [5, 9], "aa", torch.float32, None), (1, 9, 40, [9, 7], "aa", torch.float32, None), (2, 6, 5, [13, 11], "aa", torch.float32, None),
    (3, 31, 12, 6, "aa", torch.uint8, None), (1, 28, 28, 14, "aa", torch.float32, None),
]:
    img = rand_img(c, h, w, dtype)
    oh, ow = resized_size(h, w, size, max_size)
    kw = {"align_corners": False} if mode == "bilinear" else {"align_corners": False, "antialias": True} if mode == "aa" else {}
    interp = "bilinear" if mode == "aa" else mode
    out = img if (oh, ow) == (h, w) else finish(TF.interpolate(img.float().unsqueeze(0), size=(oh, ow), mode=interp, **kw).squeeze(0), dtype)
    resize.append({"input": spec(img), "size": size, "mode": mode, "max_size": max_size, "out": spec(out)})


def inverse_affine(center, angle, translate, scale, shear):
    rot = math.radians(angle)
    sx, sy = math.radians(shear[0]), math.radians(shear[1])
    cx, cy = center
    tx, ty = translate
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    m = [x / scale for x in [d, -b, 0.0, -c, a, 0.0]]
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty)
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty)
    m[2] += cx
    m[5] += cy
    return m


def output_size(m, w, h):
    pts = torch.tensor([[-0.5 * w, -0.5 * h, 1.0], [-0.5 * w, 0.5 * h, 1.0], [0.5 * w, 0.5 * h, 1.0], [0.5 * w, -0.5 * h, 1.0]])
    theta = torch.tensor(m, dtype=torch.float).view(2, 3)
    new_pts = torch.matmul(pts, theta.T)
    mn, _ = new_pts.min(dim=0)
    mx, _ = new_pts.max(dim=0)
    tol = 1e-4
    cmax = torch.ceil((mx / tol).trunc_() * tol)
    cmin = torch.floor((mn / tol).trunc_() * tol)
    size = cmax - cmin
    return int(size[0]), int(size[1])


def affine_grid(theta, w, h, ow, oh):
    d = 0.5
    base = torch.empty(1, oh, ow, 3, dtype=theta.dtype)
    base[..., 0].copy_(torch.linspace(-ow * 0.5 + d, ow * 0.5 + d - 1, steps=ow))
    base[..., 1].copy_(torch.linspace(-oh * 0.5 + d, oh * 0.5 + d - 1, steps=oh).unsqueeze_(-1))
    base[..., 2].fill_(1)
    rescaled = theta.transpose(1, 2) / torch.tensor([0.5 * w, 0.5 * h], dtype=theta.dtype)
    return base.view(1, oh * ow, 3).bmm(rescaled).view(1, oh, ow, 2)


def rotate(img, angle, mode, expand, center, fill):
    c, h, w = img.shape
    center_f = [0.0, 0.0] if center is None else [center[0] - w * 0.5, center[1] - h * 0.5]
    m = inverse_affine(center_f, -angle, [0.0, 0.0], 1.0, [0.0, 0.0])
    ow, oh = output_size(m, w, h) if expand else (w, h)
    return grid_transform(img, m, ow, oh, mode, fill)


def affine(img, angle, translate, scale, shear, mode, fill, center):
    c, h, w = img.shape
    center_f = [0.0, 0.0] if center is None else [center[0] - w * 0.5, center[1] - h * 0.5]
    m = inverse_affine(center_f, angle, [float(t) for t in translate], scale, shear)
    return grid_transform(img, m, w, h, mode, fill)


def grid_transform(img, m, ow, oh, mode, fill):
    c, h, w = img.shape
    x = img.float().unsqueeze(0)
    theta = torch.tensor(m, dtype=torch.float32).reshape(1, 2, 3)
    grid = affine_grid(theta, w, h, ow, oh)
    if fill is not None:
        x = torch.cat((x, torch.ones((1, 1, h, w))), dim=1)
    x = TF.grid_sample(x, grid, mode=mode, padding_mode="zeros", align_corners=False)
    if fill is not None:
        mask = x[:, -1:, :, :]
        x = x[:, :-1, :, :]
        mask = mask.expand_as(x)
        fl = fill if isinstance(fill, list) else [float(fill)]
        fill_img = torch.tensor(fl, dtype=x.dtype).view(1, len(fl), 1, 1).expand_as(x)
        if mode == "nearest":
            mask = mask < 0.5
            x[mask] = fill_img[mask]
        else:
            x = x * mask + (1.0 - mask) * fill_img
    return finish(x.squeeze(0), img.dtype)


rotations = []
for (c, h, w, angle, mode, expand, center, fill, dtype) in [
    (1, 6, 6, 90.0, "nearest", False, None, None, torch.float32), (3, 7, 9, 30.0, "bilinear", False, None, None, torch.float32),
    (3, 7, 9, -17.5, "bilinear", False, None, 0, torch.float32), (2, 8, 5, 45.0, "nearest", True, None, 0, torch.float32),
    (3, 9, 9, 12.0, "bilinear", False, [2, 3], [0.1, 0.5, 0.9], torch.float32), (1, 10, 8, 63.0, "bilinear", True, None, None, torch.uint8),
    (3, 6, 6, 180.0, "nearest", False, None, 0, torch.uint8), (1, 5, 7, 8.25, "nearest", False, None, 0, torch.float32),
]:
    img = rand_img(c, h, w, dtype)
    rotations.append({"input": spec(img), "angle": angle, "mode": mode, "expand": expand, "center": center, "fill": fill,
                      "out": spec(rotate(img, angle, mode, expand, center, fill))})

affines = []
for (c, h, w, angle, translate, scale, shear, mode, fill, center, dtype) in [
    (3, 8, 9, 20.0, [1, -2], 1.2, [10.0, 0.0], "bilinear", 0, None, torch.float32),
    (1, 9, 7, -35.0, [0, 0], 0.8, [5.0, -8.0], "nearest", 0, [2, 5], torch.float32),
    (3, 7, 7, 0.0, [2, 1], 1.0, [0.0, 0.0], "nearest", None, None, torch.uint8),
    (2, 6, 10, 12.5, [-1, 0], 1.5, [-20.0, 4.0], "bilinear", [0.3, 0.7], None, torch.float32),
]:
    img = rand_img(c, h, w, dtype)
    affines.append({"input": spec(img), "angle": angle, "translate": translate, "scale": scale, "shear": shear, "mode": mode,
                    "fill": fill, "center": center, "out": spec(affine(img, angle, translate, scale, shear, mode, fill, center))})


def gray_t(img):
    r, gg, b = img.unbind(dim=-3)
    return (0.2989 * r + 0.587 * gg + 0.114 * b).to(img.dtype).unsqueeze(dim=-3)


def blend(img1, img2, ratio):
    bound = 1.0 if img1.is_floating_point() else 255.0
    return (ratio * img1 + (1.0 - ratio) * img2).clamp(0, bound).to(img1.dtype)


def rgb2hsv(img):
    r, g_, b = img.unbind(dim=-3)
    maxc = torch.max(img, dim=-3).values
    minc = torch.min(img, dim=-3).values
    eqc = maxc == minc
    cr = maxc - minc
    ones = torch.ones_like(maxc)
    s = cr / torch.where(eqc, ones, maxc)
    cr_divisor = torch.where(eqc, ones, cr)
    rc, gc, bc = (maxc - r) / cr_divisor, (maxc - g_) / cr_divisor, (maxc - b) / cr_divisor
    hr = (maxc == r) * (bc - gc)
    hg = ((maxc == g_) & (maxc != r)) * (2.0 + rc - bc)
    hb = ((maxc != g_) & (maxc != r)) * (4.0 + gc - rc)
    h = torch.fmod(((hr + hg + hb) / 6.0 + 1.0), 1.0)
    return torch.stack((h, s, maxc), dim=-3)


def hsv2rgb(img):
    h, s, v = img.unbind(dim=-3)
    i = torch.floor(h * 6.0)
    f = (h * 6.0) - i
    i = i.to(dtype=torch.int32)
    p = torch.clamp((v * (1.0 - s)), 0.0, 1.0)
    q = torch.clamp((v * (1.0 - s * f)), 0.0, 1.0)
    t = torch.clamp((v * (1.0 - s * (1.0 - f))), 0.0, 1.0)
    i = i % 6
    mask = i.unsqueeze(dim=-3) == torch.arange(6).view(-1, 1, 1)
    a1 = torch.stack((v, q, p, p, t, v), dim=-3)
    a2 = torch.stack((t, v, v, q, p, p), dim=-3)
    a3 = torch.stack((p, p, t, v, v, q), dim=-3)
    a4 = torch.stack((a1, a2, a3), dim=-4)
    return torch.einsum("...ijk, ...xijk -> ...xjk", mask.to(dtype=img.dtype), a4)


def adjust(kind, img, factor):
    if kind == "brightness":
        return blend(img, torch.zeros_like(img), factor)
    if kind == "saturation":
        return blend(img, gray_t(img), factor)
    if kind == "contrast":
        dtype = img.dtype if torch.is_floating_point(img) else torch.float32
        mean = torch.mean(gray_t(img).to(dtype), dim=(-3, -2, -1), keepdim=True)
        return blend(img, mean, factor)
    orig = img.dtype
    x = img.to(torch.float32) / 255.0 if orig == torch.uint8 else img
    hsv = rgb2hsv(x)
    h, s_, v = hsv.unbind(dim=-3)
    out = hsv2rgb(torch.stack(((h + factor) % 1.0, s_, v), dim=-3))
    return (out * 255.0).to(dtype=orig) if orig == torch.uint8 else out


colors = []
for kind, factor in [("brightness", 1.3), ("brightness", 0.6), ("contrast", 1.7), ("contrast", 0.4), ("saturation", 2.0), ("saturation", 0.3), ("hue", 0.2), ("hue", -0.45)]:
    for dtype in [torch.float32, torch.uint8]:
        img = rand_img(3, 5, 6, dtype)
        colors.append({"kind": kind, "factor": factor, "input": spec(img), "out": spec(adjust(kind, img, factor))})


def blur(img, ks, sigma):
    def k1(size, sg):
        half = (size - 1) * 0.5
        x = torch.linspace(-half, half, steps=size)
        pdf = torch.exp(-0.5 * (x / sg).pow(2))
        return pdf / pdf.sum()
    kernel = torch.mm(k1(ks[1], sigma[1])[:, None], k1(ks[0], sigma[0])[None, :])
    x = img.float().unsqueeze(0)
    kernel = kernel.expand(x.shape[1], 1, kernel.shape[0], kernel.shape[1])
    x = TF.pad(x, [ks[0] // 2, ks[0] // 2, ks[1] // 2, ks[1] // 2], mode="reflect")
    x = TF.conv2d(x, kernel, groups=x.shape[1]).squeeze(0)
    return torch.round(x).to(img.dtype) if img.dtype == torch.uint8 else x


blurs = []
for (c, h, w, ks, sigma, dtype) in [(3, 7, 8, [3, 3], [1.0, 1.0], torch.float32), (1, 9, 6, [5, 3], [1.5, 0.7], torch.float32), (3, 6, 6, [3, 5], [0.8, 1.2], torch.uint8)]:
    img = rand_img(c, h, w, dtype)
    blurs.append({"input": spec(img), "kernel_size": ks, "sigma": sigma, "out": spec(blur(img, ks, sigma))})

# Random parameters: the draws torchvision's get_params makes, in its order.
params = []
for seed in [0, 1, 7]:
    torch.manual_seed(seed)
    seq = []
    # RandomCrop(24, padding=4) on 3x28x28 -> padded 36x36
    h = w = 36
    th = tw = 24
    seq.append(["crop", torch.randint(0, h - th + 1, size=(1,)).item(), torch.randint(0, w - tw + 1, size=(1,)).item()])
    # RandomHorizontalFlip / RandomVerticalFlip
    seq.append(["hflip", bool(torch.rand(1) < 0.5)])
    seq.append(["vflip", bool(torch.rand(1) < 0.3)])
    # RandomRotation(30)
    seq.append(["rotation", float(torch.empty(1).uniform_(float(-30), float(30)).item())])
    # RandomResizedCrop(16) on 3x20x30 (scale (0.08, 1), ratio (3/4, 4/3)), and a narrow case that falls back
    for (height, width, scale, ratio) in [(20, 30, (0.08, 1.0), (3.0 / 4.0, 4.0 / 3.0)), (40, 10, (0.9, 1.0), (2.0, 3.0))]:
        area = height * width
        log_ratio = torch.log(torch.tensor(ratio))
        out = None
        for _ in range(10):
            target_area = area * torch.empty(1).uniform_(scale[0], scale[1]).item()
            aspect_ratio = torch.exp(torch.empty(1).uniform_(log_ratio[0], log_ratio[1])).item()
            ww = int(round(math.sqrt(target_area * aspect_ratio)))
            hh = int(round(math.sqrt(target_area / aspect_ratio)))
            if 0 < ww <= width and 0 < hh <= height:
                i = torch.randint(0, height - hh + 1, size=(1,)).item()
                j = torch.randint(0, width - ww + 1, size=(1,)).item()
                out = [i, j, hh, ww]
                break
        if out is None:
            in_ratio = float(width) / float(height)
            if in_ratio < min(ratio):
                ww = width
                hh = int(round(ww / min(ratio)))
            elif in_ratio > max(ratio):
                hh = height
                ww = int(round(hh * max(ratio)))
            else:
                ww, hh = width, height
            out = [(height - hh) // 2, (width - ww) // 2, hh, ww]
        seq.append(["resized_crop", height, width, list(scale), list(ratio), out])
    # ColorJitter(brightness=0.4, contrast=0.3, saturation=0.2, hue=0.1).get_params
    fn_idx = torch.randperm(4)
    b = float(torch.empty(1).uniform_(0.6, 1.4))
    c_ = float(torch.empty(1).uniform_(0.7, 1.3))
    s_ = float(torch.empty(1).uniform_(0.8, 1.2))
    h_ = float(torch.empty(1).uniform_(-0.1, 0.1))
    seq.append(["color_jitter", fn_idx.tolist(), b, c_, s_, h_])
    # GaussianBlur sigma
    seq.append(["blur_sigma", float(torch.empty(1).uniform_(0.1, 2.0).item())])
    # RandomAffine(15, translate=(0.1, 0.2), scale=(0.8, 1.2), shear=(-5, 5, -3, 3)) on a 30x20 (w x h) image
    angle = float(torch.empty(1).uniform_(float(-15), float(15)).item())
    max_dx, max_dy = float(0.1 * 30), float(0.2 * 20)
    tx = int(round(torch.empty(1).uniform_(-max_dx, max_dx).item()))
    ty = int(round(torch.empty(1).uniform_(-max_dy, max_dy).item()))
    sc = float(torch.empty(1).uniform_(0.8, 1.2).item())
    shx = float(torch.empty(1).uniform_(-5, 5).item())
    shy = float(torch.empty(1).uniform_(-3, 3).item())
    seq.append(["affine", angle, [tx, ty], sc, [shx, shy]])
    # RandomErasing.get_params on a 3x24x20 image, value=None (normal fill) then value=[0.5]
    for value in [None, [0.5]]:
        img_c, img_h, img_w = 3, 24, 20
        area = img_h * img_w
        log_ratio = torch.log(torch.tensor((0.3, 3.3)))
        got = None
        for _ in range(10):
            erase_area = area * torch.empty(1).uniform_(0.02, 0.33).item()
            aspect_ratio = torch.exp(torch.empty(1).uniform_(log_ratio[0], log_ratio[1])).item()
            hh = int(round(math.sqrt(erase_area * aspect_ratio)))
            ww = int(round(math.sqrt(erase_area / aspect_ratio)))
            if not (hh < img_h and ww < img_w):
                continue
            v = torch.empty([img_c, hh, ww], dtype=torch.float32).normal_() if value is None else torch.tensor(value)[:, None, None]
            i = torch.randint(0, img_h - hh + 1, size=(1,)).item()
            j = torch.randint(0, img_w - ww + 1, size=(1,)).item()
            got = [i, j, hh, ww, [float(t) for t in v.reshape(-1).tolist()]]
            break
        seq.append(["erasing", value, got])
    params.append({"seed": seed, "draws": seq})

# Colour, normalisation, ToTensor, padding
gray_f = rand_img(3, 4, 5, torch.float32)
gray_u = rand_img(3, 4, 5, torch.uint8)


def gray(img):
    r, gg, b = img.unbind(dim=-3)
    return (0.2989 * r + 0.587 * gg + 0.114 * b).to(img.dtype).unsqueeze(dim=-3)


norm_in = rand_img(3, 4, 4, torch.float32)
mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
norm_out = (norm_in - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1)
hwc = torch.randint(0, 256, (4, 5, 3), generator=g, dtype=torch.uint8)
to_tensor_out = hwc.permute((2, 0, 1)).contiguous().to(dtype=torch.float32).div(255)
pad_in = rand_img(2, 4, 5, torch.float32)
pads = []
for mode, padding in [("constant", [1, 2, 3, 0]), ("edge", [2, 1, 0, 3]), ("reflect", [3, 2, 1, 3]), ("symmetric", [4, 1, 2, 5])]:
    l, t, r, b = padding
    np_mode = {"constant": "constant", "edge": "edge", "reflect": "reflect", "symmetric": "symmetric"}[mode]
    out = np.pad(pad_in.numpy(), ((0, 0), (t, b), (l, r)), mode=np_mode)
    pads.append({"mode": mode, "padding": padding, "out": spec(torch.from_numpy(out))})

json.dump({"torch": torch.__version__.split("+")[0], "resize": resize, "rotate": rotations, "affine": affines, "color": colors, "blur": blurs, "params": params,
           "grayscale": {"float": [spec(gray_f), spec(gray(gray_f))], "uint8": [spec(gray_u), spec(gray(gray_u))]},
           "normalize": {"input": spec(norm_in), "mean": mean, "std": std, "out": spec(norm_out)},
           "to_tensor": {"hwc": spec(hwc), "out": spec(to_tensor_out)},
           "pad": {"input": spec(pad_in), "cases": pads}},
          sys.stdout, separators=(",", ":"), allow_nan=False)
