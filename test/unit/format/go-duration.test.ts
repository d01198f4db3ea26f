// Go's time.Duration.String(), against golden/durations.txt: etcdctl --debug prints
// --command-timeout=<value> back as ETCDCTL_COMMAND_TIMEOUT=<Duration.String()> (capture.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { goDuration } from '../../../src/format/go-duration.js';

const UNIT_NS: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, ms: 1000_000n, s: 1000_000_000n, m: 60_000_000_000n, h: 3600_000_000_000n };

/** time.ParseDuration for the exact values in the golden file (sums of decimal number+unit). */
function parseDuration(s: string): bigint {
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  if (body === '0') return 0n;
  let total = 0n;
  for (const [, whole, frac = '', unit] of body.matchAll(/(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h)/g)) {
    const scale = UNIT_NS[unit!]!;
    total += BigInt(whole!) * scale + (BigInt(frac || '0') * scale) / 10n ** BigInt(frac.length);
  }
  return negative ? -total : total;
}

const lines = readFileSync(new URL('./golden/durations.txt', import.meta.url), 'utf8').trim().split('\n');

test('the golden file has the edge cases', () => {
  assert.ok(lines.length >= 20);
  assert.ok(lines.includes('850000ns => 850µs'));
  assert.ok(lines.includes('60000000000ns => 1m0s'));
});

for (const line of lines) {
  const [input, want] = line.split(' => ') as [string, string];
  test(`goDuration(${input}) = ${want}`, () => {
    assert.equal(goDuration(parseDuration(input)), want);
  });
}

test('Duration.String() as flag defaults show it', () => {
  assert.equal(goDuration(2_000_000_000n), '2s');
  assert.equal(goDuration(90_000_000_000n), '1m30s');
  assert.equal(goDuration(3_600_000_000_000n), '1h0m0s');
  assert.equal(goDuration(1_500_000n), '1.5ms');
  assert.equal(goDuration(0n), '0s');
});

test('accepts a number of nanoseconds', () => {
  // `endpoint health` took values (printer golden simple/endpoint_health.err): ms with 6 decimals
  assert.equal(goDuration(2940151), '2.940151ms');
});
