// A page-by-page bbolt reader (read-only, never writes or locks by itself). Memory stays bounded
// whatever the file size: pages are read on demand with fs.readSync at pgid * pageSize, and an
// iteration holds only the branch pages on its current root-to-leaf path plus one leaf.
//
// Open (bbolt v1.3.6 Open/mmap, read-only): the first 4096 bytes must be readable ("invalid
// database"); the page size comes from meta 0 when it validates (else 4096); the file must hold
// two pages ("file size too small"); at least one meta page must validate (else meta 0's error:
// "invalid database" / "version mismatch" / "checksum error"); the active meta is the valid one
// with the higher txid. Beyond bbolt, a file shorter than meta.pgid pages is refused up front
// (bbolt would fault on the mmap), so later reads cannot run past the end silently.
//
// Buckets (bucket.go): the root bucket's tree starts at meta.root. A bucket's value is a 16-byte
// header {u64 root, u64 sequence}; root 0 means an inline bucket whose leaf page (header +
// elements) follows the header inside the value. Iteration is in key order; a nested bucket
// appears as an element with flags 0x01 (callers treat its value as nil, like bbolt's ForEach).
import * as fs from 'node:fs';
import { DiskError, pathError } from '../errors.js';
import { openReadOnly, readFullAt } from '../fsutil.js';
import { readMeta, validateMeta, type Meta } from './meta.js';
import {
  BRANCH_PAGE_FLAG, LEAF_PAGE_FLAG, PAGE_HEADER_SIZE, branchElements, leafElements, pageTypeName, readPageHeader,
  type BranchElement, type LeafElement,
} from './page.js';

export const DEFAULT_PAGE_SIZE = 4096;
export const BUCKET_HEADER_SIZE = 16;
const MAX_DEPTH = 64;
/** largest read-ahead window (readAhead) */
const READ_AHEAD_MAX = 256 * 1024;

export interface BucketRef {
  /** root page of the bucket's tree; 0 for an inline bucket */
  root: bigint;
  sequence: bigint;
  /** the inline leaf page (from the bucket value) when root is 0 */
  inline?: Buffer;
  /** for messages */
  where: string;
}

export type KV = LeafElement;

/** A buffer that readPageInto reuses from page to page. */
export interface PageScratch {
  buf: Buffer;
}

export class BoltReader {
  readonly pageSize: number;
  readonly meta: Meta;
  /** meta 0 / meta 1 as read (possibly invalid) */
  readonly metas: readonly [Meta, Meta];
  readonly fileSize: number;
  private closed = false;
  /** readAhead's window: file bytes [start, end) in buf; size: the next window's size */
  private readonly ra = { buf: Buffer.alloc(0), start: 0, end: 0, next: -1, size: 0 };

  private constructor(
    readonly file: string,
    readonly fd: number,
    private readonly ownsFd: boolean,
    sizeLimit?: number,
  ) {
    let size: number;
    try {
      size = fs.fstatSync(fd).size;
    } catch (err) {
      throw pathError('stat', file, err);
    }
    if (sizeLimit !== undefined && sizeLimit < size) size = sizeLimit;
    this.fileSize = size;
    const first = Buffer.alloc(DEFAULT_PAGE_SIZE);
    if (size < DEFAULT_PAGE_SIZE || this.readAt(first, 0) !== DEFAULT_PAGE_SIZE) throw new DiskError('invalid database', 'BOLT_INVALID');
    let pageSize = DEFAULT_PAGE_SIZE;
    const m0probe = readMeta(first);
    if (validateMeta(m0probe) === undefined) pageSize = m0probe.pageSize;
    if (size < pageSize * 2) throw new DiskError('file size too small', 'BOLT_FILE_TOO_SMALL');
    if (pageSize < 512 || pageSize > 1 << 20 || (pageSize & (pageSize - 1)) !== 0) {
      throw new DiskError('invalid database', 'BOLT_INVALID');
    }
    const p0 = Buffer.alloc(PAGE_HEADER_SIZE + 64);
    const p1 = Buffer.alloc(PAGE_HEADER_SIZE + 64);
    this.readAt(p0, 0);
    this.readAt(p1, pageSize);
    const m0 = readMeta(p0);
    const m1 = readMeta(p1);
    const e0 = validateMeta(m0);
    const e1 = validateMeta(m1);
    if (e0 && e1) throw e0;
    this.metas = [m0, m1];
    let a = m0;
    let b = m1;
    let ea = e0;
    if (m1.txid > m0.txid) {
      a = m1;
      b = m0;
      ea = e1;
    }
    this.meta = ea === undefined ? a : b;
    this.pageSize = pageSize;
    const pages = BigInt(Math.floor(size / pageSize));
    if (this.meta.pgid > pages) {
      throw new DiskError(
        `database file truncated: its meta page counts ${this.meta.pgid} pages of ${pageSize} bytes ` +
          `(${this.meta.pgid * BigInt(pageSize)} bytes) but the file has ${size} bytes`,
        'BOLT_TRUNCATED',
      );
    }
    if (this.meta.pgid < 2n) throw new DiskError('invalid database', 'BOLT_INVALID');
  }

  /** Opens `file` read-only. */
  static open(file: string): BoltReader {
    const fd = openReadOnly(file);
    try {
      return new BoltReader(file, fd, true);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /**
   * Reads the database through an already open descriptor (e.g. one holding a flock).
   * `sizeLimit` treats the file as that long (a snapshot file without its sha256 tail).
   */
  static fromFd(fd: number, file: string, ownsFd = false, sizeLimit?: number): BoltReader {
    return new BoltReader(file, fd, ownsFd, sizeLimit);
  }

  /** Number of pages in use (meta.pgid), as a number (bounded by the file size). */
  get pageCount(): number {
    return Number(this.meta.pgid);
  }

  /** tx.Size(): meta.pgid * pageSize. */
  get txSize(): bigint {
    return this.meta.pgid * BigInt(this.pageSize);
  }

  private readAt(buf: Buffer, position: number): number {
    return readFullAt(this.fd, buf, position, this.file);
  }

  /**
   * One page at `position` through a read-ahead window: a walk over a db of small values reads
   * tens of thousands of single pages, mostly one after the other in the file, and a read call
   * per page was most of its time. The window starts at one page and doubles (up to
   * READ_AHEAD_MAX) while reads follow each other; any other read starts over at one page.
   */
  private readAhead(page: Buffer, position: number): void {
    const ra = this.ra;
    const end = position + page.length;
    if (position >= ra.start && end <= ra.end) {
      ra.buf.copy(page, 0, position - ra.start, end - ra.start);
      ra.next = end;
      return;
    }
    ra.size = position === ra.next ? Math.min(Math.max(ra.size * 2, 2 * page.length), READ_AHEAD_MAX) : page.length;
    ra.next = end;
    if (ra.size <= page.length) {
      ra.end = ra.start; // empty
      this.readAt(page, position);
      return;
    }
    if (ra.buf.length < ra.size) ra.buf = Buffer.allocUnsafe(READ_AHEAD_MAX);
    const got = this.readAt(ra.buf.subarray(0, Math.min(ra.size, this.fileSize - position)), position);
    ra.start = position;
    ra.end = position + got;
    if (got < page.length) {
      // short read (a file shrinking under us): what readAt would have given
      ra.buf.copy(page, 0, 0, got);
      ra.end = ra.start;
      return;
    }
    ra.buf.copy(page, 0, 0, page.length);
  }

  /** Raw bytes [offset, offset+length) of the file. */
  readRaw(offset: number, length: number): Buffer {
    const b = Buffer.alloc(length);
    const n = this.readAt(b, offset);
    return n === length ? b : b.subarray(0, n);
  }

  /** Whether page `pgid` (plus `overflow` extra pages) lies inside the file. */
  private inFile(pgid: bigint, overflow: number): boolean {
    return (pgid + BigInt(overflow) + 1n) * BigInt(this.pageSize) <= BigInt(this.fileSize);
  }

  /** The page `pgid` including its overflow pages. Throws BOLT_CORRUPT when it leaves the file. */
  readPage(pgid: bigint): Buffer {
    if (!this.inFile(pgid, 0)) {
      throw new DiskError(`page ${pgid}: beyond the end of the file`, 'BOLT_CORRUPT');
    }
    const off = Number(pgid) * this.pageSize;
    const first = Buffer.allocUnsafe(this.pageSize);
    this.readAt(first, off);
    const h = readPageHeader(first);
    if (h.overflow === 0) return first;
    if (!this.inFile(pgid, h.overflow)) {
      throw new DiskError(`page ${pgid}: overflow ${h.overflow} runs past the end of the file`, 'BOLT_CORRUPT');
    }
    const all = Buffer.allocUnsafe((h.overflow + 1) * this.pageSize);
    first.copy(all, 0);
    this.readAt(all.subarray(this.pageSize), off + this.pageSize);
    return all;
  }

  /**
   * readPage into a reused buffer (grown when a page with its overflow is larger): no allocation
   * per page, which matters when values are megabytes. The result is a view of `scratch.buf`,
   * valid until the next read into the same scratch.
   */
  readPageInto(pgid: bigint, scratch: PageScratch): Buffer {
    if (!this.inFile(pgid, 0)) {
      throw new DiskError(`page ${pgid}: beyond the end of the file`, 'BOLT_CORRUPT');
    }
    const off = Number(pgid) * this.pageSize;
    if (scratch.buf.length < this.pageSize) scratch.buf = Buffer.allocUnsafe(this.pageSize);
    const first = scratch.buf.subarray(0, this.pageSize);
    this.readAt(first, off);
    const h = readPageHeader(first);
    if (h.overflow === 0) return first;
    if (!this.inFile(pgid, h.overflow)) {
      throw new DiskError(`page ${pgid}: overflow ${h.overflow} runs past the end of the file`, 'BOLT_CORRUPT');
    }
    const size = (h.overflow + 1) * this.pageSize;
    if (scratch.buf.length < size) {
      const bigger = Buffer.allocUnsafe(Math.max(size, scratch.buf.length * 2));
      scratch.buf.copy(bigger, 0, 0, this.pageSize);
      scratch.buf = bigger;
    }
    const all = scratch.buf.subarray(0, size);
    this.readAt(all.subarray(this.pageSize), off + this.pageSize);
    return all;
  }

  /**
   * The first page of node `pgid` only (header and, for a leaf, its element table), into
   * `scratch`. Throws BOLT_CORRUPT when the node, with its overflow pages, leaves the file.
   * Reads go through the read-ahead window (readAhead).
   */
  readPageHead(pgid: bigint, scratch: PageScratch): Buffer {
    if (!this.inFile(pgid, 0)) {
      throw new DiskError(`page ${pgid}: beyond the end of the file`, 'BOLT_CORRUPT');
    }
    if (scratch.buf.length < this.pageSize) scratch.buf = Buffer.allocUnsafe(this.pageSize);
    const first = scratch.buf.subarray(0, this.pageSize);
    this.readAhead(first, Number(pgid) * this.pageSize);
    const h = readPageHeader(first);
    if (h.overflow > 0 && !this.inFile(pgid, h.overflow)) {
      throw new DiskError(`page ${pgid}: overflow ${h.overflow} runs past the end of the file`, 'BOLT_CORRUPT');
    }
    return first;
  }

  /**
   * Streams bytes [start, end) of node `pgid` (offsets from its first byte, inside the node as
   * readPageHead checked) through `buf`, one chunk per callback (valid during the call only).
   */
  streamNode(pgid: bigint, start: number, end: number, buf: Buffer, fn: (chunk: Buffer) => void): void {
    const base = Number(pgid) * this.pageSize;
    for (let off = start; off < end; ) {
      const n = Math.min(buf.length, end - off);
      const chunk = buf.subarray(0, n);
      if (this.readAt(chunk, base + off) !== n) throw new DiskError(`page ${pgid}: short read`, 'BOLT_CORRUPT');
      fn(chunk);
      off += n;
    }
  }

  /** The root bucket (meta.root). */
  rootBucket(): BucketRef {
    return { root: this.meta.root, sequence: this.meta.sequence, where: 'root bucket' };
  }

  /** Parses a bucket value (from a leaf element with the bucket flag). */
  openBucket(value: Buffer, where: string): BucketRef {
    if (value.length < BUCKET_HEADER_SIZE) throw new DiskError(`${where}: bucket value too short`, 'BOLT_CORRUPT');
    const root = value.readBigUInt64LE(0);
    const sequence = value.readBigUInt64LE(8);
    if (root !== 0n) return { root, sequence, where };
    const inline = value.subarray(BUCKET_HEADER_SIZE);
    if (inline.length < PAGE_HEADER_SIZE) throw new DiskError(`${where}: inline bucket too short`, 'BOLT_CORRUPT');
    return { root, sequence, inline, where };
  }

  /** Every element of bucket `b` in key order (nested buckets included, flagged). */
  *iterate(b: BucketRef): Generator<KV> {
    if (b.inline) {
      const h = readPageHeader(b.inline);
      if (h.count === 0) return;
      if ((h.flags & LEAF_PAGE_FLAG) === 0) {
        throw new DiskError(`${b.where}: invalid inline page type: ${pageTypeName(h.flags)}`, 'BOLT_CORRUPT');
      }
      yield* leafElements(b.inline, b.where);
      return;
    }
    yield* this.iteratePages(b.root);
  }

  private *iteratePages(root: bigint): Generator<KV> {
    const stack: Array<{ elems: BranchElement[]; i: number }> = [];
    let next: bigint | undefined = root;
    while (next !== undefined) {
      const pgid: bigint = next;
      next = undefined;
      const page = this.readPage(pgid);
      const h = readPageHeader(page);
      if (h.flags & BRANCH_PAGE_FLAG) {
        if (stack.length >= MAX_DEPTH) throw new DiskError(`page ${pgid}: tree deeper than ${MAX_DEPTH} levels`, 'BOLT_CORRUPT');
        const elems = branchElements(page, `page ${pgid}`);
        if (elems.length > 0) {
          stack.push({ elems, i: 0 });
          next = elems[0]!.pgid;
          continue;
        }
      } else if (h.flags & LEAF_PAGE_FLAG) {
        yield* leafElements(page, `page ${pgid}`);
      } else {
        throw new DiskError(`invalid page type: ${pgid}: ${h.flags.toString(16)}`, 'BOLT_CORRUPT');
      }
      // advance to the next child of the deepest unfinished branch
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        top.i++;
        if (top.i < top.elems.length) {
          next = top.elems[top.i]!.pgid;
          break;
        }
        stack.pop();
      }
    }
  }

  /** Top-level elements (bucket names) of the root bucket, in order. */
  *topLevel(): Generator<KV> {
    yield* this.iterate(this.rootBucket());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsFd) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // ignore
      }
    }
  }
}
