/**
 * More of torchvision.transforms.functional for tensors and 8-bit images: colour adjustments (brightness, contrast,
 * saturation, hue), gaussian_blur, erase and affine. Float32 images are computed with float32 rounding at each step,
 * uint8 images in float32 and cast back the way torchvision does (truncation after blends, rounding after blur).
 */
import { Tensor } from '../../tensor/tensor.ts';
import { typedArrayFor, isFloatingPoint } from '../../tensor/dtype.ts';
import { fromTyped } from '../../ops/_helpers.ts';
import { roundHalfEven } from '../sources/resize.ts';
import { viaTensor, affineSample, inverseAffineMatrix, rgb_to_grayscale, pad, type Img, type Interpolation } from './functional.ts';
import '../../ops/methods.ts';

const id = (x: number): number => x;

/** Values of a [..., C, H, W] tensor with its rounding function and the value bound (1 for floats, 255 for uint8). */
function unpack(x: Tensor, who: string) {
  if (x.dim() < 3) throw new RangeError(`${who}: expected a tensor image [..., C, H, W], but got shape [${x.shape.join(', ')}].`);
  const [c, h, w] = x.shape.slice(-3);
  return { v: x._toTypedArray(), c, h, w, planes: x.numel() / (c * h * w), R: x.dtype === 'float64' ? id : Math.fround, float: isFloatingPoint(x.dtype), bound: isFloatingPoint(x.dtype) ? 1 : 255 };
}

/** Back to x's dtype: floats as they are, integers truncated (torchvision's .to(dtype)) or rounded. */
function pack(x: Tensor, vals: ArrayLike<number>, shape: readonly number[], intCast: 'trunc' | 'round'): Tensor {
  const out = typedArrayFor(x.dtype, vals.length);
  const f = isFloatingPoint(x.dtype);
  for (let i = 0; i < vals.length; i++) out[i] = f ? vals[i] : Math.min(255, Math.max(0, intCast === 'trunc' ? Math.trunc(vals[i]) : roundHalfEven(vals[i])));
  return fromTyped(out, shape, x.dtype);
}

/** torchvision's _blend(img1, img2, ratio) = clamp(ratio·img1 + (1 − ratio)·img2, 0, bound), img2 given per pixel. */
function blend(x: Tensor, other: (i: number) => number, ratio: number, who: string): Tensor {
  const { v, R, bound } = unpack(x, who);
  const a = R(ratio), b = R(1 - ratio);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Math.min(bound, Math.max(0, R(R(a * v[i]) + R(b * other(i)))));
  return pack(x, out, x.shape, 'trunc');
}

function checkFactor(who: string, name: string, f: number): void {
  if (!(f >= 0)) throw new RangeError(`${who}: ${name} (${f}) is not non-negative.`);
}

/** F.adjust_brightness(img, brightness_factor): 0 gives black, 1 the original. */
export function adjust_brightness(img: Img, brightness_factor: number): Img {
  checkFactor('adjust_brightness', 'brightness_factor', brightness_factor);
  return viaTensor(img, 'adjust_brightness', (x) => blend(x, () => 0, brightness_factor, 'adjust_brightness'));
}

/** Grayscale values of each pixel (broadcast over channels), as rgb_to_grayscale in x's dtype. */
function grayOf(x: Tensor): ArrayLike<number> {
  const c = x.shape[x.dim() - 3];
  return c === 3 ? (rgb_to_grayscale(x) as Tensor)._toTypedArray() : x._toTypedArray();
}

/** F.adjust_contrast(img, contrast_factor): blend with the mean gray level; 0 gives a uniform gray image. */
export function adjust_contrast(img: Img, contrast_factor: number): Img {
  checkFactor('adjust_contrast', 'contrast_factor', contrast_factor);
  return viaTensor(img, 'adjust_contrast', (x) => {
    const { c, h, w, planes, R } = unpack(x, 'adjust_contrast');
    if (c !== 1 && c !== 3) throw new RangeError(`adjust_contrast: input image tensor permitted channel values are [1, 3], but found ${c}.`);
    const g = grayOf(x);
    const n = h * w * (c === 3 ? 1 : c);
    const means = Array.from({ length: planes }, (_, p) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += g[p * n + i];
      return R(s / n);
    });
    return blend(x, (i) => means[Math.floor(i / (c * h * w))], contrast_factor, 'adjust_contrast');
  });
}

/** F.adjust_saturation(img, saturation_factor): blend with the grayscale image; 0 gives gray, 1 the original. */
export function adjust_saturation(img: Img, saturation_factor: number): Img {
  checkFactor('adjust_saturation', 'saturation_factor', saturation_factor);
  return viaTensor(img, 'adjust_saturation', (x) => {
    const { c, h, w } = unpack(x, 'adjust_saturation');
    if (c === 1) return x;
    if (c !== 3) throw new RangeError(`adjust_saturation: input image tensor permitted channel values are [1, 3], but found ${c}.`);
    const g = grayOf(x);
    const hw = h * w;
    return blend(x, (i) => g[Math.floor(i / (3 * hw)) * hw + (i % hw)], saturation_factor, 'adjust_saturation');
  });
}

/** F.adjust_hue(img, hue_factor): rotate the hue by hue_factor ∈ [−0.5, 0.5] (through HSV, like torchvision). */
export function adjust_hue(img: Img, hue_factor: number): Img {
  if (!(hue_factor >= -0.5 && hue_factor <= 0.5)) throw new RangeError(`adjust_hue: hue_factor (${hue_factor}) is not in [-0.5, 0.5].`);
  return viaTensor(img, 'adjust_hue', (x) => {
    const { v, c, h, w, planes, float } = unpack(x, 'adjust_hue');
    if (c !== 1 && c !== 3) throw new RangeError(`adjust_hue: input image tensor permitted channel values are [1, 3], but found ${c}.`);
    if (c === 1) return x;
    const R = x.dtype === 'float64' ? id : Math.fround;
    const hw = h * w;
    const out = new Float64Array(v.length);
    const pymod1 = (a: number) => R(((a % 1) + 1) % 1);
    for (let p = 0; p < planes; p++) {
      for (let k = 0; k < hw; k++) {
        const base = p * 3 * hw + k;
        let r = v[base], g = v[base + hw], b = v[base + 2 * hw];
        if (!float) { r = R(r / 255); g = R(g / 255); b = R(b / 255); }
        // rgb → hsv
        const maxc = Math.max(r, g, b), minc = Math.min(r, g, b);
        const eq = maxc === minc;
        const cr = R(maxc - minc);
        const s = R(cr / (eq ? 1 : maxc));
        const div = eq ? 1 : cr;
        const rc = R(R(maxc - r) / div), gc = R(R(maxc - g) / div), bc = R(R(maxc - b) / div);
        const hr = maxc === r ? R(bc - gc) : 0;
        const hg = maxc === g && maxc !== r ? R(R(2 + rc) - bc) : 0;
        const hb = maxc !== g && maxc !== r ? R(R(4 + gc) - rc) : 0;
        let hh = R(R(hr + hg) + hb);
        hh = R(R(R(hh / 6) + 1) % 1);
        hh = pymod1(R(hh + R(hue_factor)));
        // hsv → rgb
        const vv = maxc;
        const h6 = R(hh * 6);
        const i = Math.floor(h6);
        const f = R(h6 - i);
        const clamp01 = (t: number) => Math.min(1, Math.max(0, t));
        const pp = clamp01(R(vv * R(1 - s)));
        const q = clamp01(R(vv * R(1 - R(s * f))));
        const t = clamp01(R(vv * R(1 - R(s * R(1 - f)))));
        const sector = ((i % 6) + 6) % 6;
        const rgb = [[vv, t, pp], [q, vv, pp], [pp, vv, t], [pp, q, vv], [t, pp, vv], [vv, pp, q]][sector];
        for (let ch = 0; ch < 3; ch++) out[base + ch * hw] = float ? rgb[ch] : R(rgb[ch] * 255);
      }
    }
    return pack(x, out, x.shape, 'trunc');
  });
}

function gaussianKernel1d(size: number, sigma: number): number[] {
  const half = (size - 1) * 0.5;
  const R = Math.fround;
  const step = size === 1 ? 0 : R((2 * half) / (size - 1));
  const xs = Array.from({ length: size }, (_, i) => (i < size / 2 ? R(-half + step * i) : R(half - step * (size - 1 - i))));
  const pdf = xs.map((x) => { const z = R(x / R(sigma)); return R(Math.exp(R(R(-0.5) * R(z * z)))); });
  const sum = R(pdf.reduce((a, b) => a + b, 0));
  return pdf.map((v) => R(v / sum));
}

/**
 * F.gaussian_blur(img, kernel_size, sigma=None): separable Gaussian with reflect padding. kernel_size is [kx, ky] (odd,
 * positive) or one int; sigma defaults to 0.3·((k − 1)·0.5 − 1) + 0.8.
 */
export function gaussian_blur(img: Img, kernel_size: number | number[], sigma: number | number[] | null = null): Img {
  const ks = typeof kernel_size === 'number' ? [kernel_size, kernel_size] : kernel_size.length === 1 ? [kernel_size[0], kernel_size[0]] : kernel_size;
  if (ks.length !== 2 || ks.some((k) => !Number.isInteger(k) || k <= 0 || k % 2 === 0)) throw new RangeError(`GaussianBlur: kernel_size should have odd and positive integers, but got ${JSON.stringify(kernel_size)}.`);
  const sg = sigma === null ? ks.map((k) => (k - 1) * 0.5 * 0.3 - 0.3 + 0.8) : typeof sigma === 'number' ? [sigma, sigma] : sigma.length === 1 ? [sigma[0], sigma[0]] : sigma;
  if (sg.some((s) => !(s > 0))) throw new RangeError(`GaussianBlur: sigma should have positive values, but got ${JSON.stringify(sigma)}.`);
  return viaTensor(img, 'GaussianBlur', (x) => {
    const kx = gaussianKernel1d(ks[0], sg[0]), ky = gaussianKernel1d(ks[1], sg[1]);
    const R = x.dtype === 'float64' ? id : Math.fround;
    const k2 = ky.map((a) => kx.map((b) => R(a * b)));
    const padded = pad(x.is_floating_point() ? x : x.to('float32'), [ks[0] >> 1, ks[1] >> 1, ks[0] >> 1, ks[1] >> 1], 0, 'reflect') as Tensor;
    const h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
    const ph = padded.shape[padded.dim() - 2], pw = padded.shape[padded.dim() - 1];
    const src = padded._toTypedArray();
    const planes = x.numel() / (h * w);
    const out = new Float64Array(x.numel());
    for (let p = 0; p < planes; p++) {
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
        let acc = 0;
        for (let a = 0; a < ks[1]; a++) for (let b = 0; b < ks[0]; b++) acc += src[p * ph * pw + (i + a) * pw + j + b] * k2[a][b];
        out[p * h * w + i * w + j] = R(acc);
      }
    }
    return pack(x, out, x.shape, 'round');
  });
}

/** F.erase(img, i, j, h, w, v): replace the box [i, i+h) × [j, j+w) with v (a number or a tensor broadcast to [C, h, w]). */
export function erase(img: Tensor, i: number, j: number, h: number, w: number, v: number | Tensor, inplace = false): Tensor {
  if (!(img instanceof Tensor)) throw new TypeError('RandomErasing: expects a tensor image [..., C, H, W]; put it after ToTensor().');
  const out = inplace ? img : img.clone();
  const box = out.narrow(-2, i, h).narrow(-1, j, w);
  const val = v instanceof Tensor ? v.to(img.dtype).expand([...box.shape]) : box.new_full([...box.shape], v);
  box.copy_(val);
  return out;
}

/**
 * F.affine(img, angle, translate, scale, shear, interpolation='nearest', fill=None, center=None): rotation by angle
 * (degrees, counter-clockwise), translation [tx, ty] in pixels, scale, and shear [sx, sy] degrees, about the centre.
 */
export function affine(img: Img, angle: number, translate: [number, number], scale: number, shear: number | [number, number], interpolation: Interpolation = 'nearest', fill: number | number[] | null = null, center: [number, number] | null = null): Img {
  if (!(scale > 0)) throw new RangeError(`affine: Argument scale should be positive, but got ${scale}.`);
  const sh: [number, number] = typeof shear === 'number' ? [shear, 0] : [shear[0], shear[1] ?? 0];
  return viaTensor(img, 'affine', (x) => {
    const h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
    const c: [number, number] = center ? [center[0] - w * 0.5, center[1] - h * 0.5] : [0, 0];
    const m = inverseAffineMatrix(c, angle, translate, scale, sh);
    return affineSample(x, m, w, h, interpolation, fill === null ? null : Array.isArray(fill) ? fill : [fill]);
  });
}
