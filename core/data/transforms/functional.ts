/**
 * torchvision.transforms.functional for CHW tensors (any leading batch dims; float or uint8) and 8-bit images.
 * Geometry follows torchvision's tensor path: bilinear resize with align_corners=False, without antialiasing by
 * default (torchvision ≤ 0.16 on tensors; torch.nn.functional.interpolate) or with it (antialias: true), rotation through an affine grid and grid_sample (align_corners=False),
 * uint8 results rounded half-to-even like torchvision.
 */
import { Tensor } from '../../tensor/tensor.ts';
import { typedArrayFor, isFloatingPoint, type DType } from '../../tensor/dtype.ts';
import { tensor } from '../../ops/creation.ts';
import { fromTyped } from '../../ops/_helpers.ts';
import { resizeBilinear, roundHalfEven } from '../sources/resize.ts';
import { type RawImage, isRawImage, imageToTensor, tensorToImage, checkImage } from './image.ts';
import '../../ops/methods.ts';

export type Img = Tensor | RawImage;
export type Interpolation = 'bilinear' | 'nearest';
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

const f32 = Math.fround;

/** Run a tensor function on an image by converting it to a uint8 CHW tensor and back. */
export function viaTensor(img: Img, who: string, fn: (t: Tensor) => Tensor): Img {
  if (img instanceof Tensor) {
    if (img.dim() < 2) throw new RangeError(`${who}: expected an image tensor of shape [..., C, H, W] (or [H, W]), but got shape [${img.shape.join(', ')}].`);
    return fn(img);
  }
  if (isRawImage(img)) {
    checkImage(img, who);
    return tensorToImage(fn(imageToTensor(img)));
  }
  throw new TypeError(`${who}: expected a Tensor [..., C, H, W] or an 8-bit image { data, width, height, channels }, but got ${img === null ? 'null' : typeof img}.`);
}

/** [channels, height, width] of an image or tensor (torchvision's get_dimensions). */
export function get_dimensions(img: Img): [number, number, number] {
  if (img instanceof Tensor) {
    const s = img.shape;
    return [s.length >= 3 ? s[s.length - 3] : 1, s[s.length - 2], s[s.length - 1]];
  }
  return [img.channels, img.height, img.width];
}

/** Apply `fn(src, dst)` to every H×W plane, producing planes of outH×outW in the tensor's dtype. */
export function mapPlanes(t: Tensor, outH: number, outW: number, fn: (src: Float32Array | Float64Array, dst: Float64Array, h: number, w: number) => void): Tensor {
  const h = t.shape[t.dim() - 2], w = t.shape[t.dim() - 1];
  const lead = t.shape.slice(0, -2);
  const planes = lead.reduce((a, b) => a * b, 1);
  const vals = t._toTypedArray();
  const wide = t.dtype === 'float64';
  const out = typedArrayFor(t.dtype, planes * outH * outW);
  const src = wide ? new Float64Array(h * w) : new Float32Array(h * w);
  const dst = new Float64Array(outH * outW);
  const intOut = !isFloatingPoint(t.dtype);
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < h * w; i++) src[i] = vals[p * h * w + i];
    fn(src, dst, h, w);
    for (let i = 0; i < outH * outW; i++) out[p * outH * outW + i] = intOut ? clampInt(roundHalfEven(dst[i]), t.dtype) : dst[i];
  }
  return fromTyped(out, [...lead, outH, outW], t.dtype);
}

function clampInt(v: number, d: DType): number {
  if (d === 'uint8') return Math.min(255, Math.max(0, v));
  return v;
}

// ------------------------------------------------------------------------------------------------------------
// Crops, padding and flips.

/** F.pad(img, padding, fill=0, padding_mode='constant'); padding is p, [left/right, top/bottom] or [l, t, r, b]. */
export function pad(img: Img, padding: number | number[], fill = 0, padding_mode: PaddingMode = 'constant'): Img {
  const p = typeof padding === 'number' ? [padding, padding, padding, padding] : padding.length === 1 ? [padding[0], padding[0], padding[0], padding[0]]
    : padding.length === 2 ? [padding[0], padding[1], padding[0], padding[1]] : padding.length === 4 ? padding : null;
  if (!p) throw new RangeError(`Pad: Padding must be an int or a 1, 2, or 4 element list, but got ${(padding as number[]).length} elements.`);
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(padding_mode)) throw new RangeError(`Pad: Padding mode should be either constant, edge, reflect or symmetric, but got '${padding_mode}'.`);
  const [l, t, r, b] = p;
  if (p.some((v) => !Number.isInteger(v) || v < 0)) throw new RangeError(`Pad: padding values must be non-negative integers, but got [${p.join(', ')}].`);
  return viaTensor(img, 'Pad', (x) => {
    const h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
    if (padding_mode === 'reflect' && (l >= w || r >= w || t >= h || b >= h)) {
      throw new RangeError(`Pad: reflect padding (${p.join(', ')}) must be smaller than the image size ${h}×${w}.`);
    }
    const map = (i: number, n: number): number => {
      if (i >= 0 && i < n) return i;
      if (padding_mode === 'constant') return -1;
      if (padding_mode === 'edge') return i < 0 ? 0 : n - 1;
      const period = padding_mode === 'reflect' ? 2 * (n - 1) : 2 * n;
      if (period === 0) return 0;
      const k = ((i % period) + period) % period;
      if (padding_mode === 'reflect') return k < n ? k : period - k;
      return k < n ? k : period - 1 - k;
    };
    const oh = h + t + b, ow = w + l + r;
    return mapPlanes(x, oh, ow, (src, dst) => {
      for (let y = 0; y < oh; y++) {
        const sy = map(y - t, h);
        for (let xx = 0; xx < ow; xx++) {
          const sx = map(xx - l, w);
          dst[y * ow + xx] = sy < 0 || sx < 0 ? fill : src[sy * w + sx];
        }
      }
    });
  });
}

/** F.crop(img, top, left, height, width); regions outside the image are zero-filled, as in torchvision. */
export function crop(img: Img, top: number, left: number, height: number, width: number): Img {
  return viaTensor(img, 'crop', (x) => {
    const h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
    const right = left + width, bottom = top + height;
    if (left < 0 || top < 0 || right > w || bottom > h) {
      const ltrb = [Math.max(-left + Math.min(0, right), 0), Math.max(-top + Math.min(0, bottom), 0), Math.max(right - Math.max(w, left), 0), Math.max(bottom - Math.max(h, top), 0)];
      const y0 = Math.max(top, 0), x0 = Math.max(left, 0);
      const inner = x.narrow(-2, y0, Math.max(0, Math.min(bottom, h) - y0)).narrow(-1, x0, Math.max(0, Math.min(right, w) - x0));
      return pad(inner, ltrb, 0) as Tensor;
    }
    return x.narrow(-2, top, height).narrow(-1, left, width);
  });
}

function pair(size: number | number[], who: string): [number, number] {
  if (typeof size === 'number') return [size, size];
  if (size.length === 1) return [size[0], size[0]];
  if (size.length !== 2) throw new RangeError(`${who}: Please provide only two dimensions (h, w) for size, but got [${size.join(', ')}].`);
  return [size[0], size[1]];
}

/** F.center_crop(img, output_size): zero-pads first when the crop is larger than the image. */
export function center_crop(img: Img, output_size: number | number[]): Img {
  const [ch, cw] = pair(output_size, 'CenterCrop');
  let [, h, w] = get_dimensions(img);
  if (cw > w || ch > h) {
    const ltrb = [cw > w ? Math.floor((cw - w) / 2) : 0, ch > h ? Math.floor((ch - h) / 2) : 0, cw > w ? Math.floor((cw - w + 1) / 2) : 0, ch > h ? Math.floor((ch - h + 1) / 2) : 0];
    img = pad(img, ltrb, 0);
    [, h, w] = get_dimensions(img);
    if (cw === w && ch === h) return img;
  }
  return crop(img, roundHalfEven((h - ch) / 2), roundHalfEven((w - cw) / 2), ch, cw);
}

/** F.hflip: mirror left–right. */
export function hflip(img: Img): Img {
  return viaTensor(img, 'hflip', (x) => x.index_select(x.dim() - 1, tensor(Array.from({ length: x.shape[x.dim() - 1] }, (_, i) => x.shape[x.dim() - 1] - 1 - i), { dtype: 'int64' })));
}

/** F.vflip: mirror top–bottom. */
export function vflip(img: Img): Img {
  return viaTensor(img, 'vflip', (x) => x.index_select(x.dim() - 2, tensor(Array.from({ length: x.shape[x.dim() - 2] }, (_, i) => x.shape[x.dim() - 2] - 1 - i), { dtype: 'int64' })));
}

/** F.five_crop(img, size) → [top-left, top-right, bottom-left, bottom-right, center]. */
export function five_crop(img: Img, size: number | number[]): Img[] {
  const [ch, cw] = pair(size, 'FiveCrop');
  const [, h, w] = get_dimensions(img);
  if (cw > w || ch > h) throw new RangeError(`FiveCrop: Requested crop size (${ch}, ${cw}) is bigger than input size (${h}, ${w}).`);
  return [crop(img, 0, 0, ch, cw), crop(img, 0, w - cw, ch, cw), crop(img, h - ch, 0, ch, cw), crop(img, h - ch, w - cw, ch, cw), center_crop(img, [ch, cw])];
}

/** F.ten_crop(img, size, vertical_flip=False): five crops of the image and five of its flipped version. */
export function ten_crop(img: Img, size: number | number[], vertical_flip = false): Img[] {
  return [...five_crop(img, size), ...five_crop(vertical_flip ? vflip(img) : hflip(img), size)];
}

// ------------------------------------------------------------------------------------------------------------
// Resize.

/** torchvision's output size rule: an int matches the smaller edge (keeping aspect), [h, w] is exact. */
export function resizedSize(h: number, w: number, size: number | number[], max_size: number | null = null): [number, number] {
  if (Array.isArray(size) && size.length === 2) {
    if (max_size !== null) throw new RangeError(`Resize: max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1, but got size=[${size.join(', ')}].`);
    return [size[0], size[1]];
  }
  const s = typeof size === 'number' ? size : size[0];
  if (!Number.isInteger(s) || s <= 0) throw new RangeError(`Resize: size must be a positive integer or [h, w], but got ${JSON.stringify(size)}.`);
  const [short, long] = w <= h ? [w, h] : [h, w];
  let newShort = s, newLong = Math.trunc((s * long) / short);
  if (max_size !== null) {
    if (max_size <= s) throw new RangeError(`Resize: max_size = ${max_size} must be strictly greater than the requested size for the smaller edge size = ${s}.`);
    if (newLong > max_size) { newShort = Math.trunc((max_size * newShort) / newLong); newLong = max_size; }
  }
  return w <= h ? [newLong, newShort] : [newShort, newLong];
}

function nearestIndex(n: number, inSize: number, outSize: number): number {
  const scale = f32(inSize / outSize);
  return Math.min(Math.floor(f32(n * scale)), inSize - 1);
}

/** Per-output-index source window and normalised triangle-filter weights (PyTorch's antialiased bilinear, float32). */
function aaWeights(inSize: number, outSize: number): Array<{ start: number; w: number[] }> {
  const f = Math.fround;
  const scale = f(inSize / outSize);
  const support = scale >= 1 ? scale : 1;
  const invscale = scale >= 1 ? f(1 / scale) : 1;
  return Array.from({ length: outSize }, (_, i) => {
    const center = f(scale * f(i + 0.5));
    const start = Math.max(Math.trunc(f(f(center - support) + 0.5)), 0);
    const size = Math.min(Math.trunc(f(f(center + support) + 0.5)), inSize) - start;
    const w: number[] = [];
    let total = 0;
    for (let j = 0; j < size; j++) {
      const x = Math.abs(f(f(f(j + start) - center + 0.5) * invscale));
      const v = x < 1 ? f(1 - x) : 0;
      w.push(v);
      total = f(total + v);
    }
    return { start, w: total !== 0 ? w.map((v) => f(v / total)) : w };
  });
}

/** Antialiased bilinear resize of one plane: horizontal pass, then vertical, each a float32 weighted sum. */
function resizeAA(src: ArrayLike<number>, h: number, w: number, oh: number, ow: number, dst: Float64Array): void {
  const f = Math.fround;
  const wx = aaWeights(w, ow), wy = aaWeights(h, oh);
  const tmp = ow === w ? Float32Array.from(src) : new Float32Array(h * ow);
  if (ow !== w) {
    for (let y = 0; y < h; y++) for (let x = 0; x < ow; x++) {
      const { start, w: ws } = wx[x];
      let t = f(ws[0] * src[y * w + start]);
      for (let j = 1; j < ws.length; j++) t = f(t + f(ws[j] * src[y * w + start + j]));
      tmp[y * ow + x] = t;
    }
  }
  for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) {
    if (oh === h) { dst[y * ow + x] = tmp[y * ow + x]; continue; }
    const { start, w: ws } = wy[y];
    let t = f(ws[0] * tmp[start * ow + x]);
    for (let j = 1; j < ws.length; j++) t = f(t + f(ws[j] * tmp[(start + j) * ow + x]));
    dst[y * ow + x] = t;
  }
}

/**
 * F.resize(img, size, interpolation='bilinear', max_size=None, antialias=False): align_corners=False; with
 * antialias (bilinear only) the triangle filter widens when shrinking, like F.interpolate(antialias=True) and PIL.
 */
export function resize(img: Img, size: number | number[], interpolation: Interpolation = 'bilinear', max_size: number | null = null, antialias = false): Img {
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') throw new RangeError(`Resize: interpolation must be 'bilinear' or 'nearest', but got '${interpolation}'.`);
  return viaTensor(img, 'Resize', (x) => {
    const h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
    const [oh, ow] = resizedSize(h, w, size, max_size);
    if (oh === h && ow === w) return x;
    if (interpolation === 'nearest') {
      const ys = Array.from({ length: oh }, (_, i) => nearestIndex(i, h, oh));
      const xs = Array.from({ length: ow }, (_, i) => nearestIndex(i, w, ow));
      return mapPlanes(x, oh, ow, (src, dst) => { for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) dst[i * ow + j] = src[ys[i] * w + xs[j]]; });
    }
    if (antialias) return mapPlanes(x, oh, ow, (src, dst) => resizeAA(src, h, w, oh, ow, dst));
    return mapPlanes(x, oh, ow, (src, dst) => {
      const r = resizeBilinear(src instanceof Float32Array ? src : Float32Array.from(src), 1, h, w, oh, ow);
      for (let i = 0; i < r.length; i++) dst[i] = r[i];
    });
  });
}

/** F.resized_crop(img, top, left, height, width, size, interpolation): crop, then resize to `size`. */
export function resized_crop(img: Img, top: number, left: number, height: number, width: number, size: number | number[], interpolation: Interpolation = 'bilinear', antialias = false): Img {
  return resize(crop(img, top, left, height, width), Array.isArray(size) ? size : [size, size], interpolation, null, antialias);
}

// ------------------------------------------------------------------------------------------------------------
// Rotation (affine grid + grid_sample, as torchvision's tensor path).

/** torchvision's _get_inverse_affine_matrix(center, angle, translate, scale, shear). */
export function inverseAffineMatrix(center: [number, number], angle: number, translate: [number, number], scale: number, shear: [number, number]): number[] {
  const rot = (angle * Math.PI) / 180;
  const sx = (shear[0] * Math.PI) / 180, sy = (shear[1] * Math.PI) / 180;
  const [cx, cy] = center, [tx, ty] = translate;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale);
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

function affineOutputSize(m: number[], w: number, h: number): [number, number] {
  const pts = [[-0.5 * w, -0.5 * h], [-0.5 * w, 0.5 * h], [0.5 * w, 0.5 * h], [0.5 * w, -0.5 * h]];
  const t = m.map(f32);
  const xs = pts.map(([x, y]) => f32(f32(f32(x * t[0]) + f32(y * t[1])) + t[2]));
  const ys = pts.map(([x, y]) => f32(f32(f32(x * t[3]) + f32(y * t[4])) + t[5]));
  const tol = 1e-4;
  const size = (v: number[]) => Math.ceil(f32(Math.trunc(f32(Math.max(...v) / tol)) * tol)) - Math.floor(f32(Math.trunc(f32(Math.min(...v) / tol)) * tol));
  return [Math.trunc(size(xs)), Math.trunc(size(ys))];
}

/**
 * Sample planes at the affine grid of `matrix` (output pixel → input pixel, centred coordinates) with grid_sample
 * semantics (align_corners=False, zero padding). With `fill` a mask channel is sampled too and out-of-image areas
 * blend to fill, as torchvision does.
 */
export function affineSample(x: Tensor, m: number[], ow: number, oh: number, mode: Interpolation, fill: number[] | null): Tensor {
  const h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
  const hw = f32(0.5 * w), hh = f32(0.5 * h);
  const t = m.map(f32);
  const r = [f32(t[0] / hw), f32(t[3] / hh), f32(t[1] / hw), f32(t[4] / hh), f32(t[2] / hw), f32(t[5] / hh)];
  const channels = x.dim() >= 3 ? x.shape[x.dim() - 3] : 1;
  let plane = 0;
  return mapPlanes(x, oh, ow, (src, dst) => {
    const fillV = fill ? fill[fill.length === 1 ? 0 : plane % channels] ?? 0 : 0;
    plane++;
    const at = (iy: number, ix: number) => (ix >= 0 && ix < w && iy >= 0 && iy < h ? src[iy * w + ix] : 0);
    const inb = (iy: number, ix: number) => (ix >= 0 && ix < w && iy >= 0 && iy < h ? 1 : 0);
    for (let i = 0; i < oh; i++) {
      const by = -oh * 0.5 + 0.5 + i;
      for (let j = 0; j < ow; j++) {
        const bx = -ow * 0.5 + 0.5 + j;
        const gx = f32(f32(f32(bx * r[0]) + f32(by * r[2])) + r[4]);
        const gy = f32(f32(f32(bx * r[1]) + f32(by * r[3])) + r[5]);
        const ix = f32(f32(f32(f32(gx + 1) * w) - 1) / 2);
        const iy = f32(f32(f32(f32(gy + 1) * h) - 1) / 2);
        let v: number, mask: number;
        if (mode === 'nearest') {
          const nx = roundHalfEven(ix), ny = roundHalfEven(iy);
          v = at(ny, nx);
          mask = inb(ny, nx);
          dst[i * ow + j] = fill && mask < 0.5 ? fillV : v;
          continue;
        }
        const x0 = Math.floor(ix), y0 = Math.floor(iy);
        const wx1 = f32(ix - x0), wx0 = f32(x0 + 1 - ix), wy1 = f32(iy - y0), wy0 = f32(y0 + 1 - iy);
        const nw = f32(wx0 * wy0), ne = f32(wx1 * wy0), sw = f32(wx0 * wy1), se = f32(wx1 * wy1);
        v = f32(f32(f32(f32(at(y0, x0) * nw) + f32(at(y0, x0 + 1) * ne)) + f32(at(y0 + 1, x0) * sw)) + f32(at(y0 + 1, x0 + 1) * se));
        if (fill) {
          mask = f32(f32(f32(inb(y0, x0) * nw) + f32(inb(y0, x0 + 1) * ne)) + f32(inb(y0 + 1, x0) * sw)) + f32(inb(y0 + 1, x0 + 1) * se);
          v = f32(f32(v * mask) + f32(f32(1 - mask) * fillV));
        }
        dst[i * ow + j] = v;
      }
    }
  });
}

/**
 * F.rotate(img, angle, interpolation='nearest', expand=False, center=None, fill=None): counter-clockwise by `angle`
 * degrees about the centre (or `center` = [x, y] in pixels).
 */
export function rotate(img: Img, angle: number, interpolation: Interpolation = 'nearest', expand = false, center: [number, number] | null = null, fill: number | number[] | null = null): Img {
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') throw new RangeError(`RandomRotation: interpolation must be 'nearest' or 'bilinear', but got '${interpolation}'.`);
  return viaTensor(img, 'rotate', (x) => {
    const h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
    const c: [number, number] = center ? [center[0] - w * 0.5, center[1] - h * 0.5] : [0, 0];
    const m = inverseAffineMatrix(c, -angle, [0, 0], 1, [0, 0]);
    const [ow, oh] = expand ? affineOutputSize(m, w, h) : [w, h];
    const fl = fill === null ? null : Array.isArray(fill) ? fill : [fill];
    return affineSample(x, m, ow, oh, interpolation, fl);
  });
}

// ------------------------------------------------------------------------------------------------------------
// Colour and conversion.

/** F.rgb_to_grayscale(img, num_output_channels=1): L = 0.2989 R + 0.587 G + 0.114 B (truncated for uint8). */
export function rgb_to_grayscale(img: Img, num_output_channels: 1 | 3 = 1): Img {
  if (num_output_channels !== 1 && num_output_channels !== 3) throw new RangeError(`Grayscale: num_output_channels should be either 1 or 3, but got ${num_output_channels}.`);
  return viaTensor(img, 'Grayscale', (x) => {
    if (x.dim() < 3) throw new RangeError(`Grayscale: input should be a tensor of at least 3 dimensions [..., C, H, W], but got shape [${x.shape.join(', ')}].`);
    const c = x.shape[x.dim() - 3];
    if (c !== 1 && c !== 3) throw new RangeError(`Grayscale: input image tensor permitted channel values are [1, 3], but found ${c}.`);
    let l: Tensor;
    if (c === 3) {
      const [r, g, b] = x.unbind(x.dim() - 3).map((p) => (p.is_floating_point() ? p : p.to('float32')));
      const lf = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114));
      l = (x.is_floating_point() ? lf : lf.trunc().clamp(0, 255).to(x.dtype)).unsqueeze(x.dim() - 3);
    } else l = x.clone();
    return num_output_channels === 3 ? l.expand([...x.shape.slice(0, -3), 3, ...x.shape.slice(-2)]).contiguous() : l;
  });
}

/** F.to_tensor(pic): an 8-bit image (or a uint8 HWC tensor) → float32 CHW in [0, 1]. */
export function to_tensor(pic: RawImage | Tensor): Tensor {
  if (pic instanceof Tensor) {
    if (pic.dim() !== 2 && pic.dim() !== 3) throw new RangeError(`ToTensor: pic should be 2 or 3 dimensional (HWC), but got ${pic.dim()} dimensions.`);
    const hwc = pic.dim() === 2 ? pic.unsqueeze(2) : pic;
    const chw = hwc.permute([2, 0, 1]).contiguous();
    return pic.dtype === 'uint8' ? chw.to('float32').div(255) : chw;
  }
  if (!isRawImage(pic)) throw new TypeError(`ToTensor: pic should be an 8-bit image { data, width, height, channels } or an HWC tensor, but got ${pic === null ? 'null' : typeof pic}.`);
  checkImage(pic, 'ToTensor');
  // one pass: HWC bytes → CHW float32, each value rounded once like uint8.to(float32).div(255)
  const { width: w, height: h, channels: c, data } = pic;
  const out = new Float32Array(c * h * w);
  for (let k = 0; k < c; k++) for (let i = 0; i < h * w; i++) out[k * h * w + i] = data[i * c + k] / 255;
  return fromTyped(out, [c, h, w], 'float32');
}

/** F.normalize(tensor, mean, std, inplace=False): (x − mean[c]) / std[c] per channel. */
export function normalize(t: Tensor, mean: number[], std: number[], inplace = false): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`Normalize: expected a float Tensor (use ToTensor() first), but got ${isRawImage(t) ? 'an 8-bit image' : typeof t}.`);
  if (!t.is_floating_point()) throw new TypeError(`Normalize: Input tensor should be a float tensor. Got ${t.dtype}. Put ToTensor() (or .float()/255) before Normalize.`);
  if (t.dim() < 3) throw new RangeError(`Normalize: Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${t.shape.join(', ')}].`);
  const c = t.shape[t.dim() - 3];
  if ((mean.length !== 1 && mean.length !== c) || (std.length !== 1 && std.length !== c)) {
    throw new RangeError(`Normalize: mean and std need 1 or ${c} values (one per channel), but got ${mean.length} and ${std.length}.`);
  }
  const s = tensor(std, { dtype: t.dtype });
  if (s._values().some((v) => v === 0)) throw new RangeError(`Normalize: std evaluated to zero after conversion to ${t.dtype}, leading to division by zero.`);
  if (!t.requires_grad && (t.dtype === 'float32' || t.dtype === 'float64') && (!inplace || t.is_contiguous())) {
    // one pass with the rounding of sub-then-div in t's dtype (what the tensor ops below compute)
    const R = t.dtype === 'float32' ? Math.fround : (x: number) => x;
    const [h, w] = [t.shape[t.dim() - 2], t.shape[t.dim() - 1]];
    const src = t.contiguous();
    const data = src._storage.data, off = src._offset;
    const out = inplace ? t : fromTyped(typedArrayFor(t.dtype, t.numel()), t.shape, t.dtype);
    const od = out._storage.data, oo = out._offset;
    const ms = mean.map(R), ss = std.map(R);
    for (let i = 0; i < t.numel(); i++) {
      const ch = Math.floor(i / (h * w)) % c;
      od[oo + i] = R(R(data[off + i] - ms[mean.length === 1 ? 0 : ch]) / ss[std.length === 1 ? 0 : ch]);
    }
    if (inplace) t._storage.version++;
    return out;
  }
  const shape = [mean.length === 1 && std.length === 1 ? 1 : c, 1, 1];
  const m = tensor(mean, { dtype: t.dtype }).reshape([mean.length, 1, 1]).expand(shape);
  const sd = s.reshape([std.length, 1, 1]).expand(shape);
  return inplace ? t.sub_(m).div_(sd) : t.sub(m).div(sd);
}
