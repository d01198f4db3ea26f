// Parsers for flag values with Go's semantics and Go's error texts (strconv and time), because
// etcdctl reports them verbatim: `invalid argument "abc" for "--limit" flag: strconv.ParseInt: parsing "abc": invalid syntax`.
import { goQuote, goTimeQuote } from './go-quote.js';

export class GoParseError extends Error {}

function syntaxError(fn: string, s: string): GoParseError {
  return new GoParseError(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
}
function rangeError(fn: string, s: string): GoParseError {
  return new GoParseError(`strconv.${fn}: parsing ${goQuote(s)}: value out of range`);
}

/** Digits of s in the given base (2..36), underscores allowed between digits when base was implied. */
function parseDigits(s: string, base: number, underscores: boolean): bigint | undefined {
  if (s === '') return undefined;
  let v = 0n;
  const b = BigInt(base);
  let sawDigit = false;
  let lastUnderscore = false;
  for (const ch of s) {
    if (ch === '_' && underscores) {
      if (lastUnderscore) return undefined;
      lastUnderscore = true;
      continue;
    }
    lastUnderscore = false;
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    v = v * b + BigInt(d);
    sawDigit = true;
  }
  if (!sawDigit || lastUnderscore) return undefined;
  return v;
}

/** strconv.ParseUint(s, base, bitSize); base 0 infers 0x/0o/0b/0 prefixes as Go does. */
export function parseGoUint(s: string, base = 0, bitSize = 64, fn = 'ParseUint'): bigint {
  let body = s;
  let b = base;
  let underscores = false;
  if (base === 0) {
    b = 10;
    underscores = true;
    if (body.length > 1 && body[0] === '0') {
      const p = body[1]!.toLowerCase();
      if (p === 'x') [b, body] = [16, body.slice(2)];
      else if (p === 'o') [b, body] = [8, body.slice(2)];
      else if (p === 'b') [b, body] = [2, body.slice(2)];
      else [b, body] = [8, body.slice(1)];
      if (body === '' && b !== 8) throw syntaxError(fn, s);
      if (body === '' && b === 8) return 0n;
    }
  }
  // a leading underscore directly after the prefix is allowed by Go only in base-prefixed form
  const v = parseDigits(body, b, underscores);
  if (v === undefined) throw syntaxError(fn, s);
  if (v >= 1n << BigInt(bitSize)) throw rangeError(fn, s);
  return v;
}

/** strconv.ParseInt(s, base, bitSize). */
export function parseGoInt(s: string, base = 0, bitSize = 64): bigint {
  if (s === '') throw syntaxError('ParseInt', s);
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  let u: bigint;
  try {
    u = parseGoUint(body, base, bitSize, 'ParseInt');
  } catch (e) {
    const msg = (e as Error).message;
    if (msg.endsWith('value out of range')) throw rangeError('ParseInt', s);
    throw syntaxError('ParseInt', s);
  }
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && u >= cutoff) throw rangeError('ParseInt', s);
  if (neg && u > cutoff) throw rangeError('ParseInt', s);
  return neg ? -u : u;
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  switch (s) {
    case '1': case 't': case 'T': case 'TRUE': case 'true': case 'True':
      return true;
    case '0': case 'f': case 'F': case 'FALSE': case 'false': case 'False':
      return false;
  }
  throw syntaxError('ParseBool', s);
}

const NS = 1n;
const DURATION_UNITS: Record<string, bigint> = {
  ns: NS,
  us: 1000n,
  'µs': 1000n, // U+00B5
  'μs': 1000n, // U+03BC
  ms: 1000_000n,
  s: 1000_000_000n,
  m: 60n * 1000_000_000n,
  h: 3600n * 1000_000_000n,
};

/** time.ParseDuration; returns nanoseconds. */
export function parseGoDuration(orig: string): bigint {
  const invalid = () => new GoParseError(`time: invalid duration ${goTimeQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  const max = 1n << 63n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) throw invalid();
    const intMatch = /^[0-9]*/.exec(s)![0];
    s = s.slice(intMatch.length);
    let fracDigits = '';
    if (s[0] === '.') {
      s = s.slice(1);
      fracDigits = /^[0-9]*/.exec(s)![0];
      s = s.slice(fracDigits.length);
      if (intMatch === '' && fracDigits === '') throw invalid();
    } else if (intMatch === '') throw invalid();
    let i = 0;
    while (i < s.length && !(s[i] === '.' || (s[i]! >= '0' && s[i]! <= '9'))) i++;
    if (i === 0) throw new GoParseError(`time: missing unit in duration ${goTimeQuote(orig)}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = DURATION_UNITS[u];
    if (unit === undefined) throw new GoParseError(`time: unknown unit ${goTimeQuote(u)} in duration ${goTimeQuote(orig)}`);
    const v = intMatch === '' ? 0n : BigInt(intMatch);
    if (v > max / unit) throw invalid();
    let part = v * unit;
    if (fracDigits !== '') {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      const f = Number(fracDigits.slice(0, 18) || '0');
      const scale = 10 ** Math.min(fracDigits.length, 18);
      part += BigInt(Math.trunc(f * (Number(unit) / scale)));
      if (part > max) throw invalid();
    }
    total += part;
    if (total > max) throw invalid();
  }
  if (neg) return -total;
  if (total > max - 1n) throw invalid();
  return total;
}

/** pflag's stringSlice: one CSV record (encoding/csv), so quotes may hold commas. */
export function parseCsvRecord(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new GoParseError(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += s[i++];
      }
      if (i < s.length && s[i] !== ',') throw new GoParseError(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
      out.push(field);
      i++;
    } else {
      const end = s.indexOf(',', i);
      const field = end < 0 ? s.slice(i) : s.slice(i, end);
      if (field.includes('"')) throw new GoParseError(`parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`);
      out.push(field);
      if (end < 0) break;
      i = end + 1;
      if (i === s.length) {
        out.push('');
        break;
      }
    }
  }
  return out;
}
