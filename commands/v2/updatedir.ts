// `etcdctl updatedir <key>` (ctlv2/command/update_dir_command.go): PUT ?dir=true&prevExist=true.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import { defineV2Command } from '../../src/cli/v2/urfave.js';
import { parseMkdirOptions, runMkdir } from './mkdir.js';
import { ttlFlag } from './util.js';

export function newUpdatedirCommand() {
  return defineV2Command<V2Factory>({
    name: 'updatedir',
    usage: 'update an existing directory',
    argsUsage: '<key> <value>',
    flags: [ttlFlag()],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runMkdir(parseMkdirOptions(ctx, 'true'), client, ctx.f, ctx.io);
    },
  });
}
