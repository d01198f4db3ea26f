// Go's strconv.Quote (what fmt's %q does to a string), over the raw bytes of a Go string.
// Printable runes (strconv.IsPrint: letters, marks, numbers, punctuation, symbols, ASCII space)
// are kept; \a \b \f \n \r \t \v \\ \" are escaped by name; other runes below U+0080 and U+007F
// become \xHH; other non-printable runes \uHHHH or \UHHHHHHHH; each byte of an invalid UTF-8
// sequence becomes \xHH. Hex digits are lower-case.
import { decodeRune, RUNE_ERROR, toBytes } from './utf8.js';
import { isGoPrint } from './go-print.js';

const HEX = '0123456789abcdef';

function hex(value: number, digits: number): string {
  let out = '';
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += HEX[(value >>> shift) & 0xf];
  return out;
}

const NAMED_ESCAPES: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

/** `strconv.Quote(string(b))`: a double-quoted Go string literal. */
export function goQuote(s: string | Uint8Array): string {
  const b = toBytes(s);
  let out = '"';
  for (let i = 0; i < b.length; ) {
    const [r, width] = decodeRune(b, i);
    if (width === 1 && r === RUNE_ERROR) {
      out += '\\x' + hex(b[i]!, 2);
      i += 1;
      continue;
    }
    i += width;
    if (r === 0x22 || r === 0x5c) {
      out += '\\' + String.fromCharCode(r);
    } else if (isGoPrint(r)) {
      out += String.fromCodePoint(r);
    } else if (NAMED_ESCAPES[r] !== undefined) {
      out += NAMED_ESCAPES[r];
    } else if (r < 0x20 || r === 0x7f) {
      out += '\\x' + hex(r, 2);
    } else if (r < 0x10000) {
      out += '\\u' + hex(r, 4);
    } else {
      out += '\\U' + hex(r, 8);
    }
  }
  return out + '"';
}

/**
 * The quoting of Go's time package (its private `quote`, in time.ParseDuration's and time.Parse's
 * errors), which is NOT strconv.Quote: each byte of a rune below U+0020 or above U+007F becomes
 * \xHH (so a newline is \x0a and "é" is \xc3\xa9), `"` and `\` are backslash-escaped, and
 * everything else, U+007F included, is kept.
 */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) {
      for (const byte of toBytes(ch)) out += '\\x' + hex(byte, 2);
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

/** Go's `%v` of a []string: `[a b c]`, `[]` when empty. */
export function goStringList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

/** etcdctl's --hex form of a byte string: `\xHH` (lower-case) for every byte, no separators. */
export function hexEscape(b: Uint8Array): string {
  let out = '';
  for (const byte of b) out += '\\x' + hex(byte, 2);
  return out;
}
