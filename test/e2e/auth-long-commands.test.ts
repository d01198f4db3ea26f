// Commands that run longer than the auth token lives (etcd --auth-token simple --auth-token-ttl 2):
// an interactive watch that adds a watcher after the TTL, and a lease keep-alive held past it. etcdctl
// 3.4 fails here (etcd#11954, #12385); ours renews the token and carries on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startEtcd, sleep, type EtcdCluster } from '../helpers/etcd.js';
import { ours, OUR_ETCDCTL } from '../helpers/run.js';

const ROOT = ['--user', 'root:pw'];
let etcd: EtcdCluster;
let E: string;

before(async () => {
  etcd = await startEtcd({ extraArgs: ['--auth-token', 'simple', '--auth-token-ttl', '2'] });
  E = `--endpoints=${etcd.endpoints}`;
  for (const args of [['user', 'add', 'root:pw'], ['auth', 'enable']]) {
    const r = await ours([E, ...args], { api: '3' });
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => etcd.stop());

/** Starts our etcdctl in the background and collects its output. */
function background(args: string[]) {
  const child = spawn(OUR_ETCDCTL, args, { env: { PATH: process.env.PATH!, ETCDCTL_API: '3' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out, exited };
}

async function until(what: () => boolean | Promise<boolean>, ms: number, label: string) {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await sleep(50);
  }
}

test('an interactive watch adds a watcher after the token expired, and sees its events', async () => {
  const w = background([E, ...ROOT, 'watch', '-i']);
  try {
    const base = await etcd.first.v3Watchers();
    w.child.stdin.write('watch /first\n');
    await until(async () => (await etcd.first.v3Watchers()) > base, 5000, 'the first watcher');
    assert.equal((await ours([E, ...ROOT, 'put', '/first', '1'], { api: '3' })).code, 0);
    await until(() => w.out.stdout.includes('/first\n1\n'), 5000, 'the first event');
    await sleep(4000); // twice the token TTL
    w.child.stdin.write('watch /second\n');
    await until(async () => (await etcd.first.v3Watchers()) > base + 1, 5000, 'the watcher added after the TTL');
    assert.equal((await ours([E, ...ROOT, 'put', '/second', '2'], { api: '3' })).code, 0);
    await until(() => w.out.stdout.includes('/second\n2\n'), 5000, 'the event of the watcher added after the TTL');
    assert.equal(w.out.stdout, 'PUT\n/first\n1\nPUT\n/second\n2\n');
    assert.equal(w.out.stderr, '');
  } finally {
    w.child.kill('SIGKILL');
  }
});

test('a lease keep-alive held past the token TTL keeps renewing', async () => {
  const grant = await ours([E, ...ROOT, 'lease', 'grant', '3'], { api: '3' });
  assert.equal(grant.code, 0, grant.stderr);
  const id = /^lease ([0-9a-f]{16}) granted with TTL\(3s\)$/m.exec(grant.stdout)![1]!;
  const k = background([E, ...ROOT, 'lease', 'keep-alive', id]);
  try {
    // four renewals, a second apart (TTL/3), outlast the 2 s token
    const renewals = () => k.out.stdout.split('\n').filter((l) => l === `lease ${id} keepalived with TTL(3)`).length;
    await until(() => renewals() >= 4, 15000, 'four renewals');
    assert.equal(k.out.stderr, '');
    const ttl = await ours([E, ...ROOT, 'lease', 'timetolive', id], { api: '3' });
    assert.match(ttl.stdout, new RegExp(`^lease ${id} granted with TTL\\(3s\\), remaining\\([123]s\\)\\n$`));
  } finally {
    k.child.kill('SIGKILL');
  }
});
