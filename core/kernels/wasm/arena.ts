import type { WasmMemory } from './webassembly.ts';

const PAGE = 65536;

/**
 * Linear-memory allocator of the wasm backend.
 *
 * Layout: [0, heapBase) belongs to the module (it has no static data today) · a 256-byte control block (thread
 * hand-off words and the argument block) · the per-call scratch arena. Each kernel call resets the arena and bumps
 * allocations from its start; memory only grows when a call needs more than any call before it, so once warm there
 * is no growth and no allocation per call.
 *
 * Future (engine-owned tensors in wasm memory): persistent allocations take the region between the argument block and
 * the scratch arena (today empty; a free-list allocator handing out 64-byte-aligned blocks would grow it, moving the
 * scratch base up), and kernels receive their pointers directly: `ptrOf` already recognises arrays inside that
 * region and skips the copy for them.
 */
export class WasmArena {
  readonly memory: WasmMemory;
  /** Byte offset of the control block (Int32 words shared with the worker pool). */
  readonly ctrlOffset: number;
  /** Byte offset of the argument block the *Thread exports read. */
  readonly argsOffset: number;
  private readonly base: number;
  /** The persistent region [persistentStart, persistentEnd): empty until engine-owned tensors live here. */
  private readonly persistentStart: number;
  private readonly persistentEnd: number;
  private top: number;
  private f32!: Float32Array;
  private i32!: Int32Array;
  private buf!: ArrayBuffer | SharedArrayBuffer;

  constructor(memory: WasmMemory, heapBase: number) {
    this.memory = memory;
    this.ctrlOffset = align(heapBase, 64);
    this.argsOffset = this.ctrlOffset + 64;
    this.persistentStart = this.persistentEnd = this.argsOffset + 192;
    this.base = this.persistentEnd;
    this.top = this.base;
    this.ensure(this.base);
    this.refresh();
  }

  /** The current memory buffer (it changes identity after growth). */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    if (this.memory.buffer !== this.buf) this.refresh();
    return this.buf;
  }
  get F32(): Float32Array {
    if (this.memory.buffer !== this.buf) this.refresh();
    return this.f32;
  }
  get I32(): Int32Array {
    if (this.memory.buffer !== this.buf) this.refresh();
    return this.i32;
  }

  /** Forget every scratch allocation (start of a kernel call). */
  reset(): void {
    this.top = this.base;
  }

  /** Reserve `bytes` (64-byte aligned), growing memory if needed; returns the byte offset. */
  alloc(bytes: number): number {
    const p = align(this.top, 64);
    this.top = p + Math.max(0, bytes);
    this.ensure(this.top);
    return p;
  }

  /** Copy `count` floats of `src` starting at `offset` into a fresh allocation; returns its byte offset. */
  copyIn(src: Float32Array, offset: number, count: number): number {
    const p = this.alloc(count * 4);
    this.F32.set(src.subarray(offset, offset + count), p >> 2);
    return p;
  }

  /**
   * Byte offset of `arr[offset]` if `arr` lies in the persistent region of this memory (no copy needed), else -1.
   * Arrays anywhere else on this memory are copied like any other: the scratch arena is reused by every call.
   */
  ptrOf(arr: Float32Array, offset: number): number {
    if (arr.buffer !== this.buffer) return -1;
    const start = arr.byteOffset, end = start + arr.byteLength;
    return start >= this.persistentStart && end <= this.persistentEnd ? start + offset * 4 : -1;
  }

  /** Total bytes of linear memory. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    try {
      this.memory.grow(pages);
    } catch (e) {
      throw new Error(`WasmArena: cannot grow wasm memory by ${pages} pages to ${end} bytes (${String(e)}). ` +
        'The tensors of this call are too large for the wasm backend; use the JS backend (setBackend(\'js\')) or smaller batches.');
    }
    this.refresh();
  }

  private refresh(): void {
    this.buf = this.memory.buffer;
    this.f32 = new Float32Array(this.buf);
    this.i32 = new Int32Array(this.buf);
  }
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
