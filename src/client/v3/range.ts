// Key ranges as clientv3 builds them (WithPrefix, WithFromKey). Pure: no gRPC is loaded.

/**
 * The end of the range holding every key that starts with `key` (clientv3 GetPrefixRangeEnd): the
 * key up to its last byte below 0xff, that byte incremented; "\x00" when there is none.
 */
export function prefixEnd(key: Uint8Array): Buffer {
  const end = Buffer.from(key);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  // every byte is 0xff: no upper bound, so everything from key on
  return Buffer.from([0]);
}

export const NUL = Buffer.from([0]);

export interface KeyRange {
  key: Buffer;
  rangeEnd: Buffer;
}

/**
 * The [key, rangeEnd) of get/del/watch: an explicit end, --prefix or --from-key; an empty key
 * with --prefix or --from-key means every key.
 */
export function keyRange(key: string | Buffer, opts: { end?: string | Buffer; prefix?: boolean; fromKey?: boolean }): KeyRange {
  let k: Buffer = Buffer.from(key);
  let end: Buffer = opts.end !== undefined ? Buffer.from(opts.end) : Buffer.alloc(0);
  if (opts.prefix) {
    if (k.length === 0) [k, end] = [NUL, NUL];
    else end = prefixEnd(k);
  }
  if (opts.fromKey) {
    if (k.length === 0) k = NUL;
    end = NUL;
  }
  return { key: k, rangeEnd: end };
}
