// Empty elements in the endpoint list (`--endpoints=127.0.0.1:2379,`, `a,,b`, `ETCDCTL_ENDPOINTS=a,`,
// issue 10): etcdctl's client never dials an empty element, so commands work through the others,
// while per-endpoint commands (endpoint status/hashkv) report it as an endpoint that timed out; a
// list of nothing but empty elements times out; `--endpoints=` is no endpoint at all. Both API sets,
// compared with Debian's etcdctl 3.4.23 on the same server (reads only, so both see the same data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real, dropZapLogs, type RunOptions } from '../helpers/run.js';

let etcd: EtcdCluster;
let ep: string;
before(async () => {
  etcd = await startEtcd();
  ep = etcd.endpoints;
  const put = await real([`--endpoints=${ep}`, 'put', 'foo', 'bar'], { api: '3' });
  assert.equal(put.code, 0);
  const set = await real([`--endpoints=http://${ep}`, 'set', '/v2key', 'v2value'], { api: '2' });
  assert.equal(set.code, 0, set.stderr);
});
after(() => etcd.stop());

async function same(args: string[], opts: RunOptions) {
  const a = await ours(args, opts);
  const b = await real(args, opts);
  assert.equal(a.stdout, b.stdout, 'stdout');
  assert.equal(a.stderr, dropZapLogs(b.stderr), 'stderr');
  assert.equal(a.code, b.code, 'exit code');
  return a;
}

const v3 = { api: '3' };
const v2 = { api: '2' };

test('v3: an empty element is skipped by the client (get through the other endpoint)', async () => {
  for (const list of [`${ep},`, `,${ep}`, `${ep},,${ep}`]) {
    const r = await same([`--endpoints=${list}`, 'get', 'foo'], v3);
    assert.equal(r.stdout, 'foo\nbar\n', list);
    assert.equal(r.code, 0);
  }
  const viaEnv = await same(['get', 'foo'], { ...v3, env: { ETCDCTL_ENDPOINTS: `${ep},` } });
  assert.equal(viaEnv.stdout, 'foo\nbar\n');
});

test('v3: per-endpoint commands report the empty endpoint as timed out, the others as usual', async () => {
  const status = await same([`--endpoints=${ep},`, '--command-timeout=1s', 'endpoint', 'hashkv'], v3);
  assert.match(status.stdout, new RegExp(`^${ep}, \\d+\\n$`));
  assert.equal(status.stderr, 'Failed to get the hash of endpoint  (context deadline exceeded)\nError: context deadline exceeded\n');
});

test('v3: only empty elements time out; no element at all is no endpoint', async () => {
  const none = await same(['--endpoints=,', '--command-timeout=1s', 'get', 'foo'], v3);
  assert.equal(none.stderr, 'Error: context deadline exceeded\n');
  const empty = await same(['--endpoints=', 'get', 'foo'], v3);
  assert.equal(empty.stderr, 'Error: etcdclient: no available endpoints\n');
  assert.equal(empty.code, 2);
});

test('v2: an empty element is tried and skipped, as etcdctl does', async () => {
  for (const list of [`http://${ep},`, `http://${ep},,http://${ep}`]) {
    const r = await same([`--endpoints=${list}`, 'get', '/v2key'], v2);
    assert.equal(r.stdout, 'v2value\n', list);
  }
  const viaEnv = await same(['ls', '/'], { ...v2, env: { ETCDCTL_ENDPOINTS: `http://${ep},` } });
  assert.equal(viaEnv.stdout, '/v2key\n');
});
