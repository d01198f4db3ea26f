// `etcdctl set <key> <value>` (ctlv2/command/set_command.go): PUT /v2/keys/<key> with an
// optional TTL and compare-and-swap on the previous value or index; the value is the second
// argument or all of stdin.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { setKey } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { ttlSeconds } from './ttl.js';
import { requireKeyAndValue, ttlFlag, withTotalTimeout, type V2Context } from './util.js';

export interface SetOptions {
  key: string;
  value: string | Buffer;
  ttl: bigint;
  prevValue: string;
  prevIndex: bigint;
}

export async function parseSetOptions(ctx: V2Context): Promise<SetOptions> {
  const { key, value } = await requireKeyAndValue(ctx);
  return { key, value, ttl: ctx.int('ttl'), prevValue: ctx.string('swap-with-value'), prevIndex: ctx.int('swap-with-index') };
}

export async function runSet(opts: SetOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const resp = await withTotalTimeout(f, (c) =>
    setKey(client, c, opts.key, opts.value, { ttl: ttlSeconds(opts.ttl), prevIndex: opts.prevIndex, prevValue: opts.prevValue }),
  );
  printResponseKey(resp, f.output(), io);
}

export function newSetCommand() {
  return defineV2Command<V2Factory>({
    name: 'set',
    usage: 'set the value of a key',
    argsUsage: '<key> <value>',
    description: `Set sets the value of a key.

   When <value> begins with '-', <value> is interpreted as a flag.
   Insert '--' for workaround:

   $ set -- <key> <value>`,
    flags: [
      ttlFlag(),
      uflag.string('swap-with-value', '', 'previous value'),
      uflag.int('swap-with-index', 0n, 'previous index'),
    ],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runSet(await parseSetOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
