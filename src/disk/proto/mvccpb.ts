// The few proto3 messages of etcd's bolt backend the disk algorithms need, hand-decoded for speed
// (proto3: zero fields omitted):
//   mvccpb.KeyValue { 1 key bytes, 2 create_revision i64, 3 mod_revision i64, 4 version i64,
//                     5 value bytes, 6 lease i64 }   (value of bucket `key`)
//   leasepb.Lease   { 1 ID i64, 2 TTL i64, 3 RemainingTTL i64 }  (value of bucket `lease`)
// A tombstone's value is KeyValue{key} only: 0a <len> <key>.
import { ProtoReader, ProtoWriter } from './wire.js';

export interface KeyValueHead {
  key: Buffer;
  lease: bigint;
}

/** key and lease of a marshaled mvccpb.KeyValue (other fields skipped). */
export function decodeKeyValueHead(buf: Uint8Array): KeyValueHead {
  const r = new ProtoReader(buf, 'KeyValue');
  const out: KeyValueHead = { key: Buffer.alloc(0), lease: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    if (field === 1 && wireType === 2) out.key = r.bytes();
    else if (field === 6 && wireType === 0) out.lease = r.varintSigned64();
    else r.skip(start);
  }
  return out;
}

/** KeyValue{key} as the mvcc store writes it for a tombstone. */
export function encodeTombstoneKeyValue(key: Uint8Array): Buffer {
  const w = new ProtoWriter(key.length + 8);
  if (key.length > 0) w.bytes(1, key);
  return w.finish();
}

// the message's shape is the generated one (a type only: nothing of src/proto is loaded)
export type { KeyValue } from '../../proto/gen/mvccpb/kv.js';
import type { KeyValue } from '../../proto/gen/mvccpb/kv.js';

export function encodeKeyValue(kv: KeyValue): Buffer {
  const w = new ProtoWriter(kv.key.length + kv.value.length + 40);
  if (kv.key.length) w.bytes(1, kv.key);
  if (kv.createRevision !== 0n) w.uint(2, kv.createRevision);
  if (kv.modRevision !== 0n) w.uint(3, kv.modRevision);
  if (kv.version !== 0n) w.uint(4, kv.version);
  if (kv.value.length) w.bytes(5, kv.value);
  if (kv.lease !== 0n) w.uint(6, kv.lease);
  return w.finish();
}

export function decodeKeyValue(buf: Uint8Array): KeyValue {
  const r = new ProtoReader(buf, 'KeyValue');
  const kv: KeyValue = {
    key: Buffer.alloc(0), createRevision: 0n, modRevision: 0n, version: 0n, value: Buffer.alloc(0), lease: 0n,
  };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    if (field === 1 && wireType === 2) kv.key = r.bytes();
    else if (field === 2 && wireType === 0) kv.createRevision = r.varintSigned64();
    else if (field === 3 && wireType === 0) kv.modRevision = r.varintSigned64();
    else if (field === 4 && wireType === 0) kv.version = r.varintSigned64();
    else if (field === 5 && wireType === 2) kv.value = r.bytes();
    else if (field === 6 && wireType === 0) kv.lease = r.varintSigned64();
    else r.skip(start);
  }
  return kv;
}

export interface Lease {
  id: bigint;
  ttl: bigint;
  remainingTtl: bigint;
}

export function decodeLease(buf: Uint8Array): Lease {
  const r = new ProtoReader(buf, 'Lease');
  const l: Lease = { id: 0n, ttl: 0n, remainingTtl: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    if (field === 1 && wireType === 0) l.id = r.varintSigned64();
    else if (field === 2 && wireType === 0) l.ttl = r.varintSigned64();
    else if (field === 3 && wireType === 0) l.remainingTtl = r.varintSigned64();
    else r.skip(start);
  }
  return l;
}
