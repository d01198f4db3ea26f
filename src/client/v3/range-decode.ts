// Hand-written decoders for the hot messages of large reads, etcdserverpb.RangeResponse and
// WatchResponse (with their ResponseHeader, mvccpb.KeyValue and Event), used in place of the
// generated ones for KV.Range and Watch (a watch from an old revision gets up to 1000 revisions of
// events in one response: 50k events in one message is ordinary).
//
// The generated decoder copies every key and value (Buffer.from of the reader's view) and makes
// four BigInts per key as it decodes, ~600 B per key. Here keys and values are views on the
// received message (one buffer per response, released with it), and the int64 fields of a key are
// kept as numbers while they fit in 2^53 (revisions and versions always do in practice), turned
// into the bigint the rest of the code sees only when read. Wire layout (proto3):
//   RangeResponse: 1 header (message), 2 kvs (repeated message), 3 more (bool), 4 count (int64)
//   ResponseHeader: 1 cluster_id, 2 member_id (uint64), 3 revision (int64), 4 raft_term (uint64)
//   KeyValue: 1 key (bytes), 2 create_revision, 3 mod_revision, 4 version (int64), 5 value (bytes),
//             6 lease (int64)
//   WatchResponse: 1 header, 2 watch_id (int64), 3 created, 4 canceled (bool), 5 compact_revision
//             (int64), 6 cancel_reason (string), 7 fragment (bool), 11 events (repeated message)
//   Event: 1 type (enum), 2 kv, 3 prev_kv (messages)
// Unknown fields are skipped by wire type, as the generated code does.
import type { RangeResponse, ResponseHeader, WatchResponse } from '../../proto/gen/etcdserverpb/rpc.js';
import type { Event, KeyValue } from '../../proto/gen/mvccpb/kv.js';

const EMPTY = Buffer.alloc(0);

/** an int64 as read: a number when exact, a bigint otherwise */
type Int64 = number | bigint;

const big = (v: Int64): bigint => (typeof v === 'bigint' ? v : BigInt(v));

/**
 * mvccpb.KeyValue as offsets into the received message: key and value are views made when read,
 * int64 fields become bigints when read. ~80 bytes of heap per key, where a decoded object with
 * two Buffers and four BigInts takes ~600.
 */
export class LeanKeyValue implements KeyValue {
  kb: Buffer = EMPTY;
  ks = 0;
  kl = 0;
  vb: Buffer = EMPTY;
  vs = 0;
  vl = 0;
  c: Int64 = 0;
  m: Int64 = 0;
  v: Int64 = 0;
  l: Int64 = 0;

  get key(): Buffer {
    return this.kb.subarray(this.ks, this.ks + this.kl);
  }
  set key(x: Buffer) {
    [this.kb, this.ks, this.kl] = [x, 0, x.length];
  }
  get value(): Buffer {
    return this.vb.subarray(this.vs, this.vs + this.vl);
  }
  set value(x: Buffer) {
    [this.vb, this.vs, this.vl] = [x, 0, x.length];
  }
  get createRevision(): bigint {
    return big(this.c);
  }
  set createRevision(x: bigint) {
    this.c = x;
  }
  get modRevision(): bigint {
    return big(this.m);
  }
  set modRevision(x: bigint) {
    this.m = x;
  }
  get version(): bigint {
    return big(this.v);
  }
  set version(x: bigint) {
    this.v = x;
  }
  get lease(): bigint {
    return big(this.l);
  }
  set lease(x: bigint) {
    this.l = x;
  }
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  /** a varint as a uint32-or-more number (tags and lengths) */
  uint(): number {
    const b = this.buf;
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= b.length) throw new RangeError('premature EOF');
      const c = b[this.pos++]!;
      x += (c & 0x7f) * mul;
      if (c < 0x80) return x;
      mul *= 128;
    }
    throw new RangeError('varint too long for a length');
  }

  /** a varint as an int64: a number below 2^53, else the exact bigint (two's complement) */
  int64(): Int64 {
    const b = this.buf;
    const start = this.pos;
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= b.length) throw new RangeError('premature EOF');
      const c = b[this.pos++]!;
      x += (c & 0x7f) * mul;
      if (c < 0x80) return x; // at most 49 bits
      mul *= 128;
    }
    this.pos = start;
    let v = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= b.length) throw new RangeError('premature EOF');
      const c = b[this.pos++]!;
      v |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) return BigInt.asIntN(64, v);
      shift += 7n;
    }
    throw new RangeError('invalid varint');
  }

  /** a length-delimited field's length; pos is left at its first byte */
  length(): number {
    const n = this.uint();
    if (this.pos + n > this.buf.length) throw new RangeError('premature EOF');
    return n;
  }

  /** an embedded message, decoded by `decode` from here to its end */
  message<T>(decode: (r: Reader, end: number) => T): T {
    const n = this.length();
    return decode(this, this.pos + n);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.int64();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2: {
        const n = this.uint(); // before reading pos: uint() moves it
        this.pos += n;
        break;
      }
      case 5:
        this.pos += 4;
        break;
      default:
        throw new RangeError(`cant skip wire type ${wireType}`);
    }
    if (this.pos > this.buf.length) throw new RangeError('premature EOF');
  }
}

function header(r: Reader, end: number): ResponseHeader {
  const h: ResponseHeader = { clusterId: 0n, memberId: 0n, revision: 0n, raftTerm: 0n };
  while (r.pos < end) {
    const tag = r.uint();
    const field = tag >>> 3;
    if ((tag & 7) !== 0 || field < 1 || field > 4) {
      r.skip(tag & 7);
      continue;
    }
    const v = big(r.int64());
    if (field === 1) h.clusterId = BigInt.asUintN(64, v);
    else if (field === 2) h.memberId = BigInt.asUintN(64, v);
    else if (field === 3) h.revision = v;
    else h.raftTerm = BigInt.asUintN(64, v);
  }
  if (r.pos !== end) throw new RangeError('premature EOF');
  return h;
}

function keyValue(r: Reader, end: number): LeanKeyValue {
  return keyValueInto(r, end, new LeanKeyValue());
}

/** Decodes a KeyValue into `kv` (every field it has; the others keep what `kv` held). */
function keyValueInto(r: Reader, end: number, kv: LeanKeyValue): LeanKeyValue {
  while (r.pos < end) {
    const tag = r.uint();
    switch (tag) {
      case 10:
        kv.kl = r.length();
        kv.kb = r.buf;
        kv.ks = r.pos;
        r.pos += kv.kl;
        break;
      case 16:
        kv.c = r.int64();
        break;
      case 24:
        kv.m = r.int64();
        break;
      case 32:
        kv.v = r.int64();
        break;
      case 42:
        kv.vl = r.length();
        kv.vb = r.buf;
        kv.vs = r.pos;
        r.pos += kv.vl;
        break;
      case 48:
        kv.l = r.int64();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  if (r.pos !== end) throw new RangeError('premature EOF');
  return kv;
}

/**
 * The key-values of a RangeResponse left in the received message: two offsets per key, decoded a
 * batch at a time by `slice`. A page of a large range is printed batch by batch, so its decoded
 * objects die young; a whole page of them decoded at once survived V8's young collections into
 * the old generation, and V8 grew the young generation to its maximum (docs/memory.md).
 */
export class EncodedKeyValues {
  constructor(
    private readonly buf: Buffer,
    /** start and end of each KeyValue message in buf */
    private readonly bounds: Uint32Array,
    readonly length: number,
    /** the messages' bytes and 8 per key: about the keys' and values' bytes (page sizing) */
    readonly approxBytes: number,
  ) {}

  /** the key-values [from, to), decoded (keys and values are views on the message) */
  slice(from: number, to: number): LeanKeyValue[] {
    const end = Math.min(to, this.length);
    const out: LeanKeyValue[] = [];
    const r = new Reader(this.buf);
    for (let i = Math.max(0, from); i < end; i++) {
      r.pos = this.bounds[2 * i]!;
      out.push(keyValue(r, this.bounds[2 * i + 1]!));
    }
    return out;
  }
}

/** A RangeResponse whose key-values are decoded when read (EncodedKeyValues). */
export interface EncodedRangeResponse extends Omit<RangeResponse, 'kvs'> {
  kvs: EncodedKeyValues;
}

/**
 * Decodes a RangeResponse but its key-values, which are checked (a malformed one is an error
 * here, as with the whole decode) and located, not kept as objects.
 */
export function decodeRangeResponseEncoded(buf: Buffer): EncodedRangeResponse {
  const r = new Reader(buf);
  const resp: Omit<RangeResponse, 'kvs'> = { header: undefined, more: false, count: 0n };
  let bounds = new Uint32Array(2048);
  let n = 0;
  let bytes = 0;
  const scratch = new LeanKeyValue();
  while (r.pos < buf.length) {
    const tag = r.uint();
    switch (tag) {
      case 10:
        resp.header = r.message(header);
        break;
      case 18: {
        const length = r.length();
        const start = r.pos;
        keyValueInto(r, start + length, scratch);
        if (2 * n + 2 > bounds.length) {
          const grown = new Uint32Array(bounds.length * 2);
          grown.set(bounds);
          bounds = grown;
        }
        bounds[2 * n] = start;
        bounds[2 * n + 1] = start + length;
        n++;
        bytes += length + 8;
        break;
      }
      case 24:
        resp.more = r.int64() !== 0;
        break;
      case 32:
        resp.count = big(r.int64());
        break;
      default:
        r.skip(tag & 7);
    }
  }
  if (r.pos !== buf.length) throw new RangeError('premature EOF');
  return { ...resp, kvs: new EncodedKeyValues(buf, bounds, n, bytes) };
}

/** Decodes a RangeResponse; keys and values are views on `buf`. */
export function decodeRangeResponse(buf: Buffer): RangeResponse {
  const { kvs, ...rest } = decodeRangeResponseEncoded(buf);
  return { ...rest, kvs: kvs.slice(0, kvs.length) };
}

function event(r: Reader, end: number): Event {
  const ev: Event = { type: 0, kv: undefined, prevKv: undefined };
  while (r.pos < end) {
    const tag = r.uint();
    switch (tag) {
      case 8: {
        // an enum is an int32: the low 32 bits, signed
        const v = r.int64();
        ev.type = typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : v | 0;
        break;
      }
      case 18:
        ev.kv = r.message(keyValue);
        break;
      case 26:
        ev.prevKv = r.message(keyValue);
        break;
      default:
        r.skip(tag & 7);
    }
  }
  if (r.pos !== end) throw new RangeError('premature EOF');
  return ev;
}

/** Decodes a WatchResponse; the keys and values of its events are views on `buf`. */
export function decodeWatchResponse(buf: Buffer): WatchResponse {
  const r = new Reader(buf);
  const resp: WatchResponse = {
    header: undefined,
    watchId: 0n,
    created: false,
    canceled: false,
    compactRevision: 0n,
    cancelReason: '',
    fragment: false,
    events: [],
  };
  while (r.pos < buf.length) {
    const tag = r.uint();
    switch (tag) {
      case 10:
        resp.header = r.message(header);
        break;
      case 16:
        resp.watchId = big(r.int64());
        break;
      case 24:
        resp.created = r.int64() !== 0;
        break;
      case 32:
        resp.canceled = r.int64() !== 0;
        break;
      case 40:
        resp.compactRevision = big(r.int64());
        break;
      case 50: {
        const n = r.length();
        resp.cancelReason = buf.toString('utf8', r.pos, r.pos + n);
        r.pos += n;
        break;
      }
      case 56:
        resp.fragment = r.int64() !== 0;
        break;
      case 90:
        resp.events.push(r.message(event));
        break;
      default:
        r.skip(tag & 7);
    }
  }
  if (r.pos !== buf.length) throw new RangeError('premature EOF');
  return resp;
}
