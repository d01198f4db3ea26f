// `etcdctl snapshot status <file>` (etcd clientv3/snapshot/v3_snapshot.go Status), offline:
//
// 1. os.Stat(file)                     -> "stat <f>: no such file or directory"
// 2. bbolt read-only open: waits for a shared flock (blocks while a live etcd holds the db);
//    a 0-byte file fails as bbolt's read-only initialisation does ("write <f>: bad file
//    descriptor"); then "invalid database" / "file size too small" / "checksum error" ...
// 3. tx.Check(); errors -> "snapshot file integrity check failed. N errors found.\n<e1>\n<e2>..."
// 4. totalSize = meta.pgid * pageSize (not the file size: a snapshot file's sha256 tail and
//    bbolt's growth slack are not counted)
// 5. hash = CRC-32C over, for each top-level bucket in key order: its name, then every key and
//    value of the bucket in key order (a nested bucket's value counts as empty); totalKey counts
//    those pairs; revision = main revision (first 8 bytes, BE) of the last key of bucket "key".
//    A top-level key that is not a bucket -> "cannot get hash of bucket <name>".
import * as fs from 'node:fs';
import { DiskError, pathError } from './errors.js';
import { Crc32c } from './crc32c.js';
import { BoltReader } from './bolt/reader.js';
import { checkBolt } from './bolt/check.js';
import { BUCKET_LEAF_FLAG } from './bolt/page.js';
import { waitSharedLock, type LockStrategy } from './flock.js';

export interface SnapshotStatus {
  /** CRC-32C (uint32); etcdctl prints it as unpadded lowercase hex in simple/table output */
  hash: number;
  revision: bigint;
  totalKey: number;
  totalSize: bigint;
}

export interface SnapshotStatusOptions {
  /** how to wait for a running etcd's lock on the file (default 'auto'; see flock.ts) */
  lock?: LockStrategy;
  /** called once when the lock is not obtained within a second (etcdctl prints nothing) */
  onLockWait?: () => void;
  signal?: AbortSignal;
}

/** Opens `file` read-only as bbolt would, waiting for the shared lock. Caller closes the reader. */
export async function openBoltReadOnly(
  file: string,
  opts: { lock?: LockStrategy; onLockWait?: () => void; signal?: AbortSignal } = {},
): Promise<BoltReader> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw pathError('open', file, err);
  }
  try {
    await waitSharedLock(fd, { strategy: opts.lock, onWaiting: opts.onLockWait, signal: opts.signal });
    if (fs.fstatSync(fd).size === 0) {
      // bbolt initialises an empty file, which fails on a read-only descriptor
      throw new DiskError(`write ${file}: bad file descriptor`, 'BOLT_INVALID');
    }
    return BoltReader.fromFd(fd, file, true);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/** Integrity check + hash of an open database (steps 3-5). */
export function statusOf(db: BoltReader): SnapshotStatus {
  const errs = checkBolt(db);
  if (errs.length > 0) {
    throw new DiskError(
      `snapshot file integrity check failed. ${errs.length} errors found.\n${errs.join('\n')}`,
      'BOLT_CHECK_FAILED',
    );
  }
  const h = new Crc32c();
  let totalKey = 0;
  let revision = 0n;
  for (const top of db.topLevel()) {
    if (!(top.flags & BUCKET_LEAF_FLAG)) {
      throw new DiskError(`cannot get hash of bucket ${top.key.toString('latin1')}`, 'BOLT_NOT_BUCKET');
    }
    const name = top.key.toString('latin1');
    const b = db.openBucket(top.value, `bucket ${JSON.stringify(name)}`);
    h.update(top.key);
    const isKey = name === 'key';
    for (const kv of db.iterate(b)) {
      h.update(kv.key);
      if (!(kv.flags & BUCKET_LEAF_FLAG)) h.update(kv.value);
      if (isKey) {
        if (kv.key.length < 17) {
          throw new DiskError(`bucket "key": invalid revision key ${kv.key.toString('hex')}`, 'BOLT_CORRUPT');
        }
        revision = kv.key.readBigInt64BE(0);
      }
      totalKey++;
    }
  }
  return { hash: h.digest(), revision, totalKey, totalSize: db.txSize };
}

/** snapshot status of `file`. */
export async function snapshotStatus(file: string, opts: SnapshotStatusOptions = {}): Promise<SnapshotStatus> {
  try {
    fs.statSync(file);
  } catch (err) {
    throw pathError('stat', file, err);
  }
  const db = await openBoltReadOnly(file, opts);
  try {
    return statusOf(db);
  } finally {
    db.close();
  }
}
