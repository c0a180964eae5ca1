#!/usr/bin/env node
// The `netsketch` command (package.json "bin"): loads the TypeScript CLI through tsx and runs it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
