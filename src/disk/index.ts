// The offline disk layer of etcdctl-ts: etcd 3.4's WAL, .snap and bbolt formats and the
// algorithms of `snapshot save|status|restore` and v2 `backup`. Pure library code: no process
// access, logs through injected sinks, typed DiskErrors (errors.ts). Module map:
//   crc32c.ts fnv.ts log.ts errors.ts fsutil.ts flock.ts
//   proto/  gogo-exact codec: walpb, raftpb, snappb, etcdserverpb, mvccpb (+ leasepb)
//   wal/    names, frame, record types, reader (OpenForRead+ReadAll), writer (Create/Save/cut)
//   snap/   .snap read/write (never renames broken files)
//   bolt/   page, meta, freelist, reader (page by page), check (tx.Check), writer, copy
//   etcd/   schema, revision keys, membership + URLs, v2 store JSON, restore db rewrite, IDs
//   snapshot-status.ts snapshot-restore.ts backup.ts snapshot-file.ts   the algorithms
export { DiskError, type DiskErrorCode } from './errors.js';
export { crc32c, crc32cUpdate, Crc32c } from './crc32c.js';
export {
  formatZapProduction, formatZapExample, formatZapConsole, formatCapnslog, noLog,
  type LogEntry, type LogSink, type LogValue, type LogDuration,
} from './log.js';
export type { LockStrategy } from './flock.js';
export { snapshotStatus, statusOf, openBoltReadOnly, type SnapshotStatus, type SnapshotStatusOptions } from './snapshot-status.js';
export { snapshotRestore, type SnapshotRestoreOptions, type SnapshotRestoreResult } from './snapshot-restore.js';
export { backup, filterBackupEntries, BackupStepError, type BackupOptions, type BackupResult, type BackupStep, type BackupLogDetail } from './backup.js';
export {
  SnapshotFileWriter, saveSnapshotFile, hasChecksum, type SnapshotWriteOptions, type SnapshotWriteResult,
} from './snapshot-file.js';
export type { Member } from './etcd/membership.js';
export { formatEntryGo, type Entry } from './proto/raftpb.js';
