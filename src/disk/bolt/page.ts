// bbolt pages (etcd-io/bbolt v1.3.6 page.go). A database file is an array of pages of pageSize
// bytes (from the meta page, normally 4096); pgid = page index. Every page starts with a 16-byte
// header:
//
//   off 0  u64 id        pgid of the page (tx.Check compares it)
//   off 8  u16 flags     0x01 branch, 0x02 leaf, 0x04 meta, 0x10 freelist
//   off 10 u16 count     number of elements (freelist: ids; 0xFFFF = count in first u64)
//   off 12 u32 overflow  extra contiguous pages this page spans: (overflow+1)*pageSize bytes
//
// Leaf page: `count` 16-byte elements after the header, then keys/values:
//   element i at 16+16*i: u32 flags (0x01 = nested bucket), u32 pos, u32 ksize, u32 vsize
//   key at element+pos, value right after the key (pos is relative to the element).
// Branch page: `count` 16-byte elements: u32 pos, u32 ksize, u64 child pgid; key at element+pos
//   = first key of the child's subtree.
// All little-endian. Keys ascend (unsigned bytewise) within and across pages.
import { DiskError } from '../errors.js';

export const PAGE_HEADER_SIZE = 16;
export const LEAF_ELEMENT_SIZE = 16;
export const BRANCH_ELEMENT_SIZE = 16;

export const BRANCH_PAGE_FLAG = 0x01;
export const LEAF_PAGE_FLAG = 0x02;
export const META_PAGE_FLAG = 0x04;
export const FREELIST_PAGE_FLAG = 0x10;

/** leaf element flag: the value is a nested bucket */
export const BUCKET_LEAF_FLAG = 0x01;

export const MAX_KEY_SIZE = 32768;
export const MAX_VALUE_SIZE = 0x7ffffffe;

export interface PageHeader {
  id: bigint;
  flags: number;
  count: number;
  overflow: number;
}

export function readPageHeader(buf: Uint8Array, off = 0): PageHeader {
  if (buf.length < off + PAGE_HEADER_SIZE) {
    throw new DiskError('page header out of bounds', 'BOLT_CORRUPT');
  }
  const dv = new DataView(buf.buffer, buf.byteOffset + off, PAGE_HEADER_SIZE);
  return {
    id: dv.getBigUint64(0, true),
    flags: dv.getUint16(8, true),
    count: dv.getUint16(10, true),
    overflow: dv.getUint32(12, true),
  };
}

export function writePageHeader(buf: Uint8Array, h: PageHeader, off = 0): void {
  const dv = new DataView(buf.buffer, buf.byteOffset + off, PAGE_HEADER_SIZE);
  dv.setBigUint64(0, h.id, true);
  dv.setUint16(8, h.flags, true);
  dv.setUint16(10, h.count, true);
  dv.setUint32(12, h.overflow, true);
}

/** bbolt's page.typ(): branch, leaf, meta, freelist or unknown<xx>. */
export function pageTypeName(flags: number): string {
  if (flags & BRANCH_PAGE_FLAG) return 'branch';
  if (flags & LEAF_PAGE_FLAG) return 'leaf';
  if (flags & META_PAGE_FLAG) return 'meta';
  if (flags & FREELIST_PAGE_FLAG) return 'freelist';
  return `unknown<${flags.toString(16).padStart(2, '0')}>`;
}

export interface LeafElement {
  flags: number;
  key: Buffer;
  value: Buffer;
}

export interface BranchElement {
  key: Buffer;
  pgid: bigint;
}

function corrupt(where: string, what: string): DiskError {
  return new DiskError(`${where}: ${what}`, 'BOLT_CORRUPT');
}

/**
 * The elements of a leaf page held in `page` (header at offset 0; `page` may be an inline bucket
 * page). Validates that every element and its key/value lie inside the buffer. `where` names the
 * page in error messages ("page 12", "inline bucket \"x\"").
 */
export function leafElements(page: Buffer, where: string): LeafElement[] {
  const h = readPageHeader(page);
  const out: LeafElement[] = new Array<LeafElement>(h.count);
  if (PAGE_HEADER_SIZE + h.count * LEAF_ELEMENT_SIZE > page.length) throw corrupt(where, `${h.count} elements do not fit`);
  const dv = new DataView(page.buffer, page.byteOffset, page.length);
  for (let i = 0; i < h.count; i++) {
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    const flags = dv.getUint32(e, true);
    const pos = dv.getUint32(e + 4, true);
    const ksize = dv.getUint32(e + 8, true);
    const vsize = dv.getUint32(e + 12, true);
    const kstart = e + pos;
    const vend = kstart + ksize + vsize;
    if (vend > page.length) throw corrupt(where, `element ${i} out of bounds`);
    out[i] = {
      flags,
      key: page.subarray(kstart, kstart + ksize),
      value: page.subarray(kstart + ksize, vend),
    };
  }
  return out;
}

/** The elements of a branch page, validated like leafElements. */
export function branchElements(page: Buffer, where: string): BranchElement[] {
  const h = readPageHeader(page);
  const out: BranchElement[] = new Array<BranchElement>(h.count);
  if (PAGE_HEADER_SIZE + h.count * BRANCH_ELEMENT_SIZE > page.length) throw corrupt(where, `${h.count} elements do not fit`);
  const dv = new DataView(page.buffer, page.byteOffset, page.length);
  for (let i = 0; i < h.count; i++) {
    const e = PAGE_HEADER_SIZE + i * BRANCH_ELEMENT_SIZE;
    const pos = dv.getUint32(e, true);
    const ksize = dv.getUint32(e + 4, true);
    const pgid = dv.getBigUint64(e + 8, true);
    const kstart = e + pos;
    if (kstart + ksize > page.length) throw corrupt(where, `element ${i} out of bounds`);
    out[i] = { key: page.subarray(kstart, kstart + ksize), pgid };
  }
  return out;
}

/** Serialises a leaf node into `buf` (header id/overflow supplied by the caller). */
export function encodeLeaf(buf: Buffer, elements: readonly LeafElement[], id: bigint, overflow: number): void {
  writePageHeader(buf, { id, flags: LEAF_PAGE_FLAG, count: elements.length, overflow });
  let data = PAGE_HEADER_SIZE + elements.length * LEAF_ELEMENT_SIZE;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    buf.writeUInt32LE(el.flags, e);
    buf.writeUInt32LE(data - e, e + 4);
    buf.writeUInt32LE(el.key.length, e + 8);
    buf.writeUInt32LE(el.value.length, e + 12);
    buf.set(el.key, data);
    data += el.key.length;
    buf.set(el.value, data);
    data += el.value.length;
  }
}

/** Serialises a branch node into `buf`. */
export function encodeBranch(buf: Buffer, elements: readonly BranchElement[], id: bigint, overflow: number): void {
  writePageHeader(buf, { id, flags: BRANCH_PAGE_FLAG, count: elements.length, overflow });
  let data = PAGE_HEADER_SIZE + elements.length * BRANCH_ELEMENT_SIZE;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    const e = PAGE_HEADER_SIZE + i * BRANCH_ELEMENT_SIZE;
    buf.writeUInt32LE(data - e, e);
    buf.writeUInt32LE(el.key.length, e + 4);
    buf.writeBigUInt64LE(el.pgid, e + 8);
    buf.set(el.key, data);
    data += el.key.length;
  }
}
