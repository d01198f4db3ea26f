// v2 `etcdctl backup` side by side with Debian's etcdctl 3.4.23 on a real etcd's data dir: the same
// output (capnslog lines on stderr, timestamps aside; zap lines on stdout), the same files (the
// WAL aside, whose new member and cluster IDs come from the clock), a real etcd started with
// --force-new-cluster on our backups serving the keys, the source untouched; fatal errors; and
// Ctrl-C while waiting for a live etcd's lock on its db.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import { EtcdMember, freePort, sleep, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real, spawnOurs, type RunResult } from '../helpers/run.js';
import { dirMaker, fingerprint, twinDirs } from '../helpers/disk-helpers.js';

const root = fs.mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-backup-'));
let source: string; // a stopped member's data dir
let sourcePrint: Record<string, string>;
let live: EtcdCluster; // a second member, left running, for the lock case
const v2 = { api: '2' } as const;

/** a fresh empty directory */
const newDir = dirMaker(root);

async function realOk(args: string[], api: '2' | '3'): Promise<RunResult> {
  const r = await real(args, { api });
  assert.equal(r.code, 0, `etcdctl ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** capnslog lines with their timestamp masked */
const maskTime = (s: string): string => s.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} /gm, 'TIME ');

function assertSameRun(a: RunResult, b: RunResult, what: string): void {
  assert.equal(a.code, b.code, `${what}: exit code (ours stderr: ${a.stderr})`);
  assert.equal(a.stdout, b.stdout, `${what}: stdout`);
  assert.equal(maskTime(a.stderr), maskTime(b.stderr), `${what}: stderr`);
}

/**
 * name -> mode and bytes of every file below dir, but only the mode of the WAL files (new member
 * and cluster IDs from the clock) and of the db (ours is written compactly: compared by status)
 */
function files(dir: string): Record<string, string> {
  const print = fingerprint(dir);
  for (const k of Object.keys(print)) if (k.endsWith('.wal') || k.endsWith('/db')) print[k] = print[k]!.split(' ')[0]!;
  return print;
}

/** the real etcdctl's status of a db, but its size (ours is written compactly) */
async function dbStatus(db: string): Promise<unknown> {
  const r = await realOk(['snapshot', 'status', db, '-w', 'json'], '3');
  const { totalSize: _size, ...rest } = JSON.parse(r.stdout) as Record<string, number>;
  return rest;
}

before(async () => {
  const cluster = await startEtcd({ extraArgs: ['--snapshot-count', '20'] });
  const m = cluster.first;
  for (let i = 0; i < 30; i++) await realOk(['--endpoints', m.clientURL, 'set', `/dir/k${i}`, `v2-${i}`], '2');
  for (let i = 0; i < 10; i++) await realOk(['--endpoints', m.endpoint, 'put', `k${i}`, `v3-${i}`], '3');
  await realOk(['--endpoints', m.clientURL, 'rm', '/dir/k0'], '2');
  await m.stop();
  // keep the data dir: copy it out of the cluster's temp dir
  source = path.join(root, 'source');
  fs.cpSync(m.dataDir, source, { recursive: true });
  await cluster.stop();
  sourcePrint = fingerprint(source);
  assert.ok(fs.readdirSync(path.join(source, 'member', 'snap')).some((f) => f.endsWith('.snap')), 'the source has a .snap');
  live = await startEtcd();
});

after(async () => {
  await live?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('backup with and without --with-v3, and to a separate --backup-wal-dir: as etcdctl, the source untouched', async () => {
  const cases: string[][] = [[], ['--with-v3'], ['--backup-wal-dir', 'wal-elsewhere']];
  for (const extra of cases) {
    const what = `backup ${extra.join(' ')}`;
    const da = newDir('ours');
    const db = newDir('real');
    const args = ['backup', '--data-dir', source, '--backup-dir', 'b', ...extra];
    const a = await ours(args, { ...v2, cwd: da });
    const b = await real(args, { ...v2, cwd: db });
    assertSameRun(a, b, what);
    assert.equal(a.code, 0, what);
    assert.deepEqual(files(da), files(db), `${what}: files`);
    const snapDb = path.join('b', 'member', 'snap', 'db');
    assert.deepEqual(await dbStatus(path.join(da, snapDb)), await dbStatus(path.join(db, snapDb)), `${what}: db`);
    assert.deepEqual(fingerprint(source), sourcePrint, `${what}: the source changed`);
  }
});

test('a real etcd started with --force-new-cluster on our backups serves the keys (v3 ones only --with-v3)', async () => {
  for (const withV3 of [false, true]) {
    const d = newDir(withV3 ? 'serve3' : 'serve2');
    const r = await ours(['backup', '--data-dir', source, '--backup-dir', d, ...(withV3 ? ['--with-v3'] : [])], v2);
    assert.equal(r.code, 0, r.stderr);
    const [c, p] = [await freePort(), await freePort()];
    const m = new EtcdMember('restored', c, p, d, `restored=http://127.0.0.1:${p}`, 'new', { extraArgs: ['--force-new-cluster'] });
    try {
      await m.start();
      await m.waitHealthy();
      const ls = await realOk(['--endpoints', m.clientURL, 'ls', '--sort', '/dir'], '2');
      assert.deepEqual(ls.stdout.trim().split('\n'), Array.from({ length: 29 }, (_, i) => `/dir/k${i + 1}`).sort());
      assert.equal((await realOk(['--endpoints', m.clientURL, 'get', '/dir/k7'], '2')).stdout, 'v2-7\n');
      const gone = await real(['--endpoints', m.clientURL, 'get', '/dir/k0'], v2);
      assert.match(gone.stderr, /Key not found/);
      const v3 = await realOk(['--endpoints', m.endpoint, 'get', 'k', '--prefix', '--print-value-only'], '3');
      assert.equal(v3.stdout, withV3 ? Array.from({ length: 10 }, (_, i) => `v3-${i}\n`).join('') : '');
      const members = await realOk(['--endpoints', m.endpoint, 'member', 'list'], '3');
      assert.equal(members.stdout.trim().split('\n').length, 1, members.stdout);
    } finally {
      await m.stop();
    }
  }
  assert.deepEqual(fingerprint(source), sourcePrint);
});

test('fatal errors: etcdctl\'s capnslog line and exit 1 (after its permission warning for an existing dir); only etcdctl\'s directories left', async () => {
  const cases: Array<{ args: string[]; setup?: (cwd: string) => void }> = [
    { args: ['backup'] },
    { args: ['backup', '--data-dir', 'nowhere', '--backup-dir', 'b'] },
    { args: ['backup', '--data-dir', source, '--backup-dir', 'b'], setup: (cwd) => {
      fs.mkdirSync(path.join(cwd, 'b', 'member', 'snap'), { recursive: true });
      fs.writeFileSync(path.join(cwd, 'b', 'member', 'snap', 'db'), '');
    } },
    { args: ['backup', '--data-dir', source, '--backup-dir', 'file/b'], setup: (cwd) => fs.writeFileSync(path.join(cwd, 'file'), '') },
    { args: ['backup', '--data-dir', source, '--wal-dir', 'nowal', '--backup-dir', 'b'] },
  ];
  for (const c of cases) {
    const what = c.args.join(' ');
    const [da, db] = twinDirs(newDir, c.setup);
    const filesBefore = Object.entries(fingerprint(da)).filter(([k]) => !k.endsWith('/'));
    const a = await ours(c.args, { ...v2, cwd: da });
    const b = await real(c.args, { ...v2, cwd: db });
    assertSameRun(a, b, what);
    assert.equal(a.code, 1, what);
    assert.match(a.stderr, /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} W \| pkg\/fileutil: [^\n]+\n)?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} I \| [^\n]+\n$/, what);
    // leftovers: etcdctl's directories (it creates <backup-dir>/member/snap first); none of the
    // files etcdctl leaves when it fails halfway (a .snap copied before the WAL failed)
    const dirs = (print: Record<string, string>) => Object.entries(print).filter(([k]) => k.endsWith('/'));
    const left = fingerprint(da);
    assert.deepEqual(Object.entries(left).filter(([k]) => !k.endsWith('/')), filesBefore, `${what}: ours left files`);
    assert.deepEqual(dirs(left), dirs(fingerprint(db)), `${what}: directories`);
  }
  assert.deepEqual(fingerprint(source), sourcePrint);
});

test('--with-v3 on a live member waits for its db lock, as etcdctl does; Ctrl-C ends the wait and leaves nothing half-made', async () => {
  const d = newDir('locked');
  const p = spawnOurs(['backup', '--data-dir', live.first.dataDir, '--backup-dir', 'b', '--with-v3'], { cwd: d, api: '2' });
  const deadline = Date.now() + 20000;
  while (!p.output().stderr.includes('waiting to acquire lock')) {
    assert.ok(Date.now() < deadline, `no lock message; stderr: ${p.output().stderr}`);
    assert.ok(p.running(), `exited early: ${p.output().stderr}`);
    await sleep(50);
  }
  // the WAL is read first (its "ignoring ..." lines), then the db's lock is awaited
  const lines = maskTime(p.output().stderr).split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.pop(), `TIME I | waiting to acquire lock on ${path.join(live.first.dataDir, 'member', 'snap', 'db')}`);
  for (const l of lines) assert.match(l, /^TIME I \| ignoring /);
  p.child.kill('SIGINT');
  const r = await p.done;
  assert.equal(r.code, 130);
  assert.equal(r.stdout, '');
  assert.deepEqual(fingerprint(d), { 'b/': '700 dir', 'b/member/': '700 dir', 'b/member/snap/': '700 dir' });
});
