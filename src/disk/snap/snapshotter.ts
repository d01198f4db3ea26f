// .snap files (etcd etcdserver/api/snap/snapshotter.go).
//
// Name: fmt.Sprintf("%016x-%016x.snap", term, index) of the raft snapshot's metadata.
// Bytes: one snappb.snapshot message { 1 crc uint32, 2 data bytes } where
//   data = marshaled raftpb.Snapshot{data: v2 store JSON, metadata{conf_state, index, term}}
//   crc  = crc32c(data)  (not chained with anything)
// Reading (Snapshotter.Load): names ending ".snap" sorted descending; the first that reads
// cleanly wins. Failures: empty file / empty data / crc 0 -> "snap: empty snapshot", checksum ->
// "snap: crc mismatch", no usable file -> "snap: no available snapshot".
// Difference from etcd, on purpose: etcd renames an unreadable file to "<name>.broken" and
// deletes "db.tmp*" files in the directory it reads. This module never modifies the directory it
// reads; it reports each unreadable file through the log sink and the result instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskError, pathError } from '../errors.js';
import { crc32c } from '../crc32c.js';
import { fsyncPath } from '../fsutil.js';
import type { LogSink, LogValue } from '../log.js';
import { decodeSnapFileMessage, encodeSnapFileMessage } from '../proto/snappb.js';
import { decodeRaftSnapshot, encodeRaftSnapshot, type RaftSnapshot } from '../proto/raftpb.js';
import { ProtoDecodeError } from '../proto/wire.js';

export const SNAP_SUFFIX = '.snap';

export function snapFileName(term: bigint, index: bigint): string {
  return `${term.toString(16).padStart(16, '0')}-${index.toString(16).padStart(16, '0')}${SNAP_SUFFIX}`;
}

/** The bytes of a .snap file holding `snapshot`. */
export function encodeSnapFile(snapshot: RaftSnapshot): Buffer {
  const data = encodeRaftSnapshot(snapshot);
  return encodeSnapFileMessage({ crc: crc32c(data), data });
}

/**
 * Decodes and verifies the bytes of a .snap file (snap.Read). With a log sink, the warnings etcd's
 * snap.Read logs are emitted for `file`.
 */
export function decodeSnapFile(b: Uint8Array, log?: LogSink, file = ''): RaftSnapshot {
  const warn = (msg: string, fields: Array<readonly [string, LogValue]> = []): void =>
    log?.({ level: 'warn', msg, fields: [['path', file], ...fields] });
  if (b.length === 0) {
    warn('failed to read empty snapshot file');
    throw new DiskError('snap: empty snapshot', 'SNAP_EMPTY');
  }
  let msg;
  try {
    msg = decodeSnapFileMessage(b);
  } catch (err) {
    if (err instanceof ProtoDecodeError) {
      warn('failed to unmarshal snappb.Snapshot', [['error', err.message]]);
      throw new DiskError(err.message, 'SNAP_CORRUPT');
    }
    throw err;
  }
  if (!msg.data || msg.data.length === 0 || msg.crc === 0) {
    warn('failed to read empty snapshot data');
    throw new DiskError('snap: empty snapshot', 'SNAP_EMPTY');
  }
  const crc = crc32c(msg.data);
  if (crc !== msg.crc) {
    warn('snap file is corrupt', [['prev-crc', msg.crc], ['new-crc', crc]]);
    throw new DiskError('snap: crc mismatch', 'SNAP_CRC_MISMATCH');
  }
  try {
    return decodeRaftSnapshot(msg.data);
  } catch (err) {
    if (err instanceof ProtoDecodeError) {
      warn('failed to unmarshal raftpb.Snapshot', [['error', err.message]]);
      throw new DiskError(err.message, 'SNAP_CORRUPT');
    }
    throw err;
  }
}

/** snap.Read of one file. */
export function readSnapFile(file: string, log?: LogSink): RaftSnapshot {
  let b: Buffer;
  try {
    b = fs.readFileSync(file);
  } catch (err) {
    const e = pathError('open', file, err);
    log?.({ level: 'warn', msg: 'failed to read a snap file', fields: [['path', file], ['error', e.message]] });
    throw e;
  }
  return decodeSnapFile(b, log, file);
}

export interface SnapLoadFailure {
  path: string;
  error: DiskError;
}

export interface LoadedSnapshot {
  snapshot: RaftSnapshot;
  /** file name (in the directory) the snapshot came from */
  name: string;
}

export interface LoadSnapshotResult {
  /** newest readable snapshot, or undefined ("snap: no available snapshot") */
  loaded?: LoadedSnapshot;
  /** newer .snap files that could not be read (etcd would have renamed them to .broken) */
  broken: SnapLoadFailure[];
}

/**
 * Snapshotter.Load without side effects. Throws only when the directory cannot be listed
 * (Go's wording: "open <dir>: no such file or directory").
 * Log lines (zap, as etcd's snap package logs them): "found unexpected non-snap file; skipping"
 * for names other than *.snap and db, and "failed to read a snap file" for unreadable ones.
 */
export function loadNewestSnapshot(dir: string, log?: LogSink): LoadSnapshotResult {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw pathError('open', dir, err);
  }
  const snaps: string[] = [];
  for (const n of names) {
    // etcd deletes these (orphaned defragmentation files); we leave them alone and skip them
    if (n.startsWith('db.tmp')) continue;
    if (n.endsWith(SNAP_SUFFIX)) snaps.push(n);
    else if (n !== 'db') {
      log?.({ level: 'warn', msg: 'found unexpected non-snap file; skipping', fields: [['path', n]] });
    }
  }
  snaps.sort().reverse();
  const broken: SnapLoadFailure[] = [];
  for (const n of snaps) {
    const p = path.join(dir, n);
    try {
      return { loaded: { snapshot: readSnapFile(p, log), name: n }, broken };
    } catch (err) {
      if (!(err instanceof DiskError)) throw err;
      log?.({ level: 'warn', msg: 'failed to read a snap file', fields: [['path', p], ['error', err.message]] });
      broken.push({ path: p, error: err });
    }
  }
  return { broken };
}

/**
 * Snapshotter.SaveSnap: writes <dir>/<term>-<index>.snap (mode 0666 & ~umask) and fsyncs it.
 * An empty snapshot (metadata index 0) is not written, as in etcd. Returns the path or undefined.
 */
export function saveSnapFile(dir: string, snapshot: RaftSnapshot): string | undefined {
  if (snapshot.metadata.index === 0n) return undefined;
  const p = path.join(dir, snapFileName(snapshot.metadata.term, snapshot.metadata.index));
  const bytes = encodeSnapFile(snapshot);
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, 0o666);
  } catch (err) {
    throw pathError('open', p, err);
  }
  try {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off, off);
    fs.fsyncSync(fd);
  } catch (err) {
    throw pathError('write', p, err);
  } finally {
    fs.closeSync(fd);
  }
  fsyncPath(dir);
  return p;
}
