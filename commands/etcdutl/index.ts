// The etcdutl command set (etcdutl/ctl.go): one sorted list, names as the files. Offline only:
// nothing here loads a network client.
import { defineCommand, type EtcdctlCommand } from '../../src/cli/v3/command.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { IO } from '../../src/cli/core/io.js';
import { executeEtcdutl } from '../../src/etcdutl/execute.js';
import { newBackupCommand } from './backup.js';
import { newCompletionCommand, runComplete } from './completion.js';
import { newDefragCommand } from './defrag.js';
import { newHelpCommand } from './help.js';
import { newSnapshotCommand } from './snapshot.js';
import { newVersionCommand } from './version.js';

const commands: Array<() => EtcdctlCommand> = [
  newBackupCommand,
  newCompletionCommand,
  newDefragCommand,
  newSnapshotCommand,
  newVersionCommand,
];

export function newEtcdutlRoot(): EtcdctlCommand {
  const root: EtcdctlCommand = defineCommand({
    use: 'etcdutl',
    short: 'An administrative command line tool for etcd3.',
    persistentFlags: [flag.string('write-out', 'simple', 'set the output format (fields, json, protobuf, simple, table)', 'w')],
    subcommands: [...commands.map((c) => c()), newHelpCommand(() => root)],
  });
  return root;
}

export async function runEtcdutl(argv: string[], io: IO): Promise<void> {
  const root = newEtcdutlRoot();
  // cobra's hidden completion requests (the scripts of `etcdutl completion <shell>` send them)
  if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') return runComplete(root, argv[0], argv.slice(1), io);
  await executeEtcdutl(root, argv, io);
}
