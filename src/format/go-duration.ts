// Go's time.Duration.String(): "72h3m0.5s", "1m0s", "2.94151ms", "850µs" (U+00B5), "0s".
// Durations under a second use the largest unit among ns, µs, ms that keeps the integer part
// non-zero; longer ones are h/m/s with up to nine fractional digits of seconds. Trailing zeros of
// a fraction (and a bare ".") are dropped.

const NS_PER_US = 1000n;
const NS_PER_MS = 1000_000n;
const NS_PER_S = 1000_000_000n;

/** The fraction of v / 10**prec without trailing zeros ("" or ".xyz"), and v / 10**prec. */
function fraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let printed = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    printed = printed || digit !== 0n;
    if (printed) digits = digit.toString() + digits;
    v /= 10n;
  }
  return [printed ? '.' + digits : '', v];
}

/** `time.Duration(ns).String()`; ns is an int64 count of nanoseconds. */
export function goDuration(ns: bigint | number): string {
  let u = BigInt.asIntN(64, BigInt(ns));
  const negative = u < 0n;
  // Go negates in uint64, so the minimum int64 keeps its magnitude; bigint has no overflow.
  if (negative) u = -u;
  let out: string;
  if (u < NS_PER_S) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < NS_PER_US) {
      unit = 'ns';
      prec = 0;
    } else if (u < NS_PER_MS) {
      unit = '\u00b5s';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const [frac, whole] = fraction(u, prec);
    out = whole.toString() + frac + unit;
  } else {
    const [frac, wholeSeconds] = fraction(u, 9);
    out = (wholeSeconds % 60n).toString() + frac + 's';
    let rest = wholeSeconds / 60n;
    if (rest > 0n) {
      out = (rest % 60n).toString() + 'm' + out;
      rest /= 60n;
      if (rest > 0n) out = rest.toString() + 'h' + out;
    }
  }
  return negative ? '-' + out : out;
}
