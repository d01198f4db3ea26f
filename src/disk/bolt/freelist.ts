// bbolt freelist page (flags 0x10; bbolt v1.3.6 freelist.go): `count` u16 in the page header =
// number of free pgids, followed by that many u64 pgids (sorted). When there are 0xFFFF or more,
// count = 0xFFFF and the first u64 holds the real count, ids follow it. An empty freelist page is
// just the header. Databases written by etcd have no freelist page at all (meta.freelist =
// 0xFFFF...): their free pages are the pages in [2, pgid) not reachable from the root.
import { DiskError } from '../errors.js';
import { FREELIST_PAGE_FLAG, PAGE_HEADER_SIZE, pageTypeName, readPageHeader, writePageHeader } from './page.js';

/** The ids of a freelist page (sorted ascending like bbolt's copy), validating the count. */
export function readFreelistIds(page: Buffer, pgid: bigint): bigint[] {
  const h = readPageHeader(page);
  if ((h.flags & FREELIST_PAGE_FLAG) === 0) {
    throw new DiskError(`invalid freelist page: ${pgid}, page type is ${pageTypeName(h.flags)}`, 'BOLT_CORRUPT');
  }
  let idx = 0;
  let count = BigInt(h.count);
  if (h.count === 0xffff) {
    if (page.length < PAGE_HEADER_SIZE + 8) throw new DiskError(`page ${pgid}: freelist count out of bounds`, 'BOLT_CORRUPT');
    count = page.readBigUInt64LE(PAGE_HEADER_SIZE);
    idx = 1;
  }
  const maxIds = BigInt(Math.floor((page.length - PAGE_HEADER_SIZE) / 8) - idx);
  if (count > maxIds) throw new DiskError(`page ${pgid}: freelist count ${count} out of bounds`, 'BOLT_CORRUPT');
  const ids: bigint[] = new Array<bigint>(Number(count));
  for (let i = 0; i < ids.length; i++) ids[i] = page.readBigUInt64LE(PAGE_HEADER_SIZE + 8 * (idx + i));
  ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids;
}

/** An empty freelist page with id `pgid`. */
export function encodeEmptyFreelistPage(pgid: bigint, pageSize: number): Buffer {
  const page = Buffer.alloc(pageSize);
  writePageHeader(page, { id: pgid, flags: FREELIST_PAGE_FLAG, count: 0, overflow: 0 });
  return page;
}
