// v2 commands (ETCDCTL_API=2 and unset) against servers without the v2 API: etcd 3.4.23 started
// with --enable-v2=false and etcd 3.5.16 with its default (no v2). Ours prints what etcdctl 3.4.23
// prints (stdout, stderr, exit code) and then one more stderr line naming the fix.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ETCD35_BIN, requireEtcd, requireEtcd35, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real } from '../helpers/run.js';

const HINT = 'hint: this server has no v2 API (etcd 3.5 serves it only with --enable-v2, 3.6 never); for the v3 commands set ETCDCTL_API=3\n';

const servers: Array<{ label: string; c?: EtcdCluster }> = [{ label: 'etcd 3.4.23 --enable-v2=false' }, { label: 'etcd 3.5.16' }];

before(async () => {
  requireEtcd();
  requireEtcd35();
  [servers[0]!.c, servers[1]!.c] = await Promise.all([
    startEtcd({ enableV2: false, extraArgs: ['--enable-v2=false'] }),
    startEtcd({ enableV2: false, etcdBin: ETCD35_BIN }),
  ]);
});

after(async () => {
  await Promise.all(servers.map((s) => s.c?.stop() ?? Promise.resolve()));
});

const COMMANDS: string[][] = [
  ['cluster-health'],
  ['member', 'list'],
  ['member', 'add', 'm9', 'http://127.0.0.1:1'],
  ['member', 'remove', '1234'],
  ['ls'],
  ['ls', '/', '--recursive'],
  ['get', '/a'],
  ['-o', 'json', 'get', '/a'],
  ['set', '/a', 'b'],
  ['mk', '/b', 'c'],
  ['rm', '/a'],
  ['watch', '/a'],
  ['user', 'list'],
  ['user', 'get', 'root'],
  ['user', 'grant', 'u', '--roles', 'r'],
  ['role', 'list'],
  ['role', 'add', 'r'],
  ['role', 'get', 'r'],
  ['auth', 'enable'],
  ['auth', 'disable'],
];

for (const [i, s] of servers.entries()) {
  test(`v2 commands against ${s.label}: etcdctl 3.4.23's stdout, stderr and exit code, then the hint`, async () => {
    const c = servers[i]!.c!;
    for (const cmd of COMMANDS) {
      const args = ['--endpoints', c.clientURLs, ...cmd];
      const r = await real(args, { api: '2' });
      assert.notEqual(r.code, 0, `etcdctl ${cmd.join(' ')} should fail against ${s.label}`);
      for (const api of ['2', undefined]) {
        const o = await ours(args, api === undefined ? {} : { api });
        const label = `etcdctl ${cmd.join(' ')} (ETCDCTL_API=${api ?? 'unset'}) against ${s.label}`;
        assert.deepEqual(
          { stdout: o.stdout, stderr: o.stderr, code: o.code },
          { stdout: r.stdout, stderr: r.stderr + HINT, code: r.code },
          label,
        );
      }
    }
  });
}

test('a v2 server that answers a missing key with 404 gets no hint', async () => {
  const c = await startEtcd();
  try {
    const args = ['--endpoints', c.clientURLs, 'get', '/missing'];
    const r = await real(args, { api: '2' });
    const o = await ours(args, { api: '2' });
    assert.equal(r.code, 4);
    assert.deepEqual({ stdout: o.stdout, stderr: o.stderr, code: o.code }, { stdout: r.stdout, stderr: r.stderr, code: r.code });
    assert.doesNotMatch(o.stderr, /hint:/);
  } finally {
    await c.stop();
  }
});
