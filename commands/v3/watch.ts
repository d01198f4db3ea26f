// etcdctl watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]
//
// A require-leader watch from --rev (0: now) that prints every response until the server ends
// it: then `Error: watch is canceled by the server`, exit 5 (a canceled response is announced on
// stderr first: `watch was canceled (<reason>)`). With `-- cmd args` the command runs once per
// event with ETCD_WATCH_{REVISION,EVENT_TYPE,KEY,VALUE} in its environment; a failing command is
// `command ["cmd" "args"] error (<err>)` and exit 1. The key may come from ETCDCTL_WATCH_KEY
// (and ETCDCTL_WATCH_RANGE_END). With -i, stdin lines `watch [flags] <key> [range_end] [-- cmd]`
// start more watches and `progress` asks every watch for a progress notification; end of input
// is `Error: Error reading watch request line: EOF`, exit 3. Arguments are checked with etcdctl's
// parseWatchArgs, ported as it is (it looks at the raw argv for `--`).
import { argBytes } from '../../src/cli/core/arg-bytes.js';
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { parseFlags } from '../../src/cli/v3/cobra.js';
import { CliError, badArgs, orExitError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { GoParseError } from '../../src/format/go-parse.js';
import type { IO } from '../../src/cli/core/io.js';
import { LineReader } from '../../src/cli/core/line-reader.js';
import { goQuote } from '../../src/format/go-quote.js';
import { keyRange } from '../../src/client/v3/range.js';
import type { WatchResult, WatchSpec, Watcher } from '../../src/client/v3/watch.js';
import type { Printer } from '../../src/printer/v3/printer.js';
import { argify, goPanic } from './argify.js';
import { environ, runCommand } from './exec.js';

export const ERR_BAD_ARGS_NUM = 'bad number of arguments';
export const ERR_BAD_ARGS_NUM_CONFLICT_ENV = 'bad number of arguments (found conflicting environment key)';
export const ERR_BAD_ARGS_NUM_SEPARATOR = 'bad number of arguments (found separator --, but no commands)';
export const ERR_BAD_ARGS_INTERACTIVE_WATCH = "args[0] must be 'watch' for interactive calls";

/** the flags a watch uses (the command's, or an interactive line's) */
export interface WatchFlags {
  prefix: boolean;
  rev: bigint;
  prevKv: boolean;
  /** etcdctl 3.5's --progress-notify */
  progressNotify?: boolean;
}

export interface ParsedWatchArgs {
  watchArgs: string[];
  execArgs: string[];
  /** interactive mode: the flags given on the line */
  lineFlags?: WatchFlags;
}

class WatchArgsError extends Error {}

/** pflag parse of an interactive line with a fresh watch flag set (no help flag there). */
function parseLineFlags(args: string[]): { positionals: string[]; flags: WatchFlags } {
  const parsed = parseFlags(newWatchCommand(), args);
  if (parsed.help) throw new WatchArgsError('pflag: help requested');
  return {
    positionals: parsed.positionals,
    flags: { prefix: parsed.flags.bool('prefix'), rev: parsed.flags.int('rev'), prevKv: parsed.flags.bool('prev-kv'), ...(parsed.flags.bool('progress-notify') ? { progressNotify: true } : {}) },
  };
}

/**
 * etcdctl's parseWatchArgs. osArgs: the process's arguments with the program name first;
 * commandArgs: cobra's positionals (`--` removed), or an interactive line's words.
 */
export function parseWatchArgs(osArgs: string[], commandArgs: string[], envKey: string, envRange: string, interactive: boolean): ParsedWatchArgs {
  let rawArgs = [...osArgs];
  let watchArgs = [...commandArgs];
  const w = rawArgs.indexOf('watch');
  if (w >= 0) rawArgs = rawArgs.slice(w + 1);
  if (interactive) {
    if (watchArgs[0] !== 'watch') throw new WatchArgsError(ERR_BAD_ARGS_INTERACTIVE_WATCH);
    watchArgs = watchArgs.slice(1);
  }
  // Go's `for i = range s { if s[i] == "--" { break } }` leaves i at the last index (0 if empty)
  const findSep = (s: string[]): [number, boolean] => {
    const i = s.indexOf('--');
    return i >= 0 ? [i, true] : [Math.max(0, s.length - 1), false];
  };
  if (!interactive) {
    const [execIdx, execExist] = findSep(rawArgs);
    if (execExist && execIdx === rawArgs.length - 1) throw new WatchArgsError(ERR_BAD_ARGS_NUM_SEPARATOR);
    if (!execExist && rawArgs.length < 1 && envKey === '') throw new WatchArgsError(ERR_BAD_ARGS_NUM);
    if (execExist && envKey !== '') {
      let ridx = rawArgs.length - 1;
      for (let widx = watchArgs.length - 1; widx >= 0; widx--) {
        if (watchArgs[widx] === rawArgs[ridx]) {
          ridx--;
          continue;
        }
        if (ridx === execIdx) throw new WatchArgsError(ERR_BAD_ARGS_NUM_CONFLICT_ENV);
      }
    }
    if (!execExist && watchArgs.length > 0 && envKey !== '') throw new WatchArgsError(ERR_BAD_ARGS_NUM_CONFLICT_ENV);
  } else {
    const [execIdx, execExist] = findSep(watchArgs);
    if (execExist && execIdx === watchArgs.length - 1) throw new WatchArgsError(ERR_BAD_ARGS_NUM_SEPARATOR);
    const { positionals } = parseLineFlags(watchArgs);
    if (!execExist && envKey === '' && positionals.length < 1) throw new WatchArgsError(ERR_BAD_ARGS_NUM);
    if (!execExist && positionals.length > 0 && envKey !== '') throw new WatchArgsError(ERR_BAD_ARGS_NUM_CONFLICT_ENV);
  }

  const argsWithSep = interactive ? watchArgs : rawArgs;
  const [idx, foundSep] = findSep(argsWithSep);
  const execArgs = foundSep ? argsWithSep.slice(idx + 1) : [];
  let lineFlags: WatchFlags | undefined;
  if (interactive) {
    const parsed = parseLineFlags(argsWithSep);
    watchArgs = parsed.positionals;
    lineFlags = parsed.flags;
  }
  if (envKey !== '') watchArgs = [envKey, ...(envRange !== '' ? [envRange] : []), ...watchArgs];
  if (!foundSep) return { watchArgs, execArgs: [], ...(lineFlags ? { lineFlags } : {}) };
  // "watch foo bar --rev 1 -- echo hello": cobra's args hold "foo bar echo hello"; drop the command
  let endIdx = watchArgs.length - 1;
  for (; endIdx >= 0; endIdx--) if (watchArgs[endIdx] === argsWithSep[idx + 1]) break;
  if (endIdx < 0) throw goPanic('runtime error: slice bounds out of range [:-1]', ['go.etcd.io/etcd/etcdctl/ctlv3/command.parseWatchArgs']);
  return { watchArgs: watchArgs.slice(0, endIdx), execArgs, ...(lineFlags ? { lineFlags } : {}) };
}

/** getWatchChan's checks and options; `bytes` turns an argument into the key's bytes. */
export function watchSpec(args: string[], flags: WatchFlags, bytes: (s: string) => Buffer): WatchSpec {
  if (args.length < 1) throw new WatchArgsError(ERR_BAD_ARGS_NUM);
  let end: Buffer | undefined;
  if (args.length === 2) {
    if (flags.prefix) throw new WatchArgsError('`range_end` and `--prefix` are mutually exclusive');
    end = bytes(args[1]!);
  }
  const range = keyRange(bytes(args[0]!), { ...(end ? { end } : {}), prefix: flags.prefix });
  return { ...range, startRevision: flags.rev, prevKv: flags.prevKv, ...(flags.progressNotify ? { progressNotify: true } : {}) };
}

const EVENT_TYPES: Record<number, string> = { 0: 'PUT', 1: 'DELETE' };

/** The end of the command with an exit code, raised from a watch's printing loop. */
type Fatal = (e: unknown) => void;

/** printWatchCh: prints each response (and runs the command per event) until the watch ends. */
async function printWatchCh(ch: AsyncIterable<WatchResult>, execArgs: string[], printer: Printer, io: IO): Promise<void> {
  const { isProgressNotify } = await import('../../src/client/v3/watch.js');
  for await (const resp of ch) {
    if (resp.canceled) io.stderr.write(`watch was canceled (${resp.err ?? '<nil>'})\n`);
    if (isProgressNotify(resp)) io.stdout.write(`progress notify: ${resp.header.revision}\n`);
    printer.watch(resp);
    // a slow stdout slows the watch: the next response is taken once this one is written, and
    // the watcher stops reading the stream while responses wait unread
    if (io.stdout.drained) await io.stdout.drained();
    if (execArgs.length === 0) continue;
    for (const ev of resp.events ?? []) {
      const env = environ(io.env, [
        ['ETCD_WATCH_REVISION', String(resp.header.revision)],
        ['ETCD_WATCH_EVENT_TYPE', `"${EVENT_TYPES[ev.type] ?? String(ev.type)}"`],
        ['ETCD_WATCH_KEY', goQuote(ev.kv?.key ?? Buffer.alloc(0))],
        ['ETCD_WATCH_VALUE', goQuote(ev.kv?.value ?? Buffer.alloc(0))],
      ]);
      const err = await runCommand(execArgs, env, io);
      if (err !== undefined) {
        const quoted = `[${execArgs.map((a) => goQuote(a)).join(' ')}]`;
        throw new CliError(err, ExitCode.Error, `command ${quoted} error (${err})\n`);
      }
    }
  }
}

function envValues(io: IO): [string, string] {
  const envKey = io.env.ETCDCTL_WATCH_KEY ?? '';
  const envRange = io.env.ETCDCTL_WATCH_RANGE_END ?? '';
  if (envKey === '' && envRange !== '') throw badArgs(`ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=${goQuote(envRange)}`);
  return [envKey, envRange];
}

function asBadArgs(e: unknown): unknown {
  if (e instanceof WatchArgsError || e instanceof GoParseError) return badArgs(e.message);
  return e;
}

async function newWatcher(f: V3Factory): Promise<Watcher> {
  const client = await f.client();
  const { Watcher } = await import('../../src/client/v3/watch.js');
  return new Watcher(client.conn, { requireLeader: true });
}

export async function runWatch(ctx: RunContext<V3Factory>): Promise<void> {
  const { io, f, flags } = ctx;
  const [envKey, envRange] = envValues(io);
  const osArgs = ['etcdctl', ...io.argv];
  if (flags.bool('interactive')) return runInteractive(f, io, osArgs, envKey, envRange);

  let parsed: ParsedWatchArgs;
  try {
    parsed = parseWatchArgs(osArgs, ctx.args, envKey, envRange, false);
  } catch (e) {
    throw asBadArgs(e);
  }
  const watcher = await newWatcher(f);
  const printer = await f.printer();
  let spec: WatchSpec;
  try {
    spec = watchSpec(
      parsed.watchArgs,
      { prefix: flags.bool('prefix'), rev: flags.int('rev'), prevKv: flags.bool('prev-kv'), progressNotify: flags.bool('progress-notify') },
      (s) => argBytes(io, s),
    );
  } catch (e) {
    throw asBadArgs(e);
  }
  const ch = await watcher.watch(spec);
  await printWatchCh(ch, parsed.execArgs, printer, io);
  watcher.close();
  throw new CliError('watch is canceled by the server', ExitCode.Interrupted);
}

async function runInteractive(f: V3Factory, io: IO, osArgs: string[], envKey: string, envRange: string): Promise<void> {
  const watcher = await newWatcher(f);
  const printer = await f.printer();
  const reader = new LineReader(io.stdin);
  // a watch's printing loop may end the process (a failing command, an unprintable format)
  let fail!: Fatal;
  const fatal = new Promise<never>((_, reject) => (fail = reject));
  fatal.catch(() => {});
  const frames = ['go.etcd.io/etcd/etcdctl/ctlv3/command.watchInteractiveFunc'];
  for (;;) {
    const raw = await Promise.race([reader.readLine(), fatal]);
    if (raw === undefined) throw new CliError('Error reading watch request line: EOF', ExitCode.InvalidInput);
    const line = raw[raw.length - 1] === 0x0a ? raw.subarray(0, raw.length - 1) : raw;
    const l = line.toString('utf8');
    const words = argify(line, frames).map((w) => w.toString('latin1'));
    if (words.length < 1) {
      io.stderr.write(`Invalid command: ${l} (watch and progress supported)\n`);
      continue;
    }
    switch (words[0]) {
      case 'watch': {
        if (words.length < 2 && envKey === '') {
          io.stderr.write(`Invalid command ${l} (command type or key is not provided)\n`);
          continue;
        }
        let parsed: ParsedWatchArgs;
        try {
          // the environment's key is a Go string from the process's environment (UTF-8)
          parsed = parseWatchArgs(osArgs, words, envKey === '' ? '' : Buffer.from(envKey).toString('latin1'), Buffer.from(envRange).toString('latin1'), true);
        } catch (e) {
          throw asBadArgs(e);
        }
        let spec: WatchSpec;
        try {
          spec = watchSpec(parsed.watchArgs, parsed.lineFlags!, (s) => Buffer.from(s, 'latin1'));
        } catch (e) {
          if (!(e instanceof WatchArgsError)) throw e;
          io.stderr.write(`Invalid command ${l} (${e.message})\n`);
          continue;
        }
        const ch = await watcher.watch(spec);
        const execArgs = parsed.execArgs.map((a) => Buffer.from(a, 'latin1').toString('utf8'));
        printWatchCh(ch, execArgs, printer, io).catch(fail);
        break;
      }
      case 'progress':
        await orExitError(watcher.requestProgress());
        break;
      default:
        io.stderr.write(`Invalid command ${l} (only support watch)\n`);
    }
  }
}

export function newWatchCommand() {
  return defineCommand<V3Factory>({
    use: 'watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]',
    short: 'Watches events stream on keys or prefixes',
    flags: [
      flag.bool('interactive', false, 'Interactive mode', 'i'),
      flag.bool('prefix', false, 'Watch on a prefix if prefix is set'),
      flag.bool('prev-kv', false, 'get the previous key-value pair before the event happens'),
      flag.bool('progress-notify', false, 'get periodic watch progress notification from server'),
      flag.int64('rev', 0n, 'Revision to start watching'),
    ],
    run: runWatch,
  });
}
