// check's pieces that do not need a server: pkg/report's statistics, and reading
// process_resident_memory_bytes from a /metrics page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { BufferIO } from '../../../../src/cli/io.js';
import { computeStats, endpointMemoryMetrics, newCheckCommand, parseCheckOptions } from '../../../../commands/v3/check.js';
import { RangeResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { prefixEnd } from '../../../../src/client/v3/range.js';
import { parseContext, requests, runFake } from '../../../helpers/fake-v3.js';
import { freePort } from '../../../helpers/etcd.js';

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

test('endpointMemoryMetrics reads the metric, and reports what is wrong on stdout', async () => {
  const port = await freePort();
  let body = '';
  const srv = createServer((_req, res) => res.end(body));
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  try {
    const io = new BufferIO();
    const tls = { cert: '', key: '', insecureSkipVerify: false };
    body = '# HELP process_resident_memory_bytes ...\nprocess_resident_memory_bytes 4.7763456e+07\n';
    assert.equal(await endpointMemoryMetrics(`127.0.0.1:${port}`, tls, io), 47763456);
    assert.equal(await endpointMemoryMetrics(`http://127.0.0.1:${port}`, tls, io), 47763456);
    body = 'nothing here\n';
    assert.equal(await endpointMemoryMetrics(`127.0.0.1:${port}`, tls, io), 0);
    assert.equal(io.stdoutText, 'could not find: process_resident_memory_bytes\n');
    // the first line that starts with the name is taken, as in etcdctl (here a longer name)
    body = 'process_resident_memory_bytes_total 5\nprocess_resident_memory_bytes 1\n';
    assert.equal(await endpointMemoryMetrics(`127.0.0.1:${port}`, tls, io), 0);
    assert.equal(io.stdoutText.split('\n')[1], 'parse error: strconv.ParseFloat: parsing "_total 5": invalid syntax');
  } finally {
    srv.close();
  }
  const io = new BufferIO();
  const dead = await freePort();
  assert.equal(await endpointMemoryMetrics(`127.0.0.1:${dead}`, { cert: '', key: '', insecureSkipVerify: false }, io), 0);
  assert.equal(io.stdoutText, `fetch error: Get "http://127.0.0.1:${dead}/metrics": dial tcp 127.0.0.1:${dead}: connect: connection refused\n`);
});

// ---- check perf | datascale through runV3, with a fake client (the runs themselves take a
// minute against a real member: test/e2e/check.test.ts) ----------------------------------------

test('check: an unknown --load is exit 4 before any request; aliases name the four models', async () => {
  for (const sub of ['perf', 'datascale']) {
    const r = await runFake(['check', sub, '--load=x', 'extra'], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', 'Error: unknown load option x\n', 4, 0], sub);
  }
  const perf = newCheckCommand().subcommands.find((c) => c.name() === 'perf')!;
  const models = ['s', 'small', 'm', 'medium', 'l', 'large', 'xl', 'xLarge'].map((load) => parseCheckOptions(parseContext(perf, [], { load }), 0).model);
  assert.deepEqual(models, ['s', 's', 'm', 'm', 'l', 'l', 'xl', 'xl']);
  // case matters, as in etcdctl's map lookup
  assert.throws(() => parseCheckOptions(parseContext(perf, [], { load: 'XL' }), 0), { message: 'unknown load option XL', exitCode: 4 });
  assert.deepEqual(parseCheckOptions(parseContext(perf, [], { prefix: '/p/', 'auto-compact': 'true' }), 80), {
    model: 's', prefix: '/p/', autoCompact: true, autoDefrag: false, barWidth: 80,
  });
});

test('check: keys under the prefix stop both checks before any write (exit 3); -w is checked first', async () => {
  for (const [sub, prefix] of [['perf', '/etcdctl-check-perf/'], ['datascale', '/etcdctl-check-datascale/']]) {
    const r = await runFake(['check', sub!], { handlers: { range: () => RangeResponse.fromPartial({ kvs: [{ key: Buffer.from(`${prefix}x`) }], count: 1n }) } });
    assert.deepEqual(
      [r.stdout, r.stderr, r.code],
      ['', `Error: prefix "${prefix}" has keys. Delete with etcdctl del --prefix ${prefix} first\n`, 3],
      sub,
    );
    const key = Buffer.from(prefix!);
    assert.deepEqual(requests(r, 'range'), [{ key, rangeEnd: prefixEnd(key), limit: 1n }]);
    assert.deepEqual(r.calls.map((c) => c.method), ['range']);
  }
  const format = await runFake(['check', 'perf', '--load=xLarge', '-w', 'xml'], { handlers: {} });
  assert.deepEqual([format.stdout, format.stderr, format.code, format.calls.length], ['', 'Error: unsupported output format\n', 4, 0]);
});
