// A range of 100,000 keys (~100 bytes each, about 20 MB in one response) comes back whole: the
// receive limit is raised as clientv3's math.MaxInt32 is, far above grpc's 4 MiB default.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { both } from '../helpers/compare.js';
import { EtcdClient } from '../../src/client/v3/client.js';

const N = 100_000;
let etcd: EtcdCluster;

before(async () => {
  etcd = await startEtcd({ extraArgs: ['--quota-backend-bytes', String(1024 ** 3)] });
  const c = await EtcdClient.connect({ endpoints: [etcd.first.endpoint], dialTimeoutMs: 2000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 });
  try {
    // txns of 128 puts (etcd's default --max-txn-ops), 16 in flight
    const value = Buffer.alloc(80, 'v');
    const batches: number[] = [];
    for (let i = 0; i < N; i += 128) batches.push(i);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const start = batches[next++]!;
        const success = [];
        for (let i = start; i < Math.min(start + 128, N); i++) {
          const key = Buffer.from(`/big/${String(i).padStart(8, '0')}`);
          success.push({ request: { $case: 'requestPut' as const, requestPut: { key, value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } } });
        }
        await c.txn({ compare: [], success, failure: [] }, { deadline: new Date(Date.now() + 30000) });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  } finally {
    c.close();
  }
});
after(async () => {
  await etcd?.stop();
});

it('get --prefix of 100k keys returns them all, as etcdctl does', async () => {
  const p = await both(['--endpoints', etcd.first.endpoint, '--command-timeout', '60s', 'get', '/big/', '--prefix', '--keys-only'], { timeoutMs: 120000 });
  assert.equal(p.real.code, 0, p.real.stderr);
  assert.equal(p.ours.code, 0, p.ours.stderr);
  assert.equal(p.ours.stderr, '');
  // key, empty line, per key
  assert.equal(p.ours.stdout.split('\n').length - 1, 2 * N);
  assert.ok(p.ours.stdoutBytes.equals(p.real.stdoutBytes), 'stdout differs from etcdctl');
  const full = await both(['--endpoints', etcd.first.endpoint, '--command-timeout', '60s', 'get', '/big/', '--prefix', '-w', 'json'], { timeoutMs: 120000 });
  assert.equal(full.ours.code, 0, full.ours.stderr);
  const parsed = JSON.parse(full.ours.stdout) as { kvs: unknown[]; count: number };
  assert.equal(parsed.kvs.length, N);
  assert.equal(full.ours.stdout, full.real.stdout);
});
