// Copies of a bbolt database.
//
// writeConsistentCopy = bbolt's tx.WriteTo (what an etcd server streams for `snapshot save`):
//   meta page 0: a fresh page (id 0, flags meta) holding the active meta, checksum recomputed;
//   meta page 1: the same with txid - 1 (id 1), checksum recomputed;
//   then the file bytes [2*pageSize, pgid*pageSize) copied as they are (free pages included).
// copyBucket / rewriteCompact: a logical copy into a BoltWriter (compact, same buckets, keys,
//   values and bucket sequences, so the same `snapshot status` hash), optionally leaving out
//   top-level buckets.
import { BufferedFile } from '../fsutil.js';
import { encodeMetaPage } from './meta.js';
import { BUCKET_LEAF_FLAG } from './page.js';
import type { BoltReader, BucketRef } from './reader.js';
import { BoltWriter, type BucketBuilder, type BoltWriteResult } from './writer.js';

/** tx.WriteTo into a new file `out` (mode 0600 unless given). Returns the number of bytes. */
export function writeConsistentCopy(db: BoltReader, out: string, mode = 0o600): number {
  const f = new BufferedFile(out, mode);
  try {
    const m = db.meta;
    f.write(encodeMetaPage({ ...m }, 0, db.pageSize));
    f.write(encodeMetaPage({ ...m, txid: m.txid - 1n }, 1, db.pageSize));
    const end = db.pageCount * db.pageSize;
    const chunk = 1 << 20;
    for (let off = 2 * db.pageSize; off < end; off += chunk) {
      f.write(db.readRaw(off, Math.min(chunk, end - off)));
    }
    f.sync();
    f.close();
    return end;
  } catch (err) {
    f.closeQuietly();
    throw err;
  }
}

/** Copies every element of `src` (recursing into nested buckets) into `dst`, then finishes it. */
export function copyBucket(db: BoltReader, src: BucketRef, dst: BucketBuilder): void {
  for (const el of db.iterate(src)) {
    if (el.flags & BUCKET_LEAF_FLAG) {
      const child = db.openBucket(el.value, `bucket ${JSON.stringify(el.key.toString('latin1'))}`);
      copyBucket(db, child, dst.bucket(el.key, child.sequence));
    } else {
      dst.put(el.key, el.value);
    }
  }
  dst.finish();
}

export interface RewriteOptions {
  /** top-level bucket names to leave out */
  skip?: ReadonlySet<string>;
  mode?: number;
}

/** A compact logical copy of `db` into a new file `out`. */
export function rewriteCompact(db: BoltReader, out: string, opts: RewriteOptions = {}): BoltWriteResult {
  const w = new BoltWriter(out, { mode: opts.mode ?? 0o600, pageSize: db.pageSize });
  try {
    for (const el of db.topLevel()) {
      const name = el.key.toString('latin1');
      if (opts.skip?.has(name)) continue;
      if (!(el.flags & BUCKET_LEAF_FLAG)) continue;
      const b = db.openBucket(el.value, `bucket ${JSON.stringify(name)}`);
      copyBucket(db, b, w.bucket(el.key, b.sequence));
    }
    return w.finish();
  } catch (err) {
    w.abort();
    throw err;
  }
}
