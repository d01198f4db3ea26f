// snappb (etcd etcdserver/api/snap/snappb/snap.proto, proto2, gogo):
//   snapshot { 1 crc uint32 (always), 2 data bytes (iff non-nil) }
// A .snap file is exactly one such message: crc = crc32c(data), data = marshaled raftpb.Snapshot.
// Example (docs/disk-formats.md 8.2): 08 dd ae c6 9b 02 12 13 <19 bytes of raftpb.Snapshot>.
import { ProtoReader, ProtoWriter } from './wire.js';

export interface SnapFileMessage {
  crc: number;
  data?: Buffer;
  unknown?: Buffer;
}

export function encodeSnapFileMessage(m: SnapFileMessage): Buffer {
  const w = new ProtoWriter(16 + (m.data?.length ?? 0));
  w.uint(1, m.crc >>> 0);
  if (m.data !== undefined) w.bytes(2, m.data);
  if (m.unknown) w.raw(m.unknown);
  return w.finish();
}

export function decodeSnapFileMessage(buf: Uint8Array): SnapFileMessage {
  const r = new ProtoReader(buf, 'Snapshot');
  const m: SnapFileMessage = { crc: 0 };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 0, 'Crc');
        m.crc = r.varint32();
        break;
      case 2:
        r.expect(wireType, 2, 'Data');
        m.data = r.bytes();
        break;
      default: {
        const u = r.skip(start);
        m.unknown = m.unknown ? Buffer.concat([m.unknown, u]) : Buffer.from(u);
      }
    }
  }
  return m;
}
