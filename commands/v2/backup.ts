// `etcdctl backup` (ctlv2/command/backup_command.go): declared here with etcdctl's flags so the
// help matches; the backup itself is not implemented yet (another engineer's area).
import { CliError } from '../../src/cli/errors.js';
import type { V2Factory } from '../../src/cli/factory-v2.js';
import { defineV2Command, uflag } from '../../src/cli/urfave.js';

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
    action: () => {
      throw new CliError('"backup" is not implemented yet in this etcdctl', 1);
    },
  });
}
