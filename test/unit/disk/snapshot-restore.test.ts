// `snapshot restore` against the real etcdctl 3.4.23 (docs/disk-formats.md 7.4): the WAL and the
// .snap must be byte-identical to etcdctl's, the db logically identical (same status hash), a
// real etcd must start on the result, and every failure must leave nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { snapshotRestore, type SnapshotRestoreOptions } from '../../../src/disk/snapshot-restore.js';
import { snapshotStatus } from '../../../src/disk/snapshot-status.js';
import { formatZapProduction, type LogEntry } from '../../../src/disk/log.js';
import { BoltReader } from '../../../src/disk/bolt/reader.js';
import { BoltWriter } from '../../../src/disk/bolt/writer.js';
import { revToBytes } from '../../../src/disk/etcd/revision.js';
import { DiskError } from '../../../src/disk/errors.js';
import { startEtcd, freePort, type EtcdCluster, type EtcdMember } from '../../helpers/etcd.js';
import { real } from '../../helpers/run.js';
import { tmp, realOk, realStatus, fingerprint, startOnDataDir } from '../../helpers/disk-helpers.js';

let cluster: EtcdCluster;
let ep: string;
let sourceMemberHex: string;
const root = tmp('restore-');
let snap: string; // snapshot file saved by the real etcdctl
let snapWithMemberKey: string; // ... after putting a user key named like the member ID
let leaseHex: string;
const started: EtcdMember[] = [];

before(async () => {
  cluster = await startEtcd();
  ep = cluster.first.endpoint;
  const e = ['--endpoints', ep];
  for (let i = 0; i < 20; i++) await realOk([...e, 'put', `key${i}`, `v${i}`]);
  await realOk([...e, 'compaction', '10']);
  for (let i = 0; i < 5; i++) await realOk([...e, 'put', 'hist', `h${i}`]);
  await realOk([...e, 'del', 'key15']);
  await realOk([...e, 'put', 'key15', 'again']);
  await realOk([...e, 'del', 'key16']);
  const lease = await realOk([...e, 'lease', 'grant', '900']);
  leaseHex = /lease ([0-9a-f]+) granted/.exec(lease.stdout)![1]!;
  await realOk([...e, 'put', 'leased', 'x', '--lease', leaseHex]);
  snap = path.join(root, 'snap.db');
  await realOk([...e, 'snapshot', 'save', snap]);
  const ml = await realOk([...e, 'member', 'list']);
  sourceMemberHex = ml.stdout.split(',')[0]!.trim();
  await realOk([...e, 'put', sourceMemberHex, 'named like a member']);
  snapWithMemberKey = path.join(root, 'snap-member-key.db');
  await realOk([...e, 'snapshot', 'save', snapWithMemberKey]);
});

after(async () => {
  for (const m of started) await m.stop();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

let n = 0;
const fresh = (name: string): string => path.join(root, `${n++}-${name}`);

/** A copy of the saved db with `edit(bucketName, entries)` applied per bucket (raw, no sha256). */
function editedDb(edit: (bucket: string, m: Map<string, Buffer>) => void): string {
  const src = BoltReader.open(snap);
  const raw = fresh('edited.db');
  const w = new BoltWriter(raw);
  for (const t of src.topLevel()) {
    const b = src.openBucket(t.value, 'x');
    const out = w.bucket(t.key, b.sequence);
    const m = new Map<string, Buffer>();
    for (const e of src.iterate(b)) m.set(e.key.toString('latin1'), Buffer.from(e.value));
    edit(t.key.toString('latin1'), m);
    for (const k of [...m.keys()].sort((x, y) => Buffer.compare(Buffer.from(x, 'latin1'), Buffer.from(y, 'latin1')))) {
      out.put(Buffer.from(k, 'latin1'), m.get(k)!);
    }
    out.finish();
  }
  w.finish();
  src.close();
  return raw;
}

/** Restore flags in etcdctl form for the real binary. */
function flags(o: Partial<SnapshotRestoreOptions>): string[] {
  const a: string[] = [];
  if (o.name) a.push('--name', o.name);
  if (o.dataDir) a.push('--data-dir', o.dataDir);
  if (o.walDir) a.push('--wal-dir', o.walDir);
  if (o.initialCluster) a.push('--initial-cluster', o.initialCluster);
  if (o.initialClusterToken) a.push('--initial-cluster-token', o.initialClusterToken);
  if (typeof o.initialAdvertisePeerUrls === 'string') a.push('--initial-advertise-peer-urls', o.initialAdvertisePeerUrls);
  if (o.skipHashCheck) a.push('--skip-hash-check');
  return a;
}

/** zap lines without ts (and with "took" durations dropped) for comparison. */
function normLogs(lines: string[]): unknown[] {
  return lines.filter((l) => l.startsWith('{')).map((l) => {
    const o = JSON.parse(l) as Record<string, unknown>;
    delete o.ts;
    delete o.took;
    return o;
  });
}

async function restoreBoth(o: Partial<SnapshotRestoreOptions> & { snapshotPath: string; dataDir: string }, realDataDir: string, realWalDir?: string):
Promise<{ ours: LogEntry[]; realLogs: string[] }> {
  const ours: LogEntry[] = [];
  await snapshotRestore({ ...o, log: (e) => ours.push(e) });
  const r = await real(['snapshot', 'restore', o.snapshotPath, ...flags({ ...o, dataDir: realDataDir, walDir: realWalDir })], { api: '3' });
  assert.equal(r.code, 0, r.stderr);
  return { ours, realLogs: r.stderr.split('\n') };
}

function sameFile(a: string, b: string): void {
  assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), `${a} differs from ${b}`);
  assert.equal(fs.statSync(a).mode & 0o7777, fs.statSync(b).mode & 0o7777, `mode of ${a}`);
}

async function sameRestore(ours: string, theirs: string, walOurs?: string, walTheirs?: string): Promise<void> {
  const wo = walOurs ?? path.join(ours, 'member', 'wal');
  const wt = walTheirs ?? path.join(theirs, 'member', 'wal');
  assert.deepEqual(fs.readdirSync(wo), fs.readdirSync(wt));
  for (const f of fs.readdirSync(wt)) sameFile(path.join(wo, f), path.join(wt, f));
  const so = path.join(ours, 'member', 'snap');
  const st = path.join(theirs, 'member', 'snap');
  assert.deepEqual(fs.readdirSync(so).sort(), fs.readdirSync(st).sort());
  for (const f of fs.readdirSync(st)) if (f !== 'db') sameFile(path.join(so, f), path.join(st, f));
  assert.equal(fs.statSync(path.join(so, 'db')).mode & 0o777, 0o600);
  for (const d of [ours, path.join(ours, 'member'), so, wo]) assert.equal(fs.statSync(d).mode & 0o777, 0o700, d);
  const sOurs = await snapshotStatus(path.join(so, 'db'));
  const sReal = await realStatus(path.join(st, 'db'));
  assert.equal(sOurs.hash, sReal.hash);
  assert.equal(Number(sOurs.revision), sReal.revision);
  assert.equal(Number(sOurs.totalKey), sReal.totalKey);
  // the real etcdctl accepts our db with the same hash
  assert.equal((await realStatus(path.join(so, 'db'))).hash, sReal.hash);
}

test('default flags: WAL and .snap byte-identical to etcdctl, same db hash, same log lines', async () => {
  const ours = fresh('ours');
  const theirs = fresh('real');
  const { ours: logs, realLogs } = await restoreBoth({ snapshotPath: snap, dataDir: ours }, theirs);
  await sameRestore(ours, theirs);
  const mine = normLogs(logs.map((e) => formatZapProduction(e, 0)));
  const expected = normLogs(realLogs).map((o): unknown => JSON.parse(JSON.stringify(o).split(theirs).join(ours)));
  assert.deepEqual(mine, expected);
});

test('three members, a token, a separate --wal-dir: byte-identical too', async () => {
  const o = {
    name: 'm2',
    initialCluster: 'm1=http://127.0.0.1:2380,m2=http://127.0.0.1:2381,m3=http://127.0.0.1:2382,m3=http://127.0.0.1:2383',
    initialAdvertisePeerUrls: 'http://127.0.0.1:2381',
    initialClusterToken: 'tok',
  };
  const ours = fresh('ours3');
  const theirs = fresh('real3');
  const wo = fresh('wal-ours');
  const wt = fresh('wal-real');
  const r = await restoreBoth({ ...o, snapshotPath: snap, dataDir: ours, walDir: wo }, theirs, wt);
  assert.equal(r.ours.filter((e) => e.msg === 'added member').length, 3);
  await sameRestore(ours, theirs, wo, wt);
  assert.equal(fs.existsSync(path.join(ours, 'member', 'wal')), false);
});

test('a user key named like an old member ID gets a tombstone, as etcdctl writes it', async () => {
  const ours = fresh('ours-mk');
  const theirs = fresh('real-mk');
  let tombstones = -1;
  await snapshotRestore({ snapshotPath: snapWithMemberKey, dataDir: ours, log: () => {} }).then((r) => (tombstones = r.tombstones));
  const r = await real(['snapshot', 'restore', snapWithMemberKey, '--data-dir', theirs], { api: '3' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(tombstones, 1);
  await sameRestore(ours, theirs);
  const before = await realStatus(snapWithMemberKey);
  const afterR = await realStatus(path.join(theirs, 'member', 'snap', 'db'));
  assert.equal(afterR.revision, before.revision + 1);
});

test('a pending compaction is resumed as etcd resumes it', async () => {
  // the saved db with meta/scheduledCompactRev moved ahead of finishedCompactRev (10)
  const raw = editedDb((b, m) => {
    if (b === 'meta') m.set('scheduledCompactRev', revToBytes({ main: 24n, sub: 0n }));
  });
  const ours = fresh('ours-pc');
  // etcdctl runs the resumed compaction in mvcc's scheduler and closes the store right after:
  // on a busy machine it may close first and leave the compaction undone. Ours always finishes
  // it, so the reference is a real run that finished too (it does within a few tries).
  let theirs = '';
  let run: { ours: LogEntry[]; realLogs: string[] } | undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    theirs = fresh('real-pc');
    const oursTry = attempt === 0 ? ours : fresh('ours-pc');
    run = await restoreBoth({ snapshotPath: raw, dataDir: oursTry, skipHashCheck: true }, theirs);
    if (attempt > 0) fs.rmSync(oursTry, { recursive: true });
    if (run.realLogs.some((l) => l.includes('finished scheduled compaction'))) break;
  }
  const { ours: logs, realLogs } = run!;
  assert.ok(realLogs.some((l) => l.includes('finished scheduled compaction')), 'etcdctl never finished the compaction');
  await sameRestore(ours, theirs);
  const msgs = (l: unknown[]): string[] => l.map((o) => (o as { msg: string }).msg).sort();
  assert.deepEqual(msgs(normLogs(logs.map((e) => formatZapProduction(e, 0)))), msgs(normLogs(realLogs)));
  assert.ok(logs.some((e) => e.msg === 'finished scheduled compaction'));
  const st = await snapshotStatus(path.join(ours, 'member', 'snap', 'db'));
  assert.ok(st.totalKey < (await snapshotStatus(raw)).totalKey);
});

test('a key whose lease is missing is logged ("failed to attach a lease") and kept', async () => {
  const raw = editedDb((b, m) => {
    if (b === 'lease') m.clear();
  });
  const ours = fresh('ours-lease');
  const theirs = fresh('real-lease');
  const { ours: logs, realLogs } = await restoreBoth({ snapshotPath: raw, dataDir: ours, skipHashCheck: true }, theirs);
  await sameRestore(ours, theirs);
  const warn = normLogs(logs.map((e) => formatZapProduction(e, 0))).filter((o) => (o as { level: string }).level === 'warn');
  assert.deepEqual(warn, normLogs(realLogs).filter((o) => (o as { level: string }).level === 'warn'));
  assert.deepEqual(warn, [{
    level: 'warn', caller: 'mvcc/kvstore.go:451', msg: 'failed to attach a lease', 'lease-id': leaseHex.padStart(16, '0'), error: 'lease not found',
  }]);
});

test('a real etcd starts on our restore and serves the snapshot\'s keys', async () => {
  const peer = await freePort();
  const dir = fresh('serve');
  const url = `http://127.0.0.1:${peer}`;
  await snapshotRestore({
    snapshotPath: snap, dataDir: dir, name: 'm1', initialCluster: `m1=${url}`, initialAdvertisePeerUrls: url,
  });
  const m = await startOnDataDir('m1', dir, peer);
  started.push(m);
  const e = ['--endpoints', m.endpoint];
  assert.equal((await realOk([...e, 'get', 'key5', '--print-value-only'])).stdout, 'v5\n');
  assert.equal((await realOk([...e, 'get', 'hist', '--print-value-only'])).stdout, 'h4\n');
  assert.equal((await realOk([...e, 'get', 'key16'])).stdout, '');
  await realOk([...e, 'put', 'new', 'after-restore']);
  assert.equal((await realOk([...e, 'get', 'new', '--print-value-only'])).stdout, 'after-restore\n');
  const ml = (await realOk([...e, 'member', 'list'])).stdout;
  assert.match(ml, new RegExp(`started, m1, ${url}`));
  await m.stop();
});

const failRoot = path.join(root, 'fail');
fs.mkdirSync(failRoot);
const failPath = (name: string): string => path.join(failRoot, `${n++}-${name}`);

/** Our restore fails without touching failRoot; the real one fails with the same last line. */
async function sameFailure(o: Partial<SnapshotRestoreOptions> & { snapshotPath: string }, realDataDir?: string): Promise<string> {
  const watch = failRoot;
  const before = fingerprint(watch);
  let msg = '';
  try {
    await snapshotRestore({ ...o, log: () => {} });
    assert.fail('restore succeeded');
  } catch (e) {
    assert.ok(e instanceof DiskError, String(e));
    msg = e.message;
  }
  assert.deepEqual(fingerprint(watch), before, 'our failed restore changed the file system');
  const r = await real(['snapshot', 'restore', o.snapshotPath, ...flags({ ...o, dataDir: realDataDir ?? o.dataDir })], { api: '3' });
  assert.equal(r.code, 1);
  const lastLine = r.stderr.trim().split('\n').pop();
  assert.equal(lastLine, `Error: ${msg}`);
  return msg;
}

test('failures: existing data/wal dir, unknown name, URL mismatch, missing hash, wrong hash, missing file', async () => {
  const exists = failPath('exists');
  fs.mkdirSync(exists);
  assert.equal(await sameFailure({ snapshotPath: snap, dataDir: exists }), `data-dir "${exists}" exists`);
  const wal = failPath('walexists');
  fs.mkdirSync(wal);
  const d1 = failPath('d1');
  assert.equal(await sameFailure({ snapshotPath: snap, dataDir: d1, walDir: wal }), `wal-dir "${wal}" exists`);
  assert.equal(
    await sameFailure({ snapshotPath: snap, dataDir: failPath('d2'), name: 'm2' }),
    'couldn\'t find local name "m2" in the initial cluster configuration',
  );
  await sameFailure({
    snapshotPath: snap, dataDir: failPath('d3'), name: 'm1', initialCluster: 'm1=http://127.0.0.1:22392',
    initialAdvertisePeerUrls: 'http://127.0.0.1:22399',
  });
  await sameFailure({ snapshotPath: snap, dataDir: failPath('d4'), initialAdvertisePeerUrls: 'localhost:2380' });
  // a raw db (no sha256 tail): refused unless --skip-hash-check
  const raw = failPath('raw.db');
  fs.writeFileSync(raw, fs.readFileSync(snap).subarray(0, -32));
  const srcSum = fingerprint(failRoot)[path.basename(raw)];
  assert.equal(
    await sameFailure({ snapshotPath: raw, dataDir: failPath('d5') }, failPath('d5real')),
    'snapshot missing hash but --skip-hash-check=false',
  );
  const bad = failPath('bad.db');
  const b = fs.readFileSync(snap);
  b[9000]! ^= 0xff;
  fs.writeFileSync(bad, b);
  assert.match(await sameFailure({ snapshotPath: bad, dataDir: failPath('d6') }, failPath('d6real')), /^expected sha256 \[[\d ]+\], got \[[\d ]+\]$/);
  const missing = failPath('missing.db');
  assert.equal(await sameFailure({ snapshotPath: missing, dataDir: failPath('d7') }), `open ${missing}: no such file or directory`);
  assert.equal(fingerprint(failRoot)[path.basename(raw)], srcSum);
  assert.equal(await sameFailure({ snapshotPath: failRoot, dataDir: failPath('d8') }), `read ${failRoot}: is a directory`);
  const notDir = failPath('plainfile');
  fs.writeFileSync(notDir, 'x');
  assert.equal(await sameFailure({ snapshotPath: snap, dataDir: path.join(notDir, 'sub', 'dir') }), `mkdir ${notDir}: not a directory`);
});

test('failures the real etcdctl handles badly (panic, SIGBUS) are one clean line here: not bolt, truncated', async () => {
  const before = fingerprint(failRoot);
  const text = failPath('text.db');
  fs.writeFileSync(text, 'hello\n'.repeat(2000));
  const msg = async (o: SnapshotRestoreOptions): Promise<string> => {
    try {
      await snapshotRestore(o);
    } catch (e) {
      assert.ok(e instanceof DiskError);
      return e.message;
    }
    return 'no error';
  };
  const after1 = fingerprint(failRoot);
  assert.equal(await msg({ snapshotPath: text, dataDir: failPath('t1'), skipHashCheck: true }), 'invalid database');
  const trunc = failPath('trunc.db');
  fs.writeFileSync(trunc, fs.readFileSync(snap).subarray(0, 12288));
  assert.match(await msg({ snapshotPath: trunc, dataDir: failPath('t2'), skipHashCheck: true }), /^database file truncated/);
  const now = fingerprint(failRoot);
  for (const k of Object.keys(before)) assert.equal(now[k], before[k]);
  assert.deepEqual(Object.keys(now).sort(), [...Object.keys(after1), path.basename(trunc)].sort());
});
