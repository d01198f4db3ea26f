// etcd's idutil.Generator (pkg/idutil/id.go) as `etcdctl backup` uses it: NewGenerator(0, now)
// then Next() twice. An id is prefix(16 bits member id = 0) | suffix(48 bits) where the suffix
// starts at (unixMillis & (2^40-1)) << 8 and is incremented before use:
//   NodeID = (ms << 8) + 1, ClusterID = (ms << 8) + 2   (masked to 48 bits)

const MASK40 = (1n << 40n) - 1n;
const MASK48 = (1n << 48n) - 1n;

export function backupIds(nowMs: number): { nodeId: bigint; clusterId: bigint } {
  const suffix = (BigInt(Math.floor(nowMs)) & MASK40) << 8n;
  return { nodeId: (suffix + 1n) & MASK48, clusterId: (suffix + 2n) & MASK48 };
}
