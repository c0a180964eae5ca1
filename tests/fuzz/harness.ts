/**
 * The fuzz contract shared by every parser: each generated input yields a valid result or the parser's typed
 * error — never another exception, never a hang, never a modified input.
 *
 * "Never a hang" is enforced per case with a time budget far above any honest parse of these small inputs
 * (they are at most a few KiB); a case over it fails with its replayable seed, like any counterexample.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Mutation } from './mutate.ts';

/** Per-case budget. Inputs are ≤ ~64 KiB, parsed in well under a millisecond; a second means runaway work. */
export const CASE_BUDGET_MS = 2000;
/**
 * A case stuck in an infinite loop never returns, so the budget check above cannot see it. A watchdog process
 * (watchdog.mjs) gets a heartbeat at least every HEARTBEAT_MS while a property runs and kills this test worker,
 * naming the property and case, after WATCHDOG_MS of silence: the run fails instead of hanging.
 */
export const WATCHDOG_MS = 30_000;
const HEARTBEAT_MS = 200;
let watchdog: ChildProcess | null = null;
let lastBeat = 0;
let property = '';
let caseNo = 0;

function send(line: string): void {
  if (!watchdog) {
    watchdog = spawn(process.execPath, [fileURLToPath(new URL('./watchdog.mjs', import.meta.url)), String(process.pid), String(WATCHDOG_MS)], { stdio: ['pipe', 'inherit', 'inherit'] });
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
    process.once('exit', () => watchdog?.kill());
  }
  watchdog.stdin!.write(`${line}\n`);
}

function beat(): void {
  caseNo++;
  const now = performance.now();
  if (now - lastBeat < HEARTBEAT_MS) return;
  lastBeat = now;
  send(`B${property}, at or after case ${caseNo}`);
}

/** Cases per parser per run (issue 8: at least 10,000). */
export const RUNS = 10_000;

export type Outcome = 'ok' | 'typed';

export class Tally {
  ok = 0;
  typed = 0;
  readonly codes = new Map<string, number>();
  add(o: Outcome, code?: string): void {
    this[o]++;
    if (code) this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
  }
  get total(): number {
    return this.ok + this.typed;
  }
  /** The property is not vacuous: both outcomes happen (unless the generator only makes one on purpose). */
  expectBoth(minEach = 1): void {
    expect(this.ok, `successful parses (${this.describe()})`).toBeGreaterThanOrEqual(minEach);
    expect(this.typed, `typed errors (${this.describe()})`).toBeGreaterThanOrEqual(minEach);
  }
  describe(): string {
    return `ok ${this.ok}, typed ${this.typed}: ${[...this.codes].map(([c, n]) => `${c} ${n}`).join(', ')}`;
  }
}

/** Snapshot of the bytes an input owns, to check after the call that nothing wrote to them. */
export function snapshotBytes(...arrays: (Uint8Array | null | undefined)[]): () => void {
  const copies = arrays.map((a) => (a ? Uint8Array.from(a) : null));
  return () => {
    arrays.forEach((a, i) => {
      const c = copies[i];
      if (!a || !c) return;
      if (a.length !== c.length || Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(c)) !== 0) {
        throw new Error(`the parser modified its input (array ${i}, ${a.length} bytes)`);
      }
    });
  };
}

/**
 * Runs one case: `call` must return or throw an error `isTyped` accepts. Checks the input afterwards
 * (`checkInput` throws if it changed) and the time budget.
 */
export function runCase<T>(tally: Tally, call: () => T, isTyped: (e: unknown) => string | null, checkInput: () => void): T | undefined {
  beat();
  const t0 = performance.now();
  let result: T | undefined;
  try {
    result = call();
    tally.add('ok');
  } catch (e) {
    const code = isTyped(e);
    if (code === null) throw new Error(`untyped exception: ${(e as Error)?.stack ?? String(e)}`);
    if (!(e instanceof Error) || e.message.length < 10) throw new Error(`typed error without a useful message: ${String(e)}`);
    tally.add('typed', code);
  }
  const ms = performance.now() - t0;
  if (ms > CASE_BUDGET_MS) throw new Error(`one case took ${ms.toFixed(0)} ms, over the ${CASE_BUDGET_MS} ms per-case budget: runaway work (a hang in the making)`);
  checkInput();
  return result;
}

/** fc.assert with the suite's case count and a fixed seed (failures print {seed, path} to replay). */
export function check<Ts extends [unknown, ...unknown[]]>(prop: fc.IProperty<Ts>, seed: number, numRuns = RUNS): void {
  property = `the property with seed ${seed}`;
  caseNo = 0;
  send('A');
  try {
    fc.assert(prop, { numRuns, seed });
  } finally {
    send('D');
  }
}

export type { Mutation };

/** Cheap JSON values (fc.jsonValue is slow to generate at 10,000 runs): leaves, and shallow arrays / objects of leaves. */
export const jsonLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 5 }),
);
export const smallJson: fc.Arbitrary<any> = fc.oneof(
  { weight: 3, arbitrary: jsonLeaf },
  { weight: 1, arbitrary: fc.array(jsonLeaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 4 }), jsonLeaf, { maxKeys: 3 }) },
);
export const smallObject: fc.Arbitrary<Record<string, any>> = fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 4 });
