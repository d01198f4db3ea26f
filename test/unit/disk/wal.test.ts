// WAL framing, names, writer and reader (docs/disk-formats.md section 2, vectors of 8.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeFrame, encodeFrameSize, decodeFrameSize, isTornEntry } from '../../../src/disk/wal/frame.js';
import { walName, parseWalName, searchIndex, isValidSeq } from '../../../src/disk/wal/names.js';
import { WalWriter, SEGMENT_SIZE_BYTES } from '../../../src/disk/wal/writer.js';
import { readWal } from '../../../src/disk/wal/reader.js';
import { RecordType } from '../../../src/disk/wal/record-types.js';
import { decodeWalRecord, encodeWalRecord, encodeWalSnapshot } from '../../../src/disk/proto/walpb.js';
import { encodeEntry, encodeHardState, encodeConfChange, type Entry } from '../../../src/disk/proto/raftpb.js';
import { encodeMetadata, decodeMetadata } from '../../../src/disk/proto/etcdserverpb.js';
import { crc32cUpdate } from '../../../src/disk/crc32c.js';
import { DiskError } from '../../../src/disk/errors.js';
import type { LogEntry } from '../../../src/disk/log.js';
import { RESTORE_WAL_272, DEFAULT_MEMBER_ID, DEFAULT_CLUSTER_ID } from '../../helpers/disk-vectors.js';
import { tmp } from '../../helpers/disk-helpers.js';

const root = tmp('wal-');
process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const dir = (): string => {
  const d = path.join(root, `w${n++}`);
  fs.mkdirSync(d);
  return d;
};

const META = encodeMetadata({ nodeId: DEFAULT_MEMBER_ID, clusterId: DEFAULT_CLUSTER_ID });

function entries(from: number, to: number, term = 1n, size = 40): Entry[] {
  const out: Entry[] = [];
  for (let i = from; i <= to; i++) out.push({ type: 0, term, index: BigInt(i), data: Buffer.alloc(size, i & 0xff) });
  return out;
}

function expectDiskError(f: () => unknown, message: string | RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof DiskError, String(e));
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

/** Writes a segment from (type, data) records with a correct CRC chain; returns the final CRC. */
function writeSegment(file: string, recs: Array<[bigint, Buffer | undefined]>, prevCrc = 0): number {
  let crc = prevCrc;
  const frames: Buffer[] = [];
  for (const [type, data] of recs) {
    if (type === RecordType.Crc) {
      frames.push(encodeFrame(encodeWalRecord({ type, crc })));
      continue;
    }
    crc = crc32cUpdate(crc, data ?? Buffer.alloc(0));
    frames.push(encodeFrame(encodeWalRecord({ type, crc, data })));
  }
  fs.writeFileSync(file, Buffer.concat(frames));
  return crc;
}

test('frame sizes and padding', () => {
  assert.deepEqual(encodeFrameSize(4), { lenField: 0x8400000000000004n, padBytes: 4 });
  assert.deepEqual(encodeFrameSize(112), { lenField: 112n, padBytes: 0 });
  assert.deepEqual(encodeFrameSize(25), { lenField: 0x8700000000000019n, padBytes: 7 });
  assert.deepEqual(decodeFrameSize(0x8700000000000019n), { recBytes: 25n, padBytes: 7 });
  assert.deepEqual(decodeFrameSize(0x19n), { recBytes: 25n, padBytes: 0 });
  assert.equal(encodeFrame(Buffer.from('08041000', 'hex')).toString('hex'), '04000000000000840804100000000000');
  // segment-cut vector: a crc record carrying 0x9f1e7132 is 8 bytes, unpadded
  const crcRec = encodeFrame(encodeWalRecord({ type: 4n, crc: 0x9f1e7132 }));
  assert.equal(crcRec.toString('hex'), '08000000000000000804' + '10b2e2f9f809');
});

test('torn-entry detection works on 512-byte file sectors', () => {
  const data = Buffer.alloc(1024, 1);
  assert.equal(isTornEntry(data, 8), false);
  data.fill(0, 504, 1016); // file bytes 512..1023 (data starts at file offset 8)
  assert.equal(isTornEntry(data, 8), true);
  const d2 = Buffer.alloc(1024, 1);
  d2.fill(0, 600, 1000); // zeros not covering a whole sector
  assert.equal(isTornEntry(d2, 8), false);
  assert.equal(isTornEntry(Buffer.alloc(0), 8), false);
});

test('segment names: format, Sscanf-like parsing, search and sequence check', () => {
  assert.equal(walName(1n, 0x46n), '0000000000000001-0000000000000046.wal');
  assert.deepEqual(parseWalName('0000000000000001-0000000000000046.wal'), { seq: 1n, index: 0x46n });
  assert.deepEqual(parseWalName('1-A.wal'), { seq: 1n, index: 10n });
  assert.equal(parseWalName('0.tmp'), undefined);
  assert.equal(parseWalName('junk.wal'), undefined);
  assert.equal(parseWalName('0000000000000000-0000000000000000.wal.broken'), undefined);
  const names = [walName(0n, 0n), walName(1n, 10n), walName(2n, 20n)];
  assert.equal(searchIndex(names, 15n), 1);
  assert.equal(searchIndex(names, 20n), 2);
  assert.equal(searchIndex([walName(3n, 5n)], 4n), -1);
  assert.equal(isValidSeq(names), true);
  assert.equal(isValidSeq([walName(1n, 0n), walName(3n, 5n)]), false);
  assert.equal(isValidSeq([walName(0n, 0n), walName(5n, 5n)]), true); // etcd's quirk
});

test('writer reproduces the WAL of `etcdctl snapshot restore` (8.1) byte for byte', () => {
  const d = dir();
  const w = WalWriter.create(d, META);
  const ctx = Buffer.from('{"id":10276657743932975437,"peerURLs":["http://localhost:2380"],"name":"default"}');
  w.save({ term: 1n, vote: DEFAULT_MEMBER_ID, commit: 1n }, [
    { type: 1, term: 1n, index: 1n, data: encodeConfChange({ id: 0n, type: 0, nodeId: DEFAULT_MEMBER_ID, context: ctx }) },
  ]);
  w.saveSnapshot({ index: 1n, term: 1n });
  assert.equal(w.lastCrc, 0x6c383038);
  w.close();
  const f = path.join(d, '0000000000000000-0000000000000000.wal');
  const b = fs.readFileSync(f);
  assert.equal(b.length, SEGMENT_SIZE_BYTES);
  assert.equal(b.subarray(0, 272).toString('hex'), RESTORE_WAL_272.toString('hex'));
  assert.ok(b.subarray(272, 1 << 20).every((x) => x === 0));
  assert.equal(fs.statSync(f).mode & 0o777, 0o600);

  const r = readWal(d, { index: 0n, term: 0n });
  assert.deepEqual(decodeMetadata(r.metadata!), { nodeId: DEFAULT_MEMBER_ID, clusterId: DEFAULT_CLUSTER_ID });
  assert.deepEqual(r.state, { term: 1n, vote: DEFAULT_MEMBER_ID, commit: 1n });
  assert.equal(r.entries.length, 1);
  assert.equal(r.snapshotFound, true);
  assert.equal(r.lastCrc, 0x6c383038);
  assert.equal(r.end, 'eof');
  const r1 = readWal(d, { index: 1n, term: 1n });
  assert.equal(r1.entries.length, 0);
  assert.equal(r1.snapshotFound, true);
  const r2 = readWal(d, { index: 5n, term: 1n });
  assert.equal(r2.snapshotFound, false); // etcd: data plus ErrSnapshotNotFound
  expectDiskError(() => readWal(d, { index: 1n, term: 7n }), 'wal: snapshot mismatch');
});

test('segments are cut when full, the CRC chains across them, the reader follows', () => {
  const d = dir();
  const logs: LogEntry[] = [];
  const w = WalWriter.create(d, META, { segmentSize: 4096, log: (e) => logs.push(e), logDir: '/final/wal' });
  w.save({ term: 1n, vote: 1n, commit: 30n }, entries(1, 30, 1n, 150)); // > 4096 bytes: cut after it
  w.save({ term: 2n, vote: 1n, commit: 60n }, entries(31, 60, 2n, 150)); // cut again
  w.save({ term: 2n, vote: 1n, commit: 61n }, entries(61, 61, 2n, 10)); // small: no cut
  w.saveSnapshot({ index: 0n, term: 0n });
  const finalCrc = w.lastCrc;
  w.close();
  const names = fs.readdirSync(d).sort();
  assert.deepEqual(names, [walName(0n, 0n), walName(1n, 31n), walName(2n, 61n)]);
  assert.deepEqual(logs.map((e) => [e.msg, e.fields[0]![1]]), [
    ['created a new WAL segment', `/final/wal/${walName(1n, 31n)}`],
    ['created a new WAL segment', `/final/wal/${walName(2n, 61n)}`],
  ]);
  // a cut segment is truncated at its last record; the new one starts with crc(prev), metadata, state
  const seg0 = fs.readFileSync(path.join(d, names[0]!));
  assert.ok(seg0.length > 4096 && seg0.length < 8192);
  assert.equal(readWal(d, { index: 0n, term: 0n }).lastCrc, finalCrc);
  const only0 = dir();
  fs.copyFileSync(path.join(d, names[0]!), path.join(only0, names[0]!));
  const crcAfterSeg0 = readWal(only0, { index: 0n, term: 0n }).lastCrc;
  const seg1 = fs.readFileSync(path.join(d, names[1]!));
  assert.ok(seg1.length > 4096); // cut too: truncated at its last record
  assert.equal(fs.statSync(path.join(d, names[2]!)).size, 4096); // the open one stays preallocated
  const firstRec = seg1.subarray(8, 8 + Number(seg1.readBigUInt64LE(0) & 0xffn));
  assert.equal(firstRec[1], 4); // crc record ...
  assert.equal(decodeWalRecord(firstRec).crc, crcAfterSeg0); // ... carrying the previous segment's running CRC
  const r = readWal(d, { index: 0n, term: 0n });
  assert.deepEqual(r.entries.map((e) => Number(e.index)), Array.from({ length: 61 }, (_, i) => i + 1));
  assert.deepEqual(r.state, { term: 2n, vote: 1n, commit: 61n });
  assert.equal(r.files.length, 3);
  // reading from a snapshot in a later segment starts at that segment
  const r40 = readWal(d, { index: 40n, term: 2n });
  assert.equal(r40.files.length, 2);
  assert.deepEqual(r40.entries.map((e) => Number(e.index)), Array.from({ length: 21 }, (_, i) => i + 41));
});

test('a wrong crc record between segments is "wal: crc mismatch"', () => {
  const d = dir();
  const w = WalWriter.create(d, META, { segmentSize: 2048 });
  w.save({ term: 1n, vote: 1n, commit: 20n }, entries(1, 20, 1n, 100));
  w.close();
  const seg1 = path.join(d, fs.readdirSync(d).sort()[1]!);
  const b = fs.readFileSync(seg1);
  b[11]! ^= 0x01; // first byte of the crc varint of the leading crc record
  fs.writeFileSync(seg1, b);
  expectDiskError(() => readWal(d, { index: 0n, term: 0n }), 'wal: crc mismatch');
});

test('a corrupted record is "walpb: crc mismatch"; a torn or truncated tail ends the read', () => {
  const base = dir();
  const w = WalWriter.create(base, META, { preallocate: false });
  w.save({ term: 1n, vote: 1n, commit: 5n }, entries(1, 5, 1n, 1500));
  w.close();
  const file = path.join(base, walName(0n, 0n));
  const good = fs.readFileSync(file);
  // locate the frames of entries 4 and 5
  const offsets: number[] = [];
  for (let off = 0; off < good.length; ) {
    offsets.push(off);
    const { recBytes, padBytes } = decodeFrameSize(good.readBigUInt64LE(off));
    off += 8 + Number(recBytes) + padBytes;
  }
  const e5 = offsets[7]!; // crc, metadata, snapshot, e1..e5, state
  const e4 = offsets[6]!;

  // flipped byte in entry 4's data: plain corruption
  const bad = Buffer.from(good);
  bad[e4 + 100]! ^= 0xff;
  fs.writeFileSync(file, bad);
  expectDiskError(() => readWal(base, { index: 0n, term: 0n }), 'walpb: crc mismatch');

  // entry 5 torn: a whole 512-byte sector of its data is zero -> read ends after entry 4
  const torn = Buffer.from(good);
  const sectorStart = Math.ceil((e5 + 8 + 1) / 512) * 512;
  torn.fill(0, sectorStart, sectorStart + 512);
  fs.writeFileSync(file, torn);
  const rt = readWal(base, { index: 0n, term: 0n });
  assert.deepEqual(rt.entries.map((e) => Number(e.index)), [1, 2, 3, 4]);
  assert.equal(rt.end, 'unexpected-eof');

  // file cut in the middle of entry 5
  fs.writeFileSync(file, good.subarray(0, e5 + 700));
  const rc = readWal(base, { index: 0n, term: 0n });
  assert.deepEqual(rc.entries.map((e) => Number(e.index)), [1, 2, 3, 4]);
  assert.equal(rc.end, 'unexpected-eof');
  // cut inside a length field
  fs.writeFileSync(file, good.subarray(0, e5 + 3));
  assert.equal(readWal(base, { index: 0n, term: 0n }).entries.length, 4);
});

test('a frame claiming 10 MiB is refused before allocating', () => {
  const d = dir();
  const f = path.join(d, walName(0n, 0n));
  const hdr = Buffer.alloc(8);
  hdr.writeBigUInt64LE(10n * 1024n * 1024n);
  fs.writeFileSync(f, Buffer.concat([encodeFrame(encodeWalRecord({ type: 4n, crc: 0 })), hdr]));
  expectDiskError(() => readWal(d, { index: 0n, term: 0n }), 'wal: max entry size limit exceeded');
});

test('record semantics: re-written indexes truncate, gaps fail, metadata must agree, unknown types fail', () => {
  const snap0 = encodeWalSnapshot({ index: 0n, term: 0n });
  const ent = (i: number, t: bigint): Buffer => encodeEntry({ type: 0, term: t, index: BigInt(i), data: Buffer.from('x') });
  const d1 = dir();
  writeSegment(path.join(d1, walName(0n, 0n)), [
    [RecordType.Crc, undefined], [RecordType.Metadata, META], [RecordType.Snapshot, snap0],
    ...[1, 2, 3, 4, 5].map((i): [bigint, Buffer] => [RecordType.Entry, ent(i, 1n)]),
    [RecordType.Entry, ent(3, 2n)], [RecordType.Entry, ent(4, 2n)],
    [RecordType.State, encodeHardState({ term: 2n, vote: 1n, commit: 4n })],
  ]);
  const r = readWal(d1, { index: 0n, term: 0n });
  assert.deepEqual(r.entries.map((e) => [Number(e.index), Number(e.term)]), [[1, 1], [2, 1], [3, 2], [4, 2]]);

  const d2 = dir();
  writeSegment(path.join(d2, walName(0n, 0n)), [
    [RecordType.Crc, undefined], [RecordType.Metadata, META], [RecordType.Entry, ent(1, 1n)], [RecordType.Entry, ent(5, 1n)],
  ]);
  expectDiskError(() => readWal(d2, { index: 0n, term: 0n }), 'wal: slice bounds out of range');

  const d3 = dir();
  const c = writeSegment(path.join(d3, walName(0n, 0n)), [[RecordType.Crc, undefined], [RecordType.Metadata, META]]);
  writeSegment(path.join(d3, walName(1n, 1n)), [
    [RecordType.Crc, undefined], [RecordType.Metadata, encodeMetadata({ nodeId: 1n, clusterId: 2n })],
  ], c);
  expectDiskError(() => readWal(d3, { index: 0n, term: 0n }), 'wal: conflicting metadata found');

  const d4 = dir();
  writeSegment(path.join(d4, walName(0n, 0n)), [[RecordType.Crc, undefined], [9n, Buffer.from('x')]]);
  expectDiskError(() => readWal(d4, { index: 0n, term: 0n }), 'unexpected block type 9');
});

test('segment selection: missing dir, no segments, foreign files, gaps, snapshot before the first segment', () => {
  expectDiskError(() => readWal(path.join(root, 'nope'), { index: 0n, term: 0n }), `open ${path.join(root, 'nope')}: no such file or directory`);
  const empty = dir();
  expectDiskError(() => readWal(empty, { index: 0n, term: 0n }), 'wal: file not found');
  const junk = dir();
  fs.writeFileSync(path.join(junk, 'junk.txt'), 'x');
  fs.writeFileSync(path.join(junk, '0.tmp'), 'x');
  const logs: LogEntry[] = [];
  expectDiskError(() => readWal(junk, { index: 0n, term: 0n }, { log: (e) => logs.push(e) }), 'wal: file not found');
  assert.deepEqual(logs.map((e) => [e.level, e.msg, e.fields]), [['warn', 'ignored file in WAL directory', [['path', 'junk.txt']]]]);
  const late = dir();
  writeSegment(path.join(late, walName(3n, 10n)), [[RecordType.Crc, undefined]]);
  expectDiskError(() => readWal(late, { index: 5n, term: 1n }), 'wal: file not found');
  const gap = dir();
  writeSegment(path.join(gap, walName(1n, 0n)), [[RecordType.Crc, undefined]]);
  writeSegment(path.join(gap, walName(3n, 5n)), [[RecordType.Crc, undefined]]);
  expectDiskError(() => readWal(gap, { index: 0n, term: 0n }), 'wal: file not found');
});

test('WalWriter.create refuses a directory that already holds segments', () => {
  const d = dir();
  WalWriter.create(d, META, { preallocate: false }).close();
  expectDiskError(() => WalWriter.create(d, META), 'file already exists');
});
