/**
 * 8-bit images, the role PIL images play in torchvision: height × width × channels bytes (HWC, row-major).
 * Decoders in the hosts produce RGBA; `imageFromRGBA` drops or mixes channels. Geometric transforms accept these
 * images as well as CHW tensors and return the same kind they were given.
 */
import { Tensor } from '../../tensor/tensor.ts';
import { fromTyped } from '../../ops/_helpers.ts';
import '../../ops/methods.ts';

/** An 8-bit image (PIL's role): `data` holds height·width·channels bytes in HWC order. */
export interface RawImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

export function isRawImage(x: unknown): x is RawImage {
  return !!x && typeof x === 'object' && !(x instanceof Tensor) && ArrayBuffer.isView((x as RawImage).data)
    && typeof (x as RawImage).width === 'number' && typeof (x as RawImage).height === 'number';
}

/** Check an image's size fields against its bytes, naming the transform in the message. */
export function checkImage(img: RawImage, who: string): void {
  const { width: w, height: h, channels: c } = img;
  if (![1, 3, 4].includes(c)) throw new RangeError(`${who}: image channels must be 1, 3 or 4, but got ${c}.`);
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) throw new RangeError(`${who}: image width and height must be positive integers, but got ${w}×${h}.`);
  if (img.data.length !== w * h * c) throw new RangeError(`${who}: image data has ${img.data.length} bytes but width×height×channels = ${w}×${h}×${c} = ${w * h * c}.`);
}

/** An image from RGBA bytes (what canvas / image decoders give), keeping 1 (luma), 3 (RGB) or 4 channels. */
export function imageFromRGBA(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 1 | 3 | 4 = 3): RawImage {
  if (rgba.length !== width * height * 4) throw new RangeError(`imageFromRGBA: expected ${width * height * 4} RGBA bytes for ${width}×${height}, but got ${rgba.length}.`);
  if (channels === 4) return { data: new Uint8Array(rgba), width, height, channels };
  const n = width * height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2];
    if (channels === 3) { out[3 * i] = r; out[3 * i + 1] = g; out[3 * i + 2] = b; } else out[i] = Math.floor((r * 299 + g * 587 + b * 114) / 1000);
  }
  return { data: out, width, height, channels };
}

/** HWC bytes → uint8 CHW tensor (torchvision's PILToTensor). */
export function imageToTensor(img: RawImage): Tensor {
  checkImage(img, 'PILToTensor');
  const { width: w, height: h, channels: c, data } = img;
  const out = new Uint8Array(c * h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[k * h * w + y * w + x] = data[(y * w + x) * c + k];
  return fromTyped(out, [c, h, w], 'uint8');
}

/** uint8 (or float in [0, 1]) CHW tensor → HWC image (torchvision's ToPILImage; floats are scaled by 255). */
export function tensorToImage(t: Tensor): RawImage {
  if (t.dim() !== 3) throw new RangeError(`ToPILImage: expected a CHW tensor (3 dimensions), but got shape [${t.shape.join(', ')}].`);
  const [c, h, w] = t.shape;
  if (c !== 1 && c !== 3 && c !== 4) throw new RangeError(`ToPILImage: expected 1, 3 or 4 channels, but got ${c} (shape [${t.shape.join(', ')}]).`);
  const vals = t._toTypedArray();
  const scale = t.is_floating_point() ? 255 : 1;
  const data = new Uint8Array(c * h * w);
  for (let k = 0; k < c; k++) for (let i = 0; i < h * w; i++) {
    const v = vals[k * h * w + i] * scale;
    data[i * c + k] = Math.max(0, Math.min(255, scale === 1 ? v : Math.trunc(v)));
  }
  return { data, width: w, height: h, channels: c as 1 | 3 | 4 };
}
