// pkg/report's statistics of the checks' puts, and check perf's verdict lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferIO } from '../../../src/cli/core/io.js';
import { computeStats, judgePerf } from '../../../src/check/report.js';

test('computeStats: rps over the whole run, population stddev, errors counted apart', () => {
  const ms = 1_000_000n;
  const s = computeStats(
    [
      { startNs: 0n, endNs: 10n * ms },
      { startNs: 0n, endNs: 30n * ms },
      { err: 'etcdserver: too many requests', startNs: 0n, endNs: 5n * ms },
      { err: 'etcdserver: too many requests', startNs: 0n, endNs: 5n * ms },
    ],
    2_000_000_000n,
  );
  assert.equal(s.rps, 1);
  assert.equal(s.slowest, 0.03);
  assert.ok(Math.abs(s.stddev - 0.01) < 1e-12);
  assert.deepEqual([...s.errorDist], [['etcdserver: too many requests', 2]]);
  const none = computeStats([], 1_000_000_000n);
  assert.ok(Number.isNaN(none.stddev));
  assert.equal(none.slowest, 0);
});

test('judgePerf: each measure against its bound, errors first; false when any fails', () => {
  const io = new BufferIO();
  assert.equal(judgePerf({ rps: 149.2, slowest: 0.0125, stddev: 0.002, errorDist: new Map() }, 150, io), true);
  assert.equal(io.stdoutText, 'PASS: Throughput is 150 writes/s\nPASS: Slowest request took 0.012500s\nPASS: Stddev is 0.002000s\n');
  const bad = new BufferIO();
  const errorDist = new Map([['etcdserver: too many requests', 3]]);
  assert.equal(judgePerf({ rps: 135, slowest: 0.75, stddev: 0.25, errorDist }, 150, bad), false);
  assert.equal(
    bad.stdoutText,
    'FAIL: too many errors\nFAIL: ERROR(etcdserver: too many requests) -> 3\nFAIL: Throughput too low: 136 writes/s\n' +
      'Slowest request took too long: 0.750000s\nStddev too high: 0.250000s\n',
  );
});
