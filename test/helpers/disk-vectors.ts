// Byte vectors from docs/disk-formats.md section 8, all produced by a real etcd/etcdctl 3.4.23.

/** 8.1: first 272 bytes of the WAL of `etcdctl snapshot restore` with default flags. */
export const RESTORE_WAL_272 = Buffer.from(
  '040000000000008408041000000000002000000000000000080110bb81c7fc051a1608cdd2918bd2b881cf8e0110b298eaf1948386fccd01' +
    '0e0000000000008208051094bbc7ed0e1a040800100000007400000000000084080210c2ee92950b1a6a08011001180122620800100018cd' +
    'd2918bd2b881cf8e0122517b226964223a31303237363635373734333933323937353433372c227065657255524c73223a5b22687474703a' +
    '2f2f6c6f63616c686f73743a32333830225d2c226e616d65223a2264656661756c74227d0000000019000000000000870803109b98d6c308' +
    '1a0f080110cdd2918bd2b881cf8e011801000000000000000e00000000000082080510b8e0e0e1061a04080110010000',
  'hex',
);

/** 8.1: the default member and cluster IDs. */
export const DEFAULT_MEMBER_ID = 0x8e9e05c52164694dn;
export const DEFAULT_CLUSTER_ID = 0xcdf818194e3a8c32n;

/** 8.1: sha256 of the companion .snap file (6490 bytes). */
export const RESTORE_SNAP_SHA256 = '391e233526d2ed237b95d33b9d3c7975cf3db23b1913a478baacdeee4177b533';

/** 8.2: raftpb.Snapshot{data:"hello", metadata{conf_state{voters:[1]}, index:1, term:1}} */
export const TINY_RAFT_SNAPSHOT = Buffer.from('0a0568656c6c6f120a0a04080128001001' + '1801', 'hex');
/** 8.2: the .snap file holding it */
export const TINY_SNAP_FILE = Buffer.concat([Buffer.from('08ddaec69b021213', 'hex'), TINY_RAFT_SNAPSHOT]);
