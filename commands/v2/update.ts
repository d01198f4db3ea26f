// `etcdctl update <key> <value>` (ctlv2/command/update_command.go): PUT ?prevExist=true.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { setKey } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { ttlSeconds } from './ttl.js';
import { requireKeyAndValue, ttlFlag, withTotalTimeout, type V2Context } from './util.js';

export interface UpdateOptions {
  key: string;
  value: string | Buffer;
  ttl: bigint;
}

export async function parseUpdateOptions(ctx: V2Context): Promise<UpdateOptions> {
  const { key, value } = await requireKeyAndValue(ctx);
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
    flags: [ttlFlag()],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runUpdate(await parseUpdateOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
