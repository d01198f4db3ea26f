// Go's text scanning as etcdctl's txn and interactive watch input meet it: strings.TrimSpace,
// strconv.Unquote and fmt.Sscanf with %q/%s, over raw bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoSyntaxError, goSscanf, goTrimSpace, goUnquote, isGoSpace } from '../../../src/format/go-scan.js';

const b = (s: string) => Buffer.from(s, 'utf8');

test('TrimSpace trims Unicode white space but not invalid bytes or BOMs', () => {
  assert.deepEqual(goTrimSpace(b(' \t\v\f\r\n x y \n')), b('x y'));
  assert.deepEqual(goTrimSpace(b('\u00a0\u2003x\u3000\u0085')), b('x'));
  assert.deepEqual(goTrimSpace(b('\ufeffx')), b('\ufeffx'));
  assert.deepEqual(goTrimSpace(Buffer.from([0x20, 0xff, 0x20])), Buffer.from([0xff]));
  assert.deepEqual(goTrimSpace(b('   ')), b(''));
  assert.equal(isGoSpace(0x200b), false); // zero width space is not white space
});

test('Unquote: escapes give bytes (\\x, octal) or UTF-8 (\\u), bad ones are syntax errors', () => {
  assert.deepEqual(goUnquote(b('"a\\n\\t\\"\\\\"')), b('a\n\t"\\'));
  assert.deepEqual(goUnquote(b('"\\x01\\xff\\101"')), Buffer.from([1, 0xff, 0x41]));
  assert.deepEqual(goUnquote(b('"\\u00e9\\U0001F600"')), b('é😀'));
  assert.deepEqual(goUnquote(b('`raw\\n`')), b('raw\\n'));
  assert.deepEqual(goUnquote(b("'x'")), b('x'));
  for (const bad of ['"\\q"', '"\\x4"', '"\\ud800"', '"\\400"', '"a', 'a"', '"\'\\\'"', '"', "'ab'"]) {
    assert.throws(() => goUnquote(b(bad)), GoSyntaxError, bad);
  }
});

test('Sscanf("%q) %s %q"): values, counts and where it stops', () => {
  const scan = (s: string) => {
    const r = goSscanf(b(s), '%q) %s %q', 3);
    return [r.n, ...r.values.map((v) => v.toString())];
  };
  assert.deepEqual(scan('"a") = "1"'), [3, 'a', '=', '1']);
  assert.deepEqual(scan('`a`)   !=\t`x y`  tail'), [3, 'a', '!=', 'x y']);
  assert.deepEqual(scan('  "a\\"b")  >  "\\x41"'), [3, 'a"b', '>', 'A']);
  // a space in the format needs at least one in the input
  assert.deepEqual(scan('"a")="1"'), [1, 'a', '', '']);
  assert.deepEqual(scan('"a" = "1"'), [1, 'a', '', '']);
  assert.deepEqual(scan('a) = "1"'), [0, '', '', '']);
  assert.deepEqual(scan('"a")'), [1, 'a', '', '']);
  assert.deepEqual(scan('"a") ='), [2, 'a', '=', '']);
  assert.deepEqual(scan('"a") = 1'), [2, 'a', '=', '']);
  assert.deepEqual(scan('"a\\q") = "1"'), [0, '', '', '']);
  assert.equal(goSscanf(b('"a\\q"'), '%q', 1).err, 'invalid syntax');
  assert.equal(goSscanf(b('a'), '%q', 1).err, 'expected quoted string');
  // invalid UTF-8 is read as U+FFFD, as fmt reads runes
  assert.deepEqual(goSscanf(Buffer.from([0x22, 0xff, 0x22]), '%q', 1).values[0], b('\ufffd'));
});
