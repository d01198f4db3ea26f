// The pb.v1-compatible progress bar and Go's %f rounding, on a fake clock. Expected frames were
// read off etcdctl 3.4.23's `check datascale` output (no terminal: no bar, no padding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBar, goFixed, pbDuration } from '../../../src/format/progress-bar.js';

const S = 1_000_000_000n;

function fakeBar(total: bigint, width = 0) {
  let now = 0n;
  let out = '';
  const bar = new ProgressBar(total, { write: (s) => (out += s) }, width, () => now);
  return {
    bar,
    tick: (ns: bigint) => {
      now += ns;
      (bar as unknown as { update(): void }).update();
    },
    advance: (ns: bigint) => void (now += ns),
    get out() {
      return out;
    },
  };
}

test('frames without a terminal: counters, percentage, time left when positive, final elapsed time', () => {
  const b = fakeBar(10000n);
  b.bar.start();
  b.bar.add(57);
  b.tick(S / 5n); // 57 done in 200 ms: 9943 * (200ms/57) = 34.9 s left
  b.bar.add(9943 - 100);
  b.tick(S * 8n); // nearly done: less than a second left -> no time box
  b.bar.add(100);
  b.advance(S / 2n);
  b.bar.finish();
  assert.equal(
    b.out,
    '\r 0 / 10000    0.00%' +
      '\r 57 / 10000    0.57% 00m34s' +
      '\r 9900 / 10000   99.00%' +
      '\r 10000 / 10000  100.00% 8s\n',
  );
});

test('the final time is a Go duration of whole seconds', () => {
  const b = fakeBar(60n);
  b.bar.start();
  b.bar.add(60);
  b.advance(60n * S + S / 10n);
  b.bar.finish();
  assert.ok(b.out.endsWith('\r 60 / 60  100.00% 1m0s\n'), JSON.stringify(b.out));
});

test('with a terminal width the "Bom !" bar fills the line', () => {
  const b = fakeBar(10n, 40);
  b.bar.start();
  b.bar.add(5);
  b.tick(S);
  b.bar.finish();
  const frames = b.out.split('\r').slice(1);
  for (const f of frames) assert.equal(f.replace('\n', '').length, 40, JSON.stringify(f));
  assert.equal(frames[0], ' 0 / 10 B' + ' '.repeat(22) + '!   0.00%');
  // 5 of 10 after 1 s: 1 s left; the bar takes what the boxes leave (15 columns)
  assert.equal(frames[1], ' 5 / 10 B' + 'o'.repeat(7) + 'm' + ' '.repeat(7) + '!  50.00% 00m01s');
});

test('pb durations', () => {
  assert.equal(pbDuration(0n), '00m00s');
  assert.equal(pbDuration(36n * S), '00m36s');
  assert.equal(pbDuration(3700n * S), '1h01m40s');
  // pb compares with '>': a whole hour stays in the minutes
  assert.equal(pbDuration(90000n * S), '1d60m00s');
  assert.equal(pbDuration(90001n * S), '1d1h00m01s');
});

test('goFixed rounds exact halves to even like strconv', () => {
  assert.equal(goFixed(0.125, 2), '0.12');
  assert.equal(goFixed(0.375, 2), '0.38');
  assert.equal(goFixed(-0.125, 2), '-0.12');
  assert.equal(goFixed(2.5, 0), '2');
  assert.equal(goFixed(1.005, 2), '1.00');
  assert.equal(goFixed(0.0123456789, 6), '0.012346');
  assert.equal(goFixed(Number.NaN, 6), 'NaN');
  assert.equal(goFixed(Number.POSITIVE_INFINITY, 6), '+Inf');
});
