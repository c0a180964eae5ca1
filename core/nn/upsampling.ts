import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import { interpolate, type InterpolateMode } from './functional/upsampling.ts';
import { pyFloat } from './_utils.ts';

export interface UpsampleOptions {
  size?: number | number[] | null;
  scale_factor?: number | number[] | null;
  mode?: InterpolateMode;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
}

/**
 * nn.Upsample({size | scale_factor, mode='nearest', align_corners}): resize (N, C, *spatial) with
 * F.interpolate. Modes: 'nearest', 'linear' (3-D input), 'bilinear' (4-D input).
 */
export class Upsample extends Module {
  size: number | number[] | null;
  scale_factor: number | number[] | null;
  mode: InterpolateMode;
  align_corners: boolean | null;
  recompute_scale_factor: boolean | null;

  constructor(opts: UpsampleOptions = {}) {
    super();
    this.size = opts.size ?? null;
    this.scale_factor = opts.scale_factor ?? null;
    this.mode = opts.mode ?? 'nearest';
    this.align_corners = opts.align_corners ?? null;
    this.recompute_scale_factor = opts.recompute_scale_factor ?? null;
  }

  override forward(input: Tensor): Tensor {
    return interpolate(input, { size: this.size, scale_factor: this.scale_factor, mode: this.mode, align_corners: this.align_corners, recompute_scale_factor: this.recompute_scale_factor });
  }

  override extra_repr(): string {
    let info: string;
    if (this.scale_factor !== null) {
      const sf = this.scale_factor;
      info = `scale_factor=${Array.isArray(sf) ? `(${sf.map(pyFloat).join(', ')}${sf.length === 1 ? ',' : ''})` : pyFloat(sf)}`;
    } else {
      const s = this.size;
      info = `size=${Array.isArray(s) ? `(${s.join(', ')}${s.length === 1 ? ',' : ''})` : String(s)}`;
    }
    return `${info}, mode=${this.mode}`;
  }
}

/** nn.UpsamplingNearest2d({size | scale_factor}) = Upsample(mode='nearest'). */
export class UpsamplingNearest2d extends Upsample {
  constructor(opts: { size?: number | number[] | null; scale_factor?: number | number[] | null } = {}) {
    super({ ...opts, mode: 'nearest' });
  }
}

/** nn.UpsamplingBilinear2d({size | scale_factor}) = Upsample(mode='bilinear', align_corners=true). */
export class UpsamplingBilinear2d extends Upsample {
  constructor(opts: { size?: number | number[] | null; scale_factor?: number | number[] | null } = {}) {
    super({ ...opts, mode: 'bilinear', align_corners: true });
  }
}
