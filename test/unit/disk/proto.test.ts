// gogo-exact protobuf codec of the disk records (docs/disk-formats.md section 1 and 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWalRecord, encodeWalRecord, encodeWalSnapshot, decodeWalSnapshot, formatWalSnapshotGo } from '../../../src/disk/proto/walpb.js';
import {
  decodeConfChange, decodeEntry, decodeHardState, decodeRaftSnapshot, encodeConfChange, encodeEntry, encodeHardState,
  encodeRaftSnapshot, emptyConfState, decodeConfState, encodeConfState,
} from '../../../src/disk/proto/raftpb.js';
import { decodeMetadata, encodeMetadata, encodeV2Request, newV2Request, probeInternalRaftRequest, decodeV2Request } from '../../../src/disk/proto/etcdserverpb.js';
import { decodeSnapFileMessage, encodeSnapFileMessage } from '../../../src/disk/proto/snappb.js';
import { decodeKeyValue, decodeKeyValueHead, encodeKeyValue, encodeTombstoneKeyValue } from '../../../src/disk/proto/mvccpb.js';
import { ProtoDecodeError, ProtoWriter } from '../../../src/disk/proto/wire.js';
import { TINY_RAFT_SNAPSHOT } from '../../helpers/disk-vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('walpb.Record: always-emitted fields, data iff present, unknown fields kept', () => {
  assert.equal(hex(encodeWalRecord({ type: 4n, crc: 0 })), '08041000');
  assert.equal(hex(encodeWalRecord({ type: 5n, crc: 0xedb1dd94, data: Buffer.from('08001000', 'hex') })), '08051094bbc7ed0e1a0408001000');
  // present but empty data stays present on re-encode (gogo makes it []byte{})
  const r = decodeWalRecord(Buffer.from('080210001a00', 'hex'));
  assert.deepEqual(r.data, Buffer.alloc(0));
  assert.equal(hex(encodeWalRecord(r)), '080210001a00');
  const withUnknown = Buffer.from('0802100020071a00', 'hex');
  assert.equal(hex(encodeWalRecord(decodeWalRecord(withUnknown))), '080210001a0020' + '07');
});

test('walpb.Snapshot and its Go %+v form', () => {
  assert.equal(hex(encodeWalSnapshot({ index: 0n, term: 0n })), '08001000');
  const s = decodeWalSnapshot(Buffer.from('0805100218', 'hex').subarray(0, 4));
  assert.deepEqual([s.index, s.term], [5n, 2n]);
  assert.equal(formatWalSnapshotGo({ index: 5n, term: 2n }), '{Index:5 Term:2 XXX_unrecognized:[]}');
});

test('raftpb.Entry / ConfChange: the restore vector of 8.1', () => {
  const ctx = Buffer.from('{"id":10276657743932975437,"peerURLs":["http://localhost:2380"],"name":"default"}');
  const cc = encodeConfChange({ id: 0n, type: 0, nodeId: 0x8e9e05c52164694dn, context: ctx });
  assert.equal(hex(cc.subarray(0, 17)), '0800100018cdd2918bd2b881cf8e012251');
  const e = encodeEntry({ type: 1, term: 1n, index: 1n, data: cc });
  assert.equal(hex(e.subarray(0, 8)), '0801100118012262');
  const back = decodeEntry(e);
  assert.deepEqual([back.type, back.term, back.index], [1, 1n, 1n]);
  assert.deepEqual(decodeConfChange(back.data!).context, ctx);
  // an entry without data (leader's empty entry) has no field 4
  assert.equal(hex(encodeEntry({ type: 0, term: 2n, index: 7n })), '080010021807');
  assert.equal(decodeEntry(Buffer.from('080010021807', 'hex')).data, undefined);
});

test('raftpb.HardState and ConfState: zero fields are written; repeated unpacked, packed accepted', () => {
  assert.equal(hex(encodeHardState({ term: 0n, vote: 0n, commit: 0n })), '080010001800');
  assert.equal(
    hex(encodeHardState({ term: 1n, vote: 0x8e9e05c52164694dn, commit: 1n })),
    '080110cdd2918bd2b881cf8e011801',
  );
  assert.deepEqual(decodeHardState(Buffer.from('080110cdd2918bd2b881cf8e011801', 'hex')).vote, 0x8e9e05c52164694dn);
  assert.equal(hex(encodeConfState({ ...emptyConfState(), voters: [1n, 2n] })), '080108022800');
  assert.deepEqual(decodeConfState(Buffer.from('0a0201022800', 'hex')).voters, [1n, 2n]);
});

test('raftpb.Snapshot: the tiny vector of 8.2 round-trips byte for byte', () => {
  const s = decodeRaftSnapshot(TINY_RAFT_SNAPSHOT);
  assert.equal(s.data?.toString(), 'hello');
  assert.deepEqual(s.metadata.confState.voters, [1n]);
  assert.equal(s.metadata.index, 1n);
  assert.equal(hex(encodeRaftSnapshot(s)), hex(TINY_RAFT_SNAPSHOT));
  const built = encodeRaftSnapshot({
    data: Buffer.from('hello'),
    metadata: { confState: { ...emptyConfState(), voters: [1n] }, index: 1n, term: 1n },
  });
  assert.equal(hex(built), hex(TINY_RAFT_SNAPSHOT));
});

test('snappb and Metadata', () => {
  const m = encodeSnapFileMessage({ crc: 0x2371975d, data: TINY_RAFT_SNAPSHOT });
  assert.equal(hex(m.subarray(0, 8)), '08ddaec69b021213');
  assert.equal(decodeSnapFileMessage(m).crc, 0x2371975d);
  const md = encodeMetadata({ nodeId: 0x8e9e05c52164694dn, clusterId: 0xcdf818194e3a8c32n });
  assert.equal(hex(md), '08cdd2918bd2b881cf8e0110b298eaf1948386fccd01');
  assert.equal(decodeMetadata(md).clusterId, 0xcdf818194e3a8c32n);
  assert.equal(hex(encodeMetadata({ nodeId: 0n, clusterId: 0n })), '08001000');
});

test('gogo decode errors: truncation, end group, illegal tag, wrong wire type, overflow, bad wire type', () => {
  const err = (b: string, f: (x: Buffer) => unknown): ProtoDecodeError => {
    try {
      f(Buffer.from(b, 'hex'));
    } catch (e) {
      assert.ok(e instanceof ProtoDecodeError);
      return e;
    }
    assert.fail(`no error for ${b}`);
  };
  const t = err('080210001a05aa', decodeWalRecord);
  assert.equal(t.message, 'unexpected EOF');
  assert.equal(t.unexpectedEof, true);
  assert.equal(err('0c', decodeWalRecord).message, 'proto: Record: wiretype end group for non-group');
  assert.equal(err('00', decodeWalRecord).message, 'proto: Record: illegal tag 0 (wire type 0)');
  assert.equal(err('0a00', decodeWalRecord).message, 'proto: wrong wireType = 2 for field Type');
  assert.equal(err('08ffffffffffffffffffff01', decodeWalRecord).message, 'proto: integer overflow');
  assert.equal(err('0f', decodeEntry).message, 'proto: wrong wireType = 7 for field Type');
  assert.equal(err('2f', decodeEntry).message, 'proto: illegal wireType 7');
  assert.equal(err('120100', decodeHardState).message, 'proto: wrong wireType = 2 for field Vote');
});

test('InternalRaftRequest probe: every v2 Request fails, v3 requests pass with their header', () => {
  for (const method of ['PUT', 'POST', 'DELETE', 'QGET', 'GET', 'HEAD', 'SYNC']) {
    const v2 = encodeV2Request(newV2Request({ id: 0x1234567n, method, path: '/1/foo', val: 'bar', time: 1700000000000000000n }));
    const p = probeInternalRaftRequest(v2);
    assert.equal(p.ok, false, method);
    assert.equal(decodeV2Request(v2).method, method);
  }
  // InternalRaftRequest{header{ID 7}, put{key k, value v}}
  const hdr = new ProtoWriter().uint(1, 7n).finish();
  const put = new ProtoWriter().bytes(1, Buffer.from('k')).bytes(2, Buffer.from('v')).finish();
  const irr = new ProtoWriter().bytes(4, put).bytes(100, hdr).finish();
  assert.deepEqual(probeInternalRaftRequest(irr), { ok: true, hasHeader: true });
  // v2 wrapped in an InternalRaftRequest (3.4 servers do not do this, but the parser supports it)
  const inner = encodeV2Request(newV2Request({ method: 'PUT', path: '/0/members/1/attributes' }));
  const wrapped = new ProtoWriter().uint(1, 9n).bytes(2, inner).finish();
  const pw = probeInternalRaftRequest(wrapped);
  assert.equal(pw.ok, true);
  assert.equal(pw.v2?.path, '/0/members/1/attributes');
  // empty data: parses, no header (kept by backup)
  assert.deepEqual(probeInternalRaftRequest(Buffer.alloc(0)), { ok: true, hasHeader: false });
});

test('mvccpb.KeyValue: the put and tombstone vectors of 5.1', () => {
  const put = Buffer.from('0a026b31100218022001' + '2a027631', 'hex');
  const kv = decodeKeyValue(put);
  assert.deepEqual([kv.key.toString(), kv.createRevision, kv.modRevision, kv.version, kv.value.toString()], ['k1', 2n, 2n, 1n, 'v1']);
  assert.equal(hex(encodeKeyValue(kv)), hex(put));
  assert.equal(hex(encodeTombstoneKeyValue(Buffer.from('k1'))), '0a026b31');
  assert.equal(decodeKeyValueHead(Buffer.concat([put, Buffer.from('3007', 'hex')])).lease, 7n);
});
