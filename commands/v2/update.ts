// `etcdctl update <key> <value>` (ctlv2/command/update_command.go): PUT ?prevExist=true.
import { V2ExitCode } from '../../src/cli/exit-codes.js';
import type { V2Factory } from '../../src/cli/factory-v2.js';
import type { IO } from '../../src/cli/io.js';
import { defineV2Command, uflag } from '../../src/cli/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { setKey } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { ttlSeconds } from './ttl.js';
import { argOrStdin, requireKey, withTotalTimeout, type V2Context } from './util.js';

export interface UpdateOptions {
  key: string;
  value: string | Buffer;
  ttl: bigint;
}

export async function parseUpdateOptions(ctx: V2Context): Promise<UpdateOptions> {
  const key = requireKey(ctx);
  const value = await argOrStdin(ctx.args, ctx.f, 1);
  if (value === undefined) throw ctx.f.handleError(V2ExitCode.BadArgs, new Error('value required'));
  return { key, value, ttl: ctx.int('ttl') };
}

export async function runUpdate(opts: UpdateOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const resp = await withTotalTimeout(f, (c) => setKey(client, c, opts.key, opts.value, { ttl: ttlSeconds(opts.ttl), prevExist: 'true' }));
  printResponseKey(resp, f.output(), io);
}

export function newUpdateCommand() {
  return defineV2Command<V2Factory>({
    name: 'update',
    usage: 'update an existing key with a given value',
    argsUsage: '<key> <value>',
    flags: [uflag.int('ttl', 0n, 'key time-to-live in seconds')],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runUpdate(await parseUpdateOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
