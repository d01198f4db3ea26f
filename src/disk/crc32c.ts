// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF.
// This is the checksum of etcd's WAL records, .snap files and `snapshot status` hash.
//
// The API is the chainable form of Go's crc32.Update(prev, castagnoliTable, data): the value passed
// in and returned is the *finalised* CRC, so update(update(0, a), b) === crc32c(a ‖ b).
// Implementation: slicing-by-16 reading the data as little-endian 32-bit words (one 16 KiB
// table, 16 lookups per 16 bytes; about 1 GB/s, 2.5x the byte-loading slicing-by-8 it replaced),
// with a byte-at-a-time loop for the unaligned head and the tail. On a big-endian host, and for
// short ranges, bytes only. Ranges of 1 KiB and more go to the same loop compiled to
// WebAssembly (crc32c-wasm.ts), about 1.5 GB/s.

import { CHUNK_OFFSET, CHUNK_SIZE, newCrc32cKernel, type Crc32cKernel } from './crc32c-wasm.js';

const POLY = 0x82f63b78;

/** T[k*256 + b]: the CRC of byte b followed by k zero bytes. */
const T: Int32Array = (() => {
  const t = new Int32Array(16 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let j = 0; j < 8; j++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    let c = t[i]!;
    for (let k = 1; k < 16; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + i] = c;
    }
  }
  return t;
})();

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** below this many bytes the word loop does not pay for its set-up */
const WORDS_FROM = 64;

/** crc32c over `data`, continuing from the finalised CRC `crc` (0 to start). Returns a uint32. */
export function crc32cUpdate(crc: number, data: Uint8Array): number {
  return crc32cUpdateRange(crc, data, 0, data.length);
}

/** from this many bytes the wasm kernel (crc32c-wasm.ts) hashes, in chunks copied into its memory */
const KERNEL_FROM = 1024;
let kernel: { kernel: Crc32cKernel; table: Int32Array } | undefined | null = null;

/** crc32cUpdate over data[start, end) without creating a view. */
export function crc32cUpdateRange(crc: number, data: Uint8Array, start: number, end: number): number {
  if (end - start >= KERNEL_FROM) {
    const k = crc32cKernel();
    if (k) {
      const { memory, crc: step } = k.kernel;
      let c = ~crc;
      for (let i = start; i < end; i += CHUNK_SIZE) {
        const n = Math.min(CHUNK_SIZE, end - i);
        // a copy through the cache costs a tenth of the hashing it saves
        memory.set(data.subarray(i, i + n), CHUNK_OFFSET);
        c = step(c, CHUNK_OFFSET, n);
      }
      return ~c >>> 0;
    }
  }
  return crc32cUpdateRangeJs(crc, data, start, end);
}

/** The JS loop: short ranges, and hosts without WebAssembly. */
export function crc32cUpdateRangeJs(crc: number, data: Uint8Array, start: number, end: number): number {
  // the table as a local: bundlers turn module constants into variables assigned at module
  // initialisation, which the JIT must then reload and re-check on every access (2x slower)
  const t = T;
  let c = ~crc;
  let i = start;
  if (LITTLE_ENDIAN && end - start >= WORDS_FROM) {
    // head: up to 4-byte alignment of the underlying buffer
    while (((data.byteOffset + i) & 3) !== 0) c = t[(c ^ data[i++]!) & 0xff]! ^ (c >>> 8);
    const blocks = (end - i) >>> 4;
    const w = new Int32Array(data.buffer, data.byteOffset + i, blocks * 4);
    const n = w.length;
    for (let k = 0; k < n; k += 4) {
      const a = c ^ w[k]!;
      const b = w[k + 1]!;
      const d = w[k + 2]!;
      const e = w[k + 3]!;
      c =
        t[3840 + (a & 0xff)]! ^ t[3584 + ((a >>> 8) & 0xff)]! ^ t[3328 + ((a >>> 16) & 0xff)]! ^ t[3072 + (a >>> 24)]! ^
        t[2816 + (b & 0xff)]! ^ t[2560 + ((b >>> 8) & 0xff)]! ^ t[2304 + ((b >>> 16) & 0xff)]! ^ t[2048 + (b >>> 24)]! ^
        t[1792 + (d & 0xff)]! ^ t[1536 + ((d >>> 8) & 0xff)]! ^ t[1280 + ((d >>> 16) & 0xff)]! ^ t[1024 + (d >>> 24)]! ^
        t[768 + (e & 0xff)]! ^ t[512 + ((e >>> 8) & 0xff)]! ^ t[256 + ((e >>> 16) & 0xff)]! ^ t[e >>> 24]!;
    }
    i += blocks * 16;
  }
  for (; i < end; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The wasm kernel and the table it was filled from, or undefined where wasm is unavailable. */
export function crc32cKernel(): { kernel: Crc32cKernel; table: Int32Array } | undefined {
  if (kernel === null) {
    const k = LITTLE_ENDIAN ? newCrc32cKernel(T) : undefined;
    kernel = k && { kernel: k, table: T };
  }
  return kernel;
}

/** a(x) * b(x) modulo the polynomial, both reflected (bit 31 is x^0) */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) modulo the polynomial */
const X2N: number[] = (() => {
  const t = [0x40000000];
  for (let k = 1; k < 64; k++) t.push(multModP(t[k - 1]!, t[k - 1]!));
  return t;
})();

/**
 * crc32c(a ‖ b) from crc32c(a), crc32c(b) and b's length (zlib's crc32_combine): a's CRC is
 * advanced over len2 zero bytes by multiplying it by x^(8*len2), then b's is added.
 */
export function crc32cCombine(crc1: number, crc2: number, len2: number): number {
  let p = 0x80000000; // x^0
  let n = len2;
  for (let k = 3; n > 0; k++, n = Math.floor(n / 2)) {
    if (n % 2 === 1) p = multModP(X2N[k]!, p); // k < 64: lengths are below 2^53
  }
  return (multModP(p, crc1) ^ crc2) >>> 0;
}

/** crc32c of one buffer. */
export function crc32c(data: Uint8Array): number {
  return crc32cUpdate(0, data);
}

/** A streaming hasher: `h.update(a).update(b).digest() === crc32c(a ‖ b)`. */
export class Crc32c {
  private value: number;
  constructor(initial = 0) {
    this.value = initial >>> 0;
  }
  update(data: Uint8Array): this {
    this.value = crc32cUpdate(this.value, data);
    return this;
  }
  updateRange(data: Uint8Array, start: number, end: number): this {
    this.value = crc32cUpdateRange(this.value, data, start, end);
    return this;
  }
  digest(): number {
    return this.value;
  }
}
