// .snap files (docs/disk-formats.md section 3 and vectors 8.1, 8.2), and the v2 store JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import {
  decodeSnapFile, encodeSnapFile, loadNewestSnapshot, readSnapFile, saveSnapFile, snapFileName,
} from '../../../src/disk/snap/snapshotter.js';
import { emptyConfState, type RaftSnapshot } from '../../../src/disk/proto/raftpb.js';
import { restoreV2StoreJson } from '../../../src/disk/etcd/v2store.js';
import { computeMemberId, computeClusterId, memberJson, type Member } from '../../../src/disk/etcd/membership.js';
import { DiskError } from '../../../src/disk/errors.js';
import type { LogEntry } from '../../../src/disk/log.js';
import { TINY_SNAP_FILE, RESTORE_SNAP_SHA256, DEFAULT_MEMBER_ID, DEFAULT_CLUSTER_ID } from '../../helpers/disk-vectors.js';
import { tmp, fingerprint } from '../../helpers/disk-helpers.js';

const root = tmp('snap-');
process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));

const snapOf = (data: string, index: bigint, term: bigint): RaftSnapshot => ({
  data: Buffer.from(data),
  metadata: { confState: { ...emptyConfState(), voters: [1n] }, index, term },
});

function expectDiskError(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => e instanceof DiskError && e.message === message);
}

test('tiny .snap vector (8.2) and file names', () => {
  assert.equal(encodeSnapFile(snapOf('hello', 1n, 1n)).toString('hex'), TINY_SNAP_FILE.toString('hex'));
  const s = decodeSnapFile(TINY_SNAP_FILE);
  assert.equal(s.data?.toString(), 'hello');
  assert.equal(snapFileName(1n, 1n), '0000000000000001-0000000000000001.snap');
  assert.equal(snapFileName(0x1fn, 0x2710n), '000000000000001f-0000000000002710.snap');
});

test('restore .snap for the default member is the 8.1 file (6490 bytes, known sha256)', () => {
  const m: Member = { id: DEFAULT_MEMBER_ID, name: 'default', peerURLs: ['http://localhost:2380'], clientURLs: [], isLearner: false };
  assert.equal(computeMemberId(['http://localhost:2380'], 'etcd-cluster'), DEFAULT_MEMBER_ID);
  assert.equal(computeClusterId([DEFAULT_MEMBER_ID]), DEFAULT_CLUSTER_ID);
  assert.equal(memberJson(m), '{"id":10276657743932975437,"peerURLs":["http://localhost:2380"],"name":"default"}');
  const file = encodeSnapFile({
    data: Buffer.from(restoreV2StoreJson([m])),
    metadata: { confState: { ...emptyConfState(), voters: [m.id] }, index: 1n, term: 1n },
  });
  assert.equal(file.length, 6490);
  assert.equal(file.subarray(0, 6).toString('hex'), '08b6f8818f01');
  assert.equal(createHash('sha256').update(file).digest('hex'), RESTORE_SNAP_SHA256);
});

test('cluster ID vector of three members (5.2)', () => {
  assert.equal(computeClusterId([0x97720c518a9245b3n, 0x44d6e9cec8797c06n, 0x45289f2aaa35ea52n]), 0xb00ac34a6635bb3fn);
});

test('decode failures: empty file, empty data, crc 0, crc mismatch, garbage', () => {
  expectDiskError(() => decodeSnapFile(Buffer.alloc(0)), 'snap: empty snapshot');
  expectDiskError(() => decodeSnapFile(Buffer.from('0805', 'hex')), 'snap: empty snapshot');
  expectDiskError(() => decodeSnapFile(Buffer.from('08001203616263', 'hex')), 'snap: empty snapshot');
  const bad = Buffer.from(TINY_SNAP_FILE);
  bad[bad.length - 3]! ^= 1;
  expectDiskError(() => decodeSnapFile(bad), 'snap: crc mismatch');
  expectDiskError(() => decodeSnapFile(Buffer.from('ffff', 'hex')), 'unexpected EOF');
});

test('newest readable snapshot wins; broken files are reported, never renamed; db.tmp kept', () => {
  const d = path.join(root, 'load');
  fs.mkdirSync(d);
  saveSnapFile(d, snapOf('old', 10n, 1n));
  saveSnapFile(d, snapOf('mid', 20n, 2n));
  const newest = saveSnapFile(d, snapOf('new', 30n, 3n))!;
  const b = fs.readFileSync(newest);
  b[b.length - 1]! ^= 0xff;
  fs.writeFileSync(newest, b);
  fs.writeFileSync(path.join(d, 'db'), 'x');
  fs.writeFileSync(path.join(d, 'db.tmp.123'), 'x');
  fs.writeFileSync(path.join(d, '0000000000000099.snap.db'), 'x');
  fs.writeFileSync(path.join(d, 'ffffffffffffffff-ffffffffffffffff.snap'), ''); // empty: newest by name
  const before = fingerprint(d);
  const logs: LogEntry[] = [];
  const r = loadNewestSnapshot(d, (e) => logs.push(e));
  assert.equal(r.loaded?.name, snapFileName(2n, 20n));
  assert.equal(r.loaded?.snapshot.data?.toString(), 'mid');
  assert.deepEqual(r.broken.map((x) => [path.basename(x.path), x.error.message]), [
    ['ffffffffffffffff-ffffffffffffffff.snap', 'snap: empty snapshot'],
    [snapFileName(3n, 30n), 'snap: crc mismatch'],
  ]);
  assert.deepEqual(fingerprint(d), before);
  const msgs = logs.map((e) => e.msg);
  assert.deepEqual(msgs, [
    'found unexpected non-snap file; skipping',
    'failed to read empty snapshot file',
    'failed to read a snap file',
    'snap file is corrupt',
    'failed to read a snap file',
  ]);
  assert.deepEqual(logs[0]!.fields, [['path', '0000000000000099.snap.db']]);
});

test('no snapshot, and a missing directory', () => {
  const d = path.join(root, 'none');
  fs.mkdirSync(d);
  assert.deepEqual(loadNewestSnapshot(d), { broken: [] });
  expectDiskError(() => loadNewestSnapshot(path.join(root, 'missing')), `open ${path.join(root, 'missing')}: no such file or directory`);
  expectDiskError(() => readSnapFile(path.join(root, 'missing.snap')), `open ${path.join(root, 'missing.snap')}: no such file or directory`);
});

test('saveSnapFile: 0666 & ~umask, no file for an empty snapshot', () => {
  const d = path.join(root, 'save');
  fs.mkdirSync(d);
  const p = saveSnapFile(d, snapOf('x', 5n, 2n))!;
  const umask = process.umask();
  assert.equal(fs.statSync(p).mode & 0o777, 0o666 & ~umask);
  assert.equal(saveSnapFile(d, snapOf('x', 0n, 0n)), undefined);
  assert.deepEqual(fs.readdirSync(d), [snapFileName(2n, 5n)]);
});
