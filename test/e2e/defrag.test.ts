// defrag online (each endpoint, --cluster, a dead endpoint) and offline (--data-dir), ours and
// etcdctl 3.4.23 side by side. Offline runs go to copies of a stopped member's data dir; the one
// ours rewrote is then served again by etcd, which must find every key.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real, type RunResult } from '../helpers/run.js';

function stripZap(s: string): string {
  return s
    .split('\n')
    .filter((l) => !l.startsWith('{"level":'))
    .join('\n');
}

/** capnslog lines start with a local timestamp; the rest must match. */
function stripStamps(s: string): string {
  return s.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} /gm, '<stamp> ');
}

function assertSame(o: RunResult, r: RunResult, what: string): void {
  assert.equal(o.code, r.code, `${what}: exit code`);
  assert.equal(o.stdout, r.stdout, `${what}: stdout`);
  assert.equal(stripStamps(stripZap(o.stderr)), stripStamps(stripZap(r.stderr)), `${what}: stderr`);
}

describe('defrag', () => {
  let etcd: EtcdCluster;
  let ep: string;
  let work: string;

  before(async () => {
    etcd = await startEtcd();
    ep = etcd.first.endpoint;
    work = mkdtempSync(join(tmpdir(), 'etcdctl-ts-defrag-'));
  });
  after(async () => {
    await etcd?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('each endpoint is defragmented and reported on stdout', async () => {
    const args = [`--endpoints=${ep}`, 'defrag'];
    const o = await ours(args, { api: '3' });
    const r = await real(args, { api: '3' });
    assertSame(o, r, 'defrag');
    assert.equal(o.stdout, `Finished defragmenting etcd member[${ep}]\n`);
    assert.equal(o.code, 0);
  });

  test('--cluster uses the members\' client URLs', async () => {
    const args = [`--endpoints=${ep}`, 'defrag', '--cluster'];
    const o = await ours(args, { api: '3' });
    const r = await real(args, { api: '3' });
    assertSame(o, r, 'defrag --cluster');
    assert.equal(o.stdout, `Finished defragmenting etcd member[${etcd.first.clientURL}]\n`);
  });

  test('ETCDCTL_CLUSTER does not set defrag\'s own --cluster', async () => {
    const args = [`--endpoints=${ep}`, 'defrag'];
    const env = { ETCDCTL_CLUSTER: 'true' };
    const o = await ours(args, { api: '3', env });
    const r = await real(args, { api: '3', env });
    assertSame(o, r, 'ETCDCTL_CLUSTER');
    assert.equal(o.stdout, `Finished defragmenting etcd member[${ep}]\n`);
  });

  test('-w is validated but does not change the output', async () => {
    for (const w of ['json', 'bogus']) {
      const args = [`--endpoints=${ep}`, 'defrag', '-w', w];
      assertSame(await ours(args, { api: '3' }), await real(args, { api: '3' }), `-w ${w}`);
    }
  });

  test('a failing endpoint goes to stderr and the exit code is 1, without an Error: line', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const args = [`--endpoints=${ep},${dead}`, '--command-timeout=500ms', 'defrag'];
    const o = await ours(args, { api: '3' });
    const r = await real(args, { api: '3' });
    assertSame(o, r, 'dead endpoint');
    assert.equal(o.code, 1);
    assert.equal(o.stdout, `Finished defragmenting etcd member[${ep}]\n`);
    assert.equal(stripZap(o.stderr), `Failed to defragment etcd member[${dead}] (context deadline exceeded)\n`);
  });

  // etcdctl's panic here races with a second one (defragData goes on with the nil backend once the
  // panicking goroutine's deferred close ran), so only its capnslog line is stable; ours prints
  // the first panic.
  test('--data-dir without a member/snap directory: cannot open database, Go panic (exit 2)', async () => {
    const dir = join(work, 'missing');
    const o = await ours(['defrag', '--data-dir', dir], { api: '3' });
    const r = await real(['defrag', '--data-dir', dir], { api: '3' });
    assert.equal(o.code, 2);
    assert.equal(r.code, 2);
    assert.equal(o.stdout, r.stdout);
    assert.equal(stripStamps(o.stderr.split('\n')[0]!), stripStamps(r.stderr.split('\n')[0]!));
    assert.match(o.stderr, /C \| mvcc\/backend: cannot open database at .*missing\/member\/snap\/db \(open .*: no such file or directory\)\n/);
  });

  test('--data-dir with a file that is no bolt database: cannot open database (exit 2)', async () => {
    for (const [name, bytes] of [['garbage', Buffer.alloc(20000, 7)], ['tiny', Buffer.alloc(100, 1)]] as const) {
      const results: RunResult[] = [];
      for (const fn of [real, ours]) {
        const dir = join(work, `${name}-${results.length}`);
        mkdirSync(join(dir, 'member', 'snap'), { recursive: true });
        writeFileSync(join(dir, 'member', 'snap', 'db'), bytes);
        results.push(await fn(['defrag', '--data-dir', dir], { api: '3' }));
        assert.deepEqual(statSync(join(dir, 'member', 'snap', 'db')).size, bytes.length, 'source untouched');
      }
      const [r, o] = results as [RunResult, RunResult];
      assert.equal(o.code, r.code);
      assert.equal(o.code, 2);
      // etcdctl's panic races with a second one (defragData goes on with a nil backend), so only
      // the capnslog line is stable; ours prints the first panic
      const firstLine = (s: string) => stripStamps(s.split('\n')[0]!);
      assert.equal(firstLine(o.stderr).replaceAll(`${name}-1`, `${name}-0`), firstLine(r.stderr));
      assert.match(o.stderr, /\(invalid database\)\npanic: cannot open database at .* \(invalid database\)\n/);
    }
  });

  test('--data-dir with an empty member/snap directory creates an empty database', async () => {
    const dirs = [join(work, 'empty-r'), join(work, 'empty-o')];
    for (const d of dirs) mkdirSync(join(d, 'member', 'snap'), { recursive: true });
    const r = await real(['defrag', '--data-dir', dirs[0]!], { api: '3' });
    const o = await ours(['defrag', '--data-dir', dirs[1]!], { api: '3' });
    assertSame(o, r, 'empty');
    assert.equal(o.stdout + o.stderr, '');
    // both are valid, empty bolt databases
    const st = await Promise.all(dirs.map((d) => real(['snapshot', 'status', join(d, 'member', 'snap', 'db'), '-w', 'json'], { api: '3' })));
    assert.equal(st[0]!.code, 0, st[0]!.stderr);
    assert.equal(st[1]!.code, 0, st[1]!.stderr);
    const strip = (s: string) => JSON.parse(s) as { hash: number; totalKey: number };
    assert.equal(strip(st[1]!.stdout).hash, strip(st[0]!.stdout).hash);
    assert.equal(strip(st[1]!.stdout).totalKey, 0);
  });

  test('--data-dir of a running member waits for its lock, with etcdctl\'s notice', async () => {
    const args = ['defrag', '--data-dir', etcd.first.dataDir];
    const [o, r] = await Promise.all([ours(args, { api: '3', timeoutMs: 2500 }), real(args, { api: '3', timeoutMs: 2500 })]);
    assert.equal(o.signal, 'SIGKILL', 'still waiting');
    assert.equal(r.signal, 'SIGKILL');
    assert.equal(o.stdout, r.stdout);
    assert.equal(o.stderr, r.stderr);
    assert.equal(
      o.stderr,
      `waiting for etcd to close and release its lock on "${join(etcd.first.dataDir, 'member', 'snap', 'db')}". ` +
        'To defrag a running etcd instance, omit --data-dir.\n',
    );
  });

  test('--data-dir rewrites a stopped member\'s db compactly; etcd serves it again', async () => {
    const epArgs = [`--endpoints=${ep}`];
    // garbage to reclaim: many revisions of big values, most of them deleted, then compacted
    for (let i = 0; i < 40; i++) {
      const r = await real([...epArgs, 'put', `/defrag/k${i}`], { api: '3', input: `${i}:${'v'.repeat(4000)}` });
      assert.equal(r.code, 0, r.stderr);
    }
    for (const k of ['/defrag/k1', '/defrag/k3']) await real([...epArgs, 'del', k], { api: '3' });
    const put = await real([...epArgs, 'put', '/defrag/last', 'x', '-w', 'json'], { api: '3' });
    const rev = (JSON.parse(put.stdout) as { header: { revision: number } }).header.revision;
    await real([...epArgs, 'compaction', String(rev), '--physical'], { api: '3' });
    const before = await real([...epArgs, 'get', '/defrag/', '--prefix', '-w', 'json'], { api: '3' });

    await etcd.first.stop();
    const dataDir = etcd.first.dataDir;
    const db = join(dataDir, 'member', 'snap', 'db');
    const copy = join(work, 'copy');
    cpSync(dataDir, copy, { recursive: true });
    const sizeBefore = statSync(db).size;
    const statusBefore = await real(['snapshot', 'status', db, '-w', 'json'], { api: '3' });

    const r = await real(['defrag', '--data-dir', copy], { api: '3' });
    const o = await ours(['defrag', '--data-dir', dataDir], { api: '3' });
    assertSame(o, r, 'offline defrag');
    assert.equal(o.code, 0);
    assert.equal(o.stdout + o.stderr, '');

    type Status = { hash: number; revision: number; totalKey: number; totalSize: number };
    const status = async (file: string) => JSON.parse((await real(['snapshot', 'status', file, '-w', 'json'], { api: '3' })).stdout) as Status;
    const [sb, so, sr] = [JSON.parse(statusBefore.stdout) as Status, await status(db), await status(join(copy, 'member', 'snap', 'db'))];
    // same content as before and as etcd's own defrag, in fewer pages
    assert.deepEqual([so.hash, so.revision, so.totalKey], [sb.hash, sb.revision, sb.totalKey]);
    assert.deepEqual([so.hash, so.revision, so.totalKey], [sr.hash, sr.revision, sr.totalKey]);
    assert.ok(statSync(db).size < sizeBefore, `db shrank (${statSync(db).size} < ${sizeBefore})`);
    assert.ok(so.totalSize <= sr.totalSize, 'at least as compact as etcd\'s defrag');
    assert.equal(statSync(db).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dataDir, 'member', 'snap')).filter((n) => n.includes('tmp')), [], 'no temporary file left');

    await etcd.first.start();
    await etcd.first.waitHealthy();
    const after = await real([...epArgs, 'get', '/defrag/', '--prefix', '-w', 'json'], { api: '3' });
    const kvs = (s: string) => (JSON.parse(s) as { kvs: unknown[] }).kvs;
    assert.deepEqual(kvs(after.stdout), kvs(before.stdout));
    assert.equal(kvs(after.stdout).length, 39);
  });
});
