// Hang guard for the fuzz suite: runs beside a test worker, which sends "A" (armed: a property is running),
// "B<label>\n" heartbeats at case starts, and "D" (disarmed). If an armed worker is silent for longer than the
// limit, one case is stuck (an infinite loop cannot be interrupted from inside its own thread): print what was
// running and kill the worker, so the run fails with a message instead of hanging forever.
const [ppid, limitMs] = process.argv.slice(2).map(Number);
let armed = false;
let last = Date.now();
let label = '(none)';
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    last = Date.now();
    if (line === 'A') armed = true;
    else if (line === 'D') armed = false;
    else if (line.startsWith('B')) label = line.slice(1);
  }
});
process.stdin.on('end', () => process.exit(0));
setInterval(() => {
  if (armed && Date.now() - last > limitMs) {
    process.stderr.write(`\nfuzz watchdog: no progress for ${Date.now() - last} ms (limit ${limitMs} ms) while running ${label}; a case is stuck in a loop. Killing the test worker ${ppid}.\n`);
    try {
      process.kill(ppid, 'SIGKILL');
    } catch {
      // already gone
    }
    process.exit(1);
  }
}, 250).unref();
process.stdin.resume();
