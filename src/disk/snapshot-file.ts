// Writing the file of `etcdctl snapshot save <file>` from the Maintenance/Snapshot stream
// (etcd clientv3/snapshot/v3_snapshot.go Save).
//
// The stream carries the bolt database (tx.WriteTo: pgid * pageSize bytes, a multiple of 512)
// followed by 32 bytes: the sha256 of everything before. The file is therefore
//   db bytes ‖ sha256(db bytes)     with  size % 512 == 32.
// Steps, as etcdctl 3.4 (plus a sha256 verification etcdctl does not do, on by default):
//   open  <file>.part O_WRONLY|O_CREAT|O_TRUNC 0600   -> "could not open <f>.part (open <f>.part: ...)"
//   write the chunks in 1 MiB batches, one write in flight (the stream waits for it: backpressure)
//   size % 512 != 32                                   -> "sha256 checksum not found [bytes: N]"
//   sha256 mismatch (verifyHash)                       -> "expected sha256 [..], got [..]"
//   fsync, close, rename to <file>                     -> "could not rename <a> to <b> (rename ...)"
// Any failure or abort closes and removes the .part file.
import { createHash, type Hash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as fs from 'node:fs';
import { DiskError, isErrno, pathError, linkError } from './errors.js';

export const SHA256_SIZE = 32;

/** bytes per write(2) of the .part file (two such batches: one filled while the other is written) */
const WRITE_BATCH = 512 << 10;

/** hasChecksum: a snapshot stream/file ends with a sha256 iff size % 512 == 32. */
export function hasChecksum(size: number | bigint): boolean {
  return BigInt(size) % 512n === BigInt(SHA256_SIZE);
}

/** Go's %v of a []byte: [1 2 3]. */
export function goBytes(b: Uint8Array): string {
  return '[' + Array.from(b).join(' ') + ']';
}

export interface SnapshotWriteOptions {
  /** verify the trailing sha256 (default true; etcdctl 3.4 only checks the size) */
  verifyHash?: boolean;
  signal?: AbortSignal;
}

export interface SnapshotWriteResult {
  /** bytes written (the database plus its 32-byte sha256) */
  size: number;
}

export class SnapshotFileWriter {
  private fh: fsp.FileHandle | undefined;
  private written = 0;
  private finished = false;

  private constructor(
    readonly path: string,
    readonly partPath: string,
    fh: fsp.FileHandle,
  ) {
    this.fh = fh;
  }

  /** Creates `<path>.part` (mode 0600, truncating). */
  static async open(path: string): Promise<SnapshotFileWriter> {
    const partPath = `${path}.part`;
    try {
      const fh = await fsp.open(partPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, 0o600);
      return new SnapshotFileWriter(path, partPath, fh);
    } catch (err) {
      throw new DiskError(`could not open ${partPath} (${pathError('open', partPath, err).message})`, 'IO', undefined, {
        cause: err,
      });
    }
  }

  /**
   * Streams `chunks` into the .part file, checks the trailer, fsyncs and closes it. The file is
   * not yet renamed (commit() does that), so the caller can log between the two as etcdctl does.
   * On failure the .part file is removed and the error rethrown.
   */
  async write(chunks: AsyncIterable<Uint8Array>, opts: SnapshotWriteOptions = {}): Promise<SnapshotWriteResult> {
    const fh = this.fh;
    if (!fh || this.finished) throw new DiskError('snapshot file writer already used', 'IO');
    const verify = opts.verifyHash ?? true;
    const hash: Hash = createHash('sha256');
    // The hash runs over each batch as it is written (a few hundred calls, not one per blob),
    // always holding back the last 32 bytes seen so far: they may be the trailer.
    const tail = Buffer.alloc(SHA256_SIZE);
    let tailLen = 0;
    // Chunks are copied into a 1 MiB batch and written a batch at a time: a few hundred large
    // writes instead of one per 32 KiB blob, no garbage per chunk, and chunks the producer may
    // reuse after the next pull are never referenced later. Two batches: while one is written
    // (in the thread pool: the kernel's copy does not take the event loop's time), the stream
    // fills the other, so receiving and writing overlap; a third batch waits for the first.
    const batches = [Buffer.allocUnsafe(WRITE_BATCH), Buffer.allocUnsafe(WRITE_BATCH)];
    let cur = 0;
    let batch = batches[0]!;
    let fill = 0;
    let flushed = 0;
    let inFlight: Promise<void> | undefined;
    let writeError: unknown;
    const writeAll = async (buf: Buffer, len: number, pos: number): Promise<void> => {
      let off = 0;
      while (off < len) off += (await fh.write(buf, off, len - off, pos + off)).bytesWritten;
    };
    const settle = async (): Promise<void> => {
      if (inFlight) await inFlight;
      inFlight = undefined;
      if (writeError !== undefined) throw pathError('write', this.partPath, writeError);
    };
    const flush = async (): Promise<void> => {
      if (fill === 0) return;
      if (verify) {
        if (fill >= SHA256_SIZE) {
          if (tailLen) hash.update(tail.subarray(0, tailLen));
          hash.update(batch.subarray(0, fill - SHA256_SIZE));
          batch.copy(tail, 0, fill - SHA256_SIZE, fill);
          tailLen = SHA256_SIZE;
        } else {
          // a short last batch: the held-back bytes plus it, of which the last 32 stay held back
          const joined = Buffer.concat([tail.subarray(0, tailLen), batch.subarray(0, fill)]);
          const cut = Math.max(0, joined.length - SHA256_SIZE);
          if (cut) hash.update(joined.subarray(0, cut));
          tailLen = joined.length - cut;
          joined.copy(tail, 0, cut);
        }
      }
      // the previous write used the other batch: it must be done before that batch is refilled
      await settle();
      // never rejects (an error is kept for settle()): nothing may go unhandled while we receive
      inFlight = writeAll(batch, fill, flushed).catch((err: unknown) => {
        writeError = err;
      });
      flushed += fill;
      fill = 0;
      cur ^= 1;
      batch = batches[cur]!;
    };
    try {
      for await (const chunk of chunks) {
        if (opts.signal?.aborted) throw new DiskError('snapshot save aborted', 'ABORTED');
        const len = chunk.length;
        let off = 0;
        while (off < len) {
          const n = Math.min(WRITE_BATCH - fill, len - off);
          batch.set(n === len ? chunk : chunk.subarray(off, off + n), fill);
          fill += n;
          off += n;
          if (fill === WRITE_BATCH) await flush();
        }
        this.written += len;
      }
      if (opts.signal?.aborted) throw new DiskError('snapshot save aborted', 'ABORTED');
      await flush();
      await settle();
      if (!hasChecksum(this.written)) {
        throw new DiskError(`sha256 checksum not found [bytes: ${this.written}]`, 'SNAPSHOT_TRUNCATED');
      }
      if (verify) {
        const got = hash.digest();
        const want = tail.subarray(0, tailLen);
        if (!got.equals(want)) {
          throw new DiskError(`expected sha256 ${goBytes(want)}, got ${goBytes(got)}`, 'HASH_MISMATCH');
        }
      }
      try {
        await fh.sync();
      } catch (err) {
        throw pathError('sync', this.partPath, err);
      }
      await fh.close();
      this.fh = undefined;
      this.finished = true;
      return { size: this.written };
    } catch (err) {
      if (inFlight) await inFlight; // the descriptor is closed only once no write uses it
      await this.abort();
      throw err;
    }
  }

  /** Renames `<path>.part` to `<path>`. */
  async commit(): Promise<void> {
    if (!this.finished) throw new DiskError('snapshot not written', 'IO');
    try {
      await fsp.rename(this.partPath, this.path);
    } catch (caught) {
      let err = caught;
      // Go's os.Rename refuses an existing directory as the target itself, with EEXIST
      // (rename(2) says EISDIR)
      if (isErrno(err, 'EISDIR')) err = Object.assign(new Error('file exists'), { code: 'EEXIST' });
      await this.abort();
      throw new DiskError(
        `could not rename ${this.partPath} to ${this.path} (${linkError('rename', this.partPath, this.path, err).message})`,
        'IO',
      );
    }
  }

  /** Closes and removes the .part file (idempotent). */
  async abort(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    this.finished = false;
    if (fh) {
      try {
        await fh.close();
      } catch {
        // ignore
      }
    }
    await fsp.rm(this.partPath, { force: true });
  }
}

/** open + write + commit in one call; returns the size. */
export async function saveSnapshotFile(
  path: string,
  chunks: AsyncIterable<Uint8Array>,
  opts: SnapshotWriteOptions = {},
): Promise<SnapshotWriteResult> {
  const w = await SnapshotFileWriter.open(path);
  const r = await w.write(chunks, opts);
  await w.commit();
  return r;
}
