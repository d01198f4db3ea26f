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
import { openReadOnly } from './fsutil.js';
import { FileRangeHasher, OrderedCrc32c } from './crc32c-ranges.js';
import { BoltReader } from './bolt/reader.js';
import { LARGE_LEAF, checkBolt, type CheckVisitor } from './bolt/check.js';
import { BUCKET_LEAF_FLAG, LEAF_ELEMENT_SIZE, PAGE_HEADER_SIZE, readPageHeader } from './bolt/page.js';
import { waitSharedLock, type LockStrategy } from './flock.js';

export interface SnapshotStatus {
  /** CRC-32C (uint32); etcdctl prints it as unpadded lowercase hex in simple/table output */
  hash: number;
  revision: bigint;
  totalKey: bigint;
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
  const fd = openReadOnly(file);
  try {
    if (fs.fstatSync(fd).isDirectory()) throw new DiskError(`open ${file}: is a directory`, 'IO', 'EISDIR');
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

/**
 * Joins byte ranges of a node that follow each other into runs, each handed to `emit` whole: a
 * node's elements keep their key and value bytes one after the other (bbolt writes them so), so
 * a leaf is usually one run, hashed in one call instead of one per element.
 */
class ByteRuns {
  private start = -1;
  private end = -1;
  constructor(private readonly emit: (start: number, end: number) => void) {}
  add(start: number, end: number): void {
    if (start !== this.end) this.flush();
    if (this.start < 0) this.start = start;
    this.end = end;
  }
  flush(): void {
    if (this.start >= 0) this.emit(this.start, this.end);
    this.start = -1;
    this.end = -1;
  }
}

/** From this file size on, a worker thread hashes large values too (crc32c-ranges.ts). */
const PARALLEL_FROM = 64 * 1024 * 1024;

/**
 * Integrity check + hash of an open database (steps 3-5), in one walk over the pages: the check
 * visits every bucket's leaves in key order, which is the order the hash needs, so the hash is
 * computed on the way and kept only if the check finds nothing. The bytes of large leaves are
 * hashed as file ranges by `ranges` (on two threads when it has a worker).
 */
export async function statusOf(db: BoltReader, ranges = FileRangeHasher.local(db.fd, db.file)): Promise<SnapshotStatus> {
  const h = new OrderedCrc32c(ranges);
  let totalKey = 0;
  let revision = 0n;
  let isKey = false;
  let keyLast: Buffer | undefined;
  let notBucket: string | undefined;
  let hashError: DiskError | undefined;
  const hashLeaf = (page: Buffer, where: string): void => {
    const dv = new DataView(page.buffer, page.byteOffset, page.length);
    const count = dv.getUint16(10, true);
    if (PAGE_HEADER_SIZE + count * LEAF_ELEMENT_SIZE > page.length) throw new DiskError(`${where}: ${count} elements do not fit`, 'BOLT_CORRUPT');
    // h.Write(k); h.Write(v) for each element (v nil for a bucket), a run of them per call
    const runs = new ByteRuns((start, end) => h.updateRange(page, start, end));
    for (let i = 0; i < count; i++) {
      const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
      const flags = dv.getUint32(e, true);
      const kstart = e + dv.getUint32(e + 4, true);
      const ksize = dv.getUint32(e + 8, true);
      const vsize = dv.getUint32(e + 12, true);
      if (kstart + ksize + vsize > page.length) throw new DiskError(`${where}: element ${i} out of bounds`, 'BOLT_CORRUPT');
      runs.add(kstart, kstart + ksize + (flags & BUCKET_LEAF_FLAG ? 0 : vsize));
      totalKey++;
      // (a copy: the walk reuses the page buffer)
      if (isKey && i === count - 1) keyLast = Buffer.from(page.subarray(kstart, kstart + ksize));
    }
    runs.flush();
  };
  const visitor: CheckVisitor = {
    bucket(depth, name, ref) {
      if (depth !== 1 || !name) return;
      h.update(name);
      isKey = name.toString('latin1') === 'key';
      if (ref.inline) {
        try {
          const ih = readPageHeader(ref.inline);
          if (ih.count > 0) hashLeaf(ref.inline, ref.where);
        } catch (err) {
          if (err instanceof DiskError) hashError ??= err;
          else throw err;
        }
      }
    },
    leaf(depth, page, pgid) {
      if (depth === 0) {
        for (const el of leafElementsFlags(page)) if (!(el & BUCKET_LEAF_FLAG)) notBucket ??= '';
        return;
      }
      if (depth === 1) hashLeaf(page, `page ${pgid}`);
    },
    // large leaves: their key/value bytes are queued as file ranges (not read here), a run of
    // elements as one range
    largeLeaf(depth, leaf) {
      const runs = new ByteRuns((start, end) => h.fileRange(leaf.position + start, end - start));
      for (let i = 0; i < leaf.count; i++) {
        const el = leaf.element(i);
        const bucket = (el.flags & BUCKET_LEAF_FLAG) !== 0;
        if (depth === 0) {
          if (!bucket) notBucket ??= '';
          continue;
        }
        if (depth !== 1) return;
        // h.Write(k); h.Write(v), with v nil for a nested bucket
        runs.add(el.kstart, el.kstart + el.ksize + (bucket ? 0 : el.vsize));
        totalKey++;
        if (isKey && i === leaf.count - 1) {
          const k = Buffer.alloc(el.ksize);
          let off = 0;
          leaf.read(el.kstart, el.kstart + el.ksize, (chunk) => (off += chunk.copy(k, off)));
          keyLast = k;
        }
      }
      runs.flush();
    },
  };
  const errs = checkBolt(db, visitor);
  if (errs.length > 0) {
    throw new DiskError(
      `snapshot file integrity check failed. ${errs.length} errors found.\n${errs.join('\n')}`,
      'BOLT_CHECK_FAILED',
    );
  }
  if (hashError) throw hashError;
  if (notBucket !== undefined) {
    // a top-level key that is not a bucket: bbolt's tx.Bucket() returns nil for it
    for (const top of db.topLevel()) {
      if (!(top.flags & BUCKET_LEAF_FLAG)) {
        throw new DiskError(`cannot get hash of bucket ${top.key.toString('latin1')}`, 'BOLT_NOT_BUCKET');
      }
    }
  }
  if (keyLast) {
    if (keyLast.length < 17) throw new DiskError(`bucket "key": invalid revision key ${keyLast.toString('hex')}`, 'BOLT_CORRUPT');
    revision = keyLast.readBigInt64BE(0);
  }
  return { hash: await h.digest(), revision, totalKey: BigInt(totalKey), totalSize: db.txSize };
}

/** The flags of every element of a leaf page. */
function leafElementsFlags(page: Buffer): number[] {
  const count = page.readUInt16LE(10);
  const out: number[] = [];
  for (let i = 0; i < count && PAGE_HEADER_SIZE + (i + 1) * LEAF_ELEMENT_SIZE <= page.length; i++) {
    out.push(page.readUInt32LE(PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE));
  }
  return out;
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
    // its worker thread starts with the first large value the walk queues
    const ranges = await FileRangeHasher.open(db.fd, file, {
      worker: db.fileSize >= PARALLEL_FROM,
      // at most one range per large leaf, but for runs broken by nested buckets
      capacity: Math.ceil(db.fileSize / LARGE_LEAF) + 1024,
    });
    try {
      return await statusOf(db, ranges);
    } finally {
      // the worker stops before the file closes (a range it is reading fails harmlessly)
      ranges.close();
    }
  } finally {
    db.close();
  }
}
