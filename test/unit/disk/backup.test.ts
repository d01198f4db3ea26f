// v2 `etcdctl backup` against the real etcdctl 3.4.23 on a real etcd's data dir (docs/disk-formats.md
// .md 7.1): with the real backup's clock reused, our WAL is byte-identical; the .snap is identical;
// the db has the same status hash; a real etcd starts on our backup with --force-new-cluster; the
// source is never modified; failures match etcdctl's fatal messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backup, type BackupOptions } from '../../../src/disk/backup.js';
import { snapshotStatus } from '../../../src/disk/snapshot-status.js';
import { readWal, WalDecoder } from '../../../src/disk/wal/reader.js';
import { decodeMetadata } from '../../../src/disk/proto/etcdserverpb.js';
import { formatZapExample, type LogEntry } from '../../../src/disk/log.js';
import { DiskError } from '../../../src/disk/errors.js';
import { decodeFrameSize } from '../../../src/disk/wal/frame.js';
import { startEtcd, freePort, type EtcdCluster, type EtcdMember } from '../../helpers/etcd.js';
import { real, type RunResult } from '../../helpers/run.js';
import { tmp, realOk, realStatus, fingerprint, startOnDataDir } from '../../helpers/disk-helpers.js';

let cluster: EtcdCluster;
let source: string; // the stopped member's data dir
const root = tmp('backup-');
const started: EtcdMember[] = [];

before(async () => {
  cluster = await startEtcd({ extraArgs: ['--snapshot-count', '25'] });
  const m = cluster.first;
  const v2 = ['--endpoints', m.clientURL];
  const v3 = ['--endpoints', m.endpoint];
  for (let i = 0; i < 30; i++) await realOk([...v2, 'set', `/dir/k${i}`, `v2-${i}`], '2');
  for (let i = 0; i < 30; i++) await realOk([...v3, 'put', `k${i}`, `v3-${i}`]);
  await realOk([...v2, 'mkdir', '/emptydir'], '2');
  await realOk([...v2, 'rm', '/dir/k0'], '2');
  await m.stop();
  source = m.dataDir;
});

after(async () => {
  for (const s of started) await s.stop();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

let n = 0;
const fresh = (name: string): string => path.join(root, `${n++}-${name}`);

function copyOfSource(): string {
  const d = fresh('src');
  fs.cpSync(source, d, { recursive: true });
  return d;
}

/** The metadata record of the first segment of a WAL directory. */
function firstMetadata(walDir: string): ReturnType<typeof decodeMetadata> {
  const dec = new WalDecoder([path.join(walDir, fs.readdirSync(walDir).sort()[0]!)]);
  try {
    for (;;) {
      const r = dec.decode();
      if ('end' in r) throw new Error('no metadata record');
      if (r.rec.type === 1n) return decodeMetadata(r.rec.data!);
    }
  } finally {
    dec.close();
  }
}

interface Ran {
  logs: string[];
  zap: string[];
}

/** Runs ours, then the real one, on the same source; ours reuses the real clock for its IDs. */
async function backupBoth(o: BackupOptions, realDest: string, realWalDest?: string): Promise<{ ours: Ran; real: Ran; r: RunResult }> {
  const args = ['backup', '--data-dir', o.dataDir!, '--backup-dir', realDest];
  if (o.walDir) args.push('--wal-dir', o.walDir);
  if (realWalDest) args.push('--backup-wal-dir', realWalDest);
  if (o.withV3) args.push('--with-v3');
  const r = await real(args, { api: '2' });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const walDir = realWalDest ?? path.join(realDest, 'member', 'wal');
  const md = firstMetadata(walDir);
  const ms = Number(md.nodeId >> 8n);
  const ours: Ran = { logs: [], zap: [] };
  await backup({
    ...o, now: () => ms, log: (m) => ours.logs.push(m), zapLog: (e: LogEntry) => ours.zap.push(formatZapExample(e)),
  });
  const realLogs = r.stderr.split('\n').filter((l) => l.includes(' I | ')).map((l) => l.slice(l.indexOf(' I | ') + 5));
  const realZap = r.stdout.split('\n').filter((l) => l.startsWith('{'));
  return { ours, real: { logs: realLogs, zap: realZap }, r };
}

function sameFile(a: string, b: string): void {
  assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), `${a} differs from ${b}`);
  assert.equal(fs.statSync(a).mode & 0o7777, fs.statSync(b).mode & 0o7777, `mode of ${a}`);
}

async function sameBackup(ours: string, theirs: string, wo?: string, wt?: string): Promise<void> {
  const walO = wo ?? path.join(ours, 'member', 'wal');
  const walT = wt ?? path.join(theirs, 'member', 'wal');
  assert.deepEqual(fs.readdirSync(walO).sort(), fs.readdirSync(walT).sort());
  for (const f of fs.readdirSync(walT)) sameFile(path.join(walO, f), path.join(walT, f));
  const so = path.join(ours, 'member', 'snap');
  const st = path.join(theirs, 'member', 'snap');
  assert.deepEqual(fs.readdirSync(so).sort(), fs.readdirSync(st).sort());
  for (const f of fs.readdirSync(st)) if (f !== 'db') sameFile(path.join(so, f), path.join(st, f));
  assert.equal(fs.statSync(path.join(so, 'db')).mode & 0o777, fs.statSync(path.join(st, 'db')).mode & 0o777);
  const a = await snapshotStatus(path.join(so, 'db'));
  const b = await realStatus(path.join(st, 'db'));
  assert.equal(a.hash, b.hash);
  assert.equal(Number(a.totalKey), b.totalKey);
  assert.equal((await realStatus(path.join(so, 'db'))).hash, b.hash);
}

test('v2 backup: byte-identical WAL and .snap, same db, same log lines, source untouched', async () => {
  const src = copyOfSource();
  const print = fingerprint(src);
  assert.ok(fs.readdirSync(path.join(src, 'member', 'snap')).some((f) => f.endsWith('.snap')), 'etcd made a .snap');
  const ours = fresh('ours');
  const theirs = fresh('real');
  const r = await backupBoth({ dataDir: src, backupDir: ours }, theirs);
  await sameBackup(ours, theirs);
  assert.deepEqual(r.ours.logs, r.real.logs);
  assert.deepEqual(r.ours.zap, r.real.zap);
  assert.ok(r.ours.logs.includes('ignoring v3 raft entry'));
  assert.deepEqual(fingerprint(src), print);
});

test('--with-v3 and custom WAL dirs: identical files, same db without membership buckets', async () => {
  const src = copyOfSource();
  const print = fingerprint(src);
  const srcWal = fresh('srcwal');
  fs.renameSync(path.join(src, 'member', 'wal'), srcWal);
  const ours = fresh('ours3');
  const theirs = fresh('real3');
  const wo = fresh('wal-ours');
  const wt = fresh('wal-real');
  const r = await backupBoth({ dataDir: src, walDir: srcWal, backupDir: ours, backupWalDir: wo, withV3: true }, theirs, wt);
  await sameBackup(ours, theirs, wo, wt);
  assert.deepEqual(r.ours.logs, r.real.logs);
  assert.ok(!r.ours.logs.includes('ignoring v3 raft entry'));
  const st = await snapshotStatus(path.join(ours, 'member', 'snap', 'db'));
  assert.ok(st.revision >= 30n);
  fs.renameSync(srcWal, path.join(src, 'member', 'wal'));
  assert.deepEqual(fingerprint(src), print);
});

test('a real etcd starts on our backups with --force-new-cluster and serves the data', async () => {
  for (const withV3 of [false, true]) {
    const dest = fresh(withV3 ? 'serve3' : 'serve2');
    await backup({ dataDir: source, backupDir: dest, withV3, walSegmentSize: 256 });
    assert.ok(fs.readdirSync(path.join(dest, 'member', 'wal')).length > 1, 'several WAL segments');
    const peer = await freePort();
    const m = await startOnDataDir('b', dest, peer, ['--force-new-cluster', '--enable-v2']);
    started.push(m);
    const v2 = await realOk(['--endpoints', m.clientURL, 'get', '/dir/k7'], '2');
    assert.equal(v2.stdout, 'v2-7\n');
    const gone = await real(['--endpoints', m.clientURL, 'get', '/dir/k0'], { api: '2' });
    assert.match(gone.stderr, /Key not found/);
    const v3 = await realOk(['--endpoints', m.endpoint, 'get', 'k7', '--print-value-only']);
    assert.equal(v3.stdout, withV3 ? 'v3-7\n' : '');
    await m.stop();
  }
});

test('a broken newest .snap is skipped and reported, never renamed (etcdctl renames it)', async () => {
  const src = copyOfSource();
  const snapDir = path.join(src, 'member', 'snap');
  const snaps = fs.readdirSync(snapDir).filter((f) => f.endsWith('.snap')).sort();
  // a newer, corrupt snapshot file
  const newest = snaps[snaps.length - 1]!;
  const broken = 'ffffffffffffffff-ffffffffffffffff.snap';
  const b = fs.readFileSync(path.join(snapDir, newest));
  b[b.length - 1]! ^= 0xff;
  fs.writeFileSync(path.join(snapDir, broken), b);
  const print = fingerprint(src);
  const realSrc = fresh('realsrc');
  fs.cpSync(src, realSrc, { recursive: true });
  const ours = fresh('ours-broken');
  const theirs = fresh('real-broken');
  const zap: LogEntry[] = [];
  await backup({ dataDir: src, backupDir: ours, zapLog: (e) => zap.push(e) });
  assert.deepEqual(fingerprint(src), print);
  assert.ok(zap.some((e) => e.msg === 'snap file is corrupt'));
  const r = await real(['backup', '--data-dir', realSrc, '--backup-dir', theirs], { api: '2' });
  assert.equal(r.code, 0);
  assert.ok(fs.existsSync(path.join(realSrc, 'member', 'snap', `${broken}.broken`)));
  assert.deepEqual(fs.readdirSync(path.join(ours, 'member', 'snap')).sort(), fs.readdirSync(path.join(theirs, 'member', 'snap')).sort());
  sameFile(path.join(ours, 'member', 'snap', newest), path.join(theirs, 'member', 'snap', newest));
});

test('a snapshot missing from the WAL is logged and the backup goes on, as etcdctl does', async () => {
  const src = copyOfSource();
  // a valid .snap at an index the WAL has no snapshot record for
  const snapDir = path.join(src, 'member', 'snap');
  const { loadNewestSnapshot, saveSnapFile } = await import('../../../src/disk/snap/snapshotter.js');
  const s = loadNewestSnapshot(snapDir).loaded!.snapshot;
  const wal = readWal(path.join(src, 'member', 'wal'), { index: 0n, term: 0n });
  const idx = s.metadata.index + 3n;
  assert.ok(wal.entries.length > Number(idx));
  saveSnapFile(snapDir, { ...s, metadata: { ...s.metadata, index: idx } });
  const ours = fresh('ours-nf');
  const theirs = fresh('real-nf');
  const r = await backupBoth({ dataDir: src, backupDir: ours }, theirs);
  const t = s.metadata.term;
  const expected = `Failed to find the match snapshot record {Index:${idx} Term:${t} XXX_unrecognized:[]} in wal ${path.join(src, 'member', 'wal')}.`;
  assert.equal(r.ours.logs[0], expected);
  assert.equal(r.ours.logs[1], 'etcdctl will add it back. Start auto fixing...');
  assert.deepEqual(r.ours.logs, r.real.logs);
  await sameBackup(ours, theirs);
});

test('a torn last WAL record and a source without .snap files: same result as etcdctl', async () => {
  const src = copyOfSource();
  const walDir = path.join(src, 'member', 'wal');
  const last = path.join(walDir, fs.readdirSync(walDir).sort().pop()!);
  const b = fs.readFileSync(last);
  let off = 0;
  let lastOff = 0;
  for (;;) {
    const lf = b.readBigUInt64LE(off);
    if (lf === 0n) break;
    const { recBytes, padBytes } = decodeFrameSize(lf);
    lastOff = off;
    off += 8 + Number(recBytes) + padBytes;
  }
  b.fill(0, lastOff + 8, off); // the last record's bytes are zero: a torn write
  fs.writeFileSync(last, b);
  for (const f of fs.readdirSync(path.join(src, 'member', 'snap'))) {
    if (f.endsWith('.snap')) fs.rmSync(path.join(src, 'member', 'snap', f));
  }
  const print = fingerprint(src);
  const ours = fresh('ours-torn');
  const theirs = fresh('real-torn');
  const r = await backupBoth({ dataDir: src, backupDir: ours }, theirs);
  await sameBackup(ours, theirs);
  assert.deepEqual(r.ours.logs, r.real.logs);
  assert.deepEqual(fs.readdirSync(path.join(ours, 'member', 'snap')), ['db']);
  assert.deepEqual(fingerprint(src), print);
});

/** Our backup fails with `msg`, leaving only etcdctl's empty snap dir; the real one says the same. */
async function sameFatal(o: BackupOptions, msg: string | RegExp, realDest: string): Promise<void> {
  const srcPrint = o.dataDir && fs.existsSync(o.dataDir) ? fingerprint(o.dataDir) : undefined;
  let ours = '';
  try {
    await backup(o);
    assert.fail('backup succeeded');
  } catch (e) {
    assert.ok(e instanceof DiskError, String(e));
    ours = e.message;
  }
  if (typeof msg === 'string') assert.equal(ours, msg);
  else assert.match(ours, msg);
  if (srcPrint) assert.deepEqual(fingerprint(o.dataDir!), srcPrint);
  const dest = o.backupDir!;
  if (fs.existsSync(path.join(dest, 'member', 'snap'))) {
    const left = fingerprint(dest);
    for (const k of Object.keys(left)) assert.ok(k === 'member/' || k.startsWith('member/snap'), `left behind: ${k}`);
  }
  const args = ['backup', '--data-dir', o.dataDir!, '--backup-dir', realDest];
  if (o.withV3) args.push('--with-v3');
  const r = await real(args, { api: '2' });
  assert.equal(r.code, 1);
  const last = r.stderr.trim().split('\n').pop()!;
  assert.equal(last.slice(last.indexOf(' I | ') + 5), ours);
}

test('fatal errors: missing source, non-empty or unmakeable backup dir, corrupt WAL record, missing WAL', async () => {
  const missing = fresh('nosuch');
  await sameFatal({ dataDir: missing, backupDir: fresh('d1') }, `open ${path.join(missing, 'member', 'snap')}: no such file or directory`, fresh('r1'));

  const full = fresh('full');
  fs.mkdirSync(path.join(full, 'member', 'snap'), { recursive: true });
  fs.writeFileSync(path.join(full, 'member', 'snap', 'db'), 'x');
  const fullSnap = path.join(full, 'member', 'snap');
  const fullReal = fresh('fullreal');
  fs.cpSync(full, fullReal, { recursive: true });
  const fullMsg = (d: string): string => `failed creating backup snapshot dir ${d}: expected "${d}" to be empty, got ["db"]`;
  const fullPrint = fingerprint(full);
  await assert.rejects(backup({ dataDir: source, backupDir: full }), (e: unknown) => e instanceof DiskError && e.message === fullMsg(fullSnap));
  assert.deepEqual(fingerprint(full), fullPrint);
  const rf = await real(['backup', '--data-dir', source, '--backup-dir', fullReal], { api: '2' });
  assert.equal(rf.code, 1);
  assert.ok(rf.stderr.trim().endsWith(` I | ${fullMsg(path.join(fullReal, 'member', 'snap'))}`), rf.stderr);

  const plain = fresh('plain');
  fs.writeFileSync(plain, 'x');
  const plainReal = fresh('plainreal');
  fs.writeFileSync(plainReal, 'x');
  const sub = (p: string): string => path.join(p, 'sub', 'member', 'snap');
  await assert.rejects(backup({ dataDir: source, backupDir: path.join(plain, 'sub') }), (e: unknown) =>
    e instanceof DiskError && e.message === `failed creating backup snapshot dir ${sub(plain)}: mkdir ${plain}: not a directory`);
  const rp = await real(['backup', '--data-dir', source, '--backup-dir', path.join(plainReal, 'sub')], { api: '2' });
  assert.ok(rp.stderr.trim().endsWith(` I | failed creating backup snapshot dir ${sub(plainReal)}: mkdir ${plainReal}: not a directory`), rp.stderr);

  const src = copyOfSource();
  const walDir = path.join(src, 'member', 'wal');
  const seg = path.join(walDir, fs.readdirSync(walDir).sort()[0]!);
  const b = fs.readFileSync(seg);
  // flip a byte inside the 6th record (an entry well before the end)
  let off = 0;
  for (let i = 0; i < 5; i++) {
    const { recBytes, padBytes } = decodeFrameSize(b.readBigUInt64LE(off));
    off += 8 + Number(recBytes) + padBytes;
  }
  b[off + 12]! ^= 0x55;
  fs.writeFileSync(seg, b);
  await sameFatal({ dataDir: src, backupDir: fresh('d3') }, 'walpb: crc mismatch', fresh('r3'));

  const noWal = copyOfSource();
  fs.rmSync(path.join(noWal, 'member', 'wal'), { recursive: true });
  await sameFatal({ dataDir: noWal, backupDir: fresh('d4') }, `open ${path.join(noWal, 'member', 'wal')}: no such file or directory`, fresh('r4'));
});

test('--with-v3 waits for a running etcd to release its db', async () => {
  const m = cluster.first;
  await m.start();
  await m.waitHealthy();
  const logs: string[] = [];
  let done = false;
  const dest = fresh('locked');
  const p = backup({ dataDir: m.dataDir, backupDir: dest, withV3: true, log: (l) => logs.push(l) }).finally(() => (done = true));
  await new Promise((r) => setTimeout(r, 1600));
  assert.equal(done, false);
  assert.ok(logs.includes(`waiting to acquire lock on ${path.join(m.dataDir, 'member', 'snap', 'db')}`), logs.join('\n'));
  await m.stop();
  const r = await p;
  assert.ok(r.entries > 0);
  assert.equal((await snapshotStatus(path.join(dest, 'member', 'snap', 'db'))).hash, (await snapshotStatus(r.dbPath)).hash);
});
