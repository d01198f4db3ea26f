// `etcdctl watch <key>` (ctlv2/command/watch_command.go): long-polls the key (or, with -r, its
// subtree) from --after-index, prints each non-directory event with the key printer (with -r
// preceded by `[<action>] <key>`), and stops after the first one unless --forever. No timeout;
// Ctrl-C (SIGINT) ends it with exit 0.
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import { Ctx, type V2Client } from '../../src/client/v2/client.js';
import { Watcher, type V2Response } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { requireKey, type V2Context } from './util.js';

export interface WatchOptions {
  key: string;
  recursive: boolean;
  forever: boolean;
  afterIndex: bigint;
}

export function parseWatchOptions(ctx: V2Context): WatchOptions {
  return { key: requireKey(ctx), recursive: ctx.bool('recursive'), forever: ctx.bool('forever'), afterIndex: ctx.int('after-index') };
}

/**
 * Runs `onEvent` for every non-directory event until it returns false, SIGINT arrives (resolves:
 * exit 0) or a request fails (handleError, exit 4). `fatal` lets the caller end the loop with an error.
 */
export async function watchLoop(
  w: Watcher,
  f: V2Factory,
  io: IO,
  onEvent: (resp: V2Response) => boolean,
  fatal: Promise<never> = new Promise<never>(() => {}),
): Promise<void> {
  const ctx = Ctx.background().withCancel();
  let interrupted!: () => void;
  const sigint = new Promise<'sigint'>((resolve) => (interrupted = () => resolve('sigint')));
  const off = io.onSignal('SIGINT', interrupted);
  try {
    for (;;) {
      const next = w.next(ctx).then(
        (resp) => ({ resp }),
        (error: unknown) => ({ error }),
      );
      const r = await Promise.race([next, sigint, fatal]);
      if (r === 'sigint') return;
      if ('error' in r) throw f.handleError(V2ExitCode.ServerError, r.error);
      if (!onEvent(r.resp)) return;
    }
  } finally {
    off();
    ctx.cancel();
  }
}

export async function runWatch(opts: WatchOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const w = new Watcher(client, opts.key, opts.afterIndex, opts.recursive);
  await watchLoop(w, f, io, (resp) => {
    if (resp.node?.dir) return true;
    if (opts.recursive) io.stdout.write(`[${resp.action}] ${resp.node?.key ?? ''}\n`);
    printResponseKey(resp, f.output(), io);
    return opts.forever;
  });
}

export function newWatchCommand() {
  return defineV2Command<V2Factory>({
    name: 'watch',
    usage: 'watch a key for changes',
    argsUsage: '<key>',
    flags: [
      uflag.bool('forever, f', 'forever watch a key until CTRL+C'),
      uflag.int('after-index', 0n, 'watch after the given index'),
      uflag.bool('recursive, r', 'returns all values for key and child keys'),
    ],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runWatch(parseWatchOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
