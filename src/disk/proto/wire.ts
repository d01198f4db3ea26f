// Protobuf wire codec with the exact emission and parsing rules of the gogo-generated
// (marshaler_all/unmarshaler_all) code that etcd 3.4 uses for its on-disk records.
//
// Wire format: each field is a varint tag (field_number << 3 | wire_type) followed by
//   wire type 0 varint: base-128, little-endian groups of 7 bits, high bit = continuation
//   wire type 1 fixed64, 5 fixed32: little-endian
//   wire type 2 length-delimited: varint length, then that many bytes
//   wire type 3/4 start/end group (deprecated; only skipped)
// gogo's emission (needed for byte-exact re-encoding, see docs/disk-formats.md section 1):
//   - fields in ascending field-number order, then any unrecognised bytes kept from decoding;
//   - proto2 nullable=false scalars are always written, even when zero;
//   - `bytes` fields are written iff the Go slice is non-nil (here: !== undefined); a field that
//     was present but empty on decode stays present (gogo turns it into []byte{});
//   - repeated scalars are not packed.
// gogo's parsing: varints longer than 10 bytes -> "proto: integer overflow"; truncation ->
// io.ErrUnexpectedEOF ("unexpected EOF"); wire type 4 at message level -> "proto: <Msg>: wiretype
// end group for non-group"; field number 0 -> "proto: <Msg>: illegal tag 0 (wire type N)"; a
// known field with another wire type -> "proto: wrong wireType = N for field <Name>"; unknown
// fields skipped (groups included), wire types 6/7 -> "proto: illegal wireType N".
import { readUvarint, VARINT_OVERFLOW, VARINT_TRUNCATED, writeUvarint } from '../../format/varint.js';
import { DiskError } from '../errors.js';

/** A protobuf parse failure; `unexpectedEof` marks Go's io.ErrUnexpectedEOF. */
export class ProtoDecodeError extends DiskError {
  constructor(
    message: string,
    readonly unexpectedEof = false,
  ) {
    super(message, 'PROTO_DECODE');
  }
}

const eof = (): ProtoDecodeError => new ProtoDecodeError('unexpected EOF', true);
const overflow = (): ProtoDecodeError => new ProtoDecodeError('proto: integer overflow');
const negativeLength = (): ProtoDecodeError => new ProtoDecodeError('proto: negative length found during unmarshaling');

const TWO64 = 1n << 64n;

/** Growable output buffer with gogo-style field writers. */
export class ProtoWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initial = 64) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Raw varint (value taken modulo 2^64; negative numbers as two's complement like Go's uint64(x)). */
  varint(v: bigint | number): this {
    if (typeof v === 'number' && v >= 0 && v <= 0xffffffff) {
      this.ensure(5);
      while (v >= 0x80) {
        this.buf[this.pos++] = (v & 0x7f) | 0x80;
        v = v >>> 7;
      }
      this.buf[this.pos++] = v;
      return this;
    }
    this.ensure(10);
    this.pos = writeUvarint(this.buf, this.pos, BigInt(v));
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** A varint field, always written (gogo nullable=false). */
  uint(field: number, v: bigint | number): this {
    return this.tag(field, 0).varint(v);
  }

  bool(field: number, v: boolean): this {
    return this.tag(field, 0).varint(v ? 1 : 0);
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    return this.raw(b);
  }

  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, 'utf8'));
  }

  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  get length(): number {
    return this.pos;
  }

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** Cursor over one message's bytes, mirroring the loops of gogo's generated Unmarshal. */
export class ProtoReader {
  pos = 0;
  readonly end: number;

  constructor(
    readonly buf: Uint8Array,
    /** message name used in gogo's error texts ("Record", "Entry", ...) */
    readonly msg: string,
  ) {
    this.end = buf.length;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a bigint modulo 2^64 (gogo: more than 10 bytes -> integer overflow). */
  varint64(): bigint {
    const [v, next] = readVarintAt(this.buf, this.pos, this.end);
    this.pos = next;
    return v;
  }

  /** A varint as a JS number, exact below 2^53; larger values are rejected by callers' checks. */
  varintNumber(): number {
    const v = this.varint64();
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.POSITIVE_INFINITY;
  }

  /** uint32 field: Go accumulates into a uint32, dropping higher bits. */
  varint32(): number {
    return Number(this.varint64() & 0xffffffffn);
  }

  /** int64 field. */
  varintSigned64(): bigint {
    const v = this.varint64();
    return v >= 1n << 63n ? v - TWO64 : v;
  }

  bool(): boolean {
    return this.varint64() !== 0n;
  }

  /** Next tag; throws gogo's message-level errors for wire type 4 and field 0. */
  tag(): { field: number; wireType: number; start: number } {
    const start = this.pos;
    const wire = this.varint64();
    const wireType = Number(wire & 7n);
    const fieldBig = (wire >> 3n) & 0xffffffffn; // int32(wire >> 3)
    const field = fieldBig >= 0x80000000n ? Number(fieldBig - 0x100000000n) : Number(fieldBig);
    if (wireType === 4) throw new ProtoDecodeError(`proto: ${this.msg}: wiretype end group for non-group`);
    if (field <= 0) throw new ProtoDecodeError(`proto: ${this.msg}: illegal tag ${field} (wire type ${wire})`);
    return { field, wireType, start };
  }

  expect(wireType: number, want: number, name: string): void {
    if (wireType !== want) throw new ProtoDecodeError(`proto: wrong wireType = ${wireType} for field ${name}`);
  }

  /** Length-delimited payload (a view into the input). */
  bytes(): Buffer {
    const len = this.varint64();
    if (len >= 1n << 63n) throw negativeLength();
    const n = Number(len);
    if (this.pos + n > this.end) throw eof();
    const out = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, n);
    this.pos += n;
    return out;
  }

  /** Skips an unknown field whose tag starts at `start`; returns its raw bytes (tag included). */
  skip(start: number): Buffer {
    this.pos = start;
    const n = skipField(this.buf.subarray(start, this.end));
    if (start + n > this.end) throw eof();
    this.pos = start + n;
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + start, n);
  }
}

/** A varint with gogo's errors: truncated -> unexpected EOF, past 10 bytes -> integer overflow. */
function readVarintAt(b: Uint8Array, i: number, end = b.length): [bigint, number] {
  const r = readUvarint(b, i, end);
  if (r[1] === VARINT_TRUNCATED) throw eof();
  if (r[1] === VARINT_OVERFLOW) throw overflow();
  return r;
}

/** gogo's skipX: length of the field (tag included) at the start of `b`. May exceed b.length for fixed types. */
export function skipField(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const [wire, afterTag] = readVarintAt(b, i);
    i = afterTag;
    const wireType = Number(wire & 7n);
    switch (wireType) {
      case 0:
        return readVarintAt(b, i)[1];
      case 1:
        return i + 8;
      case 2: {
        const [len, after] = readVarintAt(b, i);
        if (len >= 1n << 63n) throw negativeLength();
        return after + Number(len);
      }
      case 3: {
        for (;;) {
          const start = i;
          const [inner, after] = readVarintAt(b, i);
          i = after;
          if (Number(inner & 7n) === 4) break;
          const next = skipField(b.subarray(start));
          i = start + next;
        }
        return i;
      }
      case 4:
        return i;
      case 5:
        return i + 4;
      default:
        throw new ProtoDecodeError(`proto: illegal wireType ${wireType}`);
    }
  }
  throw eof();
}
