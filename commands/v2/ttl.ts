// `--ttl` as etcdctl passes it on: time.Duration(ttl) * time.Second (int64 nanoseconds, wrapping
// on overflow), sent only when positive, as whole seconds.
export function ttlSeconds(ttl: bigint): bigint {
  const ns = BigInt.asIntN(64, ttl * 1_000_000_000n);
  return ns > 0n ? ns / 1_000_000_000n : 0n;
}
