// Go's %q, checked against what Debian's etcdctl 3.4.23 (Go 1.19) printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { goQuote, goStringList, hexEscape } from '../../../src/format/go-quote.js';
import { isGoPrint } from '../../../src/format/go-print.js';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url));

test('every rune around the Unicode-13 corrections, and malformed UTF-8, quote as Go 1.19 does', () => {
  // capture.sh: `etcdctl put sample < quote-sample.bin; etcdctl get sample -w fields`
  const fields = golden('quote-sample.fields').toString();
  const valueLine = fields.split('\n').find((l) => l.startsWith('"Value" : '))!;
  assert.equal(goQuote(golden('quote-sample.bin')), valueLine.slice('"Value" : '.length));
});

test('keys of the printer golden data quote as etcdctl printed them', () => {
  // test/unit/printer/golden/capture.sh: keys put through `etcdctl txn`, read back with
  // `etcdctl get "" --prefix -w fields`.
  const cases: Array<[Buffer, string]> = [
    [Buffer.from('bin\x00\x01\xff\xfe', 'latin1'), '"bin\\x00\\x01\\xff\\xfe"'],
    [Buffer.from('\x00v\x7f', 'latin1'), '"\\x00v\\x7f"'],
    [Buffer.from('ctl\t\n\r\x07\x08\x0c\x0b\\"q', 'latin1'), '"ctl\\t\\n\\r\\a\\b\\f\\v\\\\\\"q"'],
    [Buffer.from('invalid\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80', 'latin1'), '"invalid\\xc3(\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80"'],
    [Buffer.from('\xe2\x82', 'latin1'), '"\\xe2\\x82"'],
    [Buffer.from('uni\u00e9\u043a\u00a0\u200b\u2028\u0301\u{1fae0}\u{1f600}'), '"uni\u00e9\u043a\\u00a0\\u200b\\u2028\u0301\\U0001fae0\u{1f600}"'],
    [Buffer.from('-dash'), '"-dash"'],
    [Buffer.alloc(0), '""'],
  ];
  for (const [bytes, quoted] of cases) assert.equal(goQuote(bytes), quoted, quoted);
});

test('a TypeScript string is quoted from its UTF-8 bytes', () => {
  // capture.sh: `etcdctl endpoint health --endpoints=<endpoint.name> -w fields`
  const name = golden('endpoint.name').toString('utf8');
  const line = golden('endpoint.fields').toString().split('\n').filter((l) => l.startsWith('"Endpoint" : '))[1]!;
  assert.equal(line, `"Endpoint" : ${goQuote(name)}`);
});

test('isGoPrint: ASCII printables only, and runes newer than Unicode 13 are not printable', () => {
  assert.equal(isGoPrint(0x20), true);
  assert.equal(isGoPrint(0x7e), true);
  assert.equal(isGoPrint(0x7f), false);
  assert.equal(isGoPrint(0x1f), false);
  assert.equal(isGoPrint(0x1f600), true); // printed raw in the golden above
  assert.equal(isGoPrint(0x1fae0), false); // Unicode 14: printed as \U0001fae0
  assert.equal(isGoPrint(0xd800), false);
});

test('goStringList is Go %v of a []string', () => {
  // test/unit/printer/golden/fields/endpoint_status.out: `"Errors" : []`;
  // fields/endpoint_status_alarm.out: `"Errors" : [memberID:742076774386435124 alarm:NOSPACE ]`
  assert.equal(goStringList([]), '[]');
  assert.equal(goStringList(['memberID:742076774386435124 alarm:NOSPACE ']), '[memberID:742076774386435124 alarm:NOSPACE ]');
  // `lease timetolive --keys` (simple/lease_timetolive_keys.out): `attached keys([lk1 lk2])`
  assert.equal(goStringList(['lk1', 'lk2']), '[lk1 lk2]');
});

test('hexEscape is --hex: \\xHH per byte, lower-case', () => {
  // `etcdctl get foo --hex` (printer golden simple/get_hex.out): \x66\x6f\x6f then \x62\x61\x72\x31
  assert.equal(hexEscape(Buffer.from('foo')), '\\x66\\x6f\\x6f');
  assert.equal(hexEscape(Buffer.from('bar1')), '\\x62\\x61\\x72\\x31');
  // `etcdctl get "" --prefix --hex` (simple/get_hex_all.out): the key bin\x00\x01\xff\xfe
  assert.equal(hexEscape(Buffer.from('bin\x00\x01\xff\xfe', 'latin1')), '\\x62\\x69\\x6e\\x00\\x01\\xff\\xfe');
  assert.equal(hexEscape(Buffer.alloc(0)), '');
});
