// `etcdctl auth enable|disable` (ctlv2/command/auth_commands.go): PUT / DELETE /v2/auth/enable.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import { defineV2Command } from '../../src/cli/v2/urfave.js';
import { disableAuth, enableAuth } from '../../src/client/v2/auth.js';
import { authClient, exit1, orExit1, underTotalTimeout, type V2Context } from './util.js';

async function authEnableDisable(ctx: V2Context, enable: boolean): Promise<void> {
  if (ctx.args.length !== 0) throw exit1('No arguments accepted');
  const client = await authClient(ctx);
  await underTotalTimeout(ctx.f, (tctx) => orExit1(enable ? enableAuth(client, tctx) : disableAuth(client, tctx)));
  ctx.io.stdout.write(enable ? 'Authentication Enabled\n' : 'Authentication Disabled\n');
}

export function newAuthCommand() {
  return defineV2Command<V2Factory>({
    name: 'auth',
    usage: 'overall auth controls',
    subcommands: [
      defineV2Command<V2Factory>({
        name: 'enable',
        usage: 'enable auth access controls',
        argsUsage: ' ',
        action: (ctx) => authEnableDisable(ctx, true),
      }),
      defineV2Command<V2Factory>({
        name: 'disable',
        usage: 'disable auth access controls',
        argsUsage: ' ',
        action: (ctx) => authEnableDisable(ctx, false),
      }),
    ],
  });
}
