// go-humanize's Bytes (SI units), which etcdctl uses for `snapshot status` sizes and the
// "fetched snapshot" log line: below 10 bytes "%d B"; else the value is scaled by 1000^e, rounded
// to one decimal (floor(x*10+0.5)/10) and printed with "%.1f" when < 10, "%.0f" otherwise. Go's
// %.0f rounds exact halves to even (28.5 -> "28"), which JS toFixed does not.

const SIZES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** `%.0f` with round-half-to-even on exact halves, as Go's strconv does. */
function formatNoDecimals(v: number): string {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return String(f + 1);
  if (diff < 0.5) return String(f);
  return String(f % 2 === 0 ? f : f + 1);
}

export function humanizeBytes(size: number | bigint): string {
  const s = typeof size === 'bigint' ? Number(size) : size;
  if (s < 10) return `${s} B`;
  const e = Math.floor(Math.log(s) / Math.log(1000));
  const suffix = SIZES[e] ?? '?';
  const val = Math.floor((s / Math.pow(1000, e)) * 10 + 0.5) / 10;
  return val < 10 ? `${val.toFixed(1)} ${suffix}` : `${formatNoDecimals(val)} ${suffix}`;
}
