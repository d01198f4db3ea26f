// `etcdctl mk <key> <value>` (ctlv2/command/mk_command.go): create a key that must not exist
// (PUT ?prevExist=false, a one-shot request), or with --in-order a new sequential key under the
// directory <key> (POST).
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { createInOrder, setKey } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { ttlSeconds } from './ttl.js';
import { requireKeyAndValue, ttlFlag, withTotalTimeout, type V2Context } from './util.js';

export interface MkOptions {
  key: string;
  value: string | Buffer;
  ttl: bigint;
  inOrder: boolean;
}

export async function parseMkOptions(ctx: V2Context): Promise<MkOptions> {
  const { key, value } = await requireKeyAndValue(ctx);
  return { key, value, ttl: ctx.int('ttl'), inOrder: ctx.bool('in-order') };
}

export async function runMk(opts: MkOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const ttl = ttlSeconds(opts.ttl);
  const resp = await withTotalTimeout(f, (c) =>
    opts.inOrder ? createInOrder(client, c, opts.key, opts.value, ttl) : setKey(client, c, opts.key, opts.value, { ttl, prevExist: 'false' }),
  );
  printResponseKey(resp, f.output(), io);
}

export function newMkCommand() {
  return defineV2Command<V2Factory>({
    name: 'mk',
    usage: 'make a new key with a given value',
    argsUsage: '<key> <value>',
    flags: [uflag.bool('in-order', 'create in-order key under directory <key>'), ttlFlag()],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runMk(await parseMkOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
