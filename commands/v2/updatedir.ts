// `etcdctl updatedir <key>` (ctlv2/command/update_dir_command.go): PUT ?dir=true&prevExist=true.
import type { V2Factory } from '../../src/cli/factory-v2.js';
import { defineV2Command, uflag } from '../../src/cli/urfave.js';
import { parseMkdirOptions, runMkdir } from './mkdir.js';

export function newUpdatedirCommand() {
  return defineV2Command<V2Factory>({
    name: 'updatedir',
    usage: 'update an existing directory',
    argsUsage: '<key> <value>',
    flags: [uflag.int('ttl', 0n, 'key time-to-live in seconds')],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runMkdir(parseMkdirOptions(ctx, 'true'), client, ctx.f, ctx.io);
    },
  });
}
