// Go's text scanning that etcdctl's txn and interactive watch input goes through, over the raw
// bytes of a Go string: strings.TrimSpace, strconv.Unquote, and fmt.Sscanf for formats made of
// %q, %s, literal runes and spaces. fmt reads its input rune by rune: an invalid UTF-8 byte is
// read as U+FFFD, so scanned strings are always valid UTF-8.
import { decodeRune, RUNE_ERROR } from './utf8.js';

/** unicode.IsSpace (and fmt's isSpace, which has the same table). */
export function isGoSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

/** strings.TrimSpace on bytes. */
export function goTrimSpace(b: Buffer): Buffer {
  let start = 0;
  while (start < b.length) {
    const [r, w] = decodeRune(b, start);
    if (!isGoSpace(r)) break;
    start += w;
  }
  // trailing: walk the runes of what is left and keep the end of the last non-space one
  let end = start;
  for (let i = start; i < b.length; ) {
    const [r, w] = decodeRune(b, i);
    i += w;
    if (!isGoSpace(r)) end = i;
  }
  return b.subarray(start, end);
}

export class GoSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function utf8(r: number): Buffer {
  return Buffer.from(String.fromCodePoint(r), 'utf8');
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * strconv.Unquote of a double-quoted, back-quoted or single-quoted Go literal; the result as
 * bytes (\x and octal escapes give raw bytes, others UTF-8). Throws GoSyntaxError.
 */
export function goUnquote(s: Buffer): Buffer {
  const n = s.length;
  if (n < 2) throw new GoSyntaxError();
  const quote = s[0]!;
  if (quote !== s[n - 1]) throw new GoSyntaxError();
  const body = s.subarray(1, n - 1);
  if (quote === 0x60) {
    if (body.includes(0x60)) throw new GoSyntaxError();
    // carriage returns are dropped from raw strings
    return body.includes(0x0d) ? Buffer.from(body.filter((c) => c !== 0x0d)) : Buffer.from(body);
  }
  if (quote !== 0x22 && quote !== 0x27) throw new GoSyntaxError();
  if (body.includes(0x0a)) throw new GoSyntaxError();
  const out: Buffer[] = [];
  let i = 0;
  let runes = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === quote && quote === 0x27) throw new GoSyntaxError();
    if (c === quote) throw new GoSyntaxError();
    runes++;
    if (c >= 0x80) {
      const [r, w] = decodeRune(body, i);
      out.push(w === 1 && r === RUNE_ERROR ? utf8(RUNE_ERROR) : body.subarray(i, i + w));
      i += w;
      continue;
    }
    if (c !== 0x5c) {
      out.push(body.subarray(i, i + 1));
      i++;
      continue;
    }
    // escape
    if (i + 1 >= body.length) throw new GoSyntaxError();
    const e = body[i + 1]!;
    i += 2;
    const simple: Record<number, number> = { 0x61: 7, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11, 0x5c: 0x5c };
    if (simple[e] !== undefined) {
      out.push(Buffer.from([simple[e]]));
    } else if (e === 0x27 || e === 0x22) {
      if (e !== quote) throw new GoSyntaxError();
      out.push(Buffer.from([e]));
    } else if (e === 0x78 || e === 0x75 || e === 0x55) {
      const digits = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (i + digits > body.length) throw new GoSyntaxError();
      let v = 0;
      for (let k = 0; k < digits; k++) {
        const h = hexVal(body[i + k]!);
        if (h < 0) throw new GoSyntaxError();
        v = v * 16 + h;
      }
      i += digits;
      if (e === 0x78) {
        out.push(Buffer.from([v]));
      } else {
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new GoSyntaxError();
        out.push(utf8(v));
      }
    } else if (e >= 0x30 && e <= 0x37) {
      if (i + 2 > body.length) throw new GoSyntaxError();
      let v = e - 0x30;
      for (let k = 0; k < 2; k++) {
        const d = body[i + k]! - 0x30;
        if (d < 0 || d > 7) throw new GoSyntaxError();
        v = v * 8 + d;
      }
      i += 2;
      if (v > 255) throw new GoSyntaxError();
      out.push(Buffer.from([v]));
    } else {
      throw new GoSyntaxError();
    }
  }
  if (quote === 0x27 && runes !== 1) throw new GoSyntaxError();
  return Buffer.concat(out);
}

const EOF = -1;

/** fmt's scan state over a byte string: runes read one at a time, one rune of push-back. */
class ScanState {
  private pos = 0;
  private lastWidth = 0;

  constructor(private readonly b: Buffer) {}

  getRune(): number {
    if (this.pos >= this.b.length) {
      this.lastWidth = 0;
      return EOF;
    }
    const [r, w] = decodeRune(this.b, this.pos);
    this.pos += w;
    this.lastWidth = w;
    return r;
  }

  mustReadRune(): number {
    const r = this.getRune();
    if (r === EOF) throw new ScanError('unexpected EOF');
    return r;
  }

  unreadRune(): void {
    this.pos -= this.lastWidth;
    this.lastWidth = 0;
  }

  /** SkipSpace (no newlines are expected: input lines are already split) */
  skipSpace(): void {
    for (;;) {
      const r = this.getRune();
      if (r === EOF) return;
      if (r === 0x0d && this.b[this.pos] === 0x0a) continue;
      if (r === 0x0a) throw new ScanError('unexpected newline');
      if (!isGoSpace(r)) {
        this.unreadRune();
        return;
      }
    }
  }

  notEOF(): void {
    const r = this.getRune();
    if (r === EOF) throw new ScanError('unexpected EOF');
    this.unreadRune();
  }

  /** %q: a back-quoted or double-quoted string, unquoted */
  quotedString(): Buffer {
    this.notEOF();
    const quote = this.getRune();
    const buf: Buffer[] = [];
    if (quote === 0x60) {
      for (;;) {
        const r = this.mustReadRune();
        if (r === quote) break;
        buf.push(utf8(r));
      }
      return Buffer.concat(buf);
    }
    if (quote === 0x22) {
      buf.push(Buffer.from('"'));
      for (;;) {
        const r = this.mustReadRune();
        buf.push(utf8(r));
        if (r === 0x5c) buf.push(utf8(this.mustReadRune()));
        else if (r === 0x22) break;
      }
      try {
        return goUnquote(Buffer.concat(buf));
      } catch {
        throw new ScanError('invalid syntax');
      }
    }
    throw new ScanError('expected quoted string');
  }

  /** %s: the next run of non-space runes */
  token(): Buffer {
    const buf: Buffer[] = [];
    for (;;) {
      const r = this.getRune();
      if (r === EOF) break;
      if (isGoSpace(r)) {
        this.unreadRune();
        break;
      }
      buf.push(utf8(r));
    }
    return Buffer.concat(buf);
  }

  /**
   * fmt's advance: matches literal runes and spaces of the format; returns how many format bytes
   * were consumed, 0 at a verb or at the end of input, -1 on a mismatch.
   */
  advance(format: string): number {
    let i = 0;
    while (i < format.length) {
      let fmtc = format.charCodeAt(i);
      if (isGoSpace(fmtc)) {
        let newlines = 0;
        let trailingSpace = false;
        while (i < format.length && isGoSpace(fmtc)) {
          if (fmtc === 0x0a) {
            newlines++;
            trailingSpace = false;
          } else trailingSpace = true;
          i++;
          fmtc = format.charCodeAt(i);
        }
        for (let j = 0; j < newlines; j++) {
          let inputc = this.getRune();
          while (isGoSpace(inputc) && inputc !== 0x0a) inputc = this.getRune();
          if (inputc !== 0x0a && inputc !== EOF) throw new ScanError('newline in format does not match input');
        }
        if (trailingSpace) {
          let inputc = this.getRune();
          if (newlines === 0) {
            if (!isGoSpace(inputc) && inputc !== EOF) throw new ScanError('expected space in input to match format');
            if (inputc === 0x0a) throw new ScanError('newline in input does not match format');
          }
          while (isGoSpace(inputc) && inputc !== 0x0a) inputc = this.getRune();
          if (inputc !== EOF) this.unreadRune();
        }
        continue;
      }
      if (fmtc === 0x25) {
        if (i + 1 === format.length) throw new ScanError('missing verb: % at end of format string');
        if (format.charCodeAt(i + 1) !== 0x25) return i;
        i++;
      }
      const inputc = this.mustReadRune();
      if (fmtc !== inputc) {
        this.unreadRune();
        return -1;
      }
      i++;
    }
    return i;
  }
}

class ScanError extends Error {}

export interface ScanResult {
  /** how many values were scanned (fmt.Sscanf's n) */
  n: number;
  /** the values scanned so far; the rest stay empty */
  values: Buffer[];
  /** fmt's error text, if the scan stopped early */
  err: string | undefined;
}

/** fmt.Sscanf(input, format, &s1, &s2, ...) with `count` string operands; verbs %q and %s. */
export function goSscanf(input: Buffer, format: string, count: number): ScanResult {
  const s = new ScanState(input);
  const values: Buffer[] = Array.from({ length: count }, () => Buffer.alloc(0));
  let n = 0;
  try {
    const end = format.length - 1;
    for (let i = 0; i <= end; ) {
      const w = s.advance(format.slice(i));
      if (w > 0) {
        i += w;
        continue;
      }
      if (format[i] !== '%') {
        if (w < 0) throw new ScanError('input does not match format');
        break;
      }
      i++;
      const verb = format[i]!;
      i++;
      if (verb !== 'c') s.skipSpace();
      if (n >= count) throw new ScanError(`too few operands for format '%${format.slice(i - 1)}'`);
      if (verb === 'q') {
        s.skipSpace();
        values[n] = s.quotedString();
      } else if (verb === 's') {
        s.skipSpace();
        s.notEOF();
        values[n] = s.token();
      } else {
        throw new ScanError(`bad verb '%${verb}' for string`);
      }
      n++;
    }
    if (n < count) throw new ScanError('too many operands');
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    return { n, values, err: e.message };
  }
  return { n, values, err: undefined };
}
