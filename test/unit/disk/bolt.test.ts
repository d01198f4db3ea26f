// bbolt pages, meta, freelist, reader, tx.Check, writer and consistent copy (docs/disk-formats.md
// section 4, vector 8.3). The real `etcdctl snapshot status` is the oracle for every file written
// here: it must accept our files with the hash we compute, and report the same check errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BoltWriter } from '../../../src/disk/bolt/writer.js';
import { BoltReader } from '../../../src/disk/bolt/reader.js';
import { checkBolt } from '../../../src/disk/bolt/check.js';
import { writeConsistentCopy, rewriteCompact } from '../../../src/disk/bolt/copy.js';
import { encodeMetaPage, readMeta } from '../../../src/disk/bolt/meta.js';
import { readPageHeader, branchElements, BUCKET_LEAF_FLAG } from '../../../src/disk/bolt/page.js';
import { statusOf } from '../../../src/disk/snapshot-status.js';
import { FileRangeHasher } from '../../../src/disk/crc32c-ranges.js';
import { Crc32c } from '../../../src/disk/crc32c.js';
import { DiskError } from '../../../src/disk/errors.js';
import { real } from '../../helpers/run.js';
import { requireEtcd } from '../../helpers/etcd.js';
import { tmp } from '../../helpers/disk-helpers.js';

requireEtcd();
const root = tmp('bolt-');
after(() => fs.rmSync(root, { recursive: true, force: true }));
let seq = 0;
const file = (name = 'db'): string => path.join(root, `${seq++}-${name}`);

type Content = Array<{ name: string; seq?: bigint; kvs: Array<[Buffer, Buffer]>; nested?: Content }>;

function writeDb(f: string, content: Content): void {
  const w = new BoltWriter(f);
  const fill = (b: ReturnType<BoltWriter['bucket']>, c: Content[number]): void => {
    const items: Array<[Buffer, Buffer | Content[number]]> = [...c.kvs];
    for (const n of c.nested ?? []) items.push([Buffer.from(n.name), n]);
    items.sort((x, y) => Buffer.compare(x[0], y[0]));
    for (const [k, v] of items) {
      if (Buffer.isBuffer(v)) b.put(k, v);
      else fill(b.bucket(k, v.seq ?? 0n), v);
    }
    b.finish();
  };
  for (const c of [...content].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))) {
    fill(w.bucket(Buffer.from(c.name), c.seq ?? 0n), c);
  }
  w.finish();
}

/** The status hash computed from the input, independently of the reader. */
function expectedHash(content: Content): { hash: number; keys: number } {
  const h = new Crc32c();
  let keys = 0;
  for (const c of [...content].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))) {
    h.update(Buffer.from(c.name));
    const items: Array<[Buffer, Buffer]> = [...c.kvs, ...(c.nested ?? []).map((n): [Buffer, Buffer] => [Buffer.from(n.name), Buffer.alloc(0)])];
    items.sort((x, y) => Buffer.compare(x[0], y[0]));
    for (const [k, v] of items) {
      h.update(k);
      h.update(v);
      keys++;
    }
  }
  return { hash: h.digest(), keys };
}

async function realStatusOf(f: string): Promise<{ code: number | null; out: string; err: string }> {
  const r = await real(['snapshot', 'status', f, '-w', 'json'], { api: '3' });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

async function ourAsyncError(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    assert.ok(e instanceof DiskError, String(e));
    return e.message;
  }
  return '';
}

function ourError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DiskError, String(e));
    return e.message;
  }
  return '';
}

/** statusOf(db) (then closed) against the hash and key count `content` makes, and etcdctl's status of f. */
async function checkedStatus(db: BoltReader, f: string, content: Content) {
  const st = await statusOf(db);
  // the same with large values hashed on a worker thread too, with a roomy and a tiny queue
  for (const capacity of [64, 1]) {
    const ranges = await FileRangeHasher.open(db.fd, f, { worker: true, capacity });
    assert.deepEqual(await statusOf(db, ranges), st, `worker, capacity ${capacity}`);
    ranges.close();
  }
  db.close();
  const exp = expectedHash(content);
  assert.equal(st.hash, exp.hash);
  assert.equal(st.totalKey, BigInt(exp.keys));
  const r = await realStatusOf(f);
  assert.equal(r.code, 0, r.err);
  return { st, exp, realJson: JSON.parse(r.out) as { hash: number } };
}

const kv = (k: string, v: string | Buffer): [Buffer, Buffer] => [Buffer.from(k), Buffer.isBuffer(v) ? v : Buffer.from(v)];

test('the tiny database of 8.3, byte for byte', async () => {
  const f = file();
  writeDb(f, [{ name: 'b', kvs: [kv('k', 'v')] }]);
  const b = fs.readFileSync(f);
  assert.equal(b.length, 16384);
  const expected = Buffer.alloc(16384);
  const put = (off: number, h: string): void => void Buffer.from(h.replace(/\s/g, ''), 'hex').copy(expected, off);
  put(0x0000, '0000000000000000 0400 0000 00000000 edda0ced 02000000 00100000 00000000 0300000000000000 0000000000000000 0200000000000000 0400000000000000 0000000000000000 eefd8946116e5107');
  put(0x1000, '0100000000000000 0400 0000 00000000 edda0ced 02000000 00100000 00000000 0300000000000000 0000000000000000 0200000000000000 0400000000000000 0100000000000000 0f4879511a354c26'.replace('0f4879511a354c26', b.subarray(0x1048, 0x1050).toString('hex')));
  put(0x2000, '0200000000000000 1000 0000 00000000');
  put(0x3000, '0300000000000000 0200 0100 00000000 01000000 10000000 01000000 32000000 62 0000000000000000 0000000000000000 0000000000000000 0200 0100 00000000 00000000 10000000 01000000 01000000 6b 76');
  assert.equal(b.toString('hex'), expected.toString('hex'));
  // page 1's checksum: the spec prints it as LE bytes 0f4879511a354c26
  assert.equal(b.subarray(0x1048, 0x1050).toString('hex'), '0f4879511a354c26');

  const db = BoltReader.open(f);
  assert.deepEqual(checkBolt(db), []);
  const st = await statusOf(db);
  db.close();
  assert.deepEqual(st, { hash: 0x777c7778, revision: 0n, totalKey: 1n, totalSize: 16384n });
  const r = await realStatusOf(f);
  assert.equal(r.out, '{"hash":2004645752,"revision":0,"totalKey":1,"totalSize":16384}\n');
});

test('branch pages, overflow pages, the 1024-byte inline boundary, nested buckets, sequences', async () => {
  const many: Array<[Buffer, Buffer]> = [];
  for (let i = 0; i < 6000; i++) many.push(kv(`key${String(i).padStart(6, '0')}`, `value-${i}-${'x'.repeat(i % 50)}`));
  // inline size = 16 + sum(16 + k + v): 16 + 16*(16+1+...) chosen to hit exactly 1024 and 1025
  const inline1024: Array<[Buffer, Buffer]> = [kv('a', Buffer.alloc(1024 - 16 - 16 - 1))];
  const inline1025: Array<[Buffer, Buffer]> = [kv('a', Buffer.alloc(1025 - 16 - 16 - 1))];
  const content: Content = [
    { name: 'many', seq: 7n, kvs: many },
    { name: 'big', kvs: [kv('huge', randomBytes(1536 * 1024)), kv('small', 'x'), kv('zz', randomBytes(5000))] },
    { name: 'in1024', seq: 3n, kvs: inline1024 },
    { name: 'in1025', kvs: inline1025 },
    { name: 'empty', kvs: [] },
    { name: 'nest', kvs: [kv('a', '1'), kv('z', '2')], nested: [{ name: 'child', seq: 9n, kvs: [kv('c', 'd')] }, { name: 'm', kvs: many.slice(0, 500) }] },
  ];
  const f = file();
  writeDb(f, content);
  const db = BoltReader.open(f);
  assert.deepEqual(checkBolt(db), []);
  // structure: inline exactly up to 1024 bytes, sequences kept, a branch root for `many`
  const tops = new Map<string, ReturnType<BoltReader['openBucket']>>();
  for (const t of db.topLevel()) tops.set(t.key.toString(), db.openBucket(t.value, t.key.toString()));
  assert.equal(tops.get('in1024')!.root, 0n);
  assert.equal(tops.get('in1024')!.sequence, 3n);
  assert.notEqual(tops.get('in1025')!.root, 0n);
  assert.equal(tops.get('empty')!.root, 0n);
  assert.equal(tops.get('many')!.sequence, 7n);
  const manyRoot = db.readPage(tops.get('many')!.root);
  assert.equal(readPageHeader(manyRoot).flags, 0x01);
  assert.ok(branchElements(manyRoot, 'x').length > 1);
  const got = [...db.iterate(tops.get('many')!)].map((e) => [e.key.toString(), e.value.toString()]);
  assert.deepEqual(got, many.map(([k, v]) => [k.toString(), v.toString()]));
  const big = [...db.iterate(tops.get('big')!)];
  assert.equal(big[0]!.value.length, 1536 * 1024);
  const nest = [...db.iterate(tops.get('nest')!)];
  assert.deepEqual(nest.map((e) => [e.key.toString(), e.flags]), [['a', 0], ['child', BUCKET_LEAF_FLAG], ['m', BUCKET_LEAF_FLAG], ['z', 0]]);
  assert.equal(db.openBucket(nest[1]!.value, 'child').sequence, 9n);
  // readPageInto through one reused buffer returns what readPage allocates, growing for overflow
  const scratch = { buf: Buffer.alloc(0) };
  for (let pg = 2n; pg < db.meta.pgid; pg++) {
    const want = db.readPage(pg);
    assert.ok(db.readPageInto(pg, scratch).equals(want), `page ${pg}`);
    pg += BigInt(readPageHeader(want).overflow);
  }
  assert.ok(scratch.buf.length > 1536 * 1024, `${scratch.buf.length}`);
  const { st, exp, realJson } = await checkedStatus(db, f, content);
  assert.deepEqual(realJson, { hash: exp.hash, revision: 0, totalKey: exp.keys, totalSize: Number(st.totalSize) });

  // a logical compact copy keeps the hash; a consistent copy keeps the pages
  const c1 = file('compact');
  const src = BoltReader.open(f);
  rewriteCompact(src, c1);
  const c2 = file('writeto');
  writeConsistentCopy(src, c2);
  src.close();
  for (const c of [c1, c2]) {
    const d = BoltReader.open(c);
    assert.equal((await statusOf(d)).hash, exp.hash);
    d.close();
  }
  const orig = fs.readFileSync(f);
  const copy = fs.readFileSync(c2);
  assert.equal(copy.length, orig.length);
  assert.ok(copy.subarray(8192).equals(orig.subarray(8192)));
  assert.equal(readMeta(copy.subarray(0, 4096)).txid, 1n);
  assert.equal(readMeta(copy.subarray(4096, 8192)).txid, 0n);
  assert.equal(readPageHeader(copy.subarray(4096)).id, 1n);
});

test('leaves of large values are streamed (bounded memory) with the same hash, keys and nested buckets', async () => {
  // nodes of up to four elements are never split: 4 x 700 KiB and a nested bucket in one leaf
  const bigs: Array<[Buffer, Buffer]> = [1, 2, 3].map((i) => kv(`big${i}`, randomBytes(700 * 1024)));
  const content: Content = [
    { name: 'values', kvs: bigs, nested: [{ name: 'big0-nested', kvs: [kv('n', randomBytes(300 * 1024)), kv('o', 'x')] }] },
    { name: 'small', kvs: [kv('a', '1')] },
  ];
  const f = file('large');
  writeDb(f, content);
  const db = BoltReader.open(f);
  assert.deepEqual(checkBolt(db), []);
  // with and without the streaming hook, the same pages are visited and the same errors found
  const seen: bigint[] = [];
  assert.deepEqual(checkBolt(db, { leaf: (_d, _p, pgid) => seen.push(pgid) }), []);
  const streamed: bigint[] = [];
  let large = 0;
  const visitor = { largeLeaf: (_d: number, _l: unknown, pgid: bigint) => (large++, streamed.push(pgid)), leaf: (_d: number, _p: Buffer, pgid: bigint) => streamed.push(pgid) };
  assert.deepEqual(checkBolt(db, visitor), []);
  assert.deepEqual(streamed, seen);
  assert.ok(large >= 3, `large leaves: ${large}`);
  const { exp, realJson } = await checkedStatus(db, f, content);
  assert.equal(realJson.hash, exp.hash);
});

test('writer refuses keys out of order and unfinished buckets', () => {
  const w = new BoltWriter(file());
  const b = w.bucket(Buffer.from('b'));
  b.put(Buffer.from('k2'), Buffer.from('v'));
  assert.throws(() => b.put(Buffer.from('k1'), Buffer.from('v')), /out of order/);
  assert.throws(() => w.bucket(Buffer.from('c')), /not finished/);
  b.finish();
  assert.throws(() => w.bucket(Buffer.from('a')), /out of order/);
  w.abort();
});

/** A db with a synced freelist and a multi-page bucket, plus helpers to corrupt it. */
function corruptible(): { f: string; buf: Buffer; leafPgids: bigint[]; branch: bigint; hwm: number } {
  const f = file('corrupt');
  const kvs: Array<[Buffer, Buffer]> = [];
  for (let i = 0; i < 400; i++) kvs.push(kv(`k${String(i).padStart(4, '0')}`, 'v'.repeat(30)));
  writeDb(f, [{ name: 'b', kvs }]);
  const db = BoltReader.open(f);
  const top = [...db.topLevel()][0]!;
  const b = db.openBucket(top.value, 'b');
  const leafPgids = branchElements(db.readPage(b.root), 'x').map((e) => e.pgid);
  const hwm = db.pageCount;
  db.close();
  return { f, buf: fs.readFileSync(f), leafPgids, branch: b.root, hwm };
}

function setMeta(buf: Buffer, patch: { pgid?: bigint }): void {
  for (const id of [0, 1] as const) {
    const m = readMeta(buf.subarray(id * 4096));
    encodeMetaPage({ ...m, ...patch }, id, 4096).copy(buf, id * 4096);
  }
}

function setFreelist(buf: Buffer, ids: bigint[]): void {
  const off = 2 * 4096;
  buf.writeUInt16LE(ids.length, off + 10);
  ids.forEach((id, i) => buf.writeBigUInt64LE(id, off + 16 + 8 * i));
}

async function sameCheckErrors(f: string, expected: string[]): Promise<void> {
  const db = BoltReader.open(f);
  assert.deepEqual(checkBolt(db), expected);
  const ours = await ourAsyncError(() => statusOf(db));
  db.close();
  const msg = `snapshot file integrity check failed. ${expected.length} errors found.\n${expected.join('\n')}`;
  assert.equal(ours, msg);
  const r = await realStatusOf(f);
  assert.equal(r.code, 1);
  assert.equal(r.err, `Error: ${msg}\n`);
}

test('tx.Check errors match bbolt: unreachable unfreed, already freed, reachable freed', async () => {
  const c = corruptible();
  // an extra page past the old high-water mark, neither reachable nor free
  const b1 = Buffer.concat([c.buf, Buffer.alloc(4096)]);
  setMeta(b1, { pgid: BigInt(c.hwm + 1) });
  const f1 = file();
  fs.writeFileSync(f1, b1);
  await sameCheckErrors(f1, [`page ${c.hwm}: unreachable unfreed`]);

  const b2 = Buffer.from(b1);
  setFreelist(b2, [BigInt(c.hwm), BigInt(c.hwm)]);
  const f2 = file();
  fs.writeFileSync(f2, b2);
  await sameCheckErrors(f2, [`page ${c.hwm}: already freed`]);

  const b3 = Buffer.from(c.buf);
  setFreelist(b3, [c.leafPgids[1]!]);
  const f3 = file();
  fs.writeFileSync(f3, b3);
  await sameCheckErrors(f3, [`page ${c.leafPgids[1]}: reachable freed`]);
});

test('tx.Check errors match bbolt: multiple references, out of bounds', async () => {
  const c = corruptible();
  // the branch's second child points at the first leaf too; the real second leaf becomes unreachable
  const b1 = Buffer.from(c.buf);
  const br = Number(c.branch) * 4096;
  b1.writeBigUInt64LE(c.leafPgids[0]!, br + 16 + 16 + 8);
  const f1 = file();
  fs.writeFileSync(f1, b1);
  await sameCheckErrors(f1, [`page ${c.leafPgids[0]}: multiple references`, `page ${c.leafPgids[1]}: unreachable unfreed`]);

  // a leaf whose header claims id 999
  const b2 = Buffer.from(c.buf);
  b2.writeBigUInt64LE(999n, Number(c.leafPgids[2]!) * 4096);
  const f2 = file();
  fs.writeFileSync(f2, b2);
  await sameCheckErrors(f2, [`page 999: out of bounds: ${c.hwm}`, `page ${c.leafPgids[2]}: unreachable unfreed`]);
});

test('tx.Check: invalid page type, and pages beyond the end reported instead of faulting', () => {
  const c = corruptible();
  const b1 = Buffer.from(c.buf);
  b1.writeUInt16LE(0x04, Number(c.leafPgids[0]!) * 4096 + 8); // a "meta" page inside the bucket
  const f1 = file();
  fs.writeFileSync(f1, b1);
  const db = BoltReader.open(f1);
  assert.deepEqual(checkBolt(db), [`page ${c.leafPgids[0]}: invalid type: meta`]);
  db.close();
  const b2 = Buffer.from(c.buf);
  b2.writeBigUInt64LE(100000n, Number(c.branch) * 4096 + 16 + 8);
  const f2 = file();
  fs.writeFileSync(f2, b2);
  const db2 = BoltReader.open(f2);
  assert.deepEqual(checkBolt(db2), ['page 100000: beyond the end of the file', `page ${c.leafPgids[0]}: unreachable unfreed`]);
  assert.throws(() => [...db2.iterate(db2.openBucket([...db2.topLevel()][0]!.value, 'b'))], /beyond the end of the file/);
  db2.close();
});

test('open errors are bbolt\'s and match the real etcdctl', async () => {
  const c = corruptible();
  const cases: Array<[string, Buffer, string]> = [];
  cases.push(['100 bytes', c.buf.subarray(0, 100), 'invalid database']);
  cases.push(['one page', c.buf.subarray(0, 6000), 'file size too small']);
  cases.push(['random', randomBytes(16384), 'invalid database']);
  const badSum = Buffer.from(c.buf);
  badSum[4096 * 0 + 64]! ^= 1; // txid byte of both metas -> checksum mismatch
  badSum[4096 * 1 + 64]! ^= 1;
  cases.push(['both checksums', badSum, 'checksum error']);
  const badVer = Buffer.from(c.buf);
  badVer.writeUInt32LE(3, 20);
  badVer.writeUInt32LE(3, 4096 + 20);
  cases.push(['version', badVer, 'version mismatch']);
  for (const [what, bytes, msg] of cases) {
    const f = file();
    fs.writeFileSync(f, bytes);
    assert.equal(ourError(() => BoltReader.open(f)), msg, what);
    const r = await realStatusOf(f);
    assert.equal(r.err, `Error: ${msg}\n`, what);
  }
  // meta 0 broken, meta 1 fine: the database still opens (through meta 1)
  const one = Buffer.from(c.buf);
  one.fill(0xee, 16, 80);
  const f = file();
  fs.writeFileSync(f, one);
  const db = BoltReader.open(f);
  assert.equal(db.meta.txid, 1n);
  assert.deepEqual(checkBolt(db), []);
  db.close();
  assert.equal((await realStatusOf(f)).code, 0);
  // truncated below the pages the meta counts
  const t = file();
  fs.writeFileSync(t, c.buf.subarray(0, c.buf.length - 4096));
  assert.match(ourError(() => BoltReader.open(t)), /^database file truncated/);
});

test('reading and writing stay within bounded memory for a 96 MB database', () => {
  const f = file('large');
  const value = Buffer.alloc(48 * 1024, 7);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const w = new BoltWriter(f);
  const b = w.bucket(Buffer.from('key'));
  for (let i = 0; i < 2000; i++) {
    const k = Buffer.alloc(17);
    k.writeBigUInt64BE(BigInt(i + 1), 0);
    k[8] = 0x5f;
    b.put(k, value);
    if (i % 100 === 0) sample();
  }
  b.finish();
  w.finish();
  assert.ok(fs.statSync(f).size > 96 * 1000 * 1000);
  const db = BoltReader.open(f);
  let n = 0;
  for (const top of db.topLevel()) for (const _ of db.iterate(db.openBucket(top.value, 'key'))) if (++n % 100 === 0) sample();
  assert.equal(n, 2000);
  assert.deepEqual(checkBolt(db), []);
  sample();
  db.close();
  const grew = (peak - base) / (1 << 20);
  assert.ok(grew < 60, `rss grew by ${grew.toFixed(1)} MiB`);
});

test("checkBolt's done hook counts bbolt's free pages: none in a db the writer made", () => {
  const dir = tmp('bolt-free-');
  try {
    const f = path.join(dir, 'db');
    const w = new BoltWriter(f);
    const b = w.bucket(Buffer.from('key'));
    for (let i = 0; i < 500; i++) b.put(Buffer.from(`k${String(i).padStart(4, '0')}`), randomBytes(100));
    b.finish();
    w.finish();
    const r = BoltReader.open(f);
    try {
      let free = -1;
      assert.deepEqual(checkBolt(r, { done: (n) => (free = n) }), []);
      assert.equal(free, 0);
    } finally {
      r.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
