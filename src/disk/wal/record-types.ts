// walpb.Record.type values (etcd wal/wal.go).
//   1 metadata  etcdserverpb.Metadata{NodeID, ClusterID}; 2nd record of every segment
//   2 entry     raftpb.Entry
//   3 state     raftpb.HardState (after the entries of a Save, and at segment start)
//   4 crc       no data; crc = running CRC of everything before; 1st record of every segment
//   5 snapshot  walpb.Snapshot{index, term}
export const RecordType = {
  Metadata: 1n,
  Entry: 2n,
  State: 3n,
  Crc: 4n,
  Snapshot: 5n,
} as const;
