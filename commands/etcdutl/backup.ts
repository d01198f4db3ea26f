// etcdutl backup (etcdutl/etcdutl/backup_command.go): the offline copy of a data dir that a new
// cluster can start from (`etcd --force-new-cluster`), done by the disk library's backup
// (src/disk/backup.ts, shared with etcdctl 3.4's v2 `backup`), with etcdutl's flags (--with-v3 is
// on by default, --data-dir and --backup-dir are required) and its console log lines. Fatal
// errors are one console `fatal` line and exit 1, as etcdutl's lg.Fatal (without its stack
// trace); the backup is built beside its target and renamed into place, so nothing half-made
// stays behind.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { IO } from '../../src/cli/core/io.js';
import { consoleSink, fatalText, type ConsoleEntry, type ConsoleSink } from '../../src/etcdutl/logger.js';
import { markRequired } from '../../src/etcdutl/usage.js';
import type { BackupCommandOptions } from '../v2/backup.js';
import type { BackupLogDetail, BackupStep } from '../../src/disk/backup.js';
import type { LogValue } from '../../src/disk/log.js';

export function parseBackupOptions(ctx: RunContext<undefined>): BackupCommandOptions {
  const { flags } = ctx;
  return {
    dataDir: flags.string('data-dir'),
    walDir: flags.string('wal-dir'),
    backupDir: flags.string('backup-dir'),
    backupWalDir: flags.string('backup-wal-dir'),
    withV3: flags.bool('with-v3'),
  };
}

const CALLER = 'etcdutl/backup_command.go';

/**
 * The library's messages (etcdctl 3.4's wording) as etcdutl's log entries; `entryText` is Go's
 * text form of the raft entry a member attribute update was read from.
 */
export function backupEntry(msg: string, level: 'I' | 'W' = 'I', entryText?: string, detail: BackupLogDetail = {}): ConsoleEntry {
  const attr = /^ignoring member attribute update on (.*)$/.exec(msg);
  if (attr) {
    const fields: Array<[string, string]> = entryText !== undefined ? [['entry', entryText]] : [];
    return { level: 'info', msg: 'ignoring member attribute update on', caller: `${CALLER}:231`, fields: [...fields, ['v2Req.Path', attr[1]!]] };
  }
  if (msg === 'ignoring EntryConfChange raft entry') return { level: 'info', msg, caller: `${CALLER}:216`, fields: [] };
  if (msg === 'ignoring v3 raft entry') return { level: 'info', msg, caller: `${CALLER}:252`, fields: [] };
  if (msg.startsWith('Failed to find the match snapshot record')) {
    const fields: Array<[string, LogValue]> = [];
    if (detail.walsnap) fields.push(['walsnap', walsnapJson(detail)]);
    if (detail.srcWal !== undefined) fields.push(['srcWAL', detail.srcWal]);
    return { level: 'warn', msg: 'failed to find the match snapshot record', caller: `${CALLER}:198`, fields };
  }
  if (msg.startsWith('etcdctl will add it back')) return { level: 'warn', msg, caller: `${CALLER}:199`, fields: [] };
  const perm = /^pkg\/fileutil: check file permission: (.*?)\.?$/.exec(msg);
  if (perm) return { level: 'warn', msg: 'check file permission', caller: 'fileutil/fileutil.go:53', fields: [['error', perm[1]!]] };
  return { level: level === 'W' ? 'warn' : 'info', msg, fields: [] };
}

/**
 * zap.Any of etcdutl's walsnap (walpb.Snapshot through encoding/json): index, term, and the conf
 * state it gives the backup (the new member as the only voter) when a .snap was loaded.
 */
function walsnapJson(d: BackupLogDetail): LogValue {
  const s = d.walsnap!;
  const conf = d.fromSnapshot && d.nodeId !== undefined ? `,"conf_state":{"voters":[${d.nodeId}],"auto_leave":false}` : '';
  return { rawJson: `{"index":${s.index},"term":${s.term}${conf}}` };
}

/** etcdutl's lg.Fatal at each step of the backup: message and line of backup_command.go. */
const FATAL_AT: Record<BackupStep, [string, number]> = {
  'snap-load': ['saveSnap(Snapshoter.Load) failed', 154],
  'wal-open': ['wal.OpenForRead failed', 191],
  'wal-read': ['unexpected error while reading WAL', 201],
  'db-open': ['bolt.Open FAILED', 277],
  'wal-create': ['wal.Create failed', 131],
};

/**
 * A failure of the library as the lg.Fatal line etcdutl prints at that step. A missing source db
 * (its snap dir present) is bbolt's answer to opening it read-only with O_CREATE: the write of the
 * new file's first pages fails (etcdutl also leaves that empty file in the source dir; ours does not).
 */
export function backupFatal(message: string, destSnap: string, step?: BackupStep, errno?: string, srcDb = ''): ConsoleEntry {
  const prefix = `failed creating backup snapshot dir ${destSnap}: `;
  if (message.startsWith(prefix)) {
    return { level: 'fatal', msg: 'failed creating backup snapshot dir', caller: `${CALLER}:118`, fields: [['dest-snap', destSnap], ['error', message.slice(prefix.length)]] };
  }
  if (step) {
    const [msg, line] = FATAL_AT[step];
    const error = step === 'db-open' && errno === 'ENOENT' ? `write ${srcDb}: bad file descriptor` : message;
    return { level: 'fatal', msg, caller: `${CALLER}:${line}`, fields: [['error', error]] };
  }
  return { level: 'fatal', msg: 'backup failed', caller: CALLER, fields: [['error', message]] };
}

/** Lines of etcd 3.5.16's snap and wal packages that log the library's warnings. */
const CALLERS_35: Record<string, string> = {
  'ignored file in WAL directory': 'wal/util.go:90',
  'failed to read a snap file': 'snap/snapshotter.go:146',
  'failed to read empty snapshot file': 'snap/snapshotter.go:173',
  'failed to unmarshal snappb.Snapshot': 'snap/snapshotter.go:181',
  'failed to read empty snapshot data': 'snap/snapshotter.go:188',
  'snap file is corrupt': 'snap/snapshotter.go:196',
  'failed to unmarshal raftpb.Snapshot': 'snap/snapshotter.go:208',
  'found unexpected non-snap file; skipping': 'snap/snapshotter.go:249',
};

const TRIMMING: ConsoleEntry = { level: 'info', msg: 'Trimming membership information from the backend...', caller: 'membership/store.go:141', fields: [] };

export async function runBackup(opts: BackupCommandOptions, io: IO, sink: ConsoleSink = consoleSink(io)): Promise<void> {
  const path = await import('node:path');
  const { backup, BackupStepError, DiskError, formatEntryGo } = await import('../../src/disk/index.js');
  const destSnap = path.join(opts.backupDir, 'member', 'snap');
  const srcDb = path.join(opts.dataDir, 'member', 'snap', 'db');
  // etcdutl gives a live etcd's lock on the source db one second, then ends (lg.Fatal)
  const controller = new AbortController();
  let lockTimedOut = false;
  try {
    await backup({
      ...opts,
      log: (msg, level, detail) => {
        if (msg.startsWith('waiting to acquire lock on ')) {
          lockTimedOut = true;
          controller.abort();
          return;
        }
        sink(backupEntry(msg, level, detail?.entry && formatEntryGo(detail.entry), detail));
      },
      zapLog: (e) => sink(CALLERS_35[e.msg] ? { ...e, caller: CALLERS_35[e.msg] } : e),
      signal: controller.signal,
    });
    // etcdutl trims the membership from the backup's db (after the WAL's entries were filtered)
    sink(TRIMMING);
  } catch (e) {
    if (lockTimedOut) {
      throw new CliError('timed out waiting to acquire lock', 1,
        fatalText({ level: 'fatal', msg: 'timed out waiting to acquire lock on', caller: `${CALLER}:284`, fields: [['srcDB', srcDb]] }));
    }
    if (e instanceof BackupStepError) {
      // wal.Create runs after saveDB, which has logged its trimming
      if (e.step === 'wal-create') sink(TRIMMING);
      throw new CliError(e.message, 1, fatalText(backupFatal(e.message, destSnap, e.step, e.errno, srcDb)));
    }
    if (e instanceof DiskError) throw new CliError(e.message, 1, fatalText(backupFatal(e.message, destSnap)));
    throw e;
  }
}

export function newBackupCommand() {
  const cmd = defineCommand<undefined>({
    use: 'backup',
    short: '[legacy] offline backup of etcd directory',
    long: 'Prefer: `etcdctl snapshot save` instead.',
    flags: [
      flag.string('data-dir', '', 'Path to the etcd data dir'),
      flag.string('wal-dir', '', 'Path to the etcd wal dir'),
      flag.string('backup-dir', '', 'Path to the backup dir'),
      flag.string('backup-wal-dir', '', 'Path to the backup wal dir'),
      flag.bool('with-v3', true, 'Backup v3 backend data'),
    ],
    run: (ctx) => runBackup(parseBackupOptions(ctx), ctx.io),
  });
  return markRequired(cmd, 'data-dir', 'backup-dir');
}
