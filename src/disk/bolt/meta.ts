// bbolt meta pages (bbolt v1.3.6 db.go): pgid 0 and 1, page header id 0/1, flags 0x04, then at
// page offset 16:
//
//   16 u32 magic      0xED0CDAED (bytes ed da 0c ed)
//   20 u32 version    2
//   24 u32 pageSize   4096 on x86-64 (always take it from here)
//   28 u32 flags      0
//   32 u64 root       pgid of the root bucket's page
//   40 u64 sequence   root bucket sequence (0)
//   48 u64 freelist   pgid of the freelist page, or 0xFFFFFFFFFFFFFFFF (not synced; etcd's files)
//   56 u64 pgid       high-water mark: pages in use; tx.Size() = pgid * pageSize
//   64 u64 txid
//   72 u64 checksum   FNV-1a-64 of page bytes 16..71 (0 is accepted as "no checksum")
//
// Validation (meta.validate): magic -> "invalid database", version -> "version mismatch",
// checksum -> "checksum error". The active meta is the valid one with the higher txid.
import { DiskError } from '../errors.js';
import { fnv1a64 } from '../fnv.js';
import { META_PAGE_FLAG, PAGE_HEADER_SIZE, writePageHeader } from './page.js';

export const MAGIC = 0xed0cdaed;
export const VERSION = 2;
export const PGID_NO_FREELIST = 0xffffffffffffffffn;
export const META_SIZE = 64;

export interface Meta {
  magic: number;
  version: number;
  pageSize: number;
  flags: number;
  root: bigint;
  sequence: bigint;
  freelist: bigint;
  pgid: bigint;
  txid: bigint;
  checksum: bigint;
}

/** Parses the meta body of a meta page (`page` starts at the page header). */
export function readMeta(page: Uint8Array): Meta {
  const dv = new DataView(page.buffer, page.byteOffset + PAGE_HEADER_SIZE, META_SIZE);
  return {
    magic: dv.getUint32(0, true),
    version: dv.getUint32(4, true),
    pageSize: dv.getUint32(8, true),
    flags: dv.getUint32(12, true),
    root: dv.getBigUint64(16, true),
    sequence: dv.getBigUint64(24, true),
    freelist: dv.getBigUint64(32, true),
    pgid: dv.getBigUint64(40, true),
    txid: dv.getBigUint64(48, true),
    checksum: dv.getBigUint64(56, true),
  };
}

/** The 56 bytes the checksum covers, as laid out in the page. */
function metaBodyBytes(m: Meta): Buffer {
  const b = Buffer.alloc(56);
  b.writeUInt32LE(m.magic >>> 0, 0);
  b.writeUInt32LE(m.version >>> 0, 4);
  b.writeUInt32LE(m.pageSize >>> 0, 8);
  b.writeUInt32LE(m.flags >>> 0, 12);
  b.writeBigUInt64LE(m.root, 16);
  b.writeBigUInt64LE(m.sequence, 24);
  b.writeBigUInt64LE(m.freelist, 32);
  b.writeBigUInt64LE(m.pgid, 40);
  b.writeBigUInt64LE(m.txid, 48);
  return b;
}

/** meta.sum64(): FNV-1a-64 over the fields before `checksum`. */
export function metaChecksum(m: Meta): bigint {
  return fnv1a64(metaBodyBytes(m));
}

/** meta.validate(): undefined when valid, else the bbolt error. */
export function validateMeta(m: Meta): DiskError | undefined {
  if (m.magic !== MAGIC) return new DiskError('invalid database', 'BOLT_INVALID');
  if (m.version !== VERSION) return new DiskError('version mismatch', 'BOLT_VERSION_MISMATCH');
  if (m.checksum !== 0n && m.checksum !== metaChecksum(m)) return new DiskError('checksum error', 'BOLT_CHECKSUM');
  return undefined;
}

/** A complete meta page of `pageSize` bytes for page id 0 or 1, with a fresh checksum. */
export function encodeMetaPage(m: Omit<Meta, 'checksum'>, id: 0 | 1, pageSize: number): Buffer {
  const page = Buffer.alloc(pageSize);
  writePageHeader(page, { id: BigInt(id), flags: META_PAGE_FLAG, count: 0, overflow: 0 });
  const full: Meta = { ...m, checksum: 0n };
  const body = metaBodyBytes(full);
  body.copy(page, PAGE_HEADER_SIZE);
  page.writeBigUInt64LE(fnv1a64(body), PAGE_HEADER_SIZE + 56);
  return page;
}
