// Command-line parsing for `netsketch`: a command, one positional graph file, and --flags with values.
import { CliError } from './errors.ts';

export interface ParsedArgs {
  command: string;
  file: string | null;
  flags: Map<string, string | true>;
}

/** Flags each command accepts, and whether they take a value. */
export const COMMAND_FLAGS: Record<string, Record<string, 'value' | 'switch'>> = {
  train: {
    epochs: 'value', 'batch-size': 'value', lr: 'value', seed: 'value', out: 'value', format: 'value',
    checkpoint: 'value', backend: 'value', quiet: 'switch',
  },
  export: { weights: 'value', python: 'value', out: 'value', format: 'value' },
  validate: { json: 'switch' },
  summary: { json: 'switch' },
};

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help', file: null, flags: new Map() };
  if (command === '--version' || command === '-v') return { command: 'version', file: null, flags: new Map() };
  const allowed = COMMAND_FLAGS[command];
  if (!allowed) throw new CliError(`Unknown command "${command}". Commands: train, export, validate, summary (run "netsketch --help").`, 2);
  const flags = new Map<string, string | true>();
  let file: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith('--')) {
      let name = a.slice(2);
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
      const kind = allowed[name];
      if (!kind) {
        throw new CliError(`"netsketch ${command}" has no option --${name}. Options: ${Object.keys(allowed).map((k) => `--${k}`).join(', ')}.`, 2);
      }
      if (kind === 'switch') {
        if (value !== undefined) throw new CliError(`--${name} takes no value.`, 2);
        flags.set(name, true);
      } else {
        if (value === undefined) {
          value = rest[++i];
          if (value === undefined || value.startsWith('--')) throw new CliError(`--${name} needs a value, e.g. --${name} ${example(name)}.`, 2);
        }
        flags.set(name, value);
      }
    } else if (file === null) {
      file = a;
    } else {
      throw new CliError(`Unexpected argument "${a}": "netsketch ${command}" takes one graph file.`, 2);
    }
  }
  if (file === null) throw new CliError(`"netsketch ${command}" needs a graph file, e.g. netsketch ${command} assets/examples/lenet5-mnist.json.`, 2);
  return { command, file, flags };
}

function example(name: string): string {
  return ({ epochs: '5', 'batch-size': '64', lr: '0.001', seed: '0', out: 'weights.pt', format: 'safetensors', checkpoint: 'run.ckpt', weights: 'weights.pt', python: 'model.py', backend: 'wasm' } as Record<string, string>)[name] ?? 'VALUE';
}

/** A positive integer flag (or undefined when absent). */
export function intFlag(flags: ParsedArgs['flags'], name: string, min: number): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < min) throw new CliError(`--${name} must be a whole number ≥ ${min}, got "${v}".`, 2);
  return n;
}

export function numberFlag(flags: ParsedArgs['flags'], name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number, got "${v}".`, 2);
  return n;
}

export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = flags.get(name);
  return v === undefined || v === true ? undefined : v;
}

export const USAGE = `netsketch — train and export Netsketch graphs from the command line

Usage:
  netsketch train GRAPH.json [--epochs N] [--batch-size N] [--lr X] [--seed N]
                             [--out weights.pt] [--format pt|safetensors] [--checkpoint run.ckpt]
                             [--backend auto|js|wasm] [--quiet]
      Trains on the graph's dataset, shows progress, writes the state_dict. With --checkpoint, saves after
      every epoch and resumes from the file when it exists.
  netsketch export GRAPH.json [--python model.py] [--weights weights.pt] [--out weights.pt] [--format pt|safetensors]
      Writes the PyTorch code for the graph; --weights checks a weights file fits the graph (and --out
      converts it, e.g. to safetensors).
  netsketch validate GRAPH.json [--json]
      Prints the diagnostics and the shape on every edge; exits 1 when there are errors.
  netsketch summary GRAPH.json [--json]
      Prints a per-layer table: output shape and parameter count.

Exit codes: 0 success, 1 the graph or data is wrong / training failed, 2 bad command line.
`;
