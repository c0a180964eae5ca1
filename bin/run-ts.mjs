#!/usr/bin/env node
// Runs a TypeScript file with Node through tsx's ESM loader: `node bin/run-ts.mjs bench/run.ts [args…]`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bin/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
register();
process.argv.splice(1, 1); // the script sees its own path as argv[1], as if run directly
await import(pathToFileURL(resolve(file)).href);
