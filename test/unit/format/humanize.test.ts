// go-humanize Bytes, against golden/humanize.txt: `etcdctl snapshot status -w json` (totalSize)
// next to `-w simple` (the humanized size) for snapshots of a growing database (capture.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { humanizeBytes } from '../../../src/format/humanize.js';

const pairs = readFileSync(new URL('./golden/humanize.txt', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(' => ') as [string, string]);

test('the golden file covers kB, MB and both directions of halfway rounding', () => {
  assert.ok(pairs.length > 50);
  assert.ok(pairs.some(([, h]) => h.endsWith(' MB')));
  // x.5 kB values: Go's %.0f rounds half to even (532.5 kB -> "532 kB", 147.5 kB -> "148 kB").
  const halfway = pairs.filter(([b]) => {
    const tenths = Math.floor((Number(b) / 1000) * 10 + 0.5);
    return Number(b) >= 10_000 && Number(b) < 1_000_000 && tenths % 10 === 5;
  });
  const roundedDown = halfway.filter(([b, h]) => h === `${Math.floor(Number(b) / 1000)} kB`);
  assert.ok(roundedDown.length > 0 && roundedDown.length < halfway.length, 'needs ties rounded down and up');
});

for (const [bytes, want] of pairs) {
  test(`humanizeBytes(${bytes}) = ${want}`, () => {
    assert.equal(humanizeBytes(BigInt(bytes)), want);
  });
}

test('endpoint status sizes from the printer golden data', () => {
  // `etcdctl endpoint status -w json` dbSize 24576 printed as `25 kB` by `-w table`
  // (printer golden json/endpoint_status.in.json, table/endpoint_status.out); after the NOSPACE fill,
  // dbSize 6037504 was `6.0 MB` (`etcdctl endpoint status -w simple` on the same database)
  assert.equal(humanizeBytes(24576n), '25 kB');
  assert.equal(humanizeBytes(6037504), '6.0 MB');
});
