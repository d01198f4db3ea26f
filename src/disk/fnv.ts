// FNV-1a 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3), the checksum bbolt stores
// in its meta pages over bytes 16..71 of the page. Computed on two 32-bit halves to stay in
// Number arithmetic (no BigInt in the loop); the result is returned as a bigint.

/** FNV-1a-64 of `data`. */
export function fnv1a64(data: Uint8Array): bigint {
  // h = hi * 2^32 + lo; multiply by prime p = 2^40 + 0x1b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < data.length; i++) {
    lo = (lo ^ data[i]!) >>> 0;
    // (hi*2^32 + lo) * (2^40 + 0x1b3) mod 2^64
    //   = lo*0x1b3 + (hi*0x1b3 + (lo << 8)) * 2^32   (lo*2^40 = (lo<<8)*2^32)
    const loMul = lo * 0x1b3; // < 2^41, exact
    const newLo = loMul >>> 0;
    const carry = Math.floor(loMul / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + ((lo << 8) >>> 0) + carry) >>> 0;
    lo = newLo;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}
