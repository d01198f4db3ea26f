// `etcdctl rmdir <key>` (ctlv2/command/rmdir_command.go): DELETE ?dir=true, printed like rm.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import { defineV2Command } from '../../src/cli/v2/urfave.js';
import { runRm } from './rm.js';
import { requireKey } from './util.js';

export function newRmdirCommand() {
  return defineV2Command<V2Factory>({
    name: 'rmdir',
    usage: 'removes the key if it is an empty directory or a key-value pair',
    argsUsage: '<key>',
    action: async (ctx) => {
      const client = await ctx.f.client();
      const key = requireKey(ctx);
      await runRm({ key, dir: true, recursive: false, prevValue: '', prevIndex: 0n }, client, ctx.f, ctx.io);
    },
  });
}
