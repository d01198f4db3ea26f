// `ETCDCTL_API=2 etcdctl backup` (etcd etcdctl/ctlv2/command/backup_command.go), offline.
//
// Paths: src snap = <data-dir>/member/snap, src WAL = --wal-dir or <data-dir>/member/wal,
// src db = <src snap>/db; dest snap = <backup-dir>/member/snap, dest WAL = --backup-wal-dir or
// <backup-dir>/member/wal (empty flags resolve relative to the working directory, as in Go).
// 1. <dest snap> is created (mkdir -p, 0700) and must be empty: "failed creating backup snapshot
//    dir <d>: expected \"<d>\" to be empty, got [\"db\"]". (Like etcdctl, this empty directory
//    stays even when a later step fails; nothing else is left behind.)
// 2. Newest readable .snap of the source (walsnap = its {index, term}, else {0, 0}); it is
//    written unchanged to the backup.
// 3. The source WAL read from walsnap (wal/reader.ts). Without the matching snapshot record,
//    log "Failed to find the match snapshot record {Index:i Term:t XXX_unrecognized:[]} in wal
//    <dir>." and "etcdctl will add it back. Start auto fixing..." and continue.
// 4. Entries filtered in order (removed counts removals; each entry's index is first lowered by
//    removed): ConfChange -> "ignoring EntryConfChange raft entry"; data parsed as
//    InternalRaftRequest (strict) else as a v2 Request; v2 PUT whose path matches the unanchored
//    /0/members/[[:xdigit:]]{1,16}/attributes -> "ignoring member attribute update on <path>";
//    other v2 -> kept; --with-v3 or no header -> kept; else "ignoring v3 raft entry".
//    HardState.commit -= removed.
// 5. db: without --with-v3 a fresh db holding only meta/consistent_index = u64 BE(commit);
//    with --with-v3 the source db (read under a shared flock: "waiting to acquire lock on <db>"
//    after 1 s while a live etcd holds it) copied without buckets members, members_removed,
//    cluster (consistent_index left as is).
// 6. New IDs: NodeID = (unixMillis<<8)+1, ClusterID = +2 (48 bits); WAL = crc, metadata,
//    snapshot{0,0}, entries, state, snapshot{walsnap} (cut into segments at 64,000,000 bytes).
// The source directories are only read (no .broken renames, no db.tmp deletion, no lock files).
// Everything is built in temporary directories next to the targets and renamed into place last.
// A dest WAL dir holding .wal files fails (wal.Create: "file already exists"); anything else in its
// place (other files, or a file) is replaced, as etcd's wal.Create does (RemoveAll, then rename).
// Failures carry the step they belong to (BackupStepError), for etcdutl's per-step fatal lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskError, errnoText, pathError } from './errors.js';
import { Undo, exists, fsyncPath, mkdirAllError, readDirSorted, tempSibling } from './fsutil.js';
import type { LogSink } from './log.js';
import { loadNewestSnapshot, saveSnapFile } from './snap/snapshotter.js';
import { readWal } from './wal/reader.js';
import { WalWriter } from './wal/writer.js';
import { parseWalName } from './wal/names.js';
import { formatWalSnapshotGo, type WalSnapshot } from './proto/walpb.js';
import { EntryType, type Entry, type HardState, type RaftSnapshot } from './proto/raftpb.js';
import { decodeMetadata, decodeV2Request, encodeMetadata, probeInternalRaftRequest, type V2Request } from './proto/etcdserverpb.js';
import { ProtoDecodeError } from './proto/wire.js';
import { BoltWriter } from './bolt/writer.js';
import { rewriteCompact } from './bolt/copy.js';
import { openBoltReadOnly } from './snapshot-status.js';
import type { LockStrategy } from './flock.js';
import { backupIds } from './etcd/idgen.js';
import { Bucket, MetaKey, u64be } from './etcd/schema.js';
import { goQuote } from '../format/go-quote.js';

export interface BackupOptions {
  dataDir?: string;
  walDir?: string;
  backupDir?: string;
  backupWalDir?: string;
  withV3?: boolean;
  /**
   * etcdctl's capnslog lines on stderr: message text, and the level letter when it is not "I"
   * (pkg/fileutil's permission warning is "W", its text prefixed with "pkg/fileutil: "); for a
   * dropped member attribute update also the source entry, for the missing snapshot record
   * the record looked for, the WAL dir and the backup's member ID (etcdutl logs these as fields)
   */
  log?: (msg: string, level?: 'I' | 'W', detail?: BackupLogDetail) => void;
  /** entries of the zap example logger the wal/snap packages get (etcdctl prints them on stdout) */
  zapLog?: LogSink;
  /** clock for the new IDs (ms since epoch) */
  now?: () => number;
  /** waiting for a running etcd's lock on the source db (see flock.ts) */
  lock?: LockStrategy;
  signal?: AbortSignal;
  /** WAL segment size (tests only) */
  walSegmentSize?: number;
}

/**
 * The step of etcd's backup a failure belongs to (etcdutl logs each with its own fatal line):
 * reading the source snapshot, opening or reading the source WAL, opening the source db,
 * creating the backup's WAL.
 */
export type BackupStep = 'snap-load' | 'wal-open' | 'wal-read' | 'db-open' | 'wal-create';

/** A DiskError of one backup step (message, code and errno unchanged). */
export class BackupStepError extends DiskError {
  constructor(readonly step: BackupStep, err: DiskError) {
    super(err.message, err.code, err.errno, { cause: err });
  }
}

function atStep<T>(step: BackupStep, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DiskError && !(err instanceof BackupStepError)) throw new BackupStepError(step, err);
    throw err;
  }
}

/** What etcdutl logs beside some of the messages. */
export interface BackupLogDetail {
  entry?: Entry;
  walsnap?: WalSnapshot;
  srcWal?: string;
  /** the backup's new member ID (etcdutl's walsnap carries the new conf state: it as the voter) */
  nodeId?: bigint;
  /** whether a .snap was loaded (only then etcdutl's walsnap has a conf state) */
  fromSnapshot?: boolean;
}

export interface BackupResult {
  nodeId: bigint;
  clusterId: bigint;
  /** the raft snapshot the backup starts from ({0,0} without one) */
  snapshot: WalSnapshot;
  /** source .snap file used, if any */
  snapFile?: string;
  state: HardState;
  entries: number;
  removed: number;
  walFiles: string[];
  dbPath: string;
}

const MEMBER_ATTR_RE = /\/0\/members\/[0-9A-Fa-f]{1,16}\/attributes/;

/** The entry filter of backup step 4 (exported for tests). Mutates nothing; returns new entries. */
export function filterBackupEntries(
  ents: readonly Entry[],
  withV3: boolean,
  log?: (msg: string, entry?: Entry) => void,
): { entries: Entry[]; removed: bigint } {
  const out: Entry[] = [];
  let removed = 0n;
  for (const src of ents) {
    const e: Entry = { ...src, index: src.index - removed };
    if (e.type === EntryType.ConfChange) {
      log?.('ignoring EntryConfChange raft entry');
      removed++;
      continue;
    }
    const data = e.data ?? Buffer.alloc(0);
    const probe = probeInternalRaftRequest(data);
    let v2: V2Request | undefined;
    let hasHeader = false;
    if (probe.ok) {
      v2 = probe.v2;
      hasHeader = probe.hasHeader;
    } else {
      try {
        v2 = decodeV2Request(data);
      } catch (err) {
        if (err instanceof ProtoDecodeError) {
          throw new DiskError(`cannot unmarshal raft entry ${src.index}: ${err.message}`, 'WAL_CORRUPT');
        }
        throw err;
      }
    }
    if (v2 && v2.method === 'PUT' && MEMBER_ATTR_RE.test(v2.path)) {
      log?.(`ignoring member attribute update on ${v2.path}`, src);
      removed++;
      continue;
    }
    if (v2) {
      out.push(e);
      continue;
    }
    if (withV3 || !hasHeader) {
      out.push(e);
      continue;
    }
    log?.('ignoring v3 raft entry');
    removed++;
  }
  return { entries: out, removed };
}

/** Go's os.FileMode.String() of a stat mode: type/special letters (or "-"), then rwxrwxrwx. */
export function goFileMode(mode: number): string {
  let out = '';
  const type = mode & fs.constants.S_IFMT;
  if (type === fs.constants.S_IFDIR) out += 'd';
  if (type === fs.constants.S_IFLNK) out += 'L';
  if (type === fs.constants.S_IFBLK) out += 'D';
  if (type === fs.constants.S_IFIFO) out += 'p';
  if (type === fs.constants.S_IFSOCK) out += 'S';
  if (mode & 0o4000) out += 'u';
  if (mode & 0o2000) out += 'g';
  if (type === fs.constants.S_IFCHR) out += 'Dc';
  if (mode & 0o1000) out += 't';
  if (out === '') out = '-';
  const rwx = 'rwxrwxrwx';
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? rwx[i] : '-';
  return out;
}

/**
 * fileutil.CreateDirAll: TouchDirAll (an existing directory only gets its permission checked,
 * with capnslog's warning when it is not 0700; a new one is made 0700; then a file is created and
 * removed in it), then it must be empty.
 */
function createDirAll(dir: string, log?: BackupOptions['log']): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch {
    st = undefined;
  }
  if (st && (st.mode & 0o777) !== 0o700) {
    const q = goQuote;
    log?.(
      `pkg/fileutil: check file permission: directory ${q(dir)} exist, but the permission is ${q(goFileMode(st.mode))}. ` +
        'The recommended permission is "-rwx------" to prevent possible unprivileged access to the data.',
      'W',
    );
  }
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw mkdirAllError(dir, err);
  }
  const touch = path.join(dir, '.touch');
  try {
    fs.writeFileSync(touch, '', { mode: 0o600 });
    fs.rmSync(touch);
  } catch (err) {
    throw pathError('open', touch, err);
  }
  const names = readDirSorted(dir);
  if (names.length > 0) {
    const q = (s: string): string => goQuote(s);
    throw new DiskError(`expected ${q(dir)} to be empty, got [${names.map(q).join(' ')}]`, 'DIR_NOT_EMPTY');
  }
}

function renameOrThrow(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    throw new DiskError(`rename ${from} ${to}: ${errnoText(err)}`, 'IO');
  }
}

export async function backup(opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log;
  const withV3 = opts.withV3 ?? false;
  const srcSnap = path.join(opts.dataDir ?? '', 'member', 'snap');
  const destSnap = path.join(opts.backupDir ?? '', 'member', 'snap');
  const srcWAL = opts.walDir ? opts.walDir : path.join(opts.dataDir ?? '', 'member', 'wal');
  const destWAL = opts.backupWalDir ? opts.backupWalDir : path.join(opts.backupDir ?? '', 'member', 'wal');
  const srcDB = path.join(srcSnap, 'db');

  try {
    createDirAll(destSnap, log);
  } catch (err) {
    if (err instanceof DiskError) throw new DiskError(`failed creating backup snapshot dir ${destSnap}: ${err.message}`, err.code, err.errno);
    throw err;
  }

  // 2. source snapshot
  const loaded = atStep('snap-load', () => loadNewestSnapshot(srcSnap, opts.zapLog)).loaded;
  let snapshot: RaftSnapshot | undefined;
  const walsnap: WalSnapshot = { index: 0n, term: 0n };
  if (loaded) {
    snapshot = loaded.snapshot;
    walsnap.index = snapshot.metadata.index;
    walsnap.term = snapshot.metadata.term;
  }

  // the new IDs (etcdutl picks them first and logs the node ID with a missing snapshot record)
  const { nodeId, clusterId } = backupIds(opts.now ? opts.now() : Date.now());

  // 3. source WAL
  let wal;
  try {
    wal = readWal(srcWAL, walsnap, { log: opts.zapLog });
  } catch (err) {
    // wal.OpenForRead lists and opens the segments; ReadAll decodes them
    if (err instanceof DiskError) {
      throw new BackupStepError(err.code === 'WAL_FILE_NOT_FOUND' || err.message.startsWith('open ') ? 'wal-open' : 'wal-read', err);
    }
    throw err;
  }
  if (!wal.snapshotFound) {
    log?.(`Failed to find the match snapshot record ${formatWalSnapshotGo(walsnap)} in wal ${srcWAL}.`, 'I', {
      walsnap, srcWal: srcWAL, nodeId, fromSnapshot: loaded !== undefined,
    });
    log?.('etcdctl will add it back. Start auto fixing...');
  }

  // 4. filter
  const { entries, removed } = filterBackupEntries(wal.entries, withV3, log && ((msg, entry) => log(msg, 'I', { entry })));
  const state: HardState = { ...wal.state, commit: BigInt.asUintN(64, wal.state.commit - removed) };
  let metadata;
  try {
    metadata = decodeMetadata(wal.metadata ?? Buffer.alloc(0));
  } catch (err) {
    if (err instanceof ProtoDecodeError) throw new DiskError(`wal: cannot unmarshal metadata: ${err.message}`, 'WAL_CORRUPT');
    throw err;
  }

  // 5a. source db (v3): wait for the lock now, read it while building
  let srcDb: Awaited<ReturnType<typeof openBoltReadOnly>> | undefined;
  if (withV3) {
    try {
      srcDb = await openBoltReadOnly(srcDB, {
        lock: opts.lock,
        onLockWait: () => log?.(`waiting to acquire lock on ${srcDB}`),
        signal: opts.signal,
      });
    } catch (err) {
      if (err instanceof DiskError) throw new BackupStepError('db-open', err);
      throw err;
    }
  }

  const undo = new Undo();
  try {
    // destination WAL must not hold segments (wal.Create: os.ErrExist); anything else there (other
    // files, or a file in its place) is replaced, as wal.Create's RemoveAll and rename replace it
    let destWalExists = false;
    if (exists(destWAL)) {
      destWalExists = true;
      let names: string[] = [];
      try {
        names = fs.readdirSync(destWAL);
      } catch {
        names = [];
      }
      if (names.some((n) => parseWalName(n) !== undefined)) {
        throw new BackupStepError('wal-create', new DiskError('file already exists', 'WAL_EXISTS'));
      }
    }

    // build the snap dir content next to <dest snap>
    const tmpSnap = tempSibling(destSnap);
    undo.mkdirp(tmpSnap);
    let snapFile: string | undefined;
    if (snapshot) saveSnapFile(tmpSnap, snapshot);
    if (loaded) snapFile = path.join(srcSnap, loaded.name);

    const tmpDb = path.join(tmpSnap, 'db');
    if (srcDb) {
      rewriteCompact(srcDb, tmpDb, { skip: new Set([Bucket.members, Bucket.membersRemoved, Bucket.cluster]), mode: 0o666 });
      srcDb.close();
      srcDb = undefined;
    } else {
      const w = new BoltWriter(tmpDb, { mode: 0o666 });
      try {
        const b = w.bucket(Buffer.from(Bucket.meta));
        b.put(Buffer.from(MetaKey.consistentIndex), u64be(state.commit));
        b.finish();
        w.finish();
      } catch (err) {
        w.abort();
        throw err;
      }
    }

    // 6. WAL
    undo.mkdirp(path.dirname(path.resolve(destWAL)));
    const tmpWal = tempSibling(destWAL);
    undo.mkdirp(tmpWal);
    const w = WalWriter.write(tmpWal, encodeMetadata({ ...metadata, nodeId, clusterId }), { logDir: destWAL, log: opts.zapLog, segmentSize: opts.walSegmentSize }, (w) => {
      w.save(state, entries);
      w.saveSnapshot(walsnap);
    });
    fsyncPath(tmpWal);
    fsyncPath(tmpSnap);

    // into place: WAL dir, then the snap dir (replacing the empty one made in step 1)
    if (destWalExists) fs.rmSync(destWAL, { recursive: true, force: true });
    renameOrThrow(tmpWal, destWAL);
    undo.untrack(tmpWal);
    undo.track(path.resolve(destWAL));
    fsyncPath(path.dirname(path.resolve(destWAL)));
    renameOrThrow(tmpSnap, destSnap);
    undo.commit();
    fsyncPath(path.dirname(path.resolve(destSnap)));
    return {
      nodeId, clusterId, snapshot: walsnap, snapFile, state, entries: entries.length, removed: Number(removed),
      walFiles: w.files.map((f) => path.join(destWAL, path.basename(f))), dbPath: path.join(destSnap, 'db'),
    };
  } catch (err) {
    srcDb?.close();
    undo.rollback();
    throw err;
  }
}
