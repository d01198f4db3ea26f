// `etcdctl get <key>` (ctlv2/command/get_command.go): GET /v2/keys/<key>; a directory is an
// error (`<key>: is a directory`, exit 1).
import { bareError } from '../../src/cli/core/errors.js';
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { getKey } from '../../src/client/v2/keys.js';
import { printResponseKey } from '../../src/printer/v2/printer.js';
import { requireKey, withTotalTimeout, type V2Context } from './util.js';

export interface GetOptions {
  key: string;
  sort: boolean;
  quorum: boolean;
}

export function parseGetOptions(ctx: V2Context): GetOptions {
  return { key: requireKey(ctx), sort: ctx.bool('sort'), quorum: ctx.bool('quorum') };
}

export async function runGet(opts: GetOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const resp = await withTotalTimeout(f, (c) => getKey(client, c, opts.key, { sort: opts.sort, quorum: opts.quorum }));
  if (resp.node?.dir) throw bareError(`${resp.node.key}: is a directory`, V2ExitCode.BadArgs);
  printResponseKey(resp, f.output(), io);
}

export function newGetCommand() {
  return defineV2Command<V2Factory>({
    name: 'get',
    usage: 'retrieve the value of a key',
    argsUsage: '<key>',
    flags: [uflag.bool('sort', 'returns result in sorted order'), uflag.bool('quorum, q', 'require quorum for get request')],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runGet(parseGetOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
