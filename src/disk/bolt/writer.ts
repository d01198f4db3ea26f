// Writes a fresh, compact bbolt database from sorted content, streaming (docs/disk-formats.md
// 4.8). Layout produced:
//
//   page 0, 1  meta pages (meta.ts): txid T-1 on page (T-1)%2... here T = 1: page 0 txid 0,
//              page 1 txid 1; root = root bucket page, freelist = 2, pgid = high-water mark
//   page 2     empty freelist page
//   page 3..   bucket trees, allocated sequentially in the order they are completed
//
// A bucket whose elements fit in an inline page (16 + sum(16 + k + v) <= pageSize/4, and no
// nested buckets) is stored inline in its parent's value; otherwise its tree is built bottom-up:
// leaves are packed greedily while 16 + sum(16 + k + v) <= pageSize (at least one element per
// node; a node larger than a page takes ceil(size/pageSize) pages, overflow = that - 1), and each
// full node pushes (first key, pgid) into the branch level above it, packed the same way. Only
// the nodes on the current right edge are held in memory, so arbitrarily large buckets stream
// through in bounded memory. The root bucket is built the same way but is never inline.
// Keys must be added in strictly ascending unsigned byte order (checked).
import { DiskError } from '../errors.js';
import { BufferedFile, fsyncPath } from '../fsutil.js';
import * as path from 'node:path';
import { encodeMetaPage, MAGIC, VERSION } from './meta.js';
import { encodeEmptyFreelistPage } from './freelist.js';
import {
  BRANCH_ELEMENT_SIZE, BUCKET_LEAF_FLAG, LEAF_ELEMENT_SIZE, MAX_KEY_SIZE, MAX_VALUE_SIZE, PAGE_HEADER_SIZE,
  encodeBranch, encodeLeaf, type BranchElement, type LeafElement,
} from './page.js';
import { BUCKET_HEADER_SIZE } from './reader.js';

export interface BoltWriterOptions {
  pageSize?: number;
  /** file mode when creating (default 0600) */
  mode?: number;
}

export interface BoltWriteResult {
  /** high-water mark (pages) */
  pgid: bigint;
  /** file size in bytes = pgid * pageSize */
  size: number;
}

export class BoltWriter {
  readonly pageSize: number;
  private readonly out: BufferedFile;
  private nextPgid = 3n;
  private readonly root: TreeBuilder;
  private lastTopName: Buffer | undefined;
  private open: BucketBuilder | undefined;
  private done = false;

  constructor(
    readonly file: string,
    opts: BoltWriterOptions = {},
  ) {
    this.pageSize = opts.pageSize ?? 4096;
    this.out = new BufferedFile(file, opts.mode ?? 0o600);
    // pages 0 and 1 are written last; reserve them, then the freelist page
    this.out.write(Buffer.alloc(this.pageSize * 2));
    this.out.write(encodeEmptyFreelistPage(2n, this.pageSize));
    this.root = new TreeBuilder(this, false);
  }

  /** Allocates `n` consecutive pages and writes `bytes` (n * pageSize) there. */
  writeNode(bytes: Buffer, n: number): bigint {
    const pgid = this.nextPgid;
    if (BigInt(this.out.offset) !== pgid * BigInt(this.pageSize)) {
      throw new DiskError('bolt writer: page allocation out of sequence', 'BOLT_WRITE');
    }
    this.nextPgid += BigInt(n);
    this.out.write(bytes);
    return pgid;
  }

  allocatePgid(): bigint {
    return this.nextPgid;
  }

  /** Starts the next top-level bucket; names must ascend. Finish it before starting another. */
  bucket(name: Uint8Array, sequence = 0n): BucketBuilder {
    if (this.done) throw new DiskError('bolt writer: already finished', 'BOLT_WRITE');
    if (this.open && !this.open.finished) throw new DiskError('bolt writer: previous bucket not finished', 'BOLT_WRITE');
    const n = Buffer.from(name);
    checkKey(n);
    if (this.lastTopName && Buffer.compare(this.lastTopName, n) >= 0) {
      throw new DiskError(`bolt writer: bucket ${JSON.stringify(n.toString('latin1'))} out of order`, 'BOLT_WRITE');
    }
    this.lastTopName = n;
    const b = new BucketBuilder(this, sequence, (value) => this.root.add({ flags: BUCKET_LEAF_FLAG, key: n, value }));
    this.open = b;
    return b;
  }

  /** Writes the meta pages, fsyncs and closes. */
  finish(): BoltWriteResult {
    if (this.open && !this.open.finished) throw new DiskError('bolt writer: bucket not finished', 'BOLT_WRITE');
    const r = this.root.finish();
    if (r.root === undefined) throw new DiskError('bolt writer: root bucket cannot be inline', 'BOLT_WRITE');
    const hwm = this.nextPgid;
    const base = {
      magic: MAGIC, version: VERSION, pageSize: this.pageSize, flags: 0, root: r.root, sequence: 0n,
      freelist: 2n, pgid: hwm,
    };
    this.out.pwrite(encodeMetaPage({ ...base, txid: 0n }, 0, this.pageSize), 0);
    this.out.pwrite(encodeMetaPage({ ...base, txid: 1n }, 1, this.pageSize), this.pageSize);
    this.out.sync();
    this.out.close();
    fsyncPath(path.dirname(path.resolve(this.file)));
    this.done = true;
    return { pgid: hwm, size: Number(hwm) * this.pageSize };
  }

  /** Closes the file after a failure (the caller removes it). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.out.closeQuietly();
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length === 0) throw new DiskError('key required', 'BOLT_WRITE');
  if (key.length > MAX_KEY_SIZE) throw new DiskError('key too large', 'BOLT_WRITE');
}

/** Builder of one bucket's content (kvs and nested buckets, ascending keys). */
export class BucketBuilder {
  private readonly tree: TreeBuilder;
  private last: Buffer | undefined;
  private child: BucketBuilder | undefined;
  finished = false;

  constructor(
    private readonly w: BoltWriter,
    private readonly sequence: bigint,
    private readonly onFinish: (value: Buffer) => void,
  ) {
    this.tree = new TreeBuilder(w, true);
  }

  private order(key: Buffer): void {
    if (this.finished) throw new DiskError('bolt writer: bucket already finished', 'BOLT_WRITE');
    if (this.child && !this.child.finished) throw new DiskError('bolt writer: nested bucket not finished', 'BOLT_WRITE');
    checkKey(key);
    if (this.last && Buffer.compare(this.last, key) >= 0) {
      throw new DiskError(`bolt writer: key ${key.toString('hex')} out of order`, 'BOLT_WRITE');
    }
    this.last = key;
  }

  put(key: Uint8Array, value: Uint8Array): void {
    const k = Buffer.from(key.buffer, key.byteOffset, key.length);
    this.order(k);
    if (value.length > MAX_VALUE_SIZE) throw new DiskError('value too large', 'BOLT_WRITE');
    this.tree.add({ flags: 0, key: k, value: Buffer.from(value.buffer, value.byteOffset, value.length) });
  }

  /** A nested bucket; finish it before the next put. */
  bucket(name: Uint8Array, sequence = 0n): BucketBuilder {
    const k = Buffer.from(name);
    this.order(k);
    this.tree.noInline();
    const b = new BucketBuilder(this.w, sequence, (value) => this.tree.add({ flags: BUCKET_LEAF_FLAG, key: k, value }));
    this.child = b;
    return b;
  }

  finish(): void {
    if (this.child && !this.child.finished) throw new DiskError('bolt writer: nested bucket not finished', 'BOLT_WRITE');
    if (this.finished) return;
    this.finished = true;
    const r = this.tree.finish();
    let value: Buffer;
    if (r.root !== undefined) {
      value = Buffer.alloc(BUCKET_HEADER_SIZE);
      value.writeBigUInt64LE(r.root, 0);
      value.writeBigUInt64LE(this.sequence, 8);
    } else {
      const inline = r.inline!;
      value = Buffer.alloc(BUCKET_HEADER_SIZE + inline.length);
      value.writeBigUInt64LE(0n, 0);
      value.writeBigUInt64LE(this.sequence, 8);
      inline.copy(value, BUCKET_HEADER_SIZE);
    }
    this.onFinish(value);
  }
}

interface Level {
  elems: Array<LeafElement | BranchElement>;
  size: number;
  flushed: number;
}

/** Bottom-up B+tree construction for one bucket (see the file comment). */
class TreeBuilder {
  private readonly levels: Level[] = [];
  /** elements held while the bucket may still be inline */
  private inline: LeafElement[] | undefined;
  private inlineSize = PAGE_HEADER_SIZE;

  constructor(
    private readonly w: BoltWriter,
    allowInline: boolean,
  ) {
    if (allowInline) this.inline = [];
  }

  /** Called when a nested bucket is added: bbolt never inlines a bucket with sub-buckets. */
  noInline(): void {
    if (!this.inline) return;
    const held = this.inline;
    this.inline = undefined;
    for (const e of held) this.addTo(0, e);
  }

  add(e: LeafElement): void {
    if (this.inline) {
      const size = LEAF_ELEMENT_SIZE + e.key.length + e.value.length;
      if (!(e.flags & BUCKET_LEAF_FLAG) && this.inlineSize + size <= this.w.pageSize / 4) {
        this.inline.push(e);
        this.inlineSize += size;
        return;
      }
      this.noInline();
    }
    this.addTo(0, e);
  }

  private level(i: number): Level {
    while (this.levels.length <= i) this.levels.push({ elems: [], size: PAGE_HEADER_SIZE, flushed: 0 });
    return this.levels[i]!;
  }

  private addTo(li: number, e: LeafElement | BranchElement): void {
    const lv = this.level(li);
    const sz = li === 0
      ? LEAF_ELEMENT_SIZE + e.key.length + (e as LeafElement).value.length
      : BRANCH_ELEMENT_SIZE + e.key.length;
    if (lv.elems.length > 0 && lv.size + sz > this.w.pageSize) this.flush(li);
    lv.elems.push(e);
    lv.size += sz;
  }

  /** Writes level li's pending node, pushes (firstKey, pgid) one level up, returns the pgid. */
  private flush(li: number, pushUp = true): bigint {
    const lv = this.levels[li]!;
    const n = Math.max(1, Math.ceil(lv.size / this.w.pageSize));
    const bytes = Buffer.alloc(n * this.w.pageSize);
    const id = this.w.allocatePgid();
    if (li === 0) encodeLeaf(bytes, lv.elems as LeafElement[], id, n - 1);
    else encodeBranch(bytes, lv.elems as BranchElement[], id, n - 1);
    const pgid = this.w.writeNode(bytes, n);
    const firstKey = lv.elems[0]?.key ?? Buffer.alloc(0);
    lv.elems = [];
    lv.size = PAGE_HEADER_SIZE;
    lv.flushed++;
    if (pushUp) this.addTo(li + 1, { key: firstKey, pgid });
    return pgid;
  }

  /** Completes the tree: either an inline page or the root pgid. */
  finish(): { root?: bigint; inline?: Buffer } {
    if (this.inline) {
      const buf = Buffer.alloc(this.inlineSize);
      encodeLeaf(buf, this.inline, 0n, 0);
      return { inline: buf };
    }
    for (let li = 0; ; li++) {
      const lv = this.level(li);
      if (lv.flushed === 0) {
        // this level has a single node: it is the root
        if (li > 0 && lv.elems.length === 1) return { root: (lv.elems[0] as BranchElement).pgid };
        return { root: this.flush(li, false) };
      }
      if (lv.elems.length > 0) this.flush(li);
    }
  }
}
