// Writes the byte string whose Go %q the format tests check (golden/quote-sample.bin): runes on
// both sides of every range in GO_NOT_PRINT, a few categories Go treats specially, and malformed
// UTF-8. A golden generator, not a test: run it by hand before capture.sh, which stores these bytes
// in an etcd and records Debian's etcdctl's quoting of them; the expected quoting comes from
// etcdctl, not from here. Usage: node --import tsx test/unit/format/make-quote-sample.ts
import { writeFileSync } from 'node:fs';
import { GO_NOT_PRINT_RANGES } from '../../../src/format/go-print.js';

const runes = new Set<number>();
for (let r = 0x80; r <= 0xa0; r++) runes.add(r);
for (const r of [0xad, 0x300, 0x34f, 0x61c, 0x200b, 0x200d, 0x2028, 0x2029, 0x202e, 0x2060, 0x3000, 0xfeff, 0xfffd, 0xfffe, 0xffff]) runes.add(r);
for (const r of [0xe000, 0xf8ff, 0x1f600, 0x1fae0, 0xe0001, 0xe007f, 0xf0000, 0x10fffd, 0x10ffff]) runes.add(r);
for (const [first, last] of GO_NOT_PRINT_RANGES) for (const r of [first - 1, first, last, last + 1]) runes.add(r);
const valid = [...runes].filter((r) => r >= 0 && r <= 0x10ffff && (r < 0xd800 || r > 0xdfff)).sort((a, b) => a - b);

const malformed = [
  [0xc0, 0x80], // overlong
  [0xe0, 0x80, 0x80], // overlong
  [0xed, 0xa0, 0x80], // surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf0, 0x9f, 0x98], // truncated, then ASCII
  [0x41],
  [0x80], // lone continuation
  [0xff, 0xfe],
  [0xc3], // truncated at the end
];
const bytes = Buffer.concat([
  Buffer.from(String.fromCodePoint(...valid), 'utf8'),
  ...malformed.map((m) => Buffer.from(m)),
]);
writeFileSync(new URL('./golden/quote-sample.bin', import.meta.url), bytes);
console.log(`${valid.length} runes, ${bytes.length} bytes`);
