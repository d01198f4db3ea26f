// The v2 command set (ETCDCTL_API=2 or unset): urfave/cli's app with etcdctl's global flags and
// one sorted list of commands, names as the files. The help lists them in etcdctl's own order.
import { CliError, toCliError } from '../../src/cli/core/errors.js';
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import { newV2Factory, type V2Factory } from '../../src/cli/v2/factory.js';
import { v2GlobalFlags } from '../../src/cli/v2/global-flags.js';
import { runApp, type UCommand, type UContext } from '../../src/cli/v2/urfave.js';
import type { Env } from '../../src/cli/core/env.js';
import type { IO } from '../../src/cli/core/io.js';
import { V2_COMMAND_NAMES, V2_ONLY_COMMANDS, V3_ONLY_COMMANDS, type V2CommandName } from '../registry.js';

const V2_ONLY_SET = new Set(V2_ONLY_COMMANDS);
import { newAuthCommand } from './auth.js';
import { runCompleteV2 } from './complete.js';
import { newBackupCommand } from './backup.js';
import { newClusterHealthCommand } from './cluster-health.js';
import { newExecWatchCommand } from './exec-watch.js';
import { newGetCommand } from './get.js';
import { newLsCommand } from './ls.js';
import { newMemberCommand } from './member.js';
import { newMkCommand } from './mk.js';
import { newMkdirCommand } from './mkdir.js';
import { newRmCommand } from './rm.js';
import { newRmdirCommand } from './rmdir.js';
import { newRoleCommand } from './role.js';
import { newSetCommand } from './set.js';
import { newSetdirCommand } from './setdir.js';
import { newUpdateCommand } from './update.js';
import { newUpdatedirCommand } from './updatedir.js';
import { newUserCommand } from './user.js';
import { newWatchCommand } from './watch.js';

/** The constructor of every v2 command, by its registry name (commands/registry.ts). */
const constructors: Record<V2CommandName, () => UCommand<V2Factory>> = {
  auth: newAuthCommand,
  backup: newBackupCommand,
  'cluster-health': newClusterHealthCommand,
  'exec-watch': newExecWatchCommand,
  get: newGetCommand,
  ls: newLsCommand,
  member: newMemberCommand,
  mk: newMkCommand,
  mkdir: newMkdirCommand,
  rm: newRmCommand,
  rmdir: newRmdirCommand,
  role: newRoleCommand,
  set: newSetCommand,
  setdir: newSetdirCommand,
  update: newUpdateCommand,
  updatedir: newUpdatedirCommand,
  user: newUserCommand,
  watch: newWatchCommand,
};

/** etcdctl's app.Commands order (ctlv2/ctl.go), which the help keeps. */
export const HELP_ORDER: string[] = [...V2_COMMAND_NAMES];

export { V3_ONLY_COMMANDS };

export const V2_VERSION_TEXT = 'etcdctl version: 3.4.23\nAPI version: 2\n';

export function v2Commands(): UCommand<V2Factory>[] {
  return V2_COMMAND_NAMES.map((name) => constructors[name]());
}

/** What runV2 builds its commands' dependencies with; unit tests pass a fake factory here. */
export interface V2Deps {
  makeFactory?: (ctx: UContext<V2Factory>, env: Env, io: IO) => V2Factory;
  /** ETCDCTL_API was not set (v2 by default): a failing command of both sets says so on a terminal */
  apiUnset?: boolean;
}

/** The commands both sets have: under an unset ETCDCTL_API a person may have meant the v3 one. */
const IN_BOTH_SETS: readonly string[] = V2_COMMAND_NAMES.filter((n) => !V2_ONLY_SET.has(n));

/** One line for a person at a terminal: this was the v2 command, and how to run the v3 one. */
export function v2DefaultHint(command: string): string {
  return `(ETCDCTL_API is unset, so this was the v2 "${command}"; for the v3 command set, run it with ETCDCTL_API=3)\n`;
}

export async function runV2(argv: string[], io: IO, env: Env, deps: V2Deps = {}): Promise<void> {
  const makeFactory = deps.makeFactory ?? newV2Factory;
  let factory: V2Factory | undefined;
  let selected: string | undefined;
  // the completion scripts' hidden request (ETCDCTL_API unset: complete what v2 would run)
  if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') return runCompleteV2(v2GlobalFlags(), v2Commands(), argv[0], argv.slice(1), io);
  try {
    await runV2App();
  } catch (e) {
    // etcdctl's own words first, then the fix it never names (always: a script reads stdout and
    // the exit code, which stay etcdctl's)
    if (factory?.noV2Api?.()) {
      const err = toCliError(e);
      throw new CliError(err.message, err.exitCode, err.stderrText + NO_V2_API_HINT, err.stdoutText);
    }
    if (deps.apiUnset && io.stderrIsTTY && selected !== undefined && IN_BOTH_SETS.includes(selected) && e instanceof CliError && e.exitCode !== 0) {
      throw new CliError(e.message, e.exitCode, e.stderrText + v2DefaultHint(selected), e.stdoutText);
    }
    throw e;
  }

  async function runV2App(): Promise<void> {
    await runApp<V2Factory>(
      { name: 'etcdctl', usage: 'A simple command line client for etcd.', version: '3.4.23', flags: v2GlobalFlags(), commands: v2Commands() },
      argv,
      io,
      {
        factory: (ctx) => (factory ??= makeFactory(ctx, env, io)),
        unknownCommand: (name) => {
          if (V3_ONLY_COMMANDS.includes(name)) {
            throw new CliError(`"${name}" is an API v3 command; run it with ETCDCTL_API=3`, V2ExitCode.BadArgs);
          }
        },
        versionText: V2_VERSION_TEXT,
        selected: (name) => (selected = name),
      },
    );
  }
}

/** The line added after etcdctl's error when the server has no v2 API (issue 9). */
export const NO_V2_API_HINT =
  'hint: this server has no v2 API (etcd 3.5 serves it only with --enable-v2, 3.6 never); for the v3 commands set ETCDCTL_API=3\n';
