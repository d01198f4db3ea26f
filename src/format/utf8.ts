// Go's unicode/utf8 decoding rules, shared by the Go-compatible quoting and JSON writers.
// Go decodes byte strings rune by rune; an invalid or truncated sequence yields U+FFFD with a
// width of one byte, and decoding resumes at the next byte. Surrogate code points (ED A0..BF) and
// overlong forms are invalid, exactly as in utf8.DecodeRune.

export const RUNE_ERROR = 0xfffd;

/** Decodes one rune at `i`: [rune, width]. Invalid input gives [RUNE_ERROR, 1]. */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const n = b.length - i;
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  // Second-byte bounds per lead byte (Go's acceptRanges), then continuation bytes 80..BF.
  let size: number;
  let lo = 0x80;
  let hi = 0xbf;
  let rune: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    size = 2;
    rune = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3;
    rune = b0 & 0x0f;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4;
    rune = b0 & 0x07;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f;
  } else {
    return [RUNE_ERROR, 1];
  }
  if (n < 2) return [RUNE_ERROR, 1];
  const b1 = b[i + 1]!;
  if (b1 < lo || b1 > hi) return [RUNE_ERROR, 1];
  rune = (rune << 6) | (b1 & 0x3f);
  for (let k = 2; k < size; k++) {
    if (n <= k) return [RUNE_ERROR, 1];
    const c = b[i + k]!;
    if (c < 0x80 || c > 0xbf) return [RUNE_ERROR, 1];
    rune = (rune << 6) | (c & 0x3f);
  }
  return [rune, size];
}

/** Go's `[]byte(s)` of a TypeScript string: UTF-8, lone surrogates becoming U+FFFD. */
export function toBytes(s: string | Uint8Array): Uint8Array {
  return typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
}
