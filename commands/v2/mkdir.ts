// `etcdctl mkdir <key>` and `etcdctl setdir <key>` (ctlv2/command/mkdir_command.go,
// set_dir_command.go): PUT ?dir=true, with prevExist=false for mkdir; nothing is printed in
// simple mode.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { setKey, type PrevExist } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { ttlSeconds } from './ttl.js';
import { requireKey, withTotalTimeout, type V2Context, ttlFlag } from './util.js';

export interface MkdirOptions {
  key: string;
  ttl: bigint;
  prevExist: PrevExist;
}

export function parseMkdirOptions(ctx: V2Context, prevExist: PrevExist): MkdirOptions {
  return { key: requireKey(ctx), ttl: ctx.int('ttl'), prevExist };
}

/** mkdirCommandFunc (also updatedir's request, with prevExist=true) */
export async function runMkdir(opts: MkdirOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const resp = await withTotalTimeout(f, (c) => setKey(client, c, opts.key, '', { ttl: ttlSeconds(opts.ttl), dir: true, prevExist: opts.prevExist }));
  if (f.output() !== 'simple') printResponseKey(resp, f.output(), io);
}

export function newMkdirCommand() {
  return defineV2Command<V2Factory>({
    name: 'mkdir',
    usage: 'make a new directory',
    argsUsage: '<key>',
    flags: [ttlFlag()],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runMkdir(parseMkdirOptions(ctx, 'false'), client, ctx.f, ctx.io);
    },
  });
}
