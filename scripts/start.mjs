#!/usr/bin/env node
// `npm start`: build and launch the Electron app when an Electron binary and a display exist; otherwise say why
// and serve the browser build instead. `npm run web` (--web) goes straight to the browser build.
// Options: --web, --port N (browser build; default 5173, the next free port if busy).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { findElectronBinary, missingDisplay } from './electron-binary.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { web: false, port: 5173 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--web') opts.web = true;
    else if (a === '--port' || a.startsWith('--port=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`start: --port needs a number between 0 and 65535, got ${JSON.stringify(value)}.`);
        process.exit(2);
      }
      opts.port = port;
    } else {
      console.error(`start: unknown option ${JSON.stringify(a)}. Usage: node scripts/start.mjs [--web] [--port N]`);
      process.exit(2);
    }
  }
  return opts;
}

function runNodeTool(relBin, args, what) {
  console.log(`▶ ${what}`);
  const r = spawnSync(process.execPath, [path.join(repoRoot, relBin), ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`start: ${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

async function serveWeb(port, fallbackReason = null) {
  runNodeTool('node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn'], 'building the browser version (vite build)');
  const { startStaticServer } = await tsImport('./serve-web.ts', import.meta.url);
  const server = await startStaticServer({ root: path.join(repoRoot, 'out', 'web'), port });
  const url = server.url.replace(/\/$/, '');
  if (fallbackReason) {
    console.log(`\nElectron is not available on this machine (${fallbackReason}); serving the browser build instead at ${url}`);
  } else {
    console.log(`\nNetsketch (browser build) is running at ${url}`);
  }
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}

const opts = parseArgs(process.argv.slice(2));
if (opts.web) {
  await serveWeb(opts.port);
} else {
  const binary = findElectronBinary(repoRoot);
  const reason = binary.ok ? missingDisplay() : binary.reason;
  if (reason) {
    console.log(`Electron is not available on this machine (${reason}); building the browser version instead.`);
    await serveWeb(opts.port, reason);
  } else {
    runNodeTool('node_modules/electron-vite/bin/electron-vite.js', ['build'], 'building the desktop app (electron-vite build)');
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    console.log(`▶ launching ${binary.path}`);
    const child = spawn(binary.path, ['.'], { cwd: repoRoot, stdio: 'inherit', env });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  }
}
