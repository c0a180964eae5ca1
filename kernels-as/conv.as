// 2-D convolution (NCHW input, OIHW weight) as im2col/col2im + SGEMM, one batch slice per thread.
// Geometry and pointers arrive in an i32 argument block written by the host (see core/kernels/wasm/layout.ts).
import { axpy, gemm, gemmScratchBytes } from './gemm';
import { madd } from './madd';

// Argument block slots (i32, f32 values stored bit-cast).
const A_N = 0; const A_C = 1; const A_H = 2; const A_W = 3; const A_O = 4; const A_KH = 5; const A_KW = 6;
const A_SH = 7; const A_SW = 8; const A_PH = 9; const A_PW = 10; const A_DH = 11; const A_DW = 12;
const A_GROUPS = 13; const A_OH = 14; const A_OW = 15;
const A_IN0 = 16; const A_IN1 = 17; const A_OUT = 18; const A_SCRATCH = 19; const A_STRIDE = 20; const A_PARTIAL = 21;
const A_SPLIT = 22;

function arg(args: usize, slot: i32): i32 {
  return load<i32>(args + <usize>(slot * 4));
}

// Geometry of the current call, in wasm globals: globals are per instance (per thread), linear memory is shared,
// so no heap object may hold per-call state.
let N_: i32 = 0; let C_: i32 = 0; let H_: i32 = 0; let W_: i32 = 0; let O_: i32 = 0; let kH_: i32 = 0; let kW_: i32 = 0;
let sH_: i32 = 0; let sW_: i32 = 0; let pH_: i32 = 0; let pW_: i32 = 0; let dH_: i32 = 0; let dW_: i32 = 0;
let groups_: i32 = 0; let oH_: i32 = 0; let oW_: i32 = 0;

function readGeo(args: usize): void {
  N_ = arg(args, A_N); C_ = arg(args, A_C); H_ = arg(args, A_H); W_ = arg(args, A_W);
  O_ = arg(args, A_O); kH_ = arg(args, A_KH); kW_ = arg(args, A_KW);
  sH_ = arg(args, A_SH); sW_ = arg(args, A_SW); pH_ = arg(args, A_PH); pW_ = arg(args, A_PW);
  dH_ = arg(args, A_DH); dW_ = arg(args, A_DW); groups_ = arg(args, A_GROUPS);
  oH_ = arg(args, A_OH); oW_ = arg(args, A_OW);
}

function isPointwise(): bool {
  return kH_ == 1 && kW_ == 1 && sH_ == 1 && sW_ == 1 && pH_ == 0 && pW_ == 0;
}

/**
 * Bytes of per-thread scratch: one im2col buffer for a group (or, for depthwise convs, one zero-padded input plane
 * of padPlane floats, whichever is larger) plus the gemm scratch.
 */
export function convScratchBytes(Cg: i32, kH: i32, kW: i32, oH: i32, oW: i32, padPlane: i32): i32 {
  return ((max(Cg * kH * kW * oH * oW, padPlane) * 4 + 63) & ~63) + gemmScratchBytes();
}

// col[(c·kH + kh)·kW + kw, oh·oW + ow] = x[c, oh·sH − pH + kh·dH, ow·sW − pW + kw·dW] (0 outside).
function im2col(Cg: i32, x: usize, col: usize): void {
  const P = oH_ * oW_;
  for (let c = 0; c < Cg; c++) {
    const xc = x + <usize>(c * H_ * W_ * 4);
    for (let kh = 0; kh < kH_; kh++) {
      for (let kw = 0; kw < kW_; kw++) {
        const row = col + <usize>((((c * kH_ + kh) * kW_ + kw) * P) * 4);
        const woff = kw * dW_ - pW_;
        // ow range whose input column is inside [0, W)
        let lo = 0;
        let hi = oW_;
        if (sW_ == 1) {
          lo = max(0, -woff);
          hi = min(oW_, W_ - woff);
          if (hi < lo) hi = lo;
        }
        for (let oh = 0; oh < oH_; oh++) {
          const ih = oh * sH_ - pH_ + kh * dH_;
          const dst = row + <usize>(oh * oW_ * 4);
          if (ih < 0 || ih >= H_) {
            memory.fill(dst, 0, <usize>(oW_ * 4));
            continue;
          }
          const src = xc + <usize>(ih * W_ * 4);
          if (sW_ == 1) {
            if (lo > 0) memory.fill(dst, 0, <usize>(lo * 4));
            if (hi > lo) memory.copy(dst + <usize>(lo * 4), src + <usize>((lo + woff) * 4), <usize>((hi - lo) * 4));
            if (hi < oW_) memory.fill(dst + <usize>(hi * 4), 0, <usize>((oW_ - hi) * 4));
          } else {
            for (let ow = 0; ow < oW_; ow++) {
              const iw = ow * sW_ + woff;
              store<f32>(dst + <usize>(ow * 4), iw >= 0 && iw < W_ ? load<f32>(src + <usize>(iw * 4)) : 0);
            }
          }
        }
      }
    }
  }
}

// dx[c, ih, iw] += col[...] — the adjoint of im2col. dx must be zeroed (or hold values to add to).
function col2im(Cg: i32, col: usize, dx: usize): void {
  const P = oH_ * oW_;
  for (let c = 0; c < Cg; c++) {
    const xc = dx + <usize>(c * H_ * W_ * 4);
    for (let kh = 0; kh < kH_; kh++) {
      for (let kw = 0; kw < kW_; kw++) {
        const row = col + <usize>((((c * kH_ + kh) * kW_ + kw) * P) * 4);
        const woff = kw * dW_ - pW_;
        // stride 1: the valid ow form one run [lo, hi) mapping to contiguous iw = ow + woff
        const lo = max(0, -woff);
        const hi = max(lo, min(oW_, W_ - woff));
        for (let oh = 0; oh < oH_; oh++) {
          const ih = oh * sH_ - pH_ + kh * dH_;
          if (ih < 0 || ih >= H_) continue;
          const src = row + <usize>(oh * oW_ * 4);
          const dst = xc + <usize>(ih * W_ * 4);
          if (sW_ == 1) {
            addRun(dst + <usize>((lo + woff) * 4), src + <usize>(lo * 4), hi - lo);
            continue;
          }
          for (let ow = 0; ow < oW_; ow++) {
            const iw = ow * sW_ + woff;
            if (iw >= 0 && iw < W_) {
              const p = dst + <usize>(iw * 4);
              store<f32>(p, load<f32>(p) + load<f32>(src + <usize>(ow * 4)));
            }
          }
        }
      }
    }
  }
}

// dst[i] += src[i] for i < n (unaligned v128 where possible).
function addRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i * 4);
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>(i * 4);
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

// Depthwise planes (one input channel per group, Cg = 1): im2col would copy k² short rows per plane for k² MACs
// per output, so these kernels work on the planes directly, one tap (kh, kw) at a time over runs of a row.
// The run of output columns whose input column iw = ow·sW + woff lies in [0, W) is [runLo, runHi).
function runLo(woff: i32): i32 {
  return woff >= 0 ? 0 : (-woff + sW_ - 1) / sW_;
}
function runHi(woff: i32): i32 {
  const h = W_ - 1 - woff;
  return h < 0 ? 0 : min(oW_, h / sW_ + 1);
}

// y (one oH×oW plane, overwritten) = conv of the input plane x with the k² taps at w. The plane is first copied
// into a zero-padded buffer (pad, (H + 2pH)×(W + 2pW) floats) so that no tap needs a bounds check; with stride 1,
// all taps of 8 (then 4) adjacent outputs accumulate in registers.
function dwForwardPlane(x: usize, w: usize, y: usize, pad: usize): void {
  const Wp = W_ + 2 * pW_;
  const Hp = H_ + 2 * pH_;
  memory.fill(pad, 0, <usize>(Hp * Wp * 4));
  for (let ih = 0; ih < H_; ih++) {
    memory.copy(pad + <usize>(((ih + pH_) * Wp + pW_) * 4), x + <usize>(ih * W_ * 4), <usize>(W_ * 4));
  }
  for (let oh = 0; oh < oH_; oh++) {
    const yrow = y + <usize>(oh * oW_ * 4);
    const prow = pad + <usize>(oh * sH_ * Wp * 4);
    let ow = 0;
    if (sW_ == 1) {
      for (; ow + 8 <= oW_; ow += 8) {
        let a0 = f32x4.splat(0);
        let a1 = f32x4.splat(0);
        for (let kh = 0; kh < kH_; kh++) {
          const xr = prow + <usize>((kh * dH_ * Wp + ow) * 4);
          const wr = w + <usize>(kh * kW_ * 4);
          for (let kw = 0; kw < kW_; kw++) {
            const wt = v128.load32_splat(wr + <usize>(kw * 4));
            const xp = xr + <usize>(kw * dW_ * 4);
            a0 = madd(wt, v128.load(xp), a0);
            a1 = madd(wt, v128.load(xp, 16), a1);
          }
        }
        v128.store(yrow + <usize>(ow * 4), a0);
        v128.store(yrow + <usize>(ow * 4), a1, 16);
      }
      for (; ow + 4 <= oW_; ow += 4) {
        let a0 = f32x4.splat(0);
        for (let kh = 0; kh < kH_; kh++) {
          const xr = prow + <usize>((kh * dH_ * Wp + ow) * 4);
          const wr = w + <usize>(kh * kW_ * 4);
          for (let kw = 0; kw < kW_; kw++) {
            a0 = madd(v128.load32_splat(wr + <usize>(kw * 4)), v128.load(xr + <usize>(kw * dW_ * 4)), a0);
          }
        }
        v128.store(yrow + <usize>(ow * 4), a0);
      }
    }
    for (; ow < oW_; ow++) {
      let acc: f32 = 0;
      for (let kh = 0; kh < kH_; kh++) {
        const xr = prow + <usize>((kh * dH_ * Wp + ow * sW_) * 4);
        const wr = w + <usize>(kh * kW_ * 4);
        for (let kw = 0; kw < kW_; kw++) acc += load<f32>(wr + <usize>(kw * 4)) * load<f32>(xr + <usize>(kw * dW_ * 4));
      }
      store<f32>(yrow + <usize>(ow * 4), acc);
    }
  }
}

// dx (one H×W plane) += the transpose of dwForwardPlane applied to the dy plane.
function dwBackwardInputPlane(dy: usize, w: usize, dx: usize): void {
  for (let oh = 0; oh < oH_; oh++) {
    const dyrow = dy + <usize>(oh * oW_ * 4);
    for (let kh = 0; kh < kH_; kh++) {
      const ih = oh * sH_ - pH_ + kh * dH_;
      if (ih < 0 || ih >= H_) continue;
      const dxrow = dx + <usize>(ih * W_ * 4);
      for (let kw = 0; kw < kW_; kw++) {
        const wt = load<f32>(w + <usize>((kh * kW_ + kw) * 4));
        const woff = kw * dW_ - pW_;
        const lo = runLo(woff), hi = runHi(woff);
        if (sW_ == 1) {
          if (hi > lo) axpy(dxrow + <usize>((lo + woff) * 4), dyrow + <usize>(lo * 4), wt, hi - lo);
        } else {
          for (let ow = lo; ow < hi; ow++) {
            const p = dxrow + <usize>((ow * sW_ + woff) * 4);
            store<f32>(p, load<f32>(p) + wt * load<f32>(dyrow + <usize>(ow * 4)));
          }
        }
      }
    }
  }
}

// dw (k² taps) = (accumulate ? dw : 0) + Σ over the plane of dy·x at each tap's offset.
function dwBackwardWeightPlane(x: usize, dy: usize, dw: usize, accumulate: bool): void {
  for (let kh = 0; kh < kH_; kh++) {
    for (let kw = 0; kw < kW_; kw++) {
      const woff = kw * dW_ - pW_;
      const lo = runLo(woff), hi = runHi(woff);
      let acc = f32x4.splat(0);
      let s: f32 = 0;
      for (let oh = 0; oh < oH_; oh++) {
        const ih = oh * sH_ - pH_ + kh * dH_;
        if (ih < 0 || ih >= H_ || hi <= lo) continue;
        const dyrow = dy + <usize>(oh * oW_ * 4);
        const xrow = x + <usize>(ih * W_ * 4);
        if (sW_ == 1) {
          let ow = lo;
          for (; ow + 4 <= hi; ow += 4) acc = madd(v128.load(dyrow + <usize>(ow * 4)), v128.load(xrow + <usize>((ow + woff) * 4)), acc);
          for (; ow < hi; ow++) s += load<f32>(dyrow + <usize>(ow * 4)) * load<f32>(xrow + <usize>((ow + woff) * 4));
        } else {
          for (let ow = lo; ow < hi; ow++) s += load<f32>(dyrow + <usize>(ow * 4)) * load<f32>(xrow + <usize>((ow * sW_ + woff) * 4));
        }
      }
      s += f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
      const p = dw + <usize>((kh * kW_ + kw) * 4);
      store<f32>(p, accumulate ? load<f32>(p) + s : s);
    }
  }
}

// Direct plane kernels pay off for one input and few outputs per group (depthwise convs, multiplier ≤ 4); with
// more outputs per group (LeNet's 1→20 first layer) the gemm's register blocking wins.
function isDepthwise(Cg: i32, Og: i32): bool {
  return Cg == 1 && Og <= 4;
}

function sliceStart(total: i32, tid: i32, nt: i32): i32 {
  const per = (total + nt - 1) / nt;
  return min(total, tid * per);
}

// Work split between threads (slot A_SPLIT): 0 = slices of the batch; 1 = slices of the channels (for batches
// smaller than the thread count): output channels for forward and grad weight, input channels for grad input.
// Channel slices redo im2col in every thread, which costs little next to the gemm.

/** out[n] = conv(x[n], w) for this thread's slice. in0 = x, in1 = w. */
export function conv2dForwardThread(args: usize, tid: i32, nt: i32): void {
  readGeo(args);
  const x = <usize>arg(args, A_IN0); const w = <usize>arg(args, A_IN1); const out = <usize>arg(args, A_OUT);
  const scratch = <usize>arg(args, A_SCRATCH) + <usize>(tid * arg(args, A_STRIDE));
  const Cg = C_ / groups_; const Og = O_ / groups_; const Kd = Cg * kH_ * kW_; const P = oH_ * oW_;
  const pw = isPointwise();
  const gs = scratch + <usize>(pw ? 0 : (max(Kd * P, (H_ + 2 * pH_) * (W_ + 2 * pW_)) * 4 + 63) & ~63);
  const byBatch = arg(args, A_SPLIT) == 0;
  const n0 = byBatch ? sliceStart(N_, tid, nt) : 0;
  const n1 = byBatch ? sliceStart(N_, tid + 1, nt) : N_;
  const o0 = byBatch ? 0 : sliceStart(Og, tid, nt);
  const o1 = byBatch ? Og : sliceStart(Og, tid + 1, nt);
  if (o1 <= o0) return;
  for (let n = n0; n < n1; n++) {
    for (let gi = 0; gi < groups_; gi++) {
      const xg = x + <usize>(((n * C_ + gi * Cg) * H_ * W_) * 4);
      const wg = w + <usize>((gi * Og + o0) * Kd * 4);
      const og = out + <usize>(((n * O_ + gi * Og + o0) * P) * 4);
      if (!pw && isDepthwise(Cg, Og)) {
        for (let o = 0; o < o1 - o0; o++) dwForwardPlane(xg, wg + <usize>(o * Kd * 4), og + <usize>(o * P * 4), scratch);
        continue;
      }
      let bp = xg;
      if (!pw) { im2col(Cg, xg, scratch); bp = scratch; }
      gemm(0, 0, o1 - o0, P, Kd, 1, 0, wg, Kd, bp, P, og, P, gs);
    }
  }
}

/** dx[n] = convᵀ(dy[n], w) for this thread's slice. in0 = dy, in1 = w, out = dx (overwritten). */
export function conv2dBackwardInputThread(args: usize, tid: i32, nt: i32): void {
  readGeo(args);
  const dy = <usize>arg(args, A_IN0); const w = <usize>arg(args, A_IN1); const dx = <usize>arg(args, A_OUT);
  const scratch = <usize>arg(args, A_SCRATCH) + <usize>(tid * arg(args, A_STRIDE));
  const Cg = C_ / groups_; const Og = O_ / groups_; const kk = kH_ * kW_; const Kd = Cg * kk; const P = oH_ * oW_;
  const pw = isPointwise();
  const gs = scratch + <usize>(pw ? 0 : (max(Kd * P, (H_ + 2 * pH_) * (W_ + 2 * pW_)) * 4 + 63) & ~63);
  const byBatch = arg(args, A_SPLIT) == 0;
  const n0 = byBatch ? sliceStart(N_, tid, nt) : 0;
  const n1 = byBatch ? sliceStart(N_, tid + 1, nt) : N_;
  const c0 = byBatch ? 0 : sliceStart(Cg, tid, nt);
  const c1 = byBatch ? Cg : sliceStart(Cg, tid + 1, nt);
  if (c1 <= c0) return;
  const rows = (c1 - c0) * kk;
  for (let n = n0; n < n1; n++) {
    for (let gi = 0; gi < groups_; gi++) {
      const dyg = dy + <usize>(((n * O_ + gi * Og) * P) * 4);
      const wc = w + <usize>((gi * Og * Kd + c0 * kk) * 4); // column c0·kk of the group's Og×Kd weight
      const dxc = dx + <usize>(((n * C_ + gi * Cg + c0) * H_ * W_) * 4);
      if (!pw && isDepthwise(Cg, Og)) {
        memory.fill(dxc, 0, <usize>(H_ * W_ * 4));
        for (let o = 0; o < Og; o++) dwBackwardInputPlane(dyg + <usize>(o * P * 4), wc + <usize>(o * Kd * 4), dxc);
      } else if (pw) {
        gemm(1, 0, rows, P, Og, 1, 0, wc, Kd, dyg, P, dxc, P, gs);
      } else {
        gemm(1, 0, rows, P, Og, 1, 0, wc, Kd, dyg, P, scratch, P, gs);
        memory.fill(dxc, 0, <usize>((c1 - c0) * H_ * W_ * 4));
        col2im(c1 - c0, scratch, dxc);
      }
    }
  }
}

/**
 * dw = Σₙ dy[n]·col(x[n])ᵀ for this thread's slice. Batch split: thread 0 writes out; thread t > 0 writes its
 * partial sum to partial + (t − 1)·|dw| (zeros if its slice is empty) and the host adds the partials afterwards.
 * Channel split: each thread writes its own rows of out. in0 = x, in1 = dy.
 */
export function conv2dBackwardWeightThread(args: usize, tid: i32, nt: i32): void {
  readGeo(args);
  const x = <usize>arg(args, A_IN0); const dy = <usize>arg(args, A_IN1);
  const scratch = <usize>arg(args, A_SCRATCH) + <usize>(tid * arg(args, A_STRIDE));
  const Cg = C_ / groups_; const Og = O_ / groups_; const Kd = Cg * kH_ * kW_; const P = oH_ * oW_;
  const dwBytes = <usize>(O_ * Kd * 4);
  const byBatch = arg(args, A_SPLIT) == 0;
  const target = !byBatch || tid == 0 ? <usize>arg(args, A_OUT) : <usize>arg(args, A_PARTIAL) + <usize>(tid - 1) * dwBytes;
  const pw = isPointwise();
  const gs = scratch + <usize>(pw ? 0 : (max(Kd * P, (H_ + 2 * pH_) * (W_ + 2 * pW_)) * 4 + 63) & ~63);
  const n0 = byBatch ? sliceStart(N_, tid, nt) : 0;
  const n1 = byBatch ? sliceStart(N_, tid + 1, nt) : N_;
  const o0 = byBatch ? 0 : sliceStart(Og, tid, nt);
  const o1 = byBatch ? Og : sliceStart(Og, tid + 1, nt);
  if (o1 <= o0) return;
  if (n1 <= n0) {
    if (byBatch) memory.fill(target, 0, dwBytes);
    else for (let gi = 0; gi < groups_; gi++) memory.fill(target + <usize>((gi * Og + o0) * Kd * 4), 0, <usize>((o1 - o0) * Kd * 4));
    return;
  }
  for (let n = n0; n < n1; n++) {
    for (let gi = 0; gi < groups_; gi++) {
      const xg = x + <usize>(((n * C_ + gi * Cg) * H_ * W_) * 4);
      const dyg = dy + <usize>(((n * O_ + gi * Og + o0) * P) * 4);
      if (!pw && isDepthwise(Cg, Og)) {
        const dwg = target + <usize>((gi * Og + o0) * Kd * 4);
        for (let o = 0; o < o1 - o0; o++) dwBackwardWeightPlane(xg, dyg + <usize>(o * P * 4), dwg + <usize>(o * Kd * 4), n != n0);
        continue;
      }
      let bp = xg;
      if (!pw) { im2col(Cg, xg, scratch); bp = scratch; }
      gemm(0, 1, o1 - o0, Kd, P, 1, n == n0 ? 0 : 1, dyg, P, bp, P, target + <usize>((gi * Og + o0) * Kd * 4), Kd, gs);
    }
  }
}

/** dst[i] += src[i] for count floats. */
export function addInto(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>(i * 4);
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < count; i++) {
    const o = <usize>(i * 4);
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}
