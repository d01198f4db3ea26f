// Keys and values given as arguments whose bytes are not UTF-8 (issue 10 item 4): stored, read
// and deleted under the exact bytes, as etcdctl (Go takes argv as bytes); Node would have turned
// each bad byte into U+FFFD. Arguments with such bytes can only be given through a shell here
// (child_process encodes argument strings as UTF-8), so the commands run under bash with $'..'.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startEtcd, REAL_ETCDCTL, type EtcdCluster } from '../helpers/etcd.js';
import { OUR_ETCDCTL } from '../helpers/run.js';

let etcd: EtcdCluster;
before(async () => {
  etcd = await startEtcd();
});
after(async () => {
  await etcd?.stop();
});

/** Runs `<bin> --endpoints=<ep> <shellArgs>` under bash (shellArgs may hold $'\xff' words). */
function sh(bin: string, shellArgs: string): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec "$0" --endpoints=${etcd.first.endpoint} ${shellArgs}`, bin], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

test("put/get/del of keys and values that are not UTF-8 use the argument's bytes, as etcdctl", async () => {
  for (const [who, bin] of [['ours', OUR_ETCDCTL], ['etcdctl', REAL_ETCDCTL]] as const) {
    const put = await sh(bin, `put $'k\\xff${who}' $'v\\xfe\\xc3'`);
    assert.deepEqual([put.code, put.stdout.toString(), put.stderr], [0, 'OK\n', ''], who);
  }
  // each tool reads what either stored, byte for byte
  for (const who of ['ours', 'etcdctl']) {
    const a = await sh(OUR_ETCDCTL, `get $'k\\xff${who}'`);
    const b = await sh(REAL_ETCDCTL, `get $'k\\xff${who}'`);
    assert.deepEqual(a, b, `get of ${who}'s key`);
    assert.ok(a.stdout.equals(Buffer.concat([Buffer.from(`k\xff${who}\n`, 'latin1'), Buffer.from([0x76, 0xfe, 0xc3, 0x0a])])), a.stdout.toString('hex'));
    const hex = await sh(REAL_ETCDCTL, `get --hex $'k\\xff${who}'`);
    assert.equal(hex.stdout.toString().split('\n')[1], '\\x76\\xfe\\xc3');
  }
  // a range between two such keys, and a delete
  const range = [await sh(OUR_ETCDCTL, `get $'k\\xff' $'k\\xff\\xff' --keys-only`), await sh(REAL_ETCDCTL, `get $'k\\xff' $'k\\xff\\xff' --keys-only`)];
  assert.deepEqual(range[0], range[1]);
  const del = await sh(OUR_ETCDCTL, `del $'k\\xffours'`);
  assert.deepEqual([del.code, del.stdout.toString()], [0, '1\n']);
  assert.equal((await sh(REAL_ETCDCTL, `get $'k\\xffours'`)).stdout.length, 0);
  // a real U+FFFD (valid UTF-8) is its three bytes
  await sh(OUR_ETCDCTL, `put $'\\xef\\xbf\\xbd' x`);
  assert.equal((await sh(REAL_ETCDCTL, `get --hex $'\\xef\\xbf\\xbd'`)).stdout.toString(), '\\xef\\xbf\\xbd\n\\x78\n');
});
