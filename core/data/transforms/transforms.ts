/**
 * torchvision.transforms classes. Each transform has `forward(x)`; Compose chains them, and datasets accept either a
 * transform or a plain function. Random transforms draw from torch's default generator in torchvision's order
 * (torch.rand / torch.randint / uniform_), so `torch.manual_seed(s)` makes them reproducible.
 */
import { Tensor } from '../../tensor/tensor.ts';
import { default_generator } from '../../tensor/random.ts';
import { randint } from '../../ops/creation.ts';
import * as F from './functional.ts';
import { type RawImage, imageToTensor, tensorToImage } from './image.ts';
import type { Img, Interpolation, PaddingMode } from './functional.ts';

/** A transform: anything with forward(x), or a function. */
export type TransformLike<I = any, O = any> = { forward(x: I): O } | ((x: I) => O);

/** Apply a transform or function. */
export function applyTransform<I, O>(t: TransformLike<I, O>, x: I): O {
  return typeof t === 'function' ? t(x) : t.forward(x);
}

/** Base class of the transforms (torchvision's are nn.Modules with forward). */
export abstract class Transform<I = any, O = any> {
  abstract forward(x: I): O;
  /** PyTorch-style repr, e.g. "RandomCrop(size=(24, 24), padding=4)". */
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** torch.rand(1).item(): one float32 uniform draw from the default generator. */
function rand1(): number {
  return default_generator.uniformFloat();
}

/** torch.randint(low, high, (1,)).item() */
function randint1(low: number, high: number): number {
  return randint(low, high, [1]).item();
}

/** torch.empty(1).uniform_(a, b).item() for float32. */
function uniform1(a: number, b: number): number {
  const from = Math.fround(a), to = Math.fround(b);
  return Math.fround(default_generator.uniformFloat() * Math.fround(to - from) + from);
}

function sizePair(size: number | number[], who: string): [number, number] {
  if (typeof size === 'number') {
    if (!Number.isInteger(size) || size <= 0) throw new RangeError(`${who}: size must be a positive integer or [h, w], but got ${size}.`);
    return [size, size];
  }
  if (!Array.isArray(size) || (size.length !== 1 && size.length !== 2)) throw new RangeError(`${who}: Please provide only two dimensions (h, w) for size, but got ${JSON.stringify(size)}.`);
  return size.length === 1 ? [size[0], size[0]] : [size[0], size[1]];
}

/** Compose(transforms): apply each in turn. */
export class Compose extends Transform {
  constructor(readonly transforms: TransformLike[]) {
    super();
    if (!Array.isArray(transforms)) throw new TypeError('Compose: expected a list of transforms, e.g. new Compose([new ToTensor(), new Normalize([0.5], [0.5])]).');
  }
  forward(x: any): any {
    return this.transforms.reduce((acc, t) => applyTransform(t, acc), x);
  }
  override toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${typeof t === 'function' ? 'Lambda()' : String(t)}`).join('\n')}\n)`;
  }
}

/** Lambda(fn): a function as a transform. */
export class Lambda<I = any, O = any> extends Transform<I, O> {
  constructor(readonly lambd: (x: I) => O) {
    super();
    if (typeof lambd !== 'function') throw new TypeError(`Lambda: argument should be callable, but got ${typeof lambd}.`);
  }
  forward(x: I): O {
    return this.lambd(x);
  }
}

/** ToTensor(): 8-bit HWC image (or uint8 HWC tensor) → float32 CHW tensor in [0, 1]. */
export class ToTensor extends Transform<RawImage | Tensor, Tensor> {
  forward(pic: RawImage | Tensor): Tensor {
    return F.to_tensor(pic);
  }
}

/** PILToTensor(): 8-bit HWC image → uint8 CHW tensor (no scaling). */
export class PILToTensor extends Transform<RawImage, Tensor> {
  forward(pic: RawImage): Tensor {
    return imageToTensor(pic);
  }
}

/** ToPILImage(): CHW tensor (uint8, or float in [0, 1]) → 8-bit HWC image. */
export class ToPILImage extends Transform<Tensor, RawImage> {
  forward(t: Tensor): RawImage {
    return tensorToImage(t);
  }
}

/** ConvertImageDtype(dtype): uint8 ↔ float32 with torchvision's scaling (/255, ×255). */
export class ConvertImageDtype extends Transform<Tensor, Tensor> {
  constructor(readonly dtype: 'float32' | 'float64' | 'uint8') { super(); }
  forward(t: Tensor): Tensor {
    if (t.dtype === this.dtype) return t;
    if (t.dtype === 'uint8') return t.to(this.dtype).div(255);
    if (this.dtype === 'uint8') return t.mul(255 + 1 - 0.001).trunc().clamp(0, 255).to('uint8');
    return t.to(this.dtype);
  }
}

/** Normalize(mean, std, inplace=False): (x − mean) / std per channel of a float CHW tensor. */
export class Normalize extends Transform<Tensor, Tensor> {
  constructor(readonly mean: number[], readonly std: number[], readonly inplace = false) { super(); }
  forward(t: Tensor): Tensor {
    return F.normalize(t, this.mean, this.std, this.inplace);
  }
  override toString(): string {
    return `Normalize(mean=[${this.mean.join(', ')}], std=[${this.std.join(', ')}])`;
  }
}

/** Resize(size, interpolation='bilinear', max_size=None): an int matches the smaller edge; [h, w] is exact. */
export class Resize extends Transform<Img, Img> {
  readonly interpolation: Interpolation;
  readonly max_size: number | null;
  readonly antialias: boolean;
  /** antialias defaults to false (torchvision ≤ 0.16 on tensors); pass true for torchvision ≥ 0.17 / PIL-like shrinking. */
  constructor(readonly size: number | number[], opts: { interpolation?: Interpolation; max_size?: number | null; antialias?: boolean | null } = {}) {
    super();
    this.interpolation = opts.interpolation ?? 'bilinear';
    this.max_size = opts.max_size ?? null;
    this.antialias = opts.antialias ?? false;
    F.resizedSize(100, 100, size, this.max_size);
  }
  forward(img: Img): Img {
    return F.resize(img, this.size, this.interpolation, this.max_size, this.antialias);
  }
  override toString(): string {
    return `Resize(size=${JSON.stringify(this.size)}, interpolation=${this.interpolation}, max_size=${this.max_size}, antialias=${this.antialias ? 'True' : 'False'})`;
  }
}

/** CenterCrop(size): crop the centre (zero-padding images smaller than size). */
export class CenterCrop extends Transform<Img, Img> {
  readonly size: [number, number];
  constructor(size: number | number[]) { super(); this.size = sizePair(size, 'CenterCrop'); }
  forward(img: Img): Img {
    return F.center_crop(img, this.size);
  }
}

/** RandomCrop(size, padding=None, pad_if_needed=False, fill=0, padding_mode='constant'). */
export class RandomCrop extends Transform<Img, Img> {
  readonly size: [number, number];
  readonly padding: number | number[] | null;
  readonly pad_if_needed: boolean;
  readonly fill: number;
  readonly padding_mode: PaddingMode;
  constructor(size: number | number[], opts: { padding?: number | number[] | null; pad_if_needed?: boolean; fill?: number; padding_mode?: PaddingMode } = {}) {
    super();
    this.size = sizePair(size, 'RandomCrop');
    this.padding = opts.padding ?? null;
    this.pad_if_needed = opts.pad_if_needed ?? false;
    this.fill = opts.fill ?? 0;
    this.padding_mode = opts.padding_mode ?? 'constant';
  }

  /** torchvision's RandomCrop.get_params: [top, left, height, width]. */
  static get_params(img: Img, output_size: [number, number]): [number, number, number, number] {
    const [, h, w] = F.get_dimensions(img);
    const [th, tw] = output_size;
    if (h + 1 < th || w + 1 < tw) throw new RangeError(`RandomCrop: Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w}). Use a smaller size, or padding / pad_if_needed: true.`);
    if (w === tw && h === th) return [0, 0, h, w];
    return [randint1(0, h - th + 1), randint1(0, w - tw + 1), th, tw];
  }

  forward(input: Img): Img {
    let img = input;
    if (this.padding !== null) img = F.pad(img, this.padding, this.fill, this.padding_mode);
    const [, h, w] = F.get_dimensions(img);
    if (this.pad_if_needed && w < this.size[1]) img = F.pad(img, [this.size[1] - w, 0], this.fill, this.padding_mode);
    if (this.pad_if_needed && h < this.size[0]) img = F.pad(img, [0, this.size[0] - h], this.fill, this.padding_mode);
    const [i, j, th, tw] = RandomCrop.get_params(img, this.size);
    return F.crop(img, i, j, th, tw);
  }
  override toString(): string {
    return `RandomCrop(size=(${this.size.join(', ')}), padding=${JSON.stringify(this.padding)})`;
  }
}

/** RandomResizedCrop(size, scale=(0.08, 1.0), ratio=(3/4, 4/3), interpolation='bilinear'). */
export class RandomResizedCrop extends Transform<Img, Img> {
  readonly size: [number, number];
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly interpolation: Interpolation;
  readonly antialias: boolean;
  constructor(size: number | number[], opts: { scale?: [number, number]; ratio?: [number, number]; interpolation?: Interpolation; antialias?: boolean | null } = {}) {
    super();
    this.size = sizePair(size, 'RandomResizedCrop');
    this.antialias = opts.antialias ?? false;
    this.scale = opts.scale ?? [0.08, 1.0];
    this.ratio = opts.ratio ?? [3 / 4, 4 / 3];
    this.interpolation = opts.interpolation ?? 'bilinear';
    if (this.scale[0] > this.scale[1] || this.ratio[0] > this.ratio[1]) throw new RangeError('RandomResizedCrop: Scale and ratio should be of kind (min, max).');
  }

  /** torchvision's get_params: up to 10 random tries, then a centre crop clamped to the ratio range. */
  static get_params(img: Img, scale: [number, number], ratio: [number, number]): [number, number, number, number] {
    const [, height, width] = F.get_dimensions(img);
    const area = height * width;
    const logRatio = [Math.fround(Math.log(Math.fround(ratio[0]))), Math.fround(Math.log(Math.fround(ratio[1])))];
    for (let k = 0; k < 10; k++) {
      const targetArea = area * uniform1(scale[0], scale[1]);
      const aspect = Math.fround(Math.exp(uniform1(logRatio[0], logRatio[1])));
      const w = roundHalfEvenInt(Math.sqrt(targetArea * aspect));
      const h = roundHalfEvenInt(Math.sqrt(targetArea / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) return [randint1(0, height - h + 1), randint1(0, width - w + 1), h, w];
    }
    const inRatio = width / height;
    let w: number, h: number;
    if (inRatio < Math.min(...ratio)) { w = width; h = roundHalfEvenInt(w / Math.min(...ratio)); }
    else if (inRatio > Math.max(...ratio)) { h = height; w = roundHalfEvenInt(h * Math.max(...ratio)); }
    else { w = width; h = height; }
    return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
  }

  forward(img: Img): Img {
    const [i, j, h, w] = RandomResizedCrop.get_params(img, this.scale, this.ratio);
    return F.resized_crop(img, i, j, h, w, this.size, this.interpolation, this.antialias);
  }
}

function roundHalfEvenInt(v: number): number {
  const f = Math.floor(v), d = v - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

/** FiveCrop(size): [top-left, top-right, bottom-left, bottom-right, center] crops. */
export class FiveCrop extends Transform<Img, Img[]> {
  readonly size: [number, number];
  constructor(size: number | number[]) { super(); this.size = sizePair(size, 'FiveCrop'); }
  forward(img: Img): Img[] {
    return F.five_crop(img, this.size);
  }
}

/** TenCrop(size, vertical_flip=False): FiveCrop of the image and of its flip. */
export class TenCrop extends Transform<Img, Img[]> {
  readonly size: [number, number];
  constructor(size: number | number[], readonly vertical_flip = false) { super(); this.size = sizePair(size, 'TenCrop'); }
  forward(img: Img): Img[] {
    return F.ten_crop(img, this.size, this.vertical_flip);
  }
}

/** RandomHorizontalFlip(p=0.5) */
export class RandomHorizontalFlip extends Transform<Img, Img> {
  constructor(readonly p = 0.5) { super(); }
  forward(img: Img): Img {
    return rand1() < this.p ? F.hflip(img) : img;
  }
}

/** RandomVerticalFlip(p=0.5) */
export class RandomVerticalFlip extends Transform<Img, Img> {
  constructor(readonly p = 0.5) { super(); }
  forward(img: Img): Img {
    return rand1() < this.p ? F.vflip(img) : img;
  }
}

/** RandomRotation(degrees, interpolation='nearest', expand=False, center=None, fill=0): a uniform angle in [−d, d] or [min, max]. */
export class RandomRotation extends Transform<Img, Img> {
  readonly degrees: [number, number];
  readonly interpolation: Interpolation;
  readonly expand: boolean;
  readonly center: [number, number] | null;
  readonly fill: number | number[];
  constructor(degrees: number | [number, number], opts: { interpolation?: Interpolation; expand?: boolean; center?: [number, number] | null; fill?: number | number[] } = {}) {
    super();
    if (typeof degrees === 'number') {
      if (degrees < 0) throw new RangeError(`RandomRotation: If degrees is a single number, it must be positive, but got ${degrees}.`);
      this.degrees = [-degrees, degrees];
    } else {
      if (!Array.isArray(degrees) || degrees.length !== 2) throw new RangeError('RandomRotation: If degrees is a sequence, it must be of len 2.');
      this.degrees = [degrees[0], degrees[1]];
    }
    this.interpolation = opts.interpolation ?? 'nearest';
    this.expand = opts.expand ?? false;
    this.center = opts.center ?? null;
    this.fill = opts.fill ?? 0;
  }

  static get_params(degrees: [number, number]): number {
    return uniform1(degrees[0], degrees[1]);
  }

  forward(img: Img): Img {
    const angle = RandomRotation.get_params(this.degrees);
    return F.rotate(img, angle, this.interpolation, this.expand, this.center, this.fill);
  }
}

/** Grayscale(num_output_channels=1) */
export class Grayscale extends Transform<Img, Img> {
  constructor(readonly num_output_channels: 1 | 3 = 1) { super(); }
  forward(img: Img): Img {
    return F.rgb_to_grayscale(img, this.num_output_channels);
  }
}

/** Pad(padding, fill=0, padding_mode='constant') */
export class Pad extends Transform<Img, Img> {
  constructor(readonly padding: number | number[], readonly fill = 0, readonly padding_mode: PaddingMode = 'constant') { super(); }
  forward(img: Img): Img {
    return F.pad(img, this.padding, this.fill, this.padding_mode);
  }
}
