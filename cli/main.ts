/**
 * `netsketch` command line: train | export | validate | summary. User mistakes (bad files, bad flags, invalid
 * graphs, NaN losses) print one clear message and exit non-zero; only bugs print a stack trace.
 */
import '../core/index.ts';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, USAGE } from './args.ts';
import { userError } from './errors.ts';
import { readGraph, APP_ROOT } from './io.ts';
import { validate } from '../core/graph/validate.ts';
import { validateReport, summaryRows, summaryTable } from './report.ts';
import { trainCommand } from './train.ts';
import { exportCommand } from './export.ts';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  errStream: NodeJS.WriteStream;
}

const nodeIo: Io = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  errStream: process.stderr,
};

/** Runs one command; resolves to the exit code. */
export async function main(argv: string[], io: Io = nodeIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'version':
        io.out(JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')).version);
        return 0;
      case 'validate': {
        const { doc, migratedFrom } = readGraph(args.file!);
        const a = validate(doc);
        if (args.flags.get('json')) io.out(JSON.stringify({ ok: a.ok, diagnostics: a.diagnostics, edges: a.edges, totalParams: a.totalParams }, null, 2));
        else {
          if (migratedFrom !== null) io.out(`(read a schema version ${migratedFrom} file; it was migrated in memory, the file is unchanged)`);
          for (const l of validateReport(doc, a)) io.out(l);
        }
        return a.ok ? 0 : 1;
      }
      case 'summary': {
        const { doc } = readGraph(args.file!);
        const a = validate(doc);
        if (!a.ok) {
          for (const l of validateReport(doc, a)) io.out(l);
          io.err(`${args.file} has errors; the summary needs a valid graph.`);
          return 1;
        }
        if (args.flags.get('json')) io.out(JSON.stringify({ rows: summaryRows(doc, a), totalParams: a.totalParams }, null, 2));
        else for (const l of summaryTable(doc, a)) io.out(l);
        return 0;
      }
      case 'train':
        await trainCommand(args, io.out, io.errStream);
        return 0;
      case 'export':
        exportCommand(args, io.out);
        return 0;
      default:
        return 2;
    }
  } catch (e) {
    const u = userError(e);
    if (u) {
      io.err(`netsketch: ${u.message}`);
      return u.exitCode;
    }
    io.err(`netsketch: internal error (please report it): ${(e as Error)?.stack ?? String(e)}`);
    return 70;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
