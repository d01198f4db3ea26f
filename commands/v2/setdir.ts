// `etcdctl setdir <key>` (ctlv2/command/set_dir_command.go): mkdir without the existence check.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import { defineV2Command } from '../../src/cli/v2/urfave.js';
import { parseMkdirOptions, runMkdir } from './mkdir.js';
import { ttlFlag } from './util.js';

export function newSetdirCommand() {
  return defineV2Command<V2Factory>({
    name: 'setdir',
    usage: 'create a new directory or update an existing directory TTL',
    argsUsage: '<key>',
    flags: [ttlFlag()],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runMkdir(parseMkdirOptions(ctx, ''), client, ctx.f, ctx.io);
    },
  });
}
