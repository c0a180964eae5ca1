// A one-line progress bar on stderr (redrawn in place on a terminal; one line per epoch otherwise).

export class Progress {
  private last = 0;
  private readonly start = Date.now();
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly totalSteps: number,
    private readonly quiet = false,
  ) {}

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** Redraws the bar (throttled to 10 per second). `doneSteps` counts over the whole run. */
  update(epoch: number, epochs: number, doneSteps: number, loss: number): void {
    if (this.quiet || !this.tty) return;
    const now = Date.now();
    if (now - this.last < 100 && doneSteps < this.totalSteps) return;
    this.last = now;
    const frac = Math.min(1, doneSteps / this.totalSteps);
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (now - this.start) / 1000;
    const eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
    this.stream.write(`\r\x1b[2Kepoch ${epoch}/${epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  loss ${loss.toFixed(4)}  ${formatTime(eta)} left`);
  }

  /** Ends the epoch with a permanent line. */
  line(text: string): void {
    if (this.quiet) return;
    if (this.tty) this.stream.write('\r\x1b[2K');
    this.stream.write(text + '\n');
  }
}

export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
