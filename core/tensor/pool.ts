/**
 * A free list of tensor buffers, so a training loop reuses the memory of the previous step instead of allocating
 * (and garbage-collecting) a fresh ArrayBuffer per op. Only the autograd engine returns buffers here, and only
 * those it knows are dead: gradients it produced itself that no hook, leaf or other tensor can still see.
 *
 * Buffers are kept per dtype and exact length (a training step repeats the same shapes), up to a byte cap; a
 * returned storage's `data` is replaced by an empty array, so a stale reader sees no elements instead of another
 * tensor's numbers. Bytes in the pool are not counted as live tensor memory (core/tensor/memory.ts).
 */
import { type DType, type TypedArray, typedArrayFor } from './dtype.ts';
import type { Storage } from './storage.ts';
import { untrackAllocation } from './memory.ts';

/** Buffers smaller than this are cheaper to allocate than to look up. */
const MIN_BYTES = 4096;
let capBytes = 64 * 1048576;
let pooledBytes = 0;
const free = new Map<string, TypedArray[]>();
let stats = { hits: 0, misses: 0, released: 0 };

function key(ctor: string, n: number): string {
  return `${ctor}:${n}`;
}

const CTOR: Record<DType, string> = {
  float32: 'Float32Array', float64: 'Float64Array', int64: 'Float64Array', float16: 'Uint16Array', bfloat16: 'Uint16Array',
  int32: 'Int32Array', int16: 'Int16Array', int8: 'Int8Array', uint8: 'Uint8Array', bool: 'Uint8Array',
};

/** A zero-filled array for `n` elements of `dtype`: a pooled one when available, else a new one. */
export function takeArray(dtype: DType, n: number): TypedArray {
  const list = n > 0 ? free.get(key(CTOR[dtype], n)) : undefined;
  const a = list?.pop();
  if (a) {
    pooledBytes -= a.byteLength;
    stats.hits++;
    a.fill(0);
    return a;
  }
  stats.misses++;
  return typedArrayFor(dtype, n);
}

/**
 * Give a dead storage's memory back to the pool. The caller guarantees nothing will read or write `s` again
 * (no tensor that can still be reached views it). Small or over-cap buffers are left to the garbage collector.
 */
export function releaseStorage(s: Storage): void {
  const a = s.data;
  if (a.byteLength < MIN_BYTES || pooledBytes + a.byteLength > capBytes || a.byteOffset !== 0 || a.length * a.BYTES_PER_ELEMENT !== a.buffer.byteLength) return;
  untrackAllocation(s, a.byteLength);
  s.data = new (a.constructor as new (n: number) => TypedArray)(0);
  s.version++;
  const k = key(a.constructor.name, a.length);
  const list = free.get(k);
  if (list) list.push(a);
  else free.set(k, [a]);
  pooledBytes += a.byteLength;
  stats.released++;
}

/** Pool counters (for tests and the benchmark): bytes held, reuse hits, fresh allocations, buffers returned. */
export function buffer_pool_stats(): { pooledBytes: number; capBytes: number; hits: number; misses: number; released: number } {
  return { pooledBytes, capBytes, ...stats };
}

/** Set the most bytes the pool may hold (0 turns pooling off) and drop what is above it. */
export function set_buffer_pool_cap(bytes: number): void {
  if (!(bytes >= 0)) throw new RangeError(`set_buffer_pool_cap: the cap must be a number of bytes ≥ 0, got ${bytes}`);
  capBytes = bytes;
  if (pooledBytes > capBytes) empty_buffer_pool();
}

/** Drop every pooled buffer (the garbage collector frees them) and reset the counters. */
export function empty_buffer_pool(): void {
  free.clear();
  pooledBytes = 0;
  stats = { hits: 0, misses: 0, released: 0 };
}
