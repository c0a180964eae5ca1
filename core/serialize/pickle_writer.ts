/**
 * Emits pickle protocol 2 opcodes into a growing buffer. Only the opcodes torch's weights_only loaders accept are
 * used (torch-format.md §4), plus BINFLOAT for Python floats. GLOBALs are memoized (BINPUT once, BINGET after).
 */
import { OP } from './pickle_ops.ts';
import { utf8Encode } from './utf8.ts';

export class PickleWriter {
  private buf = new Uint8Array(1024);
  private len = 0;
  private view = new DataView(this.buf.buffer);
  private memo = new Map<string, number>();
  private nextMemo = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }

  op(code: number): void {
    this.ensure(1);
    this.buf[this.len++] = code;
  }

  private bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  proto(): void {
    this.op(OP.PROTO);
    this.op(2);
  }

  global(module: string, name: string): void {
    const key = `${module}\n${name}`;
    const id = this.memo.get(key);
    if (id !== undefined) {
      this.get(id);
      return;
    }
    this.op(OP.GLOBAL);
    this.bytes(utf8Encode(`${module}\n${name}\n`));
    this.put(key);
  }

  private put(key: string): void {
    const id = this.nextMemo++;
    this.memo.set(key, id);
    if (id < 256) {
      this.op(OP.BINPUT);
      this.op(id);
    } else {
      this.op(OP.LONG_BINPUT);
      this.ensure(4);
      this.view.setUint32(this.len, id, true);
      this.len += 4;
    }
  }

  private get(id: number): void {
    if (id < 256) {
      this.op(OP.BINGET);
      this.op(id);
    } else {
      this.op(OP.LONG_BINGET);
      this.ensure(4);
      this.view.setUint32(this.len, id, true);
      this.len += 4;
    }
  }

  /** A Python int from a safe JS integer. */
  int(n: number): void {
    if (n >= 0 && n < 256) {
      this.op(OP.BININT1);
      this.op(n);
    } else if (n >= 256 && n < 65536) {
      this.op(OP.BININT2);
      this.ensure(2);
      this.view.setUint16(this.len, n, true);
      this.len += 2;
    } else if (n >= -0x80000000 && n <= 0x7fffffff) {
      this.op(OP.BININT);
      this.ensure(4);
      this.view.setInt32(this.len, n, true);
      this.len += 4;
    } else {
      this.bigint(BigInt(n));
    }
  }

  /** A Python int of any size: LONG1 with minimal two's-complement little-endian bytes. */
  bigint(n: bigint): void {
    if (n >= -0x80000000n && n <= 0x7fffffffn) {
      this.int(Number(n));
      return;
    }
    const out: number[] = [];
    let x = n;
    // emit bytes until the remaining value is pure sign extension of the last byte
    while (true) {
      const byte = Number(x & 0xffn);
      out.push(byte);
      x >>= 8n;
      if ((x === 0n && (byte & 0x80) === 0) || (x === -1n && (byte & 0x80) !== 0)) break;
    }
    this.op(OP.LONG1);
    this.op(out.length);
    this.bytes(Uint8Array.from(out));
  }

  /** A Python float: BINFLOAT, 8-byte big-endian IEEE double. */
  float(x: number): void {
    this.op(OP.BINFLOAT);
    this.ensure(8);
    this.view.setFloat64(this.len, x, false);
    this.len += 8;
  }

  str(s: string): void {
    const b = utf8Encode(s);
    this.op(OP.BINUNICODE);
    this.ensure(4);
    this.view.setUint32(this.len, b.length, true);
    this.len += 4;
    this.bytes(b);
  }

  bool(b: boolean): void {
    this.op(b ? OP.NEWTRUE : OP.NEWFALSE);
  }

  none(): void {
    this.op(OP.NONE);
  }

  /** Close a tuple of n items already on the stack; n > 3 needs a MARK before the items. */
  tupleEnd(n: number): void {
    if (n === 0) this.op(OP.EMPTY_TUPLE);
    else if (n === 1) this.op(OP.TUPLE1);
    else if (n === 2) this.op(OP.TUPLE2);
    else if (n === 3) this.op(OP.TUPLE3);
    else this.op(OP.TUPLE);
  }

  /** A tuple of small non-negative ints (sizes, strides). */
  intTuple(xs: readonly number[]): void {
    if (xs.length > 3) this.op(OP.MARK);
    for (const x of xs) this.int(x);
    this.tupleEnd(xs.length);
  }

  finish(): Uint8Array {
    this.op(OP.STOP);
    return this.buf.slice(0, this.len);
  }
}
