// WAL frame layout (etcd wal/encoder.go, wal/decoder.go). A segment is a sequence of frames:
//
//   offset 0  u64 LE lenField
//             low 56 bits: recBytes = length of the marshaled walpb.Record
//             top byte   : 0x80 | padBytes when padBytes > 0 (padBytes in bits 56..58), else 0
//   offset 8  recBytes bytes of walpb.Record, then padBytes zero bytes,
//             padBytes = (8 - recBytes % 8) % 8, so every frame is 8-byte aligned.
//
//   04 00 00 00 00 00 00 84 = 4-byte record + 4 pad;  70 00 .. 00 = 112 bytes, no pad.
// A lenField of 0 (or EOF) ends the segment: segments are preallocated with zeros.
// The decoder refuses recBytes >= 10 MiB - padBytes ("wal: max entry size limit exceeded").
// A torn write is recognised (in the last segment only) when, splitting the frame's data at
// 512-byte *file* sector boundaries, some chunk is entirely zero.

export const FRAME_HEADER_BYTES = 8;
export const MIN_SECTOR_SIZE = 512;
export const MAX_WAL_ENTRY_SIZE_LIMIT = 10 * 1024 * 1024;

/** lenField and padding for a record of `dataBytes` bytes. */
export function encodeFrameSize(dataBytes: number): { lenField: bigint; padBytes: number } {
  let lenField = BigInt(dataBytes);
  const padBytes = (8 - (dataBytes % 8)) % 8;
  if (padBytes !== 0) lenField |= BigInt(0x80 | padBytes) << 56n;
  return { lenField, padBytes };
}

/** recBytes and padBytes from a lenField (read as u64). */
export function decodeFrameSize(lenField: bigint): { recBytes: bigint; padBytes: number } {
  const recBytes = lenField & ((1n << 56n) - 1n);
  // padding is only meaningful when the MSB is set (a negative int64 in Go)
  const padBytes = lenField >= 1n << 63n ? Number((lenField >> 56n) & 7n) : 0;
  return { recBytes, padBytes };
}

/** The complete frame (header, record bytes, zero padding) of one marshaled record. */
export function encodeFrame(record: Uint8Array): Buffer {
  const { lenField, padBytes } = encodeFrameSize(record.length);
  const out = Buffer.alloc(FRAME_HEADER_BYTES + record.length + padBytes);
  out.writeBigUInt64LE(lenField, 0);
  out.set(record, FRAME_HEADER_BYTES);
  return out;
}

/**
 * decoder.isTornEntry: `data` (record bytes + padding) starts at file offset `fileOff`
 * (= offset after the last valid frame + 8). True when a sector-aligned chunk is all zero.
 */
export function isTornEntry(data: Uint8Array, fileOff: number): boolean {
  let off = fileOff;
  let cur = 0;
  while (cur < data.length) {
    let chunkLen = MIN_SECTOR_SIZE - (off % MIN_SECTOR_SIZE);
    if (chunkLen > data.length - cur) chunkLen = data.length - cur;
    let zero = true;
    for (let i = cur; i < cur + chunkLen; i++) {
      if (data[i] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero) return true;
    off += chunkLen;
    cur += chunkLen;
  }
  return false;
}
