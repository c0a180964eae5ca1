/**
 * A safe unpickler: a small stack machine that understands only an allowlist of opcodes (torch's weights_only set,
 * plus BINFLOAT and the protocol-4 FRAME/SHORT_BINUNICODE/MEMOIZE/STACK_GLOBAL) and resolves GLOBALs against a
 * fixed table supplied by the caller. It never evaluates names. Every read is bounds-checked and every resource
 * (memo, stack, mark depth, string length) is capped, so hostile input ends in a SerializationError.
 */
import { fail } from './errors.ts';
import { OP, opName } from './pickle_ops.ts';
import { OrderedDict, PyDict, PyFloat, PyTuple } from './py_types.ts';
import { utf8Decode } from './utf8.ts';

/** A resolved GLOBAL: something REDUCE/NEWOBJ may call, or a marker (a storage class) passed as an argument. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly call: ((args: unknown[]) => unknown) | null,
    /** Extra data for markers (e.g. the dtype of a torch.<X>Storage class). */
    readonly tag?: unknown,
  ) {}

  get qualname(): string {
    return `${this.module}.${this.name}`;
  }
}

export interface PickleLimits {
  /** Memo entries (BINPUT/MEMOIZE). */
  maxMemo: number;
  /** Items on one stack level. */
  maxStack: number;
  /** MARK nesting, and container nesting of the result. */
  maxDepth: number;
  /** Bytes in one string. */
  maxStringBytes: number;
  /**
   * Work allowed per pickle byte. Calls (OrderedDict(big), set(big), BUILD with a big dict…) cost the size of what
   * they copy; a stream that re-copies one large memoized object many times (quadratic time from a small file)
   * exceeds workPerByte × length + 1e6 and is refused.
   */
  workPerByte: number;
}

export const DEFAULT_PICKLE_LIMITS: PickleLimits = {
  maxMemo: 1_000_000,
  maxStack: 1_000_000,
  maxDepth: 1000,
  maxStringBytes: 64 * 1024 * 1024,
  workPerByte: 16,
};

export interface UnpickleHooks {
  /** Resolve GLOBAL module/name, or throw FORBIDDEN_GLOBAL. */
  resolveGlobal(module: string, name: string): PyGlobal;
  /** BINPERSID: turn a persistent id into a value. */
  persistentLoad(pid: unknown): unknown;
  /** Return integral Python floats (1.0) as PyFloat so re-saving keeps them floats. Default: plain numbers. */
  exactFloats?: boolean;
}

const MARK_SENTINEL = Symbol('mark');

/** Run the pickle in `data` and return the object STOP yields. `what` names the source in messages. */
export function unpickle(data: Uint8Array, hooks: UnpickleHooks, limits: PickleLimits = DEFAULT_PICKLE_LIMITS, what = 'data.pkl'): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = data.length;
  let pos = 0;
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();
  let opPos = 0;
  let work = 0;
  const maxWork = limits.workPerByte * end + 1_000_000;
  const charge = (n: number): void => {
    work += n;
    if (work > maxWork) fail('LIMIT_EXCEEDED', `torch.load: ${what} makes the unpickler copy more than ${maxWork} items for a ${end}-byte pickle (workPerByte); it repeats work the way hostile files do.`);
  };
  const sizeOf = (v: unknown): number => (Array.isArray(v) || typeof v === 'string' ? v.length : v instanceof Map || v instanceof Set ? v.size : 1);

  const bad = (msg: string): never => fail('BAD_PICKLE', `torch.load: ${what} is malformed at byte ${opPos}: ${msg}. The file is corrupt or not written by torch.save.`);
  const need = (n: number): void => {
    if (pos + n > end) bad(`the stream ends inside an opcode (needs ${n} more bytes, has ${end - pos})`);
  };
  const u8 = (): number => {
    need(1);
    return data[pos++];
  };
  const push = (v: unknown): void => {
    if (stack.length >= limits.maxStack) fail('LIMIT_EXCEEDED', `torch.load: ${what} pushes more than ${limits.maxStack} items on the pickle stack (maxStack).`);
    stack.push(v);
  };
  const pop = (): unknown => {
    if (stack.length === 0) bad('stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) bad('stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    if (metastack.length === 0) bad('no MARK to pop to');
    const items = stack;
    stack = metastack.pop()!;
    return items;
  };
  const str = (n: number, kind: string): string => {
    if (n > limits.maxStringBytes) fail('LIMIT_EXCEEDED', `torch.load: ${what} holds a ${n}-byte string, beyond the limit of ${limits.maxStringBytes} bytes (maxStringBytes).`);
    need(n);
    const s = utf8Decode(data, pos, pos + n, `${what} ${kind}`);
    pos += n;
    return s;
  };
  const line = (): string => {
    const start = pos;
    while (pos < end && data[pos] !== 0x0a) {
      if (pos - start > 256) bad('GLOBAL name longer than 256 bytes');
      pos++;
    }
    if (pos >= end) bad('GLOBAL name not terminated by a newline');
    const s = utf8Decode(data, start, pos, `${what} GLOBAL`);
    pos++;
    return s;
  };
  const putMemo = (idx: number): void => {
    if (!memo.has(idx) && memo.size >= limits.maxMemo) fail('LIMIT_EXCEEDED', `torch.load: ${what} stores more than ${limits.maxMemo} memo entries (maxMemo).`);
    memo.set(idx, top());
  };
  const getMemo = (idx: number): void => {
    if (!memo.has(idx)) bad(`memo key ${idx} was never stored`);
    push(memo.get(idx));
  };
  const asTupleArgs = (v: unknown, opname: string): unknown[] => {
    if (!(v instanceof PyTuple)) bad(`${opname} expects an argument tuple, got ${describe(v)}`);
    return v as PyTuple;
  };
  const callGlobal = (fn: unknown, args: unknown[], opname: string): unknown => {
    if (!(fn instanceof PyGlobal)) return bad(`${opname} calls ${describe(fn)}, which is not a callable global`);
    if (!fn.call) return fail('FORBIDDEN_GLOBAL', `torch.load: ${what} calls ${fn.qualname}, which may only appear as a storage type, not be called.`);
    let cost = 1;
    for (const a of args) cost += sizeOf(a);
    charge(cost);
    return fn.call(args);
  };
  const setItem = (d: unknown, k: unknown, v: unknown): void => {
    if (!(d instanceof Map)) bad(`SETITEM(S) on ${describe(d)}, which is not a dict`);
    if (!isHashable(k)) bad(`dict key ${describe(k)} is unhashable`);
    (d as Map<unknown, unknown>).set(k, v);
  };

  while (true) {
    opPos = pos;
    if (pos >= end) bad('the stream ends without STOP');
    const op = data[pos++];
    switch (op) {
      case OP.PROTO: {
        const p = u8();
        if (p > 5) bad(`unsupported pickle protocol ${p}`);
        break;
      }
      case OP.FRAME: {
        need(8);
        const lo = view.getUint32(pos, true);
        const hi = view.getUint32(pos + 4, true);
        pos += 8;
        if (hi !== 0 || pos + lo > end) bad('FRAME longer than the stream');
        break;
      }
      case OP.STOP: {
        if (metastack.length !== 0) bad('STOP inside an unclosed MARK');
        const v = pop();
        return v;
      }
      case OP.GLOBAL: {
        const module = line();
        const name = line();
        push(hooks.resolveGlobal(module, name));
        break;
      }
      case OP.STACK_GLOBAL: {
        const name = pop();
        const module = pop();
        if (typeof name !== 'string' || typeof module !== 'string') bad('STACK_GLOBAL expects two strings');
        push(hooks.resolveGlobal(module as string, name as string));
        break;
      }
      case OP.REDUCE: {
        const args = asTupleArgs(pop(), 'REDUCE');
        const fn = pop();
        push(callGlobal(fn, args, 'REDUCE'));
        break;
      }
      case OP.NEWOBJ: {
        const args = asTupleArgs(pop(), 'NEWOBJ');
        const cls = pop();
        push(callGlobal(cls, args, 'NEWOBJ'));
        break;
      }
      case OP.BUILD: {
        const state = pop();
        const inst = top();
        if (!(inst instanceof OrderedDict)) {
          return fail('FORBIDDEN_OPCODE', `torch.load: ${what} uses BUILD on ${describe(inst)}; only an OrderedDict (a state_dict's _metadata) may be built.`);
        }
        if (!(state instanceof Map)) bad(`BUILD state must be a dict, got ${describe(state)}`);
        charge(1 + (state as Map<unknown, unknown>).size);
        for (const [k, v] of state as Map<unknown, unknown>) {
          if (typeof k !== 'string') bad('BUILD state keys must be strings');
          inst.attributes.set(k as string, v);
        }
        break;
      }
      case OP.MARK:
        if (metastack.length >= limits.maxDepth) fail('LIMIT_EXCEEDED', `torch.load: ${what} nests MARKs more than ${limits.maxDepth} deep (maxDepth).`);
        metastack.push(stack);
        stack = [];
        break;
      case OP.TUPLE:
        push(PyTuple.of_items(popMark()));
        break;
      case OP.EMPTY_TUPLE:
        push(new PyTuple());
        break;
      case OP.TUPLE1: {
        const a = pop();
        push(PyTuple.of_items([a]));
        break;
      }
      case OP.TUPLE2: {
        const b = pop();
        const a = pop();
        push(PyTuple.of_items([a, b]));
        break;
      }
      case OP.TUPLE3: {
        const c = pop();
        const b = pop();
        const a = pop();
        push(PyTuple.of_items([a, b, c]));
        break;
      }
      case OP.EMPTY_LIST:
        push([]);
        break;
      case OP.EMPTY_DICT:
        push(new PyDict());
        break;
      case OP.EMPTY_SET:
        push(new Set());
        break;
      case OP.APPEND: {
        const v = pop();
        const l = top();
        if (!Array.isArray(l) || l instanceof PyTuple) bad(`APPEND to ${describe(l)}, which is not a list`);
        (l as unknown[]).push(v);
        break;
      }
      case OP.APPENDS: {
        const items = popMark();
        const l = top();
        if (!Array.isArray(l) || l instanceof PyTuple) bad(`APPENDS to ${describe(l)}, which is not a list`);
        for (const x of items) (l as unknown[]).push(x);
        break;
      }
      case OP.ADDITEMS: {
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) bad(`ADDITEMS to ${describe(s)}, which is not a set`);
        for (const x of items) {
          if (!isHashable(x)) bad(`set item ${describe(x)} is unhashable`);
          (s as Set<unknown>).add(x);
        }
        break;
      }
      case OP.SETITEM: {
        const v = pop();
        const k = pop();
        setItem(top(), k, v);
        break;
      }
      case OP.SETITEMS: {
        const items = popMark();
        if (items.length % 2) bad('SETITEMS with an odd number of items');
        const d = top();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case OP.BININT:
        need(4);
        push(view.getInt32(pos, true));
        pos += 4;
        break;
      case OP.BININT1:
        push(u8());
        break;
      case OP.BININT2:
        need(2);
        push(view.getUint16(pos, true));
        pos += 2;
        break;
      case OP.LONG1: {
        const n = u8();
        need(n);
        push(readLong(data, pos, n));
        pos += n;
        break;
      }
      case OP.BINFLOAT: {
        need(8);
        const x = view.getFloat64(pos, false);
        push(hooks.exactFloats && Number.isSafeInteger(x) && !Object.is(x, -0) ? new PyFloat(x) : x);
        pos += 8;
        break;
      }
      case OP.BINUNICODE: {
        need(4);
        const n = view.getUint32(pos, true);
        pos += 4;
        push(str(n, 'string'));
        break;
      }
      case OP.SHORT_BINUNICODE:
        push(str(u8(), 'string'));
        break;
      case OP.SHORT_BINSTRING: {
        const n = u8();
        need(n);
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(data[pos + i]);
        pos += n;
        push(s);
        break;
      }
      case OP.NONE:
        push(null);
        break;
      case OP.NEWTRUE:
        push(true);
        break;
      case OP.NEWFALSE:
        push(false);
        break;
      case OP.BINPERSID:
        push(hooks.persistentLoad(pop()));
        break;
      case OP.BINGET:
        getMemo(u8());
        break;
      case OP.LONG_BINGET:
        need(4);
        getMemo(view.getUint32(pos, true));
        pos += 4;
        break;
      case OP.BINPUT:
        putMemo(u8());
        break;
      case OP.LONG_BINPUT:
        need(4);
        putMemo(view.getUint32(pos, true));
        pos += 4;
        break;
      case OP.MEMOIZE:
        putMemo(memo.size);
        break;
      default:
        return fail('FORBIDDEN_OPCODE', `torch.load: ${what} uses pickle opcode ${opName(op)} at byte ${opPos}, which is not allowed when loading safely (like torch.load(weights_only=True)). Only tensors, state_dicts and plain Python containers can be loaded; re-save the object with torch.save of plain data.`);
    }
  }
}

/** Two's-complement little-endian integer of n bytes: a number when safe, else a bigint. */
function readLong(data: Uint8Array, at: number, n: number): number | bigint {
  if (n === 0) return 0;
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(data[at + i]);
  if (data[at + n - 1] & 0x80) x -= 1n << BigInt(8 * n);
  return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
}

function isHashable(k: unknown): boolean {
  if (k === null) return true;
  const t = typeof k;
  if (t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean') return true;
  return k instanceof PyTuple || k instanceof PyGlobal || k instanceof PyFloat;
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'None';
  if (v === MARK_SENTINEL) return 'MARK';
  if (v instanceof PyGlobal) return v.qualname;
  if (v instanceof PyTuple) return `a tuple of ${v.length}`;
  if (v instanceof PyFloat) return `float ${v.value}`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v instanceof Map) return 'a dict';
  if (v instanceof Set) return 'a set';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
