// The Maintenance/Snapshot stream adaptor: blobs as views of the message, pausing the call while
// the consumer is busy, errors in etcdctl's words, cancellation on abort and on early return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { status } from '@grpc/grpc-js';
import { SnapshotResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { openSnapshotStream, snapshotBlob } from '../../../../src/client/v3/snapshot.js';
import type { EtcdClient } from '../../../../src/client/v3/client.js';

const encode = (m: Partial<SnapshotResponse>): Buffer => Buffer.from(SnapshotResponse.encode(SnapshotResponse.fromPartial(m)).finish());

test('snapshotBlob: the blob field as a view, header and remaining_bytes skipped, bad input refused', () => {
  const blob = Buffer.from('0123456789'.repeat(4000));
  const msg = encode({ header: { clusterId: 1n, memberId: 2n, revision: 3n, raftTerm: 4n }, remainingBytes: 123456789n, blob });
  const got = snapshotBlob(msg);
  assert.ok(got.equals(blob));
  assert.equal(got.buffer, msg.buffer, 'no copy');
  assert.equal(snapshotBlob(encode({ remainingBytes: 0n })).length, 0);
  assert.equal(snapshotBlob(Buffer.alloc(0)).length, 0);
  // an unknown fixed32/fixed64/varint field is skipped
  assert.ok(snapshotBlob(Buffer.concat([Buffer.from([0x25, 1, 2, 3, 4, 0x29, 1, 2, 3, 4, 5, 6, 7, 8, 0x30, 0x96, 0x01]), msg])).equals(blob));
  assert.throws(() => snapshotBlob(msg.subarray(0, msg.length - 1)), /truncated/);
  assert.throws(() => snapshotBlob(Buffer.from([0x1b])), /bad wire type/);
});

/** A stand-in for grpc-js's ClientReadableStream: an object-mode Readable with cancel(). */
class FakeCall extends Readable {
  cancelled = false;
  reads = 0;
  constructor() {
    super({ objectMode: true, highWaterMark: 2 });
  }
  override _read(): void {
    this.reads++;
  }
  cancel(): void {
    this.cancelled = true;
    const err = Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: status.CANCELLED, details: 'Cancelled on client' });
    this.push(null);
    this.emit('error', err);
  }
}

const clientWith = (call: FakeCall) => ({ conn: { serverStream: async () => call } }) as unknown as EtcdClient;

test('blobs arrive in order; the call pauses while the consumer is busy and resumes after', async () => {
  const call = new FakeCall();
  const s = await openSnapshotStream(clientWith(call));
  const it = s[Symbol.asyncIterator]();
  for (let i = 0; i < 20; i++) call.push(Buffer.from([i]));
  const first = await it.next();
  assert.deepEqual([...(first.value as Buffer)], [0]);
  // the consumer holds blob 0: the adaptor queued some and paused the call
  await new Promise((r) => setImmediate(r));
  assert.equal(call.isPaused(), true);
  const rest: number[] = [];
  call.push(null);
  for (;;) {
    const r = await it.next();
    if (r.done) break;
    rest.push(r.value[0]!);
  }
  assert.deepEqual(rest, Array.from({ length: 19 }, (_, i) => i + 1));
  assert.equal(s.received, 20);
  assert.equal(call.cancelled, false);
});

test('a server error ends the iteration with etcdctl\'s words; an abort cancels the call', async () => {
  const call = new FakeCall();
  const s = await openSnapshotStream(clientWith(call));
  setImmediate(() => {
    call.push(Buffer.from('x'));
    call.push(null);
    call.emit('error', Object.assign(new Error('14 UNAVAILABLE: x'), { code: status.UNAVAILABLE, details: 'etcdserver: leader changed' }));
  });
  await assert.rejects(async () => {
    for await (const _ of s);
  }, { message: 'etcdserver: leader changed' });

  const ac = new AbortController();
  const call2 = new FakeCall();
  const s2 = await openSnapshotStream(clientWith(call2), { signal: ac.signal });
  setImmediate(() => ac.abort());
  await assert.rejects(async () => {
    for await (const _ of s2);
  }, /context canceled/);
  assert.equal(call2.cancelled, true);
});

test('a consumer that stops early cancels the call; an abort before the call opens wins', async () => {
  const call = new FakeCall();
  const s = await openSnapshotStream(clientWith(call));
  call.push(Buffer.from('a'));
  for await (const _ of s) break;
  assert.equal(call.cancelled, true);

  const ac = new AbortController();
  let opened: FakeCall | undefined;
  const slow = { conn: { serverStream: () => new Promise((r) => setTimeout(() => r((opened = new FakeCall())), 50)) } } as unknown as EtcdClient;
  const p = openSnapshotStream(slow, { signal: ac.signal });
  ac.abort();
  await assert.rejects(p, /context canceled/);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(opened?.cancelled, true, 'the late call is cancelled');
});
