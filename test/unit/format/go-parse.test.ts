// Flag value parsing with Go's semantics and error texts (strconv, time.ParseDuration, CSV).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseCsvRecord,
  parseGoBool,
  parseGoDuration,
  parseGoInt,
  parseGoUint,
} from '../../../src/format/go-parse.js';

test('ParseInt with base 0 infers prefixes and keeps the 64-bit range exact', () => {
  assert.equal(parseGoInt('0'), 0n);
  assert.equal(parseGoInt('-42'), -42n);
  assert.equal(parseGoInt('+7'), 7n);
  assert.equal(parseGoInt('0x1f'), 31n);
  assert.equal(parseGoInt('0o17'), 15n);
  assert.equal(parseGoInt('017'), 15n);
  assert.equal(parseGoInt('0b101'), 5n);
  assert.equal(parseGoInt('1_000'), 1000n);
  assert.equal(parseGoInt('9223372036854775807'), 9223372036854775807n);
  assert.equal(parseGoInt('-9223372036854775808'), -9223372036854775808n);
  assert.throws(() => parseGoInt('9223372036854775808'), { message: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' });
  assert.throws(() => parseGoInt('abc'), { message: 'strconv.ParseInt: parsing "abc": invalid syntax' });
  assert.throws(() => parseGoInt(''), { message: 'strconv.ParseInt: parsing "": invalid syntax' });
  assert.throws(() => parseGoInt('1.5'), { message: 'strconv.ParseInt: parsing "1.5": invalid syntax' });
});

test('ParseInt base 16 for lease ids', () => {
  assert.equal(parseGoInt('7d7ba215480a8144', 16), 0x7d7ba215480a8144n);
  assert.throws(() => parseGoInt('zz', 16), { message: 'strconv.ParseInt: parsing "zz": invalid syntax' });
  assert.throws(() => parseGoInt('0x10', 16), { message: 'strconv.ParseInt: parsing "0x10": invalid syntax' });
});

test('ParseUint covers ids above 2^63', () => {
  assert.equal(parseGoUint('ffffffffffffffff', 16), 18446744073709551615n);
  assert.throws(() => parseGoUint('10000000000000000', 16), { message: 'strconv.ParseUint: parsing "10000000000000000": value out of range' });
  assert.throws(() => parseGoUint('-1', 16), { message: 'strconv.ParseUint: parsing "-1": invalid syntax' });
});

test('ParseBool accepts exactly Go\'s spellings', () => {
  for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(parseGoBool(t), true);
  for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(parseGoBool(f), false);
  assert.throws(() => parseGoBool('yes'), { message: 'strconv.ParseBool: parsing "yes": invalid syntax' });
});

test('time.ParseDuration values and errors', () => {
  assert.equal(parseGoDuration('2s'), 2_000_000_000n);
  assert.equal(parseGoDuration('1m30s'), 90_000_000_000n);
  assert.equal(parseGoDuration('1.5h'), 5_400_000_000_000n);
  assert.equal(parseGoDuration('500ms'), 500_000_000n);
  assert.equal(parseGoDuration('10µs'), 10_000n);
  assert.equal(parseGoDuration('-3ns'), -3n);
  assert.equal(parseGoDuration('0'), 0n);
  assert.throws(() => parseGoDuration('5'), { message: 'time: missing unit in duration "5"' });
  assert.throws(() => parseGoDuration('1x'), { message: 'time: unknown unit "x" in duration "1x"' });
  assert.throws(() => parseGoDuration('abc'), { message: 'time: invalid duration "abc"' });
  assert.throws(() => parseGoDuration(''), { message: 'time: invalid duration ""' });
  // the time package quotes with its own quote(), not strconv.Quote (Debian's etcdctl,
  // `get k --dial-timeout=<x>`): bytes of control and non-ASCII runes as \xHH, DEL kept
  assert.throws(() => parseGoDuration('\n'), { message: 'time: invalid duration "\\x0a"' });
  assert.throws(() => parseGoDuration('é'), { message: 'time: invalid duration "\\xc3\\xa9"' });
  assert.throws(() => parseGoDuration('\x7f'), { message: 'time: invalid duration "\x7f"' });
  assert.throws(() => parseGoDuration('a"\\'), { message: 'time: invalid duration "a\\"\\\\"' });
  assert.throws(() => parseGoDuration('1é'), { message: 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"' });
});

test('strconv errors quote with strconv.Quote', () => {
  // Debian's etcdctl: `get k --limit=$'\a'`, `--limit=$'a\u00a0b'`, `--limit=$'x\x01'`
  assert.throws(() => parseGoInt('\x07', 0, 64), { message: 'strconv.ParseInt: parsing "\\a": invalid syntax' });
  assert.throws(() => parseGoInt('a\u00a0b', 0, 64), { message: 'strconv.ParseInt: parsing "a\\u00a0b": invalid syntax' });
  assert.throws(() => parseGoInt('x\x01', 0, 64), { message: 'strconv.ParseInt: parsing "x\\x01": invalid syntax' });
});

test('stringSlice values are one CSV record', () => {
  assert.deepEqual(parseCsvRecord('a,b,c'), ['a', 'b', 'c']);
  assert.deepEqual(parseCsvRecord('"a,b",c'), ['a,b', 'c']);
  assert.deepEqual(parseCsvRecord('a,'), ['a', '']);
  assert.deepEqual(parseCsvRecord(''), []);
});
