// The lean RangeResponse and WatchResponse decoders against the generated codec: the same message read back, keys
// and values as views (no copies), int64 beyond 2^53 and negative values exact, bad input refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RangeResponse, WatchResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { KeyValue } from '../../../../src/proto/gen/mvccpb/kv.js';
import { decodeRangeResponse, decodeRangeResponseEncoded, decodeWatchResponse } from '../../../../src/client/v3/range-decode.js';

const plain = (r: RangeResponse) => ({
  header: r.header,
  more: r.more,
  count: r.count,
  kvs: r.kvs.map((kv) => ({ key: kv.key.toString('hex'), value: kv.value.toString('hex'), c: kv.createRevision, m: kv.modRevision, v: kv.version, l: kv.lease })),
});

test('decodes what the generated codec encodes, with views on the message', () => {
  const msg: RangeResponse = {
    header: { clusterId: 0xfedcba9876543210n, memberId: 1n, revision: 1n << 60n, raftTerm: 7n },
    kvs: [
      { key: Buffer.from('a'), value: Buffer.from([0, 255, 10]), createRevision: 2n, modRevision: 3n, version: 2n, lease: 0x694d77aa9e38260fn },
      { key: Buffer.from('b'.repeat(300)), value: Buffer.alloc(0), createRevision: (1n << 53n) + 1n, modRevision: -5n, version: 0n, lease: 0n },
      { key: Buffer.alloc(0), value: Buffer.alloc(70000, 1), createRevision: 0n, modRevision: 0n, version: 1n, lease: -1n },
    ],
    more: true,
    count: 1234567890123n,
  };
  const bytes = Buffer.from(RangeResponse.encode(msg).finish());
  const got = decodeRangeResponse(bytes);
  assert.deepEqual(plain(got), plain(RangeResponse.decode(bytes)));
  assert.deepEqual(plain(got), plain(msg));
  assert.equal(got.kvs[0]!.key.buffer, bytes.buffer, 'key is a view');
  assert.equal(got.kvs[2]!.value.buffer, bytes.buffer, 'value is a view');
  // re-encoded by the generated codec (protobuf printer): the same bytes
  assert.ok(Buffer.from(RangeResponse.encode(got).finish()).equals(bytes));
});

test('empty message; unknown fields skipped; truncation refused', () => {
  assert.deepEqual(plain(decodeRangeResponse(Buffer.alloc(0))), { header: undefined, more: false, count: 0n, kvs: [] });
  const bytes = Buffer.from(RangeResponse.encode({ header: undefined, kvs: [{ key: Buffer.from('k'), value: Buffer.from('v'), createRevision: 1n, modRevision: 1n, version: 1n, lease: 0n }], more: false, count: 1n }).finish());
  // field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32 before the message
  const unknown = Buffer.from([0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5a, 2, 0xaa, 0xbb, 0x65, 1, 2, 3, 4]);
  assert.deepEqual(plain(decodeRangeResponse(Buffer.concat([unknown, bytes]))), plain(RangeResponse.decode(bytes)));
  assert.throws(() => decodeRangeResponse(bytes.subarray(0, bytes.length - 1)), /premature EOF/);
  assert.throws(() => decodeRangeResponse(Buffer.from([0x12, 0x05, 0x0a, 0x01])), /premature EOF/);
  assert.throws(() => decodeRangeResponse(Buffer.from([0x0f])), /wire type/);
});

test('encoded key-values: checked when the message is read, decoded by slice, sized for paging', () => {
  const kvs = Array.from({ length: 7 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.alloc(i * 10, i), createRevision: BigInt(i + 2), modRevision: BigInt(i + 2), version: 1n, lease: 0n }));
  const bytes = Buffer.from(RangeResponse.encode({ header: { clusterId: 1n, memberId: 2n, revision: 9n, raftTerm: 3n }, kvs, more: true, count: 70n }).finish());
  const got = decodeRangeResponseEncoded(bytes);
  assert.deepEqual(got.header, { clusterId: 1n, memberId: 2n, revision: 9n, raftTerm: 3n });
  assert.equal(got.more, true);
  assert.equal(got.count, 70n);
  assert.equal(got.kvs.length, 7);
  // each KeyValue message (its bytes) and 8 per key
  const messages = kvs.reduce((n, kv) => n + KeyValue.encode(kv).finish().length, 0);
  assert.equal(got.kvs.approxBytes, messages + 8 * 7);
  const whole = plain(RangeResponse.decode(bytes)).kvs;
  assert.deepEqual(plain({ ...got, kvs: got.kvs.slice(0, 7) }).kvs, whole);
  assert.deepEqual(plain({ ...got, kvs: got.kvs.slice(2, 5) }).kvs, whole.slice(2, 5));
  assert.deepEqual(got.kvs.slice(6, 99).map((kv) => kv.key.toString()), ['k6']);
  assert.equal(got.kvs.slice(3, 4)[0]!.value.buffer, bytes.buffer, 'value is a view');
  // a malformed KeyValue fails the read of the message, not a later slice
  const bad = Buffer.concat([bytes, Buffer.from([0x12, 0x02, 0x0a, 0x05])]);
  assert.throws(() => decodeRangeResponseEncoded(bad), /premature EOF/);
  // more key-values than the first offsets table holds
  const many = Array.from({ length: 3000 }, (_, i) => ({ ...kvs[0]!, key: Buffer.from(String(i).padStart(5, '0')) }));
  const big = decodeRangeResponseEncoded(Buffer.from(RangeResponse.encode({ header: undefined, kvs: many, more: false, count: 3000n }).finish()));
  assert.equal(big.kvs.length, 3000);
  assert.deepEqual(big.kvs.slice(2998, 3000).map((kv) => kv.key.toString()), ['02998', '02999']);
});

const plainKv = (kv: KeyValue | undefined) =>
  kv && { key: kv.key.toString('hex'), value: kv.value.toString('hex'), c: kv.createRevision, m: kv.modRevision, v: kv.version, l: kv.lease };
const plainWatch = (r: WatchResponse) => ({ ...r, events: r.events.map((e) => ({ type: e.type, kv: plainKv(e.kv), prevKv: plainKv(e.prevKv) })) });

test('watch responses: what the generated codec encodes, events with views on the message', () => {
  const kv = (k: string, m: bigint): KeyValue => ({ key: Buffer.from(k), value: Buffer.from([m & 0xffn ? 1 : 0, 0xff]), createRevision: 2n, modRevision: m, version: 3n, lease: 0n });
  const msg: WatchResponse = {
    header: { clusterId: 0xfedcba9876543210n, memberId: 2n, revision: 99n, raftTerm: 3n },
    watchId: 7n,
    created: false,
    canceled: true,
    compactRevision: (1n << 60n) + 3n,
    cancelReason: 'etcdserver: mvcc: required revision has been compacted é',
    fragment: true,
    events: [
      { type: 0, kv: kv('a', 5n), prevKv: undefined },
      { type: 1, kv: { ...kv('b', 6n), value: Buffer.alloc(0) }, prevKv: kv('b', 4n) },
      { type: 0, kv: undefined, prevKv: undefined },
    ],
  };
  const bytes = Buffer.from(WatchResponse.encode(msg).finish());
  const got = decodeWatchResponse(bytes);
  assert.deepEqual(plainWatch(got), plainWatch(WatchResponse.decode(bytes)));
  assert.deepEqual(plainWatch(got), plainWatch(msg));
  assert.equal(got.events[1]!.prevKv!.key.buffer, bytes.buffer, 'key is a view');
  assert.ok(Buffer.from(WatchResponse.encode(got).finish()).equals(bytes), 're-encoded: the same bytes');
  // an event type outside the enum, as a negative int32 (ten-byte varint)
  const odd = Buffer.from(WatchResponse.encode({ ...msg, events: [{ type: -1, kv: undefined, prevKv: undefined }] }).finish());
  assert.equal(decodeWatchResponse(odd).events[0]!.type, WatchResponse.decode(odd).events[0]!.type);
  assert.deepEqual(plainWatch(decodeWatchResponse(Buffer.alloc(0))), plainWatch(WatchResponse.decode(Buffer.alloc(0))));
  assert.throws(() => decodeWatchResponse(bytes.subarray(0, bytes.length - 1)), /premature EOF/);
});
