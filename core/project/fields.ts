/** Typed field access for project.json with messages that name the field, what it holds and what it needs. */
import { ProjectError } from './errors.ts';
import { isJsonObject, type JsonObject, type JsonValue } from './json.ts';

export function describeJson(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Who is reading: `fn` names the public function in messages; `saving` is true when saveProject checks its own
 * output (the problem is then in the project passed in, not in a file, and the code is INVALID_PROJECT).
 */
export interface Ctx {
  fn: string;
  saving?: boolean;
}

export function formatError(ctx: Ctx, path: string, what: string): ProjectError {
  return ctx.saving
    ? new ProjectError('INVALID_PROJECT', `${ctx.fn}: project field ${path} ${what}. Fix the value before saving.`, { path })
    : new ProjectError('BAD_FORMAT', `${ctx.fn}: project.json field ${path} ${what}. The file is damaged or was edited by hand; open a recovery snapshot or an older copy.`, { path });
}

/** Reads fields of one object of project.json; `where` is its path, e.g. "runs[2]". */
export class Fields {
  constructor(readonly obj: JsonObject, readonly where: string, readonly ctx: Ctx) {}

  static of(v: JsonValue | undefined, where: string, ctx: Ctx): Fields {
    if (!isJsonObject(v)) throw formatError(ctx, where, `must be an object but holds ${describeJson(v)}`);
    return new Fields(v, where, ctx);
  }

  path(key: string): string {
    return this.where ? `${this.where}.${key}` : key;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, key) && this.obj[key] !== undefined;
  }

  raw(key: string): JsonValue | undefined {
    return Object.prototype.hasOwnProperty.call(this.obj, key) ? this.obj[key] : undefined;
  }

  fail(key: string, need: string): never {
    throw formatError(this.ctx, this.path(key), `must be ${need} but holds ${describeJson(this.raw(key))}`);
  }

  string(key: string, fallback?: string): string {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string') this.fail(key, 'a string');
    return v as string;
  }

  number(key: string): number {
    const v = this.raw(key);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, 'a finite number');
    return v as number;
  }

  /** A time in ms since 1970 (finite, ≥ 0). */
  time(key: string): number {
    const v = this.raw(key);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) this.fail(key, 'a time (milliseconds since 1970, ≥ 0)');
    return v as number;
  }

  timeOrNull(key: string): number | null {
    return this.raw(key) === null || this.raw(key) === undefined ? null : this.time(key);
  }

  object(key: string, fallback?: JsonObject): JsonObject {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (!isJsonObject(v)) this.fail(key, 'an object');
    return v as JsonObject;
  }

  fields(key: string): Fields {
    return new Fields(this.object(key), this.path(key), this.ctx);
  }

  array(key: string, maxLength: number, limitName: string, fallback?: JsonValue[]): JsonValue[] {
    const v = this.raw(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (!Array.isArray(v)) this.fail(key, 'an array');
    const a = v as JsonValue[];
    if (a.length > maxLength) {
      throw new ProjectError('LIMIT_EXCEEDED', `${this.ctx.fn}: project${this.ctx.saving ? '' : '.json'} field ${this.path(key)} holds ${a.length} items, over the limit of ${maxLength} (${limitName}).`, { path: this.path(key) });
    }
    return a;
  }

  /** Keys present in the object but not in `known`. */
  unknownKeys(known: readonly string[]): string[] {
    return Object.keys(this.obj).filter((k) => !known.includes(k));
  }
}
