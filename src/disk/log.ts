// Log events of the disk algorithms. The library never writes to a stream: it calls an injected
// sink with structured entries, and the command decides where and how they are printed.
//
// etcdctl 3.4 prints three kinds of log lines around these algorithms:
// - `snapshot save|restore|status` use zap.NewProduction(): one JSON object per line on stderr,
//   {"level","ts"(epoch seconds float),"caller","msg",...fields}  -> formatZapProduction
// - v2 `backup` hands zap.NewExample() to the wal/snap packages: JSON without ts/caller on
//   *stdout*, e.g. {"level":"warn","msg":"ignored file in WAL directory","path":"junk"}
//                                                                    -> formatZapExample
// - v2 `backup`'s own messages go through Go's `log` package redirected to capnslog on stderr:
//   "2006-01-02 15:04:05.000000 I | <msg>"                           -> formatCapnslog
// etcdutl 3.5 logs with zap's console encoder (RFC 3339 time, tab-separated, fields as spaced
// JSON): "2006-01-02T15:04:05Z\tinfo\tcaller\tmsg\t{"k": "v"}"            -> formatZapConsole

/** A zap.Duration field; production encodes it as float seconds, example as Go's String(). */
export interface LogDuration {
  readonly seconds: number;
}

/** A zap.Any/zap.Reflect field: JSON (encoding/json's compact form) written as it is. */
export interface LogRawJson {
  readonly rawJson: string;
}

export type LogValue = string | number | bigint | boolean | readonly string[] | LogDuration | LogRawJson;

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  /** zap's short caller ("snapshot/v3_snapshot.go:296") of the Go statement that logs this */
  caller?: string;
  fields: ReadonlyArray<readonly [string, LogValue]>;
  /** clientv3's own logger encodes ts as ISO 8601 text (`"2026-12-07T17:59:47.226Z"`), not epoch seconds */
  isoTime?: boolean;
}

export type LogSink = (entry: LogEntry) => void;

/** A sink that drops everything. */
export const noLog: LogSink = () => {};

/** JSON string as zap's JSON encoder writes it (no HTML escaping; control chars as \u00XX). */
export function zapJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

function goDurationString(seconds: number): string {
  // Go's time.Duration.String() for the common ranges.
  const ns = Math.round(seconds * 1e9);
  if (ns === 0) return '0s';
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${trimFloat(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trimFloat(ns / 1e6)}ms`;
  let rest = ns / 1e9;
  let out = '';
  if (rest >= 3600) {
    const h = Math.floor(rest / 3600);
    out += `${h}h`;
    rest -= h * 3600;
  }
  if (rest >= 60 || out) {
    const m = Math.floor(rest / 60);
    out += `${m}m`;
    rest -= m * 60;
  }
  return `${out}${trimFloat(rest)}s`;
}

function trimFloat(v: number): string {
  return String(Number(v.toFixed(9)));
}

function encodeValue(v: LogValue, durationAsString: boolean): string {
  if (typeof v === 'string') return zapJsonString(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + (v as readonly string[]).map(zapJsonString).join(',') + ']';
  if ('rawJson' in (v as object)) return (v as LogRawJson).rawJson;
  const d = v as LogDuration;
  return durationAsString ? zapJsonString(goDurationString(d.seconds)) : String(d.seconds);
}

/** JSON of the fields as zap's console encoder appends them: `{"k": v, "k2": [a, b]}`. */
function encodeFieldsSpaced(fields: LogEntry['fields']): string {
  const value = (v: LogValue): string =>
    Array.isArray(v) ? '[' + (v as readonly string[]).map(zapJsonString).join(', ') + ']' : encodeValue(v, true);
  return '{' + fields.map(([k, v]) => `${zapJsonString(k)}: ${value(v)}`).join(', ') + '}';
}

/** Go's time.RFC3339 of a local time: `2006-01-02T15:04:05Z` or `...+01:00`. */
export function rfc3339(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

/**
 * One line (without newline) as etcdutl's logger (zap console encoder, RFC 3339 time) prints it;
 * `level` may also be zap's `fatal` or `panic`.
 */
export function formatZapConsole(e: Omit<LogEntry, 'level'> & { level: string }, now: Date): string {
  const caller = e.caller ? `\t${e.caller}` : '';
  const fields = e.fields.length > 0 ? `\t${encodeFieldsSpaced(e.fields)}` : '';
  return `${rfc3339(now)}\t${e.level}${caller}\t${e.msg}${fields}`;
}

function encodeFields(fields: LogEntry['fields'], durationAsString: boolean): string {
  return fields.map(([k, v]) => `,${zapJsonString(k)}:${encodeValue(v, durationAsString)}`).join('');
}

/** One line (without newline) as zap.NewProduction() prints it. `nowMs` = Date.now(). */
export function formatZapProduction(e: LogEntry, nowMs: number): string {
  const ts = e.isoTime ? `"${zapIsoTime(new Date(nowMs))}"` : String(nowMs / 1000);
  const caller = e.caller ? `,"caller":${zapJsonString(e.caller)}` : '';
  return `{"level":"${e.level}","ts":${ts}${caller},"msg":${zapJsonString(e.msg)}${encodeFields(e.fields, false)}}`;
}

/** zapcore.ISO8601TimeEncoder: `2006-01-02T15:04:05.000Z0700` in local time. */
export function zapIsoTime(d: Date): string {
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${p(Math.trunc(off / 60))}${p(off % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}${zone}`;
}

/** One line (without newline) as zap.NewExample() prints it. */
export function formatZapExample(e: LogEntry): string {
  return `{"level":"${e.level}","msg":${zapJsonString(e.msg)}${encodeFields(e.fields, true)}}`;
}

/** capnslog's default format for Go `log` output: `YYYY-MM-DD HH:MM:SS.uuuuuu I | msg` (local time). */
export { formatCapnslog } from '../format/capnslog.js';
