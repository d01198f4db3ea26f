// etcd 3.4's bolt backend schema (docs/disk-formats.md section 5). All buckets are top-level:
//
//   key              revision bytes (revision.ts) -> mvccpb.KeyValue
//   meta             consistent_index -> u64 BE raft index of the last applied v3 entry
//                    scheduledCompactRev / finishedCompactRev -> 17-byte revision {main, 0}
//   lease            lease ID as 8-byte BE int64 -> leasepb.Lease
//   alarm            marshaled AlarmMember -> empty
//   auth             authEnabled -> 01/00, authRevision -> u64 BE
//   authUsers        name -> authpb.User;   authRoles  name -> authpb.Role
//   members          member ID hex (unpadded lowercase) -> Member JSON
//   members_removed  member ID hex -> "removed"
//   cluster          clusterVersion -> e.g. "3.4.0"

export const Bucket = {
  key: 'key',
  meta: 'meta',
  lease: 'lease',
  alarm: 'alarm',
  auth: 'auth',
  authUsers: 'authUsers',
  authRoles: 'authRoles',
  members: 'members',
  membersRemoved: 'members_removed',
  cluster: 'cluster',
} as const;

export const MetaKey = {
  consistentIndex: 'consistent_index',
  scheduledCompactRev: 'scheduledCompactRev',
  finishedCompactRev: 'finishedCompactRev',
} as const;

/** u64 big-endian bytes (consistent_index). */
export function u64be(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt.asUintN(64, v));
  return b;
}
