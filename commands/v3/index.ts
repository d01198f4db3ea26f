// The v3 command set (ETCDCTL_API=3): one sorted list, names as the files.
import { defineCommand, type EtcdctlCommand, type RunContext } from '../../src/cli/v3/command.js';
import { execute, findCommand, newHelpCommand } from '../../src/cli/v3/cobra.js';
import { CliError, toCliError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { newV3Factory, v3GlobalsOf, type V3Factory } from '../../src/cli/v3/factory.js';
import { v3GlobalFlags } from '../../src/cli/v3/global-flags.js';
import type { Env } from '../../src/cli/core/env.js';
import type { V3GlobalOptions } from '../../src/cli/v3/global-options.js';
import type { IO } from '../../src/cli/core/io.js';
import { V2_ONLY_COMMANDS, V3_COMMAND_NAMES, type V3CommandName } from '../registry.js';
import { newAlarmCommand } from './alarm.js';
import { newAuthCommand } from './auth.js';
import { newCheckCommand } from './check.js';
import { newCompactionCommand } from './compaction.js';
import { runComplete } from './complete.js';
import { newCompletionCommand } from './completion.js';
import { newDefragCommand } from './defrag.js';
import { newDelCommand } from './del.js';
import { newElectCommand } from './elect.js';
import { newEndpointCommand } from './endpoint.js';
import { newGetCommand } from './get.js';
import { newLeaseCommand } from './lease.js';
import { newLockCommand } from './lock.js';
import { newMakeMirrorCommand } from './make-mirror.js';
import { newMemberCommand } from './member.js';
import { newMigrateCommand } from './migrate.js';
import { newMoveLeaderCommand } from './move-leader.js';
import { newPutCommand } from './put.js';
import { newRoleCommand } from './role.js';
import { newSnapshotCommand } from './snapshot.js';
import { newTxnCommand } from './txn.js';
import { newUserCommand } from './user.js';
import { newVersionCommand } from './version.js';
import { newWatchCommand } from './watch.js';

/** The constructor of every v3 command, by its registry name (commands/registry.ts). */
const constructors: Record<V3CommandName, () => EtcdctlCommand> = {
  alarm: newAlarmCommand,
  auth: newAuthCommand,
  check: newCheckCommand,
  compaction: newCompactionCommand,
  completion: newCompletionCommand,
  defrag: newDefragCommand,
  del: newDelCommand,
  elect: newElectCommand,
  endpoint: newEndpointCommand,
  get: newGetCommand,
  lease: newLeaseCommand,
  lock: newLockCommand,
  'make-mirror': newMakeMirrorCommand,
  member: newMemberCommand,
  migrate: newMigrateCommand,
  'move-leader': newMoveLeaderCommand,
  put: newPutCommand,
  role: newRoleCommand,
  snapshot: newSnapshotCommand,
  txn: newTxnCommand,
  user: newUserCommand,
  version: newVersionCommand,
  watch: newWatchCommand,
};

/** etcdctl's AddCommand order, which cobra follows when it suggests a command. */
export const SUGGESTION_ORDER: string[] = [...V3_COMMAND_NAMES];

export { V2_ONLY_COMMANDS };

export function newV3Root(): EtcdctlCommand {
  const root: EtcdctlCommand = defineCommand({
    use: 'etcdctl',
    short: 'A simple command line client for etcd3.',
    persistentFlags: v3GlobalFlags(),
    subcommands: V3_COMMAND_NAMES.map((name) => (name === 'help' ? newHelpCommand(() => root, SUGGESTION_ORDER) : constructors[name]())),
  });
  return root;
}

/** What runV3 builds its commands' dependencies with; unit tests pass a fake factory here. */
export interface V3Deps {
  makeFactory?: (ctx: Omit<RunContext<V3Factory>, 'f'>, env: Env, globals: V3GlobalOptions) => V3Factory;
  /** the variables of env that came from `.env` (defaults that flags override silently) */
  envFromFile?: ReadonlySet<string>;
}

export async function runV3(argv: string[], io: IO, env: Env, deps: V3Deps = {}): Promise<void> {
  const makeFactory = deps.makeFactory ?? newV3Factory;
  const root = newV3Root();
  // cobra's hidden completion requests (the scripts of `etcdctl completion <shell>` send them)
  if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') return runComplete(root, argv[0], argv.slice(1), io);
  const word = findCommand(root, argv, [], { beforeHelpFlag: true }).unknownWord;
  if (word !== undefined && V2_ONLY_COMMANDS.includes(word)) {
    throw new CliError(`"${word}" is an API v2 command; run it with ETCDCTL_API=2`, ExitCode.Error);
  }
  let factory: V3Factory | undefined;
  try {
    await execute<V3Factory>(root, argv, {
      io,
      suggestionOrder: SUGGESTION_ORDER,
      // the global options are resolved once, before the command runs
      makeFactory: (ctx) => (factory = makeFactory(ctx, env, v3GlobalsOf(ctx, env, deps.envFromFile))),
    });
  } catch (e) {
    throw withTransportCauses(e, io, factory);
  } finally {
    factory?.close();
  }
}

/**
 * On a terminal, a failure after a wait for a ready member that never came is followed by one
 * line per endpoint saying why (`127.0.0.1:2379: x509: certificate signed by unknown authority`).
 * Scripts (stderr not a terminal) get etcdctl's bytes; --debug showed the causes as they happened.
 */
function withTransportCauses(e: unknown, io: IO, factory: V3Factory | undefined): unknown {
  const causes = io.stderrIsTTY ? (factory?.transportCauses?.() ?? []) : [];
  if (causes.length === 0) return e;
  const err = toCliError(e);
  return new CliError(err.message, err.exitCode, err.stderrText + causes.map((l) => `${l}\n`).join(''), err.stdoutText);
}
