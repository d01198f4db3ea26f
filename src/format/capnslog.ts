// capnslog's line, as etcdctl 3.4's v2 code and pkg/flags print them:
// "2006-01-02 15:04:05.000000 I | <msg>" in local time (microseconds; Go's clock has them, ours
// has milliseconds, so the last three digits are 000).

export type CapnslogLevel = 'C' | 'E' | 'W' | 'N' | 'I' | 'D';

/** level: a CapnslogLevel letter, printed as given */
export function formatCapnslog(msg: string, date: Date, level: string = 'I'): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp =
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ` +
    `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds() * 1000, 6)}`;
  return `${stamp} ${level} | ${msg}`;
}
