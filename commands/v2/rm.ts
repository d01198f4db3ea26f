// `etcdctl rm <key>` (ctlv2/command/rm_command.go):
// DELETE /v2/keys/<key> (a one-shot request), optionally as a directory, recursively, or compared
// with the previous value or index. A removed directory prints nothing in simple mode.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { deleteKey } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { requireKey, withTotalTimeout, type V2Context } from './util.js';

export interface RmOptions {
  key: string;
  dir: boolean;
  recursive: boolean;
  prevValue: string;
  prevIndex: bigint;
}

export function parseRmOptions(ctx: V2Context): RmOptions {
  return {
    key: requireKey(ctx),
    recursive: ctx.bool('recursive'),
    dir: ctx.bool('dir'),
    prevValue: ctx.string('with-value'),
    prevIndex: ctx.int('with-index'),
  };
}

export async function runRm(opts: RmOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const resp = await withTotalTimeout(f, (c) =>
    deleteKey(client, c, opts.key, { prevIndex: opts.prevIndex, prevValue: opts.prevValue, dir: opts.dir, recursive: opts.recursive }),
  );
  if (!resp.node?.dir || f.output() !== 'simple') printResponseKey(resp, f.output(), io);
}

export function newRmCommand() {
  return defineV2Command<V2Factory>({
    name: 'rm',
    usage: 'remove a key or a directory',
    argsUsage: '<key>',
    flags: [
      uflag.bool('dir', 'removes the key if it is an empty directory or a key-value pair'),
      uflag.bool('recursive, r', 'removes the key and all child keys(if it is a directory)'),
      uflag.string('with-value', '', 'previous value'),
      uflag.int('with-index', 0n, 'previous index'),
    ],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runRm(parseRmOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
