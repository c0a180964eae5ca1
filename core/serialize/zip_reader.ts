/**
 * A defensive ZIP reader for PyTorch archives (torch-format.md §9.1–9.3). Every offset and size is checked against
 * the file before use; sizes come from the central directory (local headers may hold zeros when flag bit 3 is set)
 * and data starts are computed from the *local* header, whose extra field differs from the central copy.
 */
import { inflateSync } from 'fflate';
import { crc32 } from './crc32.ts';
import { fail, SerializationError } from './errors.ts';
import { latin1Decode, utf8Decode } from './utf8.ts';

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  localOffset: number;
  dataStart: number;
}

export interface ZipReadOptions {
  /** Largest decompressed record accepted, in bytes. */
  maxRecordBytes?: number;
  /** Prefix of error messages (the calling function, e.g. 'torch.load'). */
  label?: string;
  /** Verify CRC-32 of each record read (a stored CRC of 0 means "not computed", as torch's compute_crc32=False). */
  checkCrc?: boolean;
}

const U32_MAX = 0xffffffff;
/** Deflate cannot expand by more than ~1032:1; a larger declared ratio is a lie (or a bomb). */
const MAX_DEFLATE_RATIO = 1032;

function u64(v: DataView, at: number, what: string, label: string): number {
  const lo = v.getUint32(at, true);
  const hi = v.getUint32(at + 4, true);
  if (hi >= 0x200000) fail('BAD_ZIP', `${label}: ${what} ${hi}*2^32+${lo} is beyond 2^53 bytes; the file is corrupt.`);
  return hi * 0x100000000 + lo;
}

export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  /** Names in central-directory order. */
  readonly names: string[] = [];
  private readonly view: DataView;
  private readonly maxRecordBytes: number;
  private readonly checkCrc: boolean;
  private readonly label: string;

  constructor(private readonly bytes: Uint8Array, options: ZipReadOptions = {}) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxRecordBytes = options.maxRecordBytes ?? 2 ** 32;
    this.checkCrc = options.checkCrc ?? true;
    this.label = options.label ?? 'zip';
    this.parse();
  }

  private need(at: number, n: number, what: string): void {
    if (!(at >= 0 && n >= 0 && at + n <= this.bytes.length)) {
      fail('BAD_ZIP', `${this.label}: ${what} at offset ${at} (+${n} bytes) lies beyond the end of the ${this.bytes.length}-byte file; the file is truncated or corrupt.`);
    }
  }

  private findEnd(): number {
    const b = this.bytes;
    const last = b.length - 22;
    if (last < 0) fail('BAD_ZIP', `${this.label}: the file is only ${b.length} bytes, too short to hold a zip end record; it is truncated.`);
    const stop = Math.max(0, last - 0xffff);
    for (let i = last; i >= stop; i--) {
      if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
        if (i + 22 + this.view.getUint16(i + 20, true) <= b.length) return i;
      }
    }
    return fail('BAD_ZIP', `${this.label}: no end-of-central-directory record found; the file is truncated or not a complete zip archive.`);
  }

  private parse(): void {
    const v = this.view;
    const eocd = this.findEnd();
    if (v.getUint16(eocd + 4, true) !== 0 || v.getUint16(eocd + 6, true) !== 0) {
      fail('UNSUPPORTED_ZIP', `${this.label}: multi-disk (spanned) archives are not supported.`);
    }
    let count = v.getUint16(eocd + 10, true);
    let cdSize = v.getUint32(eocd + 12, true);
    let cdOffset = v.getUint32(eocd + 16, true);
    const loc = eocd - 20;
    if (loc >= 0 && v.getUint32(loc, true) === 0x07064b50) {
      const z = u64(v, loc + 8, 'zip64 end record offset', this.label);
      this.need(z, 56, 'zip64 end record');
      if (v.getUint32(z, true) !== 0x06064b50) fail('BAD_ZIP', `${this.label}: the zip64 locator points to offset ${z}, which holds no zip64 end record; the file is corrupt.`);
      const n64 = u64(v, z + 32, 'entry count', this.label);
      const size64 = u64(v, z + 40, 'central directory size', this.label);
      const off64 = u64(v, z + 48, 'central directory offset', this.label);
      if (count === 0xffff) count = n64;
      if (cdSize === U32_MAX) cdSize = size64;
      if (cdOffset === U32_MAX) cdOffset = off64;
    }
    this.need(cdOffset, cdSize, 'central directory');
    if (count > cdSize / 46) fail('BAD_ZIP', `${this.label}: ${count} entries cannot fit in a ${cdSize}-byte central directory; the file is corrupt.`);
    let p = cdOffset;
    const cdEnd = cdOffset + cdSize;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cdEnd) fail('BAD_ZIP', `${this.label}: central directory entry ${i} runs past the directory's end; the file is corrupt.`);
      if (v.getUint32(p, true) !== 0x02014b50) fail('BAD_ZIP', `${this.label}: central directory entry ${i} at offset ${p} has a bad signature; the file is corrupt.`);
      const flags = v.getUint16(p + 8, true);
      const method = v.getUint16(p + 10, true);
      const crc = v.getUint32(p + 16, true);
      let csize = v.getUint32(p + 20, true);
      let usize = v.getUint32(p + 24, true);
      const nameLen = v.getUint16(p + 28, true);
      const extraLen = v.getUint16(p + 30, true);
      const commentLen = v.getUint16(p + 32, true);
      let local = v.getUint32(p + 42, true);
      if (p + 46 + nameLen + extraLen + commentLen > cdEnd) fail('BAD_ZIP', `${this.label}: central directory entry ${i} runs past the directory's end; the file is corrupt.`);
      let name: string;
      try {
        name = utf8Decode(this.bytes, p + 46, p + 46 + nameLen, 'zip record name');
      } catch {
        name = latin1Decode(this.bytes, p + 46, p + 46 + nameLen); // legacy code-page names: never torch's
      }
      // zip64 extra: fields present only for the saturated values, in this order.
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = v.getUint16(e, true);
        const len = v.getUint16(e + 2, true);
        if (e + 4 + len > eEnd) fail('BAD_ZIP', `${this.label}: extra field of '${name}' runs past its end; the file is corrupt.`);
        if (id === 0x0001) {
          let q = e + 4;
          const take = (what: string): number => {
            if (q + 8 > e + 4 + len) fail('BAD_ZIP', `${this.label}: the zip64 extra field of '${name}' lacks the ${what}; the file is corrupt.`);
            const x = u64(v, q, what, this.label);
            q += 8;
            return x;
          };
          if (usize === U32_MAX) usize = take('uncompressed size');
          if (csize === U32_MAX) csize = take('compressed size');
          if (local === U32_MAX) local = take('local header offset');
        }
        e += 4 + len;
      }
      p = eEnd + commentLen;
      if (flags & 1) fail('UNSUPPORTED_ZIP', `${this.label}: record '${name}' is encrypted; encrypted archives are not supported.`);
      this.need(local, 30, `local header of '${name}'`);
      if (v.getUint32(local, true) !== 0x04034b50) fail('BAD_ZIP', `${this.label}: the local header of '${name}' at offset ${local} has a bad signature; the file is corrupt.`);
      const dataStart = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
      this.need(dataStart, csize, `data of '${name}'`);
      if (this.entries.has(name)) fail('BAD_ZIP', `${this.label}: the record '${name}' appears twice; the file is corrupt or was tampered with.`);
      this.entries.set(name, { name, method, crc, compressedSize: csize, size: usize, localOffset: local, dataStart });
      this.names.push(name);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The record's bytes. Stored records are returned without copying (a view into the file). */
  read(name: string): Uint8Array {
    const e = this.entries.get(name);
    if (!e) return fail('MISSING_RECORD', `${this.label}: no record named '${name}'.`);
    const raw = this.bytes.subarray(e.dataStart, e.dataStart + e.compressedSize);
    let out: Uint8Array;
    if (e.method === 0) {
      if (e.size !== e.compressedSize) fail('BAD_ZIP', `${this.label}: stored record '${name}' declares ${e.size} bytes but holds ${e.compressedSize}; the file is corrupt.`);
      out = raw;
    } else if (e.method === 8) {
      if (e.size > this.maxRecordBytes) fail('LIMIT_EXCEEDED', `${this.label}: record '${name}' inflates to ${e.size} bytes, beyond the limit of ${this.maxRecordBytes} (maxRecordBytes).`);
      if (e.size > e.compressedSize * MAX_DEFLATE_RATIO + 1024) {
        fail('BAD_ZIP', `${this.label}: record '${name}' claims to inflate ${e.compressedSize} bytes to ${e.size}, more than deflate can produce; the file is corrupt or hostile.`);
      }
      const buf = new Uint8Array(e.size + 1);
      try {
        out = inflateSync(raw, { out: buf });
      } catch (err) {
        if (err instanceof SerializationError) throw err;
        return fail('BAD_ZIP', `${this.label}: record '${name}' is not valid deflate data (${(err as Error).message}); the file is corrupt.`);
      }
      if (out.length !== e.size) fail('BAD_ZIP', `${this.label}: record '${name}' inflates to ${out.length === e.size + 1 ? 'more than' : out.length} bytes but declares ${e.size}; the file is corrupt.`);
      if (out.buffer === buf.buffer && out.length !== buf.length) out = out.subarray(0, e.size);
    } else {
      return fail('UNSUPPORTED_ZIP', `${this.label}: record '${name}' uses compression method ${e.method}; only stored (0) and deflate (8) are supported. Re-save it with torch.save.`);
    }
    if (this.checkCrc && e.crc !== 0) {
      const c = crc32(out);
      if (c !== e.crc) {
        fail('BAD_CRC', `${this.label}: CRC-32 mismatch in record '${name}' (stored ${e.crc.toString(16).padStart(8, '0')}, computed ${c.toString(16).padStart(8, '0')}); the file is corrupt. Re-download or re-save it.`);
      }
    }
    return out;
  }
}
