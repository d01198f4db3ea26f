// Go's text/tabwriter: the two configurations our help uses (etcdctl v3's and urfave/cli's), and
// the rest of Init's parameters and flags, pinned with the outputs Go's package documentation
// shows for its examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlignRight, Debug, DiscardEmptyColumns, TabIndent, tabwrite } from '../../../src/format/tabwriter.js';

test("etcdctl v3 help: Init(w, 0, 8, 1, '\\t', 0): columns per block, tab padding to multiples of 8", () => {
  const etcdctl = (s: string) => tabwrite(s, 0, 8, 1, '\t', 0);
  assert.equal(etcdctl('a\tb\nlonger-cell\tc\n\nx\ty\n'), 'a\t\tb\nlonger-cell\tc\n\nx\ty\n');
  assert.equal(etcdctl('\tone\tdesc\n\tthree-word\tdesc\n'), '\tone\t\tdesc\n\tthree-word\tdesc\n');
});

test("urfave/cli help: NewWriter(out, 1, 8, 2, ' ', 0): space padding 2", () => {
  const urfave = (s: string) => tabwrite(s, 1, 8, 2, ' ', 0);
  assert.equal(urfave('a\tx\nlonger\ty\n\nz\tw\n'), 'a       x\nlonger  y\n\nz  w\n');
  assert.equal(urfave('   --sort\tr\n   \n'), '   --sort  r\n   \n');
});

test("Go's examples: minwidth, tab padding, AlignRight", () => {
  const text = 'a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n\n';
  assert.equal(tabwrite(text, 0, 8, 0, '\t', 0), 'a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n\n');
  assert.equal(tabwrite(text, 5, 0, 1, ' ', AlignRight), '    a     b       c         d.\n  123 12345 1234567 123456789.\n\n');
});

test("Go's examples: elastic columns and trailing tabs, with Debug bars", () => {
  assert.equal(
    tabwrite('a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n', 0, 0, 1, '.', AlignRight | Debug),
    '....a|..b|c\n...aa|.bb|cc\n..aaa|\n.aaaa|.dddd|eeee\n',
  );
  assert.equal(
    tabwrite('a\tb\taligned\t\naa\tbb\taligned\t\naaa\tbbb\tunaligned\naaaa\tbbbb\taligned\t\n', 0, 0, 3, '-', AlignRight | Debug),
    '------a|------b|---aligned|\n-----aa|-----bb|---aligned|\n----aaa|----bbb|unaligned\n---aaaa|---bbbb|---aligned|\n',
  );
});

test('flush: a trailing empty cell at the very end is dropped, one before a newline is not', () => {
  assert.equal(tabwrite('a\t', 0, 0, 1, '.', 0), 'a');
  assert.equal(tabwrite('a\t\n', 0, 0, 1, '.', 0), 'a.\n');
  assert.equal(tabwrite('a\tb', 0, 0, 1, '.', 0), 'a.b');
  assert.equal(tabwrite('', 0, 8, 1, '\t', 0), '');
});

test('widths count runes, not UTF-16 units or bytes', () => {
  assert.equal(tabwrite('ä\tx\n😀b\ty\nabc\tz\n', 0, 0, 1, '.', 0), 'ä...x\n😀b..y\nabc.z\n');
});

test('formfeed ends every column block and is written as a newline', () => {
  assert.equal(tabwrite('a\tb\nccc\td\n', 0, 0, 1, '.', 0), 'a...b\nccc.d\n');
  assert.equal(tabwrite('a\tb\fccc\td\n', 0, 0, 1, '.', 0), 'a.b\nccc.d\n');
});

test('soft tabs and DiscardEmptyColumns', () => {
  assert.equal(tabwrite('a\v\vb\nc\v\vd\n', 0, 0, 1, '.', 0), 'a..b\nc..d\n');
  assert.equal(tabwrite('a\v\vb\nc\v\vd\n', 0, 0, 1, '.', DiscardEmptyColumns), 'a.b\nc.d\n');
  // a hard-tab terminated empty cell keeps its column
  assert.equal(tabwrite('a\v\tb\nc\v\vd\n', 0, 0, 1, '.', DiscardEmptyColumns), 'a..b\nc..d\n');
});

test('TabIndent pads leading empty cells with tabs whatever the padchar', () => {
  assert.equal(tabwrite('\ta\tb\n\taa\tb\n', 0, 8, 1, '.', TabIndent), '\ta..b\n\taa.b\n');
  assert.equal(tabwrite('\ta\tb\n\taa\tb\n', 0, 8, 1, '.', 0), '.a..b\n.aa.b\n');
});

test('tab padding: no padding when tabwidth is 0, and always left-aligned', () => {
  assert.equal(tabwrite('a\tb\n', 0, 0, 1, '\t', 0), 'ab\n');
  assert.equal(tabwrite('a\tb\n', 0, 8, 1, '\t', AlignRight), 'a\tb\n');
});

test('Init rejects negative sizes as Go panics on them', () => {
  assert.throws(() => tabwrite('a\tb\n', -1, 8, 1, ' ', 0), RangeError);
  assert.throws(() => tabwrite('a\tb\n', 0, 8, -1, ' ', 0), RangeError);
});
