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

test('an endpoint status size from the printer golden data', () => {
  // `etcdctl endpoint status -w json` gave dbSize 24576 and `-w table` on the same database `25 kB`
  // (printer golden table/endpoint_status.in.json and table/endpoint_status.out)
  assert.equal(humanizeBytes(24576n), '25 kB');
});
