// `etcdctl snapshot restore <file>` (etcd clientv3/snapshot/v3_snapshot.go Restore), offline.
//
// Inputs as etcdctl's flags: --name (default), --data-dir (<name>.etcd), --wal-dir
// (<data-dir>/member/wal), --initial-cluster (default=http://localhost:2380, NOT derived from
// --name), --initial-cluster-token (etcd-cluster), --initial-advertise-peer-urls
// (http://localhost:2380, comma list), --skip-hash-check; and etcd 3.5's --bump-revision with
// --mark-compacted (restore-db.ts; the caller checks that both or neither are given, in etcdctl's
// words). etcd 3.5's --initial-memory-map-size only sizes bbolt's mmap while etcd writes the db;
// this writer maps nothing, so there is nothing to size (callers accept it and ignore it).
// Output (deterministic for given inputs, like etcd's):
//   <data-dir>/member/snap/db                          the snapshot's db, rewritten (restore-db.ts)
//   <data-dir>/member/snap/0000000000000001-<n>.snap   raft snapshot {index n, term 1, voters =
//                                                       member IDs} holding the v2 store JSON
//   <wal-dir>/0000000000000000-0000000000000000.wal    crc, metadata{local ID, cluster ID},
//        snapshot{0,0}, n ConfChange(AddNode) entries (term 1, index i, member JSON context),
//        HardState{term 1, vote smallest ID, commit n}, snapshot{n, 1}
// Checks and messages, in etcd's order: URL/bootstrap errors (membership.ts), `data-dir "X"
// exists`, `wal-dir "X" exists`, then the snapshot file: "open <f>: ...", "snapshot missing hash
// but --skip-hash-check=false", "expected sha256 [..], got [..]", bbolt open errors.
// Unlike etcdctl, every check happens before anything is created, and the result is built in
// temporary directories next to the targets and renamed into place at the end: a failure leaves
// nothing behind (etcdctl leaves half-made directories).
// Log entries (zap production, stderr): "restoring snapshot", mvcc lines (restore-db.ts),
// "added member" per member, "restored snapshot".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { DiskError, linkError } from './errors.js';
import { Undo, exists, fsyncPath, openReadOnly, readFullAt, tempSibling } from './fsutil.js';
import type { LogSink } from './log.js';
import { BoltReader } from './bolt/reader.js';
import { rewriteDbForRestore } from './etcd/restore-db.js';
import { bootstrapCluster, memberIdHex, memberJson, type Member, type Resolver } from './etcd/membership.js';
import { restoreV2StoreJson } from './etcd/v2store.js';
import { WalWriter } from './wal/writer.js';
import { encodeMetadata } from './proto/etcdserverpb.js';
import { ConfChangeType, EntryType, encodeConfChange, emptyConfState, type Entry } from './proto/raftpb.js';
import { saveSnapFile } from './snap/snapshotter.js';
import { SHA256_SIZE, goBytes, hasChecksum } from './snapshot-file.js';
import { goQuote } from '../format/go-quote.js';

export interface SnapshotRestoreOptions {
  /** the snapshot file (positional argument) */
  snapshotPath: string;
  name?: string;
  dataDir?: string;
  walDir?: string;
  initialCluster?: string;
  initialClusterToken?: string;
  /** comma-separated string (as the flag) or a list */
  initialAdvertisePeerUrls?: string | readonly string[];
  skipHashCheck?: boolean;
  /** etcd 3.5: raise the latest revision by this much and mark it compacted (0: no change) */
  bumpRevision?: bigint;
  /** zap production log entries (etcdctl prints them as JSON lines on stderr) */
  log?: LogSink;
  /** DNS lookup used when advertise and cluster URLs differ textually */
  resolve?: Resolver;
  /** WAL segment size (tests only) */
  walSegmentSize?: number;
  /**
   * etcdutl 3.5's check: an existing data dir is refused only when it is not an empty directory
   * (`data-dir "X" not empty or could not be read`); etcdctl 3.4 refuses any existing one
   */
  allowEmptyDataDir?: boolean;
}

export interface SnapshotRestoreResult {
  dataDir: string;
  walDir: string;
  snapDir: string;
  /** members of the new cluster, sorted by ID */
  members: Member[];
  memberId: bigint;
  clusterId: bigint;
  /** tombstones written for user keys named like old member IDs */
  tombstones: number;
  /** a resumed compaction's revision */
  compactedAt?: bigint;
  /** the latest revision after --bump-revision (marked compacted) */
  bumpedTo?: bigint;
}

const DEFAULT_URL = 'http://localhost:2380';

/** Reads [0, n) of fd and returns its sha256. */
function sha256Prefix(fd: number, file: string, n: number): Buffer {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  let off = 0;
  while (off < n) {
    const r = readFullAt(fd, buf.subarray(0, Math.min(buf.length, n - off)), off, file);
    if (r === 0) break;
    h.update(buf.subarray(0, r));
    off += r;
  }
  return h.digest();
}

function renameOrThrow(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    throw linkError('rename', from, to, err);
  }
}

export async function snapshotRestore(opts: SnapshotRestoreOptions): Promise<SnapshotRestoreResult> {
  const log = opts.log;
  const name = opts.name ?? 'default';
  const dataDir = opts.dataDir || `${name}.etcd`;
  const walDir = opts.walDir || path.join(dataDir, 'member', 'wal');
  const snapDir = path.join(dataDir, 'member', 'snap');
  const peerURLs =
    opts.initialAdvertisePeerUrls === undefined
      ? [DEFAULT_URL]
      : typeof opts.initialAdvertisePeerUrls === 'string'
        ? opts.initialAdvertisePeerUrls.split(',')
        : [...opts.initialAdvertisePeerUrls];

  const cluster = await bootstrapCluster({
    name,
    peerURLs,
    initialCluster: opts.initialCluster ?? `default=${DEFAULT_URL}`,
    token: opts.initialClusterToken ?? 'etcd-cluster',
    log,
    resolve: opts.resolve,
  });

  const dataDirTaken = (): DiskError | undefined => {
    if (!exists(dataDir)) return undefined;
    if (!opts.allowEmptyDataDir) return new DiskError(`data-dir ${goQuote(dataDir)} exists`, 'DATA_DIR_EXISTS');
    let names: string[] | undefined;
    try {
      names = fs.readdirSync(dataDir);
    } catch {
      names = undefined;
    }
    return names?.length === 0 ? undefined : new DiskError(`data-dir ${goQuote(dataDir)} not empty or could not be read`, 'DATA_DIR_EXISTS');
  };
  const taken = dataDirTaken();
  if (taken) throw taken;
  if (exists(walDir)) throw new DiskError(`wal-dir ${goQuote(walDir)} exists`, 'WAL_DIR_EXISTS');

  const logFields = (): Array<readonly [string, string]> => [
    ['path', opts.snapshotPath], ['wal-dir', walDir], ['data-dir', dataDir], ['snap-dir', snapDir],
  ];
  log?.({ level: 'info', msg: 'restoring snapshot', caller: 'snapshot/v3_snapshot.go:296', fields: logFields() });

  // the snapshot file: hash trailer and integrity hash, before anything is created
  const fd = openReadOnly(opts.snapshotPath);
  const undo = new Undo();
  let src: BoltReader | undefined;
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new DiskError(`read ${opts.snapshotPath}: is a directory`, 'IO', 'EISDIR');
    const size = st.size;
    if (size < SHA256_SIZE) throw new DiskError(`seek ${opts.snapshotPath}: invalid argument`, 'IO');
    const hasHash = hasChecksum(size);
    const dbSize = hasHash ? size - SHA256_SIZE : size;
    if (!hasHash && !opts.skipHashCheck) {
      throw new DiskError('snapshot missing hash but --skip-hash-check=false', 'HASH_MISSING');
    }
    if (hasHash && !opts.skipHashCheck) {
      const sha = Buffer.alloc(SHA256_SIZE);
      fs.readSync(fd, sha, 0, SHA256_SIZE, size - SHA256_SIZE);
      const got = sha256Prefix(fd, opts.snapshotPath, dbSize);
      if (!got.equals(sha)) throw new DiskError(`expected sha256 ${goBytes(sha)}, got ${goBytes(got)}`, 'HASH_MISMATCH');
    }
    src = BoltReader.fromFd(fd, opts.snapshotPath, false, dbSize);

    // temporary build locations
    const parent = path.dirname(path.resolve(dataDir));
    undo.mkdirp(parent);
    const tmpData = tempSibling(dataDir);
    undo.mkdirp(tmpData);
    const relWal = path.relative(path.resolve(dataDir), path.resolve(walDir));
    const walInside = relWal === '' || (!relWal.startsWith('..') && !path.isAbsolute(relWal));
    let tmpWal: string;
    if (walInside) {
      tmpWal = path.join(tmpData, relWal);
    } else {
      undo.mkdirp(path.dirname(path.resolve(walDir)));
      tmpWal = tempSibling(walDir);
      undo.track(tmpWal);
    }
    const tmpSnap = path.join(tmpData, 'member', 'snap');
    undo.mkdirp(tmpSnap);

    // db
    const dbr = rewriteDbForRestore(src, path.join(tmpSnap, 'db'), {
      memberCount: cluster.members.length, log, ...(opts.bumpRevision ? { bumpRevision: opts.bumpRevision } : {}),
    });
    src.close();
    src = undefined;

    // membership into the v2 store; WAL; .snap
    for (const m of cluster.members) {
      log?.({
        level: 'info', msg: 'added member', caller: 'membership/cluster.go:392',
        fields: [
          ['cluster-id', memberIdHex(cluster.clusterId)], ['local-member-id', '0'],
          ['added-peer-id', memberIdHex(m.id)], ['added-peer-peer-urls', m.peerURLs],
        ],
      });
    }
    undo.mkdirp(tmpWal);
    const metadata = encodeMetadata({ nodeId: cluster.local.id, clusterId: cluster.clusterId });
    WalWriter.write(tmpWal, metadata, { logDir: walDir, log, segmentSize: opts.walSegmentSize }, (w) => {
      const n = BigInt(cluster.members.length);
      const ents: Entry[] = cluster.members.map((m, i) => ({
        type: EntryType.ConfChange,
        term: 1n,
        index: BigInt(i + 1),
        data: encodeConfChange({ id: 0n, type: ConfChangeType.AddNode, nodeId: m.id, context: Buffer.from(memberJson(m), 'utf8') }),
      }));
      w.save({ term: 1n, vote: cluster.members[0]!.id, commit: n }, ents);
      saveSnapFile(tmpSnap, {
        data: Buffer.from(restoreV2StoreJson(cluster.members), 'utf8'),
        metadata: { index: n, term: 1n, confState: { ...emptyConfState(), voters: cluster.members.map((m) => m.id) } },
      });
      w.saveSnapshot({ index: n, term: 1n });
    });
    fsyncPath(tmpWal);
    fsyncPath(tmpSnap);

    // into place (rename(2) replaces an empty directory)
    const takenNow = dataDirTaken();
    if (takenNow) throw takenNow;
    if (!walInside) {
      if (exists(walDir)) throw new DiskError(`wal-dir ${goQuote(walDir)} exists`, 'WAL_DIR_EXISTS');
      renameOrThrow(tmpWal, walDir);
      undo.untrack(tmpWal);
      undo.track(path.resolve(walDir));
      fsyncPath(path.dirname(path.resolve(walDir)));
    }
    renameOrThrow(tmpData, dataDir);
    fsyncPath(parent);
    undo.commit();
    log?.({ level: 'info', msg: 'restored snapshot', caller: 'snapshot/v3_snapshot.go:309', fields: logFields() });
    return {
      dataDir, walDir, snapDir, members: cluster.members, memberId: cluster.local.id, clusterId: cluster.clusterId,
      tombstones: dbr.tombstones, compactedAt: dbr.compactedAt, ...(dbr.bumpedTo !== undefined ? { bumpedTo: dbr.bumpedTo } : {}),
    };
  } catch (err) {
    src?.close();
    undo.rollback();
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}
