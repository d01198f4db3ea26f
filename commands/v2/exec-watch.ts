// `etcdctl exec-watch <key> -- <command> [args...]` (ctlv2/command/exec_watch_command.go):
// watches like `watch --forever` and starts <command> for every non-directory event, without
// waiting for it, with ETCD_WATCH_ACTION / _MODIFIED_INDEX / _KEY / _VALUE in its environment.
// Directory events print `Ignored dir <key> change` on stderr.
//
// Arguments, as etcdctl splits them: with a `--` after the first argument, the key is the first
// argument and the command follows the `--`; without one, the key is the LAST argument and the
// command the ones before it. One deliberate difference from Debian's etcdctl: its urfave/cli 1.22
// moves a `--` written after the key to the front and drops it, so `exec-watch /k -- cmd` there
// watches the key "cmd" and would run "/k" (the documented form is broken). We honour the
// documented form: the key is the first argument and the command is what follows `--`
// (`exec-watch -r /k -- cmd` and the flags-first forms behave the same in both).
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import { CliError } from '../../src/cli/core/errors.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { Watcher, type V2Response } from '../../src/client/v2/keys.js';
import type { V2Context } from './util.js';
import { watchLoop } from './watch.js';
import { goQuote } from '../../src/format/go-quote.js';

export interface ExecWatchOptions {
  key: string;
  command: string[];
  afterIndex: bigint;
  recursive: boolean;
}

export function parseExecWatchOptions(ctx: V2Context): ExecWatchOptions {
  const args = ctx.args;
  if (args.length < 2) throw ctx.f.handleError(V2ExitCode.BadArgs, new Error('key and command to exec required'));
  let key: string;
  let command: string[];
  if (ctx.argsLenAtDash > 0) {
    key = args[0]!;
    command = args.slice(ctx.argsLenAtDash);
  } else if (args.slice(1).includes('--')) {
    key = args[0]!;
    command = args.slice(2);
  } else {
    key = args[args.length - 1]!;
    command = args.slice(0, -1);
  }
  return { key, command, afterIndex: ctx.int('after-index'), recursive: ctx.bool('recursive') };
}

/** environResponse */
export function watchEnv(resp: V2Response, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  out.ETCD_WATCH_ACTION = resp.action;
  out.ETCD_WATCH_MODIFIED_INDEX = String(resp.node?.modifiedIndex ?? 0n);
  out.ETCD_WATCH_KEY = resp.node?.key ?? '';
  out.ETCD_WATCH_VALUE = resp.node?.value ?? '';
  return out;
}

/** Go's exec error texts for a command that cannot start. */
function startErrorText(cmd: string, err: NodeJS.ErrnoException): string {
  const why = err.code === 'EACCES' ? 'permission denied' : err.code === 'ENOENT' ? 'no such file or directory' : err.message;
  if (!cmd.includes('/')) {
    return err.code === 'ENOENT' ? `exec: ${goQuote(cmd)}: executable file not found in $PATH` : `exec: ${goQuote(cmd)}: ${why}`;
  }
  return `fork/exec ${cmd}: ${why}`;
}

export async function runExecWatch(opts: ExecWatchOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  // loaded here: every command's module is evaluated at start, and child_process costs ms
  const { spawn } = await import('node:child_process');
  const w = new Watcher(client, opts.key, opts.afterIndex, opts.recursive);
  let fail!: (e: CliError) => void;
  const fatal = new Promise<never>((_, reject) => (fail = reject));
  fatal.catch(() => {});
  await watchLoop(
    w,
    f,
    io,
    (resp) => {
      if (resp.node?.dir) {
        io.stderr.write(`Ignored dir ${resp.node.key} change\n`);
        return true;
      }
      const [cmd, ...args] = opts.command;
      const child = spawn(cmd!, args, { env: watchEnv(resp, f.env), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => io.stdout.write(d));
      child.stderr.on('data', (d: Buffer) => io.stderr.write(d));
      child.on('error', (e: NodeJS.ErrnoException) => fail(new CliError(e.message, V2ExitCode.BadArgs, startErrorText(cmd!, e))));
      return true;
    },
    fatal,
  );
}

export function newExecWatchCommand() {
  return defineV2Command<V2Factory>({
    name: 'exec-watch',
    usage: 'watch a key for changes and exec an executable',
    argsUsage: '<key> <command> [args...]',
    flags: [uflag.int('after-index', 0n, 'watch after the given index'), uflag.bool('recursive, r', 'watch all values for key and child keys')],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runExecWatch(parseExecWatchOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
