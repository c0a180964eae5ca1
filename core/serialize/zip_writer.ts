/**
 * A streaming ZIP writer that produces the container torch.save writes (torch-format.md §1, §8):
 * stored records, UTF-8 names, a data descriptor after each record (flag bit 3), the `FB` extra field padding each
 * record's data to a 64-byte boundary, a Zip64 end record + locator before the classic end record, and zip64
 * extras for sizes/offsets beyond 4 GiB. Timestamps are 0 so the same input gives the same bytes.
 */
import { crc32 } from './crc32.ts';
import { utf8Encode } from './utf8.ts';
import { fail } from './errors.ts';

/** Receives the archive's bytes in order. Chunks may alias caller memory: copy or write them out before returning. */
export type ByteSink = (chunk: Uint8Array) => void;

export interface ZipWriterOptions {
  /**
   * 'auto' (default) uses zip64 fields only where values exceed 32 bits; 'always' forces them everywhere. A number
   * is a testing aid: 'auto' with that threshold instead of 2^32 − 1, to produce the mixed layout of a > 4 GiB file
   * from a small one.
   */
  zip64?: 'auto' | 'always' | number;
  /** Data alignment in bytes (torch uses 64). */
  alignment?: number;
}

const U32_MAX = 0xffffffff;
const FLAGS = 0x0808; // bit 3: data descriptor follows; bit 11: names are UTF-8

interface CentralEntry {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
  zip64: boolean;
}

function setU64(v: DataView, at: number, x: number): void {
  v.setUint32(at, x % 0x100000000, true);
  v.setUint32(at + 4, Math.floor(x / 0x100000000), true);
}

export class ZipWriter {
  private offset = 0;
  private entries: CentralEntry[] = [];
  private readonly force64: boolean;
  private readonly limit: number;
  private readonly alignment: number;
  private finished = false;

  constructor(private readonly sink: ByteSink, options: ZipWriterOptions = {}) {
    this.force64 = options.zip64 === 'always';
    this.limit = typeof options.zip64 === 'number' ? options.zip64 : U32_MAX;
    this.alignment = options.alignment ?? 64;
  }

  /** Bytes written so far. */
  get position(): number {
    return this.offset;
  }

  private emit(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.sink(chunk);
    this.offset += chunk.length;
  }

  /** Add one stored record. `data` may be split in chunks (they are written in order, never concatenated). */
  add(name: string, data: Uint8Array | readonly Uint8Array[]): void {
    if (this.finished) fail('BAD_ZIP', `ZipWriter.add('${name}'): the archive is already finished.`);
    const chunks = data instanceof Uint8Array ? [data] : data;
    let size = 0;
    let crc = 0;
    for (const c of chunks) {
      size += c.length;
      crc = crc32(c, crc);
    }
    const nameBytes = utf8Encode(name);
    if (nameBytes.length > 0xffff) fail('BAD_ZIP', `ZipWriter.add: record name of ${nameBytes.length} bytes exceeds 65535.`);
    const start = this.offset;
    const offset64 = this.force64 || start >= this.limit;
    // A record past the limit also gets zip64 sizes: miniz (torch's reader) checks `offset + 30 + size <= file size`
    // with the 32-bit offset field whenever the size fields are not saturated.
    const sizes64 = offset64 || size >= this.limit;
    const z64Len = sizes64 ? 20 : 0; // local zip64 extra carries usize + csize
    const base = start + 30 + nameBytes.length + z64Len + 4;
    const pad = (this.alignment - (base % this.alignment)) % this.alignment;
    const header = new Uint8Array(30 + nameBytes.length + z64Len + 4 + pad);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, sizes64 ? 45 : 0, true);
    v.setUint16(6, FLAGS, true);
    v.setUint16(8, 0, true); // stored
    // time, date, crc: 0 (the descriptor carries crc and sizes)
    if (sizes64) {
      v.setUint32(18, U32_MAX, true);
      v.setUint32(22, U32_MAX, true);
    }
    v.setUint16(26, nameBytes.length, true);
    v.setUint16(28, z64Len + 4 + pad, true);
    header.set(nameBytes, 30);
    let p = 30 + nameBytes.length;
    if (sizes64) {
      v.setUint16(p, 0x0001, true);
      v.setUint16(p + 2, 16, true);
      setU64(v, p + 4, size);
      setU64(v, p + 12, size);
      p += 20;
    }
    v.setUint16(p, 0x4246, true); // 'FB'
    v.setUint16(p + 2, pad, true);
    header.fill(0x5a, p + 4); // 'Z'
    this.emit(header);
    for (const c of chunks) this.emit(c);
    const desc = new Uint8Array(sizes64 ? 24 : 16);
    const dv = new DataView(desc.buffer);
    dv.setUint32(0, 0x08074b50, true);
    dv.setUint32(4, crc, true);
    if (sizes64) {
      setU64(dv, 8, size);
      setU64(dv, 16, size);
    } else {
      dv.setUint32(8, size, true);
      dv.setUint32(12, size, true);
    }
    this.emit(desc);
    this.entries.push({ name: nameBytes, crc, size, offset: start, zip64: sizes64 || offset64 });
  }

  /** Write the central directory and end records. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const cdStart = this.offset;
    for (const e of this.entries) {
      const bigSize = e.zip64;
      const bigOff = this.force64 || e.offset >= this.limit;
      const extraLen = (bigSize ? 16 : 0) + (bigOff ? 8 : 0);
      const rec = new Uint8Array(46 + e.name.length + (extraLen ? 4 + extraLen : 0));
      const v = new DataView(rec.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 0, true); // made by
      v.setUint16(6, e.zip64 ? 45 : 0, true);
      v.setUint16(8, FLAGS, true);
      v.setUint16(10, 0, true);
      v.setUint32(16, e.crc, true);
      v.setUint32(20, bigSize ? U32_MAX : e.size, true);
      v.setUint32(24, bigSize ? U32_MAX : e.size, true);
      v.setUint16(28, e.name.length, true);
      v.setUint16(30, extraLen ? 4 + extraLen : 0, true);
      v.setUint32(42, bigOff ? U32_MAX : e.offset, true);
      rec.set(e.name, 46);
      if (extraLen) {
        let p = 46 + e.name.length;
        v.setUint16(p, 0x0001, true);
        v.setUint16(p + 2, extraLen, true);
        p += 4;
        if (bigSize) {
          setU64(v, p, e.size);
          setU64(v, p + 8, e.size);
          p += 16;
        }
        if (bigOff) setU64(v, p, e.offset);
      }
      this.emit(rec);
    }
    const cdSize = this.offset - cdStart;
    const z64At = this.offset;
    const n = this.entries.length;
    const end = new Uint8Array(56 + 20 + 22);
    const v = new DataView(end.buffer);
    // Zip64 end of central directory (torch always writes it).
    v.setUint32(0, 0x06064b50, true);
    setU64(v, 4, 44);
    v.setUint16(12, 0x031e, true);
    v.setUint16(14, 45, true);
    setU64(v, 24, n);
    setU64(v, 32, n);
    setU64(v, 40, cdSize);
    setU64(v, 48, cdStart);
    // Zip64 locator
    v.setUint32(56, 0x07064b50, true);
    setU64(v, 64, z64At);
    v.setUint32(72, 1, true);
    // classic end of central directory
    const big = this.force64;
    v.setUint32(76, 0x06054b50, true);
    v.setUint16(84, big || n >= 0xffff ? 0xffff : n, true);
    v.setUint16(86, big || n >= 0xffff ? 0xffff : n, true);
    v.setUint32(88, big || cdSize >= this.limit ? U32_MAX : cdSize, true);
    v.setUint32(92, big || cdStart >= this.limit ? U32_MAX : cdStart, true);
    this.emit(end);
  }
}

/** Collects a sink's chunks and concatenates them once at the end. */
export function collectingSink(): { sink: ByteSink; result(): Uint8Array } {
  const parts: Uint8Array[] = [];
  let total = 0;
  return {
    sink(chunk) {
      parts.push(chunk);
      total += chunk.length;
    },
    result() {
      let out: Uint8Array;
      try {
        out = new Uint8Array(total);
      } catch {
        return fail('TOO_LARGE', `torch.save: the file would be ${total} bytes, more than one Uint8Array can hold here. Use save_to_sink() to stream it to disk.`);
      }
      let p = 0;
      for (const c of parts) {
        out.set(c, p);
        p += c.length;
      }
      return out;
    },
  };
}
