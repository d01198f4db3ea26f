// walpb (etcd wal/walpb/record.proto, proto2, gogo):
//   Record   { 1 type int64 (always), 2 crc uint32 (always), 3 data bytes (iff non-nil) }
//            e.g. a crc record: 08 04 10 <crc varint>; an entry: 08 02 10 <crc> 1a <len> <Entry>
//   Snapshot { 1 index uint64 (always), 2 term uint64 (always) }  {0,0} = 08 00 10 00
// Unknown fields are kept (XXX_unrecognized) and written back after the known ones.
import { ProtoReader, ProtoWriter } from './wire.js';

export interface WalRecord {
  type: bigint;
  crc: number;
  data?: Buffer;
  unknown?: Buffer;
}

export interface WalSnapshot {
  index: bigint;
  term: bigint;
  unknown?: Buffer;
}

export function encodeWalRecord(r: WalRecord): Buffer {
  const w = new ProtoWriter(16 + (r.data?.length ?? 0));
  w.uint(1, r.type).uint(2, r.crc >>> 0);
  if (r.data !== undefined) w.bytes(3, r.data);
  if (r.unknown) w.raw(r.unknown);
  return w.finish();
}

function appendUnknown(prev: Buffer | undefined, b: Buffer): Buffer {
  return prev ? Buffer.concat([prev, b]) : Buffer.from(b);
}

export function decodeWalRecord(buf: Uint8Array): WalRecord {
  const r = new ProtoReader(buf, 'Record');
  const out: WalRecord = { type: 0n, crc: 0 };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 0, 'Type');
        out.type = r.varintSigned64();
        break;
      case 2:
        r.expect(wireType, 0, 'Crc');
        out.crc = r.varint32();
        break;
      case 3:
        r.expect(wireType, 2, 'Data');
        out.data = r.bytes();
        break;
      default:
        out.unknown = appendUnknown(out.unknown, r.skip(start));
    }
  }
  return out;
}

export function encodeWalSnapshot(s: WalSnapshot): Buffer {
  const w = new ProtoWriter(24);
  w.uint(1, s.index).uint(2, s.term);
  if (s.unknown) w.raw(s.unknown);
  return w.finish();
}

export function decodeWalSnapshot(buf: Uint8Array): WalSnapshot {
  const r = new ProtoReader(buf, 'Snapshot');
  const out: WalSnapshot = { index: 0n, term: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 0, 'Index');
        out.index = r.varint64();
        break;
      case 2:
        r.expect(wireType, 0, 'Term');
        out.term = r.varint64();
        break;
      default:
        out.unknown = appendUnknown(out.unknown, r.skip(start));
    }
  }
  return out;
}

/** Go's `%+v` of a walpb.Snapshot, as etcdctl backup prints it: {Index:5 Term:2 XXX_unrecognized:[]} */
export function formatWalSnapshotGo(s: WalSnapshot): string {
  const unk = s.unknown ? Array.from(s.unknown).join(' ') : '';
  return `{Index:${s.index} Term:${s.term} XXX_unrecognized:[${unk}]}`;
}
