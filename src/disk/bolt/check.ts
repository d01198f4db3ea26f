// bbolt's tx.Check (v1.3.6 tx.go) over a BoltReader, with bbolt's exact error strings:
//
//   page %d: already freed              an id listed twice in the freelist
//   page %d: out of bounds: %d          a reachable page's header id > meta.pgid
//   page %d: multiple references        a page (or overflow page) reached twice
//   page %d: reachable freed            a reachable page listed as free
//   page %d: invalid type: %s           a reachable bucket page that is neither branch nor leaf
//   page %d: unreachable unfreed        a page below meta.pgid neither reachable nor free
//
// Order as bbolt produces them: freelist duplicates; then for the root bucket and, depth-first
// in key order, every non-inline nested bucket: its pages in pre-order (page before children),
// then its sub-buckets; finally the unreachable pages in ascending order. Reachable from the start:
// pages 0 and 1, and the freelist page with its overflow.
// When the freelist is not synced (etcd's files), the free pages are the pages of [2, pgid) not
// reachable from the root; bbolt computes them with the same walk and panics on any error it
// finds there ("freepages: failed to get all reachable pages"). This implementation reports those
// errors as check errors instead, which is what the walk finds in both cases.
// Unlike bbolt, a page that cannot be read (it lies beyond the end of the file) or a branch cycle
// is reported as an error ("page %d: beyond the end of the file", "page %d: cycle") instead of
// faulting or recursing forever.
import { DiskError } from '../errors.js';
import type { BoltReader, BucketRef, PageScratch } from './reader.js';
import { PGID_NO_FREELIST } from './meta.js';
import { readFreelistIds } from './freelist.js';
import {
  BRANCH_PAGE_FLAG, BUCKET_LEAF_FLAG, LEAF_ELEMENT_SIZE, LEAF_PAGE_FLAG, PAGE_HEADER_SIZE, branchElements, pageTypeName,
  readPageHeader, type LeafElement, type PageHeader,
} from './page.js';

/**
 * A leaf node too large to hold in memory (its values span many overflow pages): its element
 * table, read from its first page, and its bytes on demand.
 */
export interface LargeLeaf {
  readonly count: number;
  /** file offset of the node's first byte (its bytes are contiguous in the file) */
  readonly position: number;
  /** element i: flags, and the node offsets of its key; the value (vsize bytes) follows the key */
  element(i: number): { flags: number; kstart: number; ksize: number; vsize: number };
  /** streams node bytes [start, end) in chunks, each valid during its callback only */
  read(start: number, end: number, fn: (chunk: Buffer) => void): void;
}

/** Leaf nodes above this size are streamed (visitor.largeLeaf) instead of read whole. */
export const LARGE_LEAF = 256 * 1024;

/** Hooks into the check's walk, so a caller can hash while the pages are read once. */
export interface CheckVisitor {
  /** a bucket is about to be checked (depth 0 = root, 1 = top-level buckets, ...) */
  bucket?(depth: number, name: Buffer | undefined, ref: BucketRef): void;
  /**
   * a leaf page of a non-inline bucket, in key order within that bucket. `page` is a view of a
   * buffer the walk reuses: it is valid during the call only (copy what must outlive it)
   */
  leaf?(depth: number, page: Buffer, pgid: bigint): void;
  /**
   * a leaf node larger than LARGE_LEAF, in place of leaf(): without it such nodes are read whole
   * and given to leaf()
   */
  largeLeaf?(depth: number, leaf: LargeLeaf, pgid: bigint): void;
  /**
   * the walk is over: `freePages` is bbolt's Stats().FreePageN (the freelist page's ids, or for
   * etcd's unsynced freelist the pages below meta.pgid that nothing reaches)
   */
  done?(freePages: number): void;
}

/** The element table of a large leaf node from its first page, validated against the node size. */
function largeLeaf(db: BoltReader, pgid: bigint, head: Buffer, nodeSize: number, chunk: Buffer): LargeLeaf {
  const where = `page ${pgid}`;
  const dv = new DataView(head.buffer, head.byteOffset, head.length);
  const count = dv.getUint16(10, true);
  const els: Array<{ flags: number; kstart: number; ksize: number; vsize: number }> = [];
  for (let i = 0; i < count; i++) {
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    const el = { flags: dv.getUint32(e, true), kstart: e + dv.getUint32(e + 4, true), ksize: dv.getUint32(e + 8, true), vsize: dv.getUint32(e + 12, true) };
    if (el.kstart + el.ksize + el.vsize > nodeSize) throw new DiskError(`${where}: element ${i} out of bounds`, 'BOLT_CORRUPT');
    els.push(el);
  }
  return {
    count,
    position: Number(pgid) * db.pageSize,
    element: (i) => els[i]!,
    read: (start, end, fn) => db.streamNode(pgid, start, end, chunk, fn),
  };
}

/** Bytes [start, end) of a large leaf as one new Buffer (for small parts: keys, bucket values). */
function leafBytes(leaf: LargeLeaf, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let off = 0;
  leaf.read(start, end, (c) => {
    c.copy(out, off);
    off += c.length;
  });
  return out;
}

/**
 * The nested-bucket elements of a leaf page, validating every element's bounds without
 * materialising the plain ones.
 */
export function leafBucketElements(page: Buffer, where: string): LeafElement[] {
  const dv = new DataView(page.buffer, page.byteOffset, page.length);
  const count = dv.getUint16(10, true);
  if (PAGE_HEADER_SIZE + count * LEAF_ELEMENT_SIZE > page.length) throw new DiskError(`${where}: ${count} elements do not fit`, 'BOLT_CORRUPT');
  const out: LeafElement[] = [];
  for (let i = 0; i < count; i++) {
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    const flags = dv.getUint32(e, true);
    const kstart = e + dv.getUint32(e + 4, true);
    const ksize = dv.getUint32(e + 8, true);
    const vend = kstart + ksize + dv.getUint32(e + 12, true);
    if (vend > page.length) throw new DiskError(`${where}: element ${i} out of bounds`, 'BOLT_CORRUPT');
    if (flags & BUCKET_LEAF_FLAG) {
      out.push({ flags, key: page.subarray(kstart, kstart + ksize), value: page.subarray(kstart + ksize, vend) });
    }
  }
  return out;
}

/** A set of page ids: a bitmap below `limit`, a Set above (corrupt ids can be anything). */
class PageSet {
  private readonly bits: Uint8Array;
  private readonly big = new Set<bigint>();
  private readonly bigLimit: bigint;
  constructor(limit: number) {
    this.bits = new Uint8Array(limit);
    this.bigLimit = BigInt(limit);
  }
  has(id: bigint): boolean {
    return id < this.bigLimit ? this.bits[Number(id)] === 1 : this.big.has(id);
  }
  add(id: bigint): void {
    if (id < this.bigLimit) this.bits[Number(id)] = 1;
    else this.big.add(id);
  }
  /**
   * Adds the ids [first, first + count) (below the limit) and returns those already present, in
   * order. Typed-array searches instead of a loop per page: a 1 GB db has 250k pages, and a hot
   * loop costs the optimising compiler's time and memory.
   */
  addRangeSmall(first: number, count: number): number[] {
    const again: number[] = [];
    const end = first + count;
    for (let i = this.bits.indexOf(1, first); i !== -1 && i < end; i = this.bits.indexOf(1, i + 1)) again.push(i);
    this.bits.fill(1, first, end);
    return again;
  }
  /** how many ids below the limit are in the set */
  countSmall(): number {
    let n = 0;
    for (let i = this.bits.indexOf(1); i !== -1; i = this.bits.indexOf(1, i + 1)) n++;
    return n;
  }
  /** the ids below the limit in neither this set nor `other`, in order */
  missingFromBoth(other: PageSet): number[] {
    const both = this.bits.slice();
    for (let i = other.bits.indexOf(1); i !== -1; i = other.bits.indexOf(1, i + 1)) both[i] = 1;
    const out: number[] = [];
    for (let i = both.indexOf(0); i !== -1; i = both.indexOf(0, i + 1)) out.push(i);
    return out;
  }
}

/**
 * Runs the integrity check and returns the error strings (empty = clean). Throws only when the
 * freelist page itself cannot be interpreted (bbolt panics there).
 */
export function checkBolt(db: BoltReader, visitor: CheckVisitor = {}): string[] {
  const errors: string[] = [];
  const meta = db.meta;
  const limit = db.pageCount;
  const freed = new PageSet(limit);
  const reachable = new PageSet(limit);
  const synced = meta.freelist !== PGID_NO_FREELIST;

  if (synced) {
    const flPage = db.readPage(meta.freelist);
    const ids = readFreelistIds(flPage, meta.freelist);
    for (const id of ids) {
      if (freed.has(id)) errors.push(`page ${id}: already freed`);
      freed.add(id);
    }
    reachable.add(0n);
    reachable.add(1n);
    const overflow = readPageHeader(flPage).overflow;
    for (let i = 0; i <= overflow; i++) reachable.add(meta.freelist + BigInt(i));
  } else {
    reachable.add(0n);
    reachable.add(1n);
  }

  // Pages are read into one reused buffer: branch pages give up their child ids and leaf pages
  // their nested-bucket elements (copied) before the next page is read.
  const scratch: PageScratch = { buf: Buffer.alloc(0) };
  const chunk = visitor.largeLeaf ? Buffer.allocUnsafe(LARGE_LEAF) : Buffer.alloc(0);
  const checkBucket = (b: BucketRef, depth: number, name: Buffer | undefined): void => {
    visitor.bucket?.(depth, name, b);
    if (b.root === 0n) return;
    const subBuckets: LeafElement[] = [];
    const path = new Set<bigint>();
    const visit = (pgid: bigint): void => {
      if (path.has(pgid)) {
        errors.push(`page ${pgid}: cycle`);
        return;
      }
      let page: Buffer;
      let h: PageHeader;
      let large = false;
      try {
        page = db.readPageHead(pgid, scratch);
        h = readPageHeader(page);
        const nodeSize = (h.overflow + 1) * db.pageSize;
        large =
          visitor.largeLeaf !== undefined && (h.flags & LEAF_PAGE_FLAG) !== 0 && (h.flags & BRANCH_PAGE_FLAG) === 0 &&
          nodeSize > LARGE_LEAF && PAGE_HEADER_SIZE + h.count * LEAF_ELEMENT_SIZE <= db.pageSize;
        if (!large && h.overflow > 0) page = db.readPageInto(pgid, scratch);
      } catch (err) {
        if (err instanceof DiskError) {
          errors.push(err.message);
          return;
        }
        throw err;
      }
      if (h.id > meta.pgid) errors.push(`page ${h.id}: out of bounds: ${meta.pgid}`);
      if (h.id + BigInt(h.overflow) < BigInt(limit)) {
        // the common case, in numbers: a 1 MiB value spans 257 pages
        for (const id of reachable.addRangeSmall(Number(h.id), h.overflow + 1)) errors.push(`page ${id}: multiple references`);
      } else {
        for (let i = 0; i <= h.overflow; i++) {
          const id = h.id + BigInt(i);
          if (reachable.has(id)) errors.push(`page ${id}: multiple references`);
          reachable.add(id);
        }
      }
      if (freed.has(h.id)) errors.push(`page ${h.id}: reachable freed`);
      else if ((h.flags & (BRANCH_PAGE_FLAG | LEAF_PAGE_FLAG)) === 0) {
        errors.push(`page ${h.id}: invalid type: ${pageTypeName(h.flags)}`);
      }
      try {
        if (h.flags & BRANCH_PAGE_FLAG) {
          path.add(pgid);
          const children = branchElements(page, `page ${pgid}`).map((el) => el.pgid);
          for (const child of children) visit(child);
          path.delete(pgid);
        } else if (large) {
          const leaf = largeLeaf(db, pgid, page, (h.overflow + 1) * db.pageSize, chunk);
          for (let i = 0; i < leaf.count; i++) {
            const el = leaf.element(i);
            if (!(el.flags & BUCKET_LEAF_FLAG)) continue;
            const kend = el.kstart + el.ksize;
            subBuckets.push({ flags: el.flags, key: leafBytes(leaf, el.kstart, kend), value: leafBytes(leaf, kend, kend + el.vsize) });
          }
          visitor.largeLeaf!(depth, leaf, pgid);
        } else if (h.flags & LEAF_PAGE_FLAG) {
          for (const el of leafBucketElements(page, `page ${pgid}`)) {
            subBuckets.push({ flags: el.flags, key: Buffer.from(el.key), value: Buffer.from(el.value) });
          }
          visitor.leaf?.(depth, page, pgid);
        }
      } catch (err) {
        if (err instanceof DiskError) {
          errors.push(err.message);
          path.delete(pgid);
          return;
        }
        throw err;
      }
    };
    visit(b.root);
    for (const el of subBuckets) {
      let child: BucketRef;
      try {
        child = db.openBucket(el.value, `bucket ${JSON.stringify(el.key.toString('latin1'))}`);
      } catch (err) {
        if (err instanceof DiskError) {
          errors.push(err.message);
          continue;
        }
        throw err;
      }
      checkBucket(child, depth + 1, el.key);
    }
  };

  checkBucket(db.rootBucket(), 0, undefined);

  if (synced) {
    for (const i of reachable.missingFromBoth(freed)) errors.push(`page ${i}: unreachable unfreed`);
  }
  visitor.done?.(synced ? freed.countSmall() : limit - reachable.countSmall());
  return errors;
}
