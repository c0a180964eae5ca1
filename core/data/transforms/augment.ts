/**
 * torchvision's augmentation transforms beyond crops and flips: ColorJitter, RandomGrayscale, GaussianBlur,
 * RandomAffine, RandomErasing, and the RandomApply / RandomChoice / RandomOrder combinators. Random draws come from
 * torch's default generator in torchvision's order (RandomChoice / RandomOrder use Python's `random` in torchvision;
 * here they use torch's generator).
 */
import { Tensor } from '../../tensor/tensor.ts';
import { default_generator } from '../../tensor/random.ts';
import { randint, randperm, normal, tensor } from '../../ops/creation.ts';
import * as F from './functional.ts';
import * as C from './color.ts';
import { Transform, applyTransform, type TransformLike } from './transforms.ts';
import type { Img, Interpolation } from './functional.ts';

const R = Math.fround;
const rand1 = (): number => default_generator.uniformFloat();
/** torch.empty(1).uniform_(a, b).item() (float32). */
const uniform1 = (a: number, b: number): number => R(default_generator.uniformFloat() * R(R(b) - R(a)) + R(a));

function roundHalfEvenInt(v: number): number {
  const f = Math.floor(v), d = v - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

/** A jitter range: a number x gives [center − x, center + x] (clipped at bound[0]); a pair is used as is. */
function jitterRange(name: string, value: number | [number, number] | null | undefined, center: number, bound: [number, number], clipFirst: boolean): [number, number] | null {
  if (value === null || value === undefined) return null;
  let r: [number, number];
  if (typeof value === 'number') {
    if (value < 0) throw new RangeError(`ColorJitter: If ${name} is a single number, it must be non negative, but got ${value}.`);
    r = [center - value, center + value];
    if (clipFirst) r[0] = Math.max(r[0], 0);
  } else if (Array.isArray(value) && value.length === 2) {
    r = [value[0], value[1]];
  } else throw new TypeError(`ColorJitter: ${name} should be a single number or a list/tuple with length 2, but got ${JSON.stringify(value)}.`);
  if (!(bound[0] <= r[0] && r[0] <= r[1] && r[1] <= bound[1])) throw new RangeError(`ColorJitter: ${name} values should be between [${bound.join(', ')}], but got [${r.join(', ')}].`);
  return r[0] === r[1] && r[0] === center ? null : r;
}

/** ColorJitter(brightness=0, contrast=0, saturation=0, hue=0): random adjustments in a random order. */
export class ColorJitter extends Transform<Img, Img> {
  readonly brightness: [number, number] | null;
  readonly contrast: [number, number] | null;
  readonly saturation: [number, number] | null;
  readonly hue: [number, number] | null;
  constructor(opts: { brightness?: number | [number, number]; contrast?: number | [number, number]; saturation?: number | [number, number]; hue?: number | [number, number] } = {}) {
    super();
    this.brightness = jitterRange('brightness', opts.brightness ?? 0, 1, [0, Infinity], true);
    this.contrast = jitterRange('contrast', opts.contrast ?? 0, 1, [0, Infinity], true);
    this.saturation = jitterRange('saturation', opts.saturation ?? 0, 1, [0, Infinity], true);
    this.hue = jitterRange('hue', opts.hue ?? 0, 0, [-0.5, 0.5], false);
  }

  /** [order, brightness, contrast, saturation, hue] as torchvision draws them. */
  static get_params(b: [number, number] | null, c: [number, number] | null, s: [number, number] | null, h: [number, number] | null): [number[], number | null, number | null, number | null, number | null] {
    const order = randperm(4)._values();
    const draw = (r: [number, number] | null) => (r === null ? null : uniform1(r[0], r[1]));
    return [order, draw(b), draw(c), draw(s), draw(h)];
  }

  forward(img: Img): Img {
    const [order, b, c, s, h] = ColorJitter.get_params(this.brightness, this.contrast, this.saturation, this.hue);
    let out = img;
    for (const k of order) {
      if (k === 0 && b !== null) out = C.adjust_brightness(out, b);
      else if (k === 1 && c !== null) out = C.adjust_contrast(out, c);
      else if (k === 2 && s !== null) out = C.adjust_saturation(out, s);
      else if (k === 3 && h !== null) out = C.adjust_hue(out, h);
    }
    return out;
  }
}

/** RandomGrayscale(p=0.1): grayscale with probability p, keeping the number of channels. */
export class RandomGrayscale extends Transform<Img, Img> {
  constructor(readonly p = 0.1) { super(); }
  forward(img: Img): Img {
    const [c] = F.get_dimensions(img);
    return rand1() < this.p ? F.rgb_to_grayscale(img, c as 1 | 3) : img;
  }
}

/** GaussianBlur(kernel_size, sigma=(0.1, 2.0)): blur with a sigma drawn uniformly from the range. */
export class GaussianBlur extends Transform<Img, Img> {
  readonly kernel_size: [number, number];
  readonly sigma: [number, number];
  constructor(kernel_size: number | [number, number], sigma: number | [number, number] = [0.1, 2.0]) {
    super();
    this.kernel_size = typeof kernel_size === 'number' ? [kernel_size, kernel_size] : kernel_size;
    if (this.kernel_size.some((k) => !Number.isInteger(k) || k <= 0 || k % 2 === 0)) throw new RangeError(`GaussianBlur: Kernel size value should be an odd and positive number, but got ${JSON.stringify(kernel_size)}.`);
    if (typeof sigma === 'number') {
      if (sigma <= 0) throw new RangeError('GaussianBlur: If sigma is a single number, it must be positive.');
      this.sigma = [sigma, sigma];
    } else {
      if (!(sigma[0] > 0 && sigma[0] <= sigma[1])) throw new RangeError('GaussianBlur: sigma values should be positive and of the form (min, max).');
      this.sigma = [sigma[0], sigma[1]];
    }
  }
  static get_params(sigma_min: number, sigma_max: number): number {
    return uniform1(sigma_min, sigma_max);
  }
  forward(img: Img): Img {
    const s = GaussianBlur.get_params(this.sigma[0], this.sigma[1]);
    return C.gaussian_blur(img, this.kernel_size, [s, s]);
  }
}

/**
 * RandomAffine(degrees, translate=None, scale=None, shear=None, interpolation='nearest', fill=0, center=None):
 * random rotation, translation (fractions of width/height), scale and shear.
 */
export class RandomAffine extends Transform<Img, Img> {
  readonly degrees: [number, number];
  readonly translate: [number, number] | null;
  readonly scale: [number, number] | null;
  readonly shear: number[] | null;
  readonly interpolation: Interpolation;
  readonly fill: number | number[];
  readonly center: [number, number] | null;
  constructor(degrees: number | [number, number], opts: { translate?: [number, number] | null; scale?: [number, number] | null; shear?: number | number[] | null; interpolation?: Interpolation; fill?: number | number[]; center?: [number, number] | null } = {}) {
    super();
    if (typeof degrees === 'number') {
      if (degrees < 0) throw new RangeError('RandomAffine: If degrees is a single number, it must be positive.');
      this.degrees = [-degrees, degrees];
    } else this.degrees = [degrees[0], degrees[1]];
    this.translate = opts.translate ?? null;
    if (this.translate && this.translate.some((t) => !(t >= 0 && t <= 1))) throw new RangeError('RandomAffine: translation values should be between 0 and 1.');
    this.scale = opts.scale ?? null;
    if (this.scale && this.scale.some((s) => !(s > 0))) throw new RangeError('RandomAffine: scale values should be positive.');
    const sh = opts.shear ?? null;
    if (sh === null) this.shear = null;
    else if (typeof sh === 'number') {
      if (sh < 0) throw new RangeError('RandomAffine: If shear is a single number, it must be positive.');
      this.shear = [-sh, sh];
    } else if (sh.length === 2 || sh.length === 4) this.shear = [...sh];
    else throw new RangeError(`RandomAffine: shear should be a number or a sequence of 2 or 4 numbers, but got ${sh.length}.`);
    this.interpolation = opts.interpolation ?? 'nearest';
    this.fill = opts.fill ?? 0;
    this.center = opts.center ?? null;
  }

  /** [angle, [tx, ty], scale, [shear_x, shear_y]] drawn like torchvision; img_size is [width, height]. */
  static get_params(degrees: [number, number], translate: [number, number] | null, scale_ranges: [number, number] | null, shears: number[] | null, img_size: [number, number]): [number, [number, number], number, [number, number]] {
    const angle = uniform1(degrees[0], degrees[1]);
    let t: [number, number] = [0, 0];
    if (translate) {
      const mx = translate[0] * img_size[0], my = translate[1] * img_size[1];
      t = [roundHalfEvenInt(uniform1(-mx, mx)), roundHalfEvenInt(uniform1(-my, my))];
    }
    const s = scale_ranges ? uniform1(scale_ranges[0], scale_ranges[1]) : 1;
    let shear: [number, number] = [0, 0];
    if (shears) {
      shear = [uniform1(shears[0], shears[1]), 0];
      if (shears.length === 4) shear[1] = uniform1(shears[2], shears[3]);
    }
    return [angle, t, s, shear];
  }

  forward(img: Img): Img {
    const [, h, w] = F.get_dimensions(img);
    const [angle, t, s, shear] = RandomAffine.get_params(this.degrees, this.translate, this.scale, this.shear, [w, h]);
    return C.affine(img, angle, t, s, shear, this.interpolation, this.fill, this.center);
  }
}

/** RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0, inplace=False) on tensor images; value 'random' fills with N(0, 1). */
export class RandomErasing extends Transform<Tensor, Tensor> {
  readonly p: number;
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly value: number | number[] | 'random';
  readonly inplace: boolean;
  constructor(opts: { p?: number; scale?: [number, number]; ratio?: [number, number]; value?: number | number[] | 'random'; inplace?: boolean } = {}) {
    super();
    this.p = opts.p ?? 0.5;
    this.scale = opts.scale ?? [0.02, 0.33];
    this.ratio = opts.ratio ?? [0.3, 3.3];
    this.value = opts.value ?? 0;
    this.inplace = opts.inplace ?? false;
    if (!(this.p >= 0 && this.p <= 1)) throw new RangeError('RandomErasing: Random erasing probability should be between 0 and 1.');
    if (this.scale[0] > this.scale[1] || this.ratio[0] > this.ratio[1]) throw new RangeError('RandomErasing: Scale and ratio should be of kind (min, max).');
    if (this.scale[0] < 0 || this.scale[1] > 1) throw new RangeError('RandomErasing: Scale should be between 0 and 1.');
  }

  /** [i, j, h, w, v] as torchvision draws them (v: the fill tensor, or the image itself when no box fits). */
  static get_params(img: Tensor, scale: [number, number], ratio: [number, number], value: number[] | null): [number, number, number, number, Tensor] {
    const [c, ih, iw] = img.shape.slice(-3);
    const area = ih * iw;
    const logRatio = [R(Math.log(R(ratio[0]))), R(Math.log(R(ratio[1])))];
    for (let k = 0; k < 10; k++) {
      const eraseArea = area * uniform1(scale[0], scale[1]);
      const aspect = R(Math.exp(uniform1(logRatio[0], logRatio[1])));
      const h = roundHalfEvenInt(Math.sqrt(eraseArea * aspect));
      const w = roundHalfEvenInt(Math.sqrt(eraseArea / aspect));
      if (!(h < ih && w < iw)) continue;
      const v = value === null ? normal(0, 1, [c, h, w]) : tensor(value, { dtype: 'float32' }).reshape([-1, 1, 1]);
      return [randint(0, ih - h + 1, [1]).item(), randint(0, iw - w + 1, [1]).item(), h, w, v];
    }
    return [0, 0, ih, iw, img];
  }

  forward(img: Tensor): Tensor {
    if (!(img instanceof Tensor)) throw new TypeError('RandomErasing: expects a tensor image [..., C, H, W]; put it after ToTensor().');
    if (rand1() >= this.p) return img;
    const c = img.shape[img.dim() - 3];
    const value = this.value === 'random' ? null : typeof this.value === 'number' ? [this.value] : this.value;
    if (value && value.length !== 1 && value.length !== c) {
      throw new RangeError(`RandomErasing: If value is a sequence, it should have either a single value or ${c} (number of input channels).`);
    }
    const [i, j, h, w, v] = RandomErasing.get_params(img, this.scale, this.ratio, value);
    if (v === img) return img;
    return C.erase(img, i, j, h, w, v, this.inplace);
  }
}

/** RandomApply(transforms, p=0.5): apply all transforms with probability p. */
export class RandomApply extends Transform {
  constructor(readonly transforms: TransformLike[], readonly p = 0.5) { super(); }
  forward(x: any): any {
    if (this.p < rand1()) return x;
    return this.transforms.reduce((acc, t) => applyTransform(t, acc), x);
  }
}

/** RandomChoice(transforms, p=None): apply one transform picked at random (weights p). */
export class RandomChoice extends Transform {
  constructor(readonly transforms: TransformLike[], readonly p: number[] | null = null) {
    super();
    if (p && p.length !== transforms.length) throw new RangeError(`RandomChoice: Length of p doesn't match the number of transforms: ${p.length} != ${transforms.length}.`);
  }
  forward(x: any): any {
    const w = this.p ?? this.transforms.map(() => 1);
    const total = w.reduce((a, b) => a + b, 0);
    let u = default_generator.uniformDouble() * total;
    let k = 0;
    while (k < w.length - 1 && u >= w[k]) { u -= w[k]; k++; }
    return applyTransform(this.transforms[k], x);
  }
}

/** RandomOrder(transforms): apply the transforms in a random order. */
export class RandomOrder extends Transform {
  constructor(readonly transforms: TransformLike[]) { super(); }
  forward(x: any): any {
    return randperm(this.transforms.length)._values().reduce((acc, k) => applyTransform(this.transforms[k], acc), x);
  }
}
