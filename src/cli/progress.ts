/**
 * A progress bar for long command-line work. On a terminal it redraws one line; elsewhere (CI,
 * logs) it prints a line every tenth of the way, so a log still shows that work goes on.
 */
export class Progress {
  private done = 0;
  private lastDecile = -1;
  private readonly started = Date.now();
  private readonly label: string;
  private readonly total: number;
  private readonly stream: NodeJS.WriteStream;

  constructor(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
    this.label = label;
    this.total = Math.max(total, 1);
    this.stream = stream;
    this.draw();
  }

  tick(count = 1) {
    this.done = Math.min(this.total, this.done + count);
    this.draw();
  }

  finish() {
    this.done = this.total;
    this.draw();
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private draw() {
    const fraction = this.done / this.total;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      this.stream.write(`\r${this.label.padEnd(24)} ${bar} ${String(Math.round(fraction * 100)).padStart(3)}% ${this.done}/${this.total} ${seconds}s`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${this.label}: ${Math.round(fraction * 100)}% (${this.done}/${this.total}, ${seconds}s)\n`);
    }
  }
}
