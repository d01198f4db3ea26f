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
export function backupEntry(msg: string, level: 'I' | 'W' = 'I', entryText?: string): ConsoleEntry {
  const attr = /^ignoring member attribute update on (.*)$/.exec(msg);
  if (attr) {
    const fields: Array<[string, string]> = entryText !== undefined ? [['entry', entryText]] : [];
    return { level: 'info', msg: 'ignoring member attribute update on', caller: `${CALLER}:231`, fields: [...fields, ['v2Req.Path', attr[1]!]] };
  }
  if (msg === 'ignoring EntryConfChange raft entry') return { level: 'info', msg, caller: `${CALLER}:216`, fields: [] };
  if (msg === 'ignoring v3 raft entry') return { level: 'info', msg, caller: `${CALLER}:252`, fields: [] };
  if (msg.startsWith('Failed to find the match snapshot record')) {
    return { level: 'warn', msg: 'failed to find the match snapshot record', caller: `${CALLER}:198`, fields: [] };
  }
  if (msg.startsWith('etcdctl will add it back')) return { level: 'warn', msg, caller: `${CALLER}:199`, fields: [] };
  const perm = /^pkg\/fileutil: check file permission: (.*?)\.?$/.exec(msg);
  if (perm) return { level: 'warn', msg: 'check file permission', caller: 'fileutil/fileutil.go:53', fields: [['error', perm[1]!]] };
  return { level: level === 'W' ? 'warn' : 'info', msg, fields: [] };
}

/** A failure of the library as the lg.Fatal line etcdutl prints at that step. */
export function backupFatal(message: string, destSnap: string): ConsoleEntry {
  const prefix = `failed creating backup snapshot dir ${destSnap}: `;
  if (message.startsWith(prefix)) {
    return { level: 'fatal', msg: 'failed creating backup snapshot dir', caller: `${CALLER}:118`, fields: [['dest-snap', destSnap], ['error', message.slice(prefix.length)]] };
  }
  if (message.includes('/member/snap') || message.startsWith('snap: ')) {
    return { level: 'fatal', msg: 'saveSnap(Snapshoter.Load) failed', caller: `${CALLER}:154`, fields: [['error', message]] };
  }
  if (message.startsWith('wal: ') || message.includes('/wal')) {
    return { level: 'fatal', msg: 'wal.OpenForRead failed', caller: `${CALLER}:191`, fields: [['error', message]] };
  }
  return { level: 'fatal', msg: 'backup failed', caller: CALLER, fields: [['error', message]] };
}

export async function runBackup(opts: BackupCommandOptions, io: IO, sink: ConsoleSink = consoleSink(io)): Promise<void> {
  const path = await import('node:path');
  const { backup, DiskError, formatEntryGo } = await import('../../src/disk/index.js');
  const destSnap = path.join(opts.backupDir, 'member', 'snap');
  const srcDb = path.join(opts.dataDir, 'member', 'snap', 'db');
  // etcdutl gives a live etcd's lock on the source db one second, then ends (lg.Fatal)
  const controller = new AbortController();
  let lockTimedOut = false;
  try {
    await backup({
      ...opts,
      log: (msg, level, entry) => {
        if (msg.startsWith('waiting to acquire lock on ')) {
          lockTimedOut = true;
          controller.abort();
          return;
        }
        sink(backupEntry(msg, level, entry && formatEntryGo(entry)));
      },
      zapLog: (e) => sink(e),
      signal: controller.signal,
    });
    // etcdutl trims the membership from the backup's db (after the WAL's entries were filtered)
    sink({ level: 'info', msg: 'Trimming membership information from the backend...', caller: 'membership/store.go:141', fields: [] });
  } catch (e) {
    if (lockTimedOut) {
      throw new CliError('timed out waiting to acquire lock', 1,
        fatalText({ level: 'fatal', msg: 'timed out waiting to acquire lock on', caller: `${CALLER}:284`, fields: [['srcDB', srcDb]] }));
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
