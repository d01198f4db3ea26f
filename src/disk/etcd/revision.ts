// mvcc revision keys (etcd mvcc/revision.go): the keys of bucket `key`.
//   main u64 BE (8) | '_' (0x5f) | sub u64 BE (8)            = 17 bytes, a put
//   ... followed by 't' (0x74)                               = 18 bytes, a tombstone (delete)
// Bucket order is therefore revision order. Example: 0000000000000022 5f 0000000000000000 74 =
// the deletion at revision {34, 0}.

export const REV_BYTES_LEN = 17;
export const MARKED_REV_BYTES_LEN = 18;
export const MARK_TOMBSTONE = 0x74;

export interface Revision {
  main: bigint;
  sub: bigint;
}

export function revToBytes(rev: Revision, tombstone = false): Buffer {
  const b = Buffer.alloc(tombstone ? MARKED_REV_BYTES_LEN : REV_BYTES_LEN);
  b.writeBigUInt64BE(BigInt.asUintN(64, rev.main), 0);
  b[8] = 0x5f;
  b.writeBigUInt64BE(BigInt.asUintN(64, rev.sub), 9);
  if (tombstone) b[17] = MARK_TOMBSTONE;
  return b;
}

/** bytesToRev: main and sub as int64 (callers check the length first). */
export function bytesToRev(b: Uint8Array): Revision {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  return { main: buf.readBigInt64BE(0), sub: b.length >= 17 ? buf.readBigInt64BE(9) : 0n };
}

export function isTombstone(b: Uint8Array): boolean {
  return b.length === MARKED_REV_BYTES_LEN && b[17] === MARK_TOMBSTONE;
}

export function compareRev(a: Revision, b: Revision): number {
  if (a.main !== b.main) return a.main < b.main ? -1 : 1;
  if (a.sub !== b.sub) return a.sub < b.sub ? -1 : 1;
  return 0;
}
