// Runs the CLI in-process with captured output.
import { main } from '../../cli/main.ts';

export interface Run {
  code: number;
  out: string;
  err: string;
}

export async function run(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const errStream = { isTTY: false, write: (s: string) => { err += s; return true; } } as unknown as NodeJS.WriteStream;
  const code = await main(argv, { out: (l) => { out += l + '\n'; }, err: (l) => { err += l + '\n'; }, errStream });
  return { code, out, err };
}

/** A user error must never show a stack trace. */
export const hasStack = (s: string) => /\n\s+at .+:\d+:\d+/.test(s);
