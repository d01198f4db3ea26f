// The oracles are the versions the specification names: Debian bookworm's etcd/etcdctl 3.4.23 and
// Debian trixie's etcd/etcdctl/etcdutl 3.5.16. A different or missing one fails here, loudly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ETCD_BIN, ETCD35_BIN, ETCDCTL35, ETCDUTL35, REAL_ETCDCTL, realEtcdctlVersion, requireEtcd, requireEtcd35 } from '../helpers/etcd.js';

function firstLine(bin: string, args: string[]): string {
  const r = spawnSync(bin, args, { env: { ETCDCTL_API: '3' } });
  return r.stdout.toString().split('\n')[0] ?? '';
}

test('the 3.4 oracle is etcd and etcdctl 3.4.23', () => {
  requireEtcd();
  assert.equal(realEtcdctlVersion(), 'etcdctl version: 3.4.23');
  assert.equal(firstLine(REAL_ETCDCTL, ['version']), 'etcdctl version: 3.4.23');
  assert.equal(firstLine(ETCD_BIN, ['--version']), 'etcd Version: 3.4.23');
});

test('the 3.5 oracle is etcd, etcdctl and etcdutl 3.5.16', () => {
  requireEtcd35();
  assert.equal(firstLine(ETCDCTL35, ['version']), 'etcdctl version: 3.5.16');
  assert.equal(firstLine(ETCDUTL35, ['version']), 'etcdutl version: 3.5.16');
  assert.equal(firstLine(ETCD35_BIN, ['--version']), 'etcd Version: 3.5.16');
});
