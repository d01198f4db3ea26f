// etcdserverpb messages found in WAL records and raft entries (etcd etcdserver/etcdserverpb):
//   Metadata (etcdserver.proto, proto2)      { 1 NodeID u64, 2 ClusterID u64 } both always;
//                                             the data of every WAL metadata record.
//   Request  (etcdserver.proto, proto2)      the v2 store request carried by v2 raft entries:
//     1 ID u64, 2 Method str, 3 Path str, 4 Val str, 5 Dir bool, 6 PrevValue str, 7 PrevIndex u64,
//     8 PrevExist *bool (iff set), 9 Expiration i64, 10 Wait bool, 11 Since u64, 12 Recursive bool,
//     13 Sorted bool, 14 Quorum bool, 15 Time i64, 16 Stream bool, 17 Refresh *bool (iff set);
//     every non-pointer field always written, so a v2 entry starts 08 <ID> 12 <len> <Method>.
//   InternalRaftRequest (raft_internal.proto, proto3): 100 header RequestHeader, 1 ID, 2 v2
//     Request, 3..11 and 1000..1204 v3 requests. Only probed here (strictProbeInternalRaftRequest):
//     `etcdctl backup` tries it first and falls back to Request when it does not parse.
import { ProtoReader, ProtoWriter, ProtoDecodeError } from './wire.js';

export interface Metadata {
  nodeId: bigint;
  clusterId: bigint;
  unknown?: Buffer;
}

export function encodeMetadata(m: Metadata): Buffer {
  const w = new ProtoWriter(24);
  w.uint(1, m.nodeId).uint(2, m.clusterId);
  if (m.unknown) w.raw(m.unknown);
  return w.finish();
}

export function decodeMetadata(buf: Uint8Array): Metadata {
  const r = new ProtoReader(buf, 'Metadata');
  const m: Metadata = { nodeId: 0n, clusterId: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 0, 'NodeID');
        m.nodeId = r.varint64();
        break;
      case 2:
        r.expect(wireType, 0, 'ClusterID');
        m.clusterId = r.varint64();
        break;
      default: {
        const u = r.skip(start);
        m.unknown = m.unknown ? Buffer.concat([m.unknown, u]) : Buffer.from(u);
      }
    }
  }
  return m;
}

export interface V2Request {
  id: bigint;
  method: string;
  path: string;
  val: string;
  dir: boolean;
  prevValue: string;
  prevIndex: bigint;
  prevExist?: boolean;
  expiration: bigint;
  wait: boolean;
  since: bigint;
  recursive: boolean;
  sorted: boolean;
  quorum: boolean;
  time: bigint;
  stream: boolean;
  refresh?: boolean;
}

export function newV2Request(fields: Partial<V2Request> = {}): V2Request {
  return {
    id: 0n, method: '', path: '', val: '', dir: false, prevValue: '', prevIndex: 0n, expiration: 0n,
    wait: false, since: 0n, recursive: false, sorted: false, quorum: false, time: 0n, stream: false,
    ...fields,
  };
}

export function encodeV2Request(q: V2Request): Buffer {
  const w = new ProtoWriter(64 + q.path.length + q.val.length);
  w.uint(1, q.id).string(2, q.method).string(3, q.path).string(4, q.val).bool(5, q.dir);
  w.string(6, q.prevValue).uint(7, q.prevIndex);
  if (q.prevExist !== undefined) w.bool(8, q.prevExist);
  w.uint(9, q.expiration).bool(10, q.wait).uint(11, q.since).bool(12, q.recursive).bool(13, q.sorted);
  w.bool(14, q.quorum).uint(15, q.time).bool(16, q.stream);
  if (q.refresh !== undefined) w.bool(17, q.refresh);
  return w.finish();
}

const V2_VARINT_FIELDS: Record<number, string> = {
  1: 'ID', 5: 'Dir', 7: 'PrevIndex', 8: 'PrevExist', 9: 'Expiration', 10: 'Wait', 11: 'Since',
  12: 'Recursive', 13: 'Sorted', 14: 'Quorum', 15: 'Time', 16: 'Stream', 17: 'Refresh',
};
const V2_STRING_FIELDS: Record<number, string> = { 2: 'Method', 3: 'Path', 4: 'Val', 6: 'PrevValue' };

/** gogo's Request.Unmarshal. Throws ProtoDecodeError on input gogo rejects. */
export function decodeV2Request(buf: Uint8Array): V2Request {
  const r = new ProtoReader(buf, 'Request');
  const q = newV2Request();
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    const vname = V2_VARINT_FIELDS[field];
    const sname = V2_STRING_FIELDS[field];
    if (vname) {
      r.expect(wireType, 0, vname);
      const v = r.varint64();
      switch (field) {
        case 1: q.id = v; break;
        case 5: q.dir = v !== 0n; break;
        case 7: q.prevIndex = v; break;
        case 8: q.prevExist = v !== 0n; break;
        case 9: q.expiration = BigInt.asIntN(64, v); break;
        case 10: q.wait = v !== 0n; break;
        case 11: q.since = v; break;
        case 12: q.recursive = v !== 0n; break;
        case 13: q.sorted = v !== 0n; break;
        case 14: q.quorum = v !== 0n; break;
        case 15: q.time = BigInt.asIntN(64, v); break;
        case 16: q.stream = v !== 0n; break;
        case 17: q.refresh = v !== 0n; break;
      }
    } else if (sname) {
      r.expect(wireType, 2, sname);
      const s = r.bytes().toString('utf8');
      switch (field) {
        case 2: q.method = s; break;
        case 3: q.path = s; break;
        case 4: q.val = s; break;
        case 6: q.prevValue = s; break;
      }
    } else {
      r.skip(start);
    }
  }
  return q;
}

/** Result of decoding raft entry data as an InternalRaftRequest the way pbutil.MaybeUnmarshal does. */
export interface InternalRaftProbe {
  /** false when gogo's Unmarshal would have returned an error */
  ok: boolean;
  /** field 100 (RequestHeader) present */
  hasHeader: boolean;
  /** field 2 (v2 Request), when present */
  v2?: V2Request;
}

/** Field numbers of InternalRaftRequest that hold messages (everything but 1 = ID). */
const IRR_MESSAGE_FIELDS = new Set([
  100, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000, 1011, 1012, 1100, 1101, 1102, 1103, 1104, 1105, 1106,
  1107, 1200, 1201, 1202, 1203, 1204,
]);

const REQUEST_HEADER_VARINT = new Set([1, 3]);

/** A nested message whose schema is not modelled: gogo's message-level checks only. */
function probeOpaqueMessage(buf: Uint8Array, msg: string): void {
  const r = new ProtoReader(buf, msg);
  while (!r.done) {
    const { start } = r.tag();
    r.skip(start);
  }
}

function probeRequestHeader(buf: Uint8Array): void {
  const r = new ProtoReader(buf, 'RequestHeader');
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    if (REQUEST_HEADER_VARINT.has(field)) {
      r.expect(wireType, 0, field === 1 ? 'ID' : 'AuthRevision');
      r.varint64();
    } else if (field === 2) {
      r.expect(wireType, 2, 'Username');
      r.bytes();
    } else {
      r.skip(start);
    }
  }
}

/**
 * pbutil.MaybeUnmarshal(&InternalRaftRequest{}, data): gogo's strict parse. Every entry a 3.4 v3
 * request produces parses (and has a header); every v2 Request fails (its field 2, the Method
 * string, is not a valid nested Request). Nested v3 request messages are checked at message
 * level only (wire types, truncation), not against their individual field schemas.
 */
export function probeInternalRaftRequest(data: Uint8Array): InternalRaftProbe {
  const out: InternalRaftProbe = { ok: false, hasHeader: false };
  try {
    const r = new ProtoReader(data, 'InternalRaftRequest');
    while (!r.done) {
      const { field, wireType, start } = r.tag();
      if (field === 1) {
        r.expect(wireType, 0, 'ID');
        r.varint64();
      } else if (IRR_MESSAGE_FIELDS.has(field)) {
        r.expect(wireType, 2, `field ${field}`);
        const body = r.bytes();
        if (field === 100) {
          probeRequestHeader(body);
          out.hasHeader = true;
        } else if (field === 2) {
          out.v2 = decodeV2Request(body);
        } else {
          probeOpaqueMessage(body, `field ${field}`);
        }
      } else {
        r.skip(start);
      }
    }
    out.ok = true;
  } catch (err) {
    if (!(err instanceof ProtoDecodeError)) throw err;
    return { ok: false, hasHeader: false };
  }
  return out;
}
