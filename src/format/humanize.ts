// go-humanize's Bytes(): SI sizes (base 1000) as etcdctl prints DB sizes: "9 B", "25 kB",
// "532 kB", "1.5 MB". Below 10 the exact count is printed; otherwise the value is scaled to the
// largest unit, rounded to one decimal (floor(x*10+0.5)/10), and printed with Go's %.1f under 10
// or %.0f from 10 up. The float arithmetic is the same IEEE double arithmetic Go does.

const SI_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** Go's %.0f of a double: correct rounding, ties to even (532.5 -> "532", 533.5 -> "534"). */
function goFixed0(v: number): string {
  const floor = Math.floor(v);
  const diff = v - floor;
  // diff is exact for the doubles seen here (|v| < 2^52), so a tie is detectable exactly.
  if (diff === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return v.toFixed(0);
}

/** `humanize.Bytes(n)` for a uint64 byte count. */
export function humanizeBytes(n: bigint | number): string {
  const size = BigInt.asUintN(64, BigInt(n));
  if (size < 10n) return `${size} B`;
  const s = Number(size);
  const e = Math.floor(Math.log(s) / Math.log(1000));
  const unit = SI_UNITS[e]!;
  const val = Math.floor((s / Math.pow(1000, e)) * 10 + 0.5) / 10;
  // val has one decimal place at most, so toFixed(1) has no tie to break.
  return `${val < 10 ? val.toFixed(1) : goFixed0(val)} ${unit}`;
}
