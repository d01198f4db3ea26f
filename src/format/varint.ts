// Protobuf's base-128 varint, shared by the network clients and the disk formats (neither may
// import the other): little-endian groups of 7 bits, the high bit set on every byte but the last,
// at most 10 bytes for a 64-bit value (Go's binary.Uvarint / gogo's decoders reject an 11th).

/** `readUvarint`'s next position when the input ends inside the varint. */
export const VARINT_TRUNCATED = -1;
/** `readUvarint`'s next position when the varint runs past 10 bytes. */
export const VARINT_OVERFLOW = -2;

const MASK64 = (1n << 64n) - 1n;

/**
 * The varint at b[pos] (reading no further than `end`): [value modulo 2^64, next position]; the
 * next position is VARINT_TRUNCATED or VARINT_OVERFLOW when there is no valid varint, so that
 * each caller reports it in its own words.
 */
export function readUvarint(b: Uint8Array, pos: number, end = b.length): [bigint, number] {
  // up to 4 bytes fit in 28 bits of a number
  let lo = 0;
  let i = pos;
  for (let shift = 0; shift < 28; shift += 7) {
    if (i >= end) return [0n, VARINT_TRUNCATED];
    const byte = b[i++]!;
    lo |= (byte & 0x7f) << shift;
    if (byte < 0x80) return [BigInt(lo >>> 0), i];
  }
  let v = BigInt(lo >>> 0);
  for (let shift = 28; ; shift += 7) {
    if (shift >= 64) return [0n, VARINT_OVERFLOW];
    if (i >= end) return [0n, VARINT_TRUNCATED];
    const byte = b[i++]!;
    v |= BigInt(byte & 0x7f) << BigInt(shift);
    if (byte < 0x80) return [v & MASK64, i];
  }
}

/** Writes v (taken modulo 2^64, so a negative number as Go's uint64(x)) at out[pos]; returns the next position. */
export function writeUvarint(out: Uint8Array, pos: number, v: bigint): number {
  let x = v & MASK64;
  while (x >= 0x80n) {
    out[pos++] = Number(x & 0x7fn) | 0x80;
    x >>= 7n;
  }
  out[pos++] = Number(x);
  return pos;
}

/** Go's binary.PutVarint: the zig-zag form of a signed x at the start of buf (the rest keeps what it held). */
export function putVarint(buf: Uint8Array, x: bigint): number {
  const ux = BigInt.asUintN(64, x << 1n);
  return writeUvarint(buf, 0, x < 0n ? BigInt.asUintN(64, ~ux) : ux);
}
