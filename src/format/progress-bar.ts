// The console progress bar that etcdctl's `check perf|datascale` draw (gopkg.in/cheggaaa/pb.v1,
// 1.0.x as Debian builds it, with the format "Bom !"): every 200 ms a line starting with "\r",
//
//   " <current> / <total> " [bar] " %6.02f%%" [" <time left>"]   padded to the terminal width
//
// The bar ("B", "o"... "m", spaces, "!") is only drawn when a terminal width is known (pb asks
// /dev/tty, else stdin); without one (output to a pipe, no controlling terminal) the line is just
// counters and percentage. The time left is estimated from the time of the last change, cut to
// whole seconds and printed as "00m36s" when positive. Finish prints the line once more with the
// whole seconds since the start as a Go duration ("9s", "1m0s") and a newline.
import { goDuration } from './go-duration.js';

export interface BarOutput {
  write(chunk: string): void;
}

const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;
const REFRESH_MS = 200;

const pad2 = (n: bigint) => String(n).padStart(2, '0');

/** pb's U_DURATION format: [<d>d][<h>h]<mm>m<ss>s. */
export function pbDuration(ns: bigint): string {
  let d = ns;
  let out = '';
  if (d > 24n * HOUR) {
    out = `${d / 24n / HOUR}d`;
    d -= (d / HOUR / 24n) * (24n * HOUR);
  }
  if (d > HOUR) {
    out += `${d / HOUR}h`;
    d -= (d / HOUR) * HOUR;
  }
  const m = d / MINUTE;
  d -= m * MINUTE;
  return `${out}${pad2(m)}m${pad2(d / SECOND)}s`;
}

/**
 * Go's strconv.FormatFloat(x, 'f', prec) (fmt's %.<prec>f): the exact binary value rounded half
 * to even (JavaScript's toFixed rounds exact halves away from zero), NaN and ±Inf spelled as Go.
 */
export function goFixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  let s = abs.toFixed(prec);
  // an exact half is the only case where the two roundings differ; toFixed(100) is exact enough
  // for every value this is used on (|x| >= 2^-47 has at most 100 fractional digits)
  const exact = abs.toFixed(Math.min(100, prec + 60));
  const rest = exact.slice(exact.indexOf('.') + 1 + prec);
  if (/^50*$/.test(rest)) {
    const down = exact.slice(0, exact.indexOf('.') + 1 + prec).replace(/\.$/, '');
    const lastDigit = Number(down[down.length - 1]);
    if (lastDigit % 2 === 0) s = down;
  }
  return neg ? `-${s}` : s;
}

/** Go's fmt %6.02f of a percentage (two decimals, right-aligned in 6). */
function percentText(current: bigint, total: bigint): string {
  const pct = total > 0n ? Number(current) / (Number(total) / 100) : Number(current) / 100;
  return ` ${goFixed(pct, 2).padStart(6)}%`;
}

export class ProgressBar {
  private current = 0n;
  private previous = 0n;
  private startNs = 0n;
  private changeNs = 0n;
  private timer: ReturnType<typeof setInterval> | undefined;
  private finished = false;

  constructor(
    readonly total: bigint,
    private readonly out: BarOutput,
    /** terminal width in columns; 0 when there is no terminal (no bar, no padding) */
    private readonly width: number,
    private readonly nowNs: () => bigint = () => process.hrtime.bigint(),
  ) {}

  start(): this {
    this.startNs = this.nowNs();
    this.update();
    this.timer = setInterval(() => this.update(), REFRESH_MS);
    return this;
  }

  add(n: number | bigint = 1): void {
    this.current += BigInt(n);
  }

  get value(): bigint {
    return this.current;
  }

  /** The last line once more with the elapsed time, then a newline. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    this.write(true);
    this.out.write('\n');
  }

  private update(): void {
    if (this.current !== this.previous) {
      this.changeNs = this.nowNs();
      this.previous = this.current;
    }
    this.write(false);
  }

  private write(final: boolean): void {
    const { total, current } = this;
    const percentBox = percentText(current, total);
    const countersBox = ` ${current} / ${total} `;
    const now = this.nowNs();
    const fromStart = now - this.startNs;
    let timeLeftBox = '';
    if (final) {
      timeLeftBox = ` ${goDuration((fromStart / SECOND) * SECOND)}`;
    } else if (current > 0n) {
      const fromChange = this.changeNs - this.startNs;
      const perEntry = fromChange / current;
      let left = (total - current) * perEntry - (now - this.changeNs);
      left = (left / SECOND) * SECOND;
      if (left > 0n) timeLeftBox = ` ${pbDuration(left)}`;
    }
    let barBox = '';
    const size = this.width - (countersBox.length + 2 + percentBox.length + timeLeftBox.length);
    if (size > 0) {
      let cur = Math.ceil((Number(current) / Number(total)) * size);
      let empty = size - cur;
      if (empty < 0) empty = 0;
      if (cur > size) cur = size;
      barBox = 'B';
      if (empty <= 0) barBox += 'o'.repeat(cur);
      else if (cur > 0) barBox += 'o'.repeat(cur - 1) + 'm';
      barBox += ' '.repeat(empty) + '!';
    }
    const line = countersBox + barBox + percentBox + timeLeftBox;
    const end = line.length < this.width ? ' '.repeat(this.width - line.length) : '';
    this.out.write(`\r${line}${end}`);
  }
}

/**
 * The width pb finds: the controlling terminal's columns (/dev/tty, else stdin when it is one);
 * 0 when there is none, as in tests, pipes and cron jobs.
 */
export async function terminalWidth(): Promise<number> {
  const fs = await import('node:fs');
  const tty = await import('node:tty');
  const columnsOf = (fd: number): number => {
    if (!tty.isatty(fd)) return 0;
    const ws = new tty.WriteStream(fd);
    const cols = ws.columns ?? 0;
    ws.destroy();
    return cols;
  };
  try {
    const fd = fs.openSync('/dev/tty', 'r+');
    try {
      return columnsOf(fd);
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // WriteStream.destroy may have closed it
      }
    }
  } catch {
    try {
      return columnsOf(0);
    } catch {
      return 0;
    }
  }
}
