// `etcdctl backup` (ctlv2/command/backup_command.go): an offline copy of a data dir that a new
// cluster can start from (`etcd --force-new-cluster`), done by the disk library (src/disk/backup.ts).
// No client, no sync. Output as etcdctl's: its Go `log` lines through capnslog on stderr
// (`2006-01-02 15:04:05.000000 I | ignoring EntryConfChange raft entry`), the wal/snap packages'
// zap example logger on stdout, a fatal error as one more capnslog line and exit 1, nothing on
// success.
import { CliError, exitWith } from '../../src/cli/core/errors.js';
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag, type UContext } from '../../src/cli/v2/urfave.js';

export interface BackupCommandOptions {
  dataDir: string;
  walDir: string;
  backupDir: string;
  backupWalDir: string;
  withV3: boolean;
}

export function parseBackupOptions(ctx: UContext<V2Factory>): BackupCommandOptions {
  return {
    dataDir: ctx.string('data-dir'),
    walDir: ctx.string('wal-dir'),
    backupDir: ctx.string('backup-dir'),
    backupWalDir: ctx.string('backup-wal-dir'),
    withV3: ctx.bool('with-v3'),
  };
}

/**
 * Ctrl-C/SIGTERM end the one wait that can last (for a live etcd's lock on the source db): the
 * library removes what it built and we exit as if killed. Past that wait the library has no
 * point to stop at; the backup (seconds) is finished instead of being left half-made.
 */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

export async function runBackup(opts: BackupCommandOptions, io: IO): Promise<void> {
  const { backup, DiskError, formatCapnslog, formatZapExample } = await import('../../src/disk/index.js');
  const capnslog = (msg: string, level: 'I' | 'W' = 'I') => `${formatCapnslog(msg, new Date(), level)}\n`;
  const controller = new AbortController();
  let stoppedBy: keyof typeof STOP_SIGNALS | undefined;
  const offs = (Object.keys(STOP_SIGNALS) as Array<keyof typeof STOP_SIGNALS>).map((sig) =>
    io.onSignal(sig, () => {
      stoppedBy ??= sig;
      controller.abort();
    }),
  );
  try {
    await backup({
      ...opts,
      log: (msg, level) => io.stderr.write(capnslog(msg, level)),
      zapLog: (e) => io.stdout.write(`${formatZapExample(e)}\n`),
      signal: controller.signal,
    });
  } catch (e) {
    if (stoppedBy) throw exitWith(STOP_SIGNALS[stoppedBy]);
    // log.Fatal: the message as a capnslog line, exit 1
    if (e instanceof DiskError) throw new CliError(e.message, V2ExitCode.BadArgs, capnslog(e.message));
    throw e;
  } finally {
    for (const off of offs) off();
  }
}

export function newBackupCommand() {
  return defineV2Command<V2Factory>({
    name: 'backup',
    usage: 'backup an etcd directory',
    argsUsage: ' ',
    flags: [
      uflag.string('data-dir', '', 'Path to the etcd data dir'),
      uflag.string('wal-dir', '', 'Path to the etcd wal dir'),
      uflag.string('backup-dir', '', 'Path to the backup dir'),
      uflag.string('backup-wal-dir', '', 'Path to the backup wal dir'),
      uflag.bool('with-v3', 'Backup v3 backend data'),
    ],
    action: (ctx) => runBackup(parseBackupOptions(ctx), ctx.io),
  });
}
