// `snapshot status` and the `snapshot save` file writer against a real etcd 3.4.23 and the real
// etcdctl (docs/disk-formats.md 7.2, 7.3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { snapshotStatus } from '../../../src/disk/snapshot-status.js';
import { SnapshotFileWriter, saveSnapshotFile, hasChecksum } from '../../../src/disk/snapshot-file.js';
import { DiskError } from '../../../src/disk/errors.js';
import { startEtcd, type EtcdCluster } from '../../helpers/etcd.js';
import { real } from '../../helpers/run.js';
import { tmp, realOk, realStatus, fileChunks } from '../../helpers/disk-helpers.js';

let cluster: EtcdCluster;
let ep: string;
const root = tmp('status-');
let saved: string;

before(async () => {
  cluster = await startEtcd();
  ep = cluster.first.endpoint;
  const e = ['--endpoints', ep];
  for (let i = 0; i < 40; i++) await realOk([...e, 'put', `key${i}`, `value${i}`.repeat(i)]);
  await realOk([...e, 'del', 'key3']);
  const lease = await realOk([...e, 'lease', 'grant', '600']);
  const id = /lease ([0-9a-f]+) granted/.exec(lease.stdout)![1]!;
  await realOk([...e, 'put', 'leased', 'x', '--lease', id]);
  await realOk([...e, 'user', 'add', 'alice:secret']);
  await realOk([...e, 'role', 'add', 'reader']);
  await realOk([...e, 'compaction', '10']);
  saved = path.join(root, 'saved.db');
  await realOk([...e, 'snapshot', 'save', saved]);
});

after(async () => {
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const asJson = (s: { hash: number; revision: bigint; totalKey: bigint; totalSize: bigint }): unknown => ({
  hash: s.hash, revision: Number(s.revision), totalKey: Number(s.totalKey), totalSize: Number(s.totalSize),
});

async function ourError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DiskError, String(e));
    return e.message;
  }
  assert.fail('no error');
}

test('status of a snapshot saved by the real etcdctl equals the real status', async () => {
  const ours = await snapshotStatus(saved);
  assert.deepEqual(asJson(ours), await realStatus(saved));
  assert.ok(ours.revision > 40n);
  assert.ok(hasChecksum(fs.statSync(saved).size));
  // the same database without its sha256 tail
  const raw = path.join(root, 'raw.db');
  fs.writeFileSync(raw, fs.readFileSync(saved).subarray(0, -32));
  assert.deepEqual(asJson(await snapshotStatus(raw)), await realStatus(raw));
});

test('status errors are worded as the real etcdctl words them', async () => {
  const missing = path.join(root, 'missing.db');
  const empty = path.join(root, 'empty.db');
  fs.writeFileSync(empty, '');
  const text = path.join(root, 'text.db');
  fs.writeFileSync(text, 'not a bolt database\n'.repeat(300));
  for (const f of [missing, empty, text, root]) {
    const r = await real(['snapshot', 'status', f], { api: '3' });
    assert.equal(r.code, 1);
    assert.equal(`Error: ${await ourError(snapshotStatus(f))}\n`, r.stderr, f);
  }
});

test('the snapshot file writer reproduces `snapshot save` output from the stream', async () => {
  const out = path.join(root, 'ours.db');
  const r = await saveSnapshotFile(out, fileChunks(saved));
  assert.equal(r.size, fs.statSync(saved).size);
  assert.ok(fs.readFileSync(out).equals(fs.readFileSync(saved)));
  assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  assert.equal(fs.existsSync(`${out}.part`), false);
  // two-step use: the .part exists between write and commit, then is renamed
  const out2 = path.join(root, 'ours2.db');
  const w = await SnapshotFileWriter.open(out2);
  assert.equal(fs.existsSync(`${out2}.part`), true);
  await w.write(fileChunks(saved, 1000));
  assert.equal(fs.existsSync(out2), false);
  await w.commit();
  assert.ok(fs.readFileSync(out2).equals(fs.readFileSync(saved)));
});

test('snapshot file writer failures: no trailer, bad sha256, unopenable, stream error, abort', async () => {
  const data = fs.readFileSync(saved);
  const chunksOf = async function* (b: Buffer): AsyncGenerator<Buffer> {
    for (let i = 0; i < b.length; i += 4096) yield b.subarray(i, i + 4096);
  };
  const t = path.join(root, 'trunc.db');
  assert.equal(await ourError(saveSnapshotFile(t, chunksOf(data.subarray(0, data.length - 100)))), `sha256 checksum not found [bytes: ${data.length - 100}]`);
  assert.deepEqual(fs.readdirSync(root).filter((n) => n.startsWith('trunc')), []);

  const bad = Buffer.from(data);
  bad[5000]! ^= 1;
  const m = await ourError(saveSnapshotFile(t, chunksOf(bad)));
  assert.match(m, /^expected sha256 \[(\d+ ){31}\d+\], got \[(\d+ ){31}\d+\]$/);
  assert.deepEqual(fs.readdirSync(root).filter((n) => n.startsWith('trunc')), []);
  // with verification off, only the size is checked (etcdctl 3.4 behaviour)
  await saveSnapshotFile(t, chunksOf(bad), { verifyHash: false });
  assert.equal(fs.statSync(t).size, bad.length);

  const nodir = path.join(root, 'no', 'such', 'dir', 'x.db');
  const real1 = await real(['--endpoints', ep, 'snapshot', 'save', nodir], { api: '3' });
  assert.equal(real1.code, 5);
  const ours = await ourError(SnapshotFileWriter.open(nodir));
  assert.equal(ours, `could not open ${nodir}.part (open ${nodir}.part: no such file or directory)`);
  assert.ok(real1.stderr.endsWith(`Error: ${ours}\n`), real1.stderr);

  const e = path.join(root, 'err.db');
  const failing = async function* (): AsyncGenerator<Buffer> {
    yield data.subarray(0, 8192);
    throw new Error('stream broke');
  };
  await assert.rejects(saveSnapshotFile(e, failing()), /stream broke/);
  const ac = new AbortController();
  const aborting = async function* (): AsyncGenerator<Buffer> {
    yield data.subarray(0, 8192);
    ac.abort();
    yield data.subarray(8192);
  };
  assert.equal(await ourError(saveSnapshotFile(e, aborting(), { signal: ac.signal })), 'snapshot save aborted');
  assert.deepEqual(fs.readdirSync(root).filter((n) => n.startsWith('err')), []);
});

test('snapshot file writer: a failing write (ENOSPC from /dev/full) ends it, nothing is left', async () => {
  const data = fs.readFileSync(saved);
  const t = path.join(root, 'full.db');
  // the .part file is a link to /dev/full: opening follows it, every write fails with ENOSPC
  fs.symlinkSync('/dev/full', `${t}.part`);
  const w = await SnapshotFileWriter.open(t);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < 40; i++) yield data.subarray(0, Math.min(data.length, 64 * 1024));
  }
  assert.equal(await ourError(w.write(chunks())), `write ${t}.part: no space left on device`);
  assert.equal(fs.existsSync(`${t}.part`), false);
  assert.equal(fs.existsSync(t), false);
});

test('the snapshot file writer streams in bounded memory (160 MB)', async () => {
  const { createHash } = await import('node:crypto');
  const chunk = Buffer.alloc(32 * 1024, 0x5a);
  const n = 5000; // 160 MB
  const h = createHash('sha256');
  for (let i = 0; i < n; i++) h.update(chunk);
  const sha = h.digest();
  const base = process.memoryUsage().rss;
  let peak = base;
  async function* gen(): AsyncGenerator<Buffer> {
    for (let i = 0; i < n; i++) {
      if (i % 200 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      yield chunk;
    }
    yield sha;
  }
  const out = path.join(root, 'big.db');
  const r = await saveSnapshotFile(out, gen());
  assert.equal(r.size, n * chunk.length + 32);
  const grew = (peak - base) / (1 << 20);
  assert.ok(grew < 64, `rss grew by ${grew.toFixed(1)} MiB`);
  fs.rmSync(out);
});

test('status waits for a running etcd\'s lock on its db, then reads it', async () => {
  const db = path.join(cluster.first.dataDir, 'member', 'snap', 'db');
  let waited = false;
  let done = false;
  const p = snapshotStatus(db, { onLockWait: () => (waited = true) }).finally(() => (done = true));
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(done, false);
  assert.equal(waited, true);
  await cluster.first.stop();
  const ours = await p;
  assert.deepEqual(asJson(ours), await realStatus(db));
});
