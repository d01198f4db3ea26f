// `etcdctl user add|get|list|remove|grant|revoke|passwd` (ctlv2/command/user_commands.go).
// Errors are printed as they are, exit 1. Passwords not given as `user:password` are asked for
// with `New password: `.
import { CliError } from '../../src/cli/core/errors.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { addUser, changePassword, getUser, grantUser, listUsers, removeUser, revokeUser } from '../../src/client/v2/auth.js';
import { authClient, errText, exit1, orExit1, underTotalTimeout, type V2Context } from './util.js';

/** mustUserAPIAndName: exactly one argument, then the client. */
async function userAndClient(ctx: V2Context): Promise<[string, V2Client]> {
  if (ctx.args.length !== 1) throw exit1('Please provide a username');
  const client = await authClient(ctx);
  return [ctx.args[0]!, client];
}

/** Ctrl-C at the prompt ends the command as speakeasy does (exit 255, no message): not a read error. */
async function askNewPassword(f: V2Factory): Promise<string> {
  try {
    return await f.askPassword('New password: ');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw exit1(`Error reading password: ${errText(e)}`);
  }
}

export function runUserAdd(userarg: string, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  return underTotalTimeout(f, async (ctx) => {
    const colon = userarg.indexOf(':');
    const user = colon === -1 ? userarg : userarg.slice(0, colon);
    const pass = colon === -1 ? await askNewPassword(f) : userarg.slice(colon + 1);
    await orExit1(addUser(client, ctx, user, pass));
    io.stdout.write(`User ${user} created\n`);
  });
}

export function runUserPasswd(user: string, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  return underTotalTimeout(f, async (ctx) => {
    const pass = await askNewPassword(f);
    await orExit1(changePassword(client, ctx, user, pass));
    io.stdout.write('Password updated\n');
  });
}

async function userGrantRevoke(ctx: V2Context, grant: boolean): Promise<void> {
  const roles = ctx.strings('roles');
  if (roles.length === 0) throw exit1('No roles specified; please use `--roles`');
  await underTotalTimeout(ctx.f, async (tctx) => {
    const [user, client] = await userAndClient(ctx);
    await orExit1(grant ? grantUser(client, tctx, user, roles) : revokeUser(client, tctx, user, roles));
    ctx.io.stdout.write(`User ${user} updated\n`);
  });
}

const rolesFlag = () => uflag.stringSlice('roles', 'List of roles to grant or revoke');

export function newUserCommand() {
  return defineV2Command<V2Factory>({
    name: 'user',
    usage: 'user add, grant and revoke subcommands',
    subcommands: [
      defineV2Command<V2Factory>({
        name: 'add',
        usage: 'add a new user for the etcd cluster',
        argsUsage: '<user>',
        action: async (ctx) => {
          const [userarg, client] = await userAndClient(ctx);
          await runUserAdd(userarg, client, ctx.f, ctx.io);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'get',
        usage: 'get details for a user',
        argsUsage: '<user>',
        action: async (ctx) => {
          const [name, client] = await userAndClient(ctx);
          const user = await underTotalTimeout(ctx.f, (tctx) => orExit1(getUser(client, tctx, name)));
          ctx.io.stdout.write(`User: ${user.user}\nRoles: ${(user.roles ?? []).join(' ')}\n`);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'list',
        usage: 'list all current users',
        argsUsage: '<user>',
        action: async (ctx) => {
          if (ctx.args.length !== 0) throw exit1('No arguments accepted');
          const client = await authClient(ctx);
          const users = await underTotalTimeout(ctx.f, (tctx) => orExit1(listUsers(client, tctx)));
          ctx.io.stdout.write(users.map((u) => `${u}\n`).join(''));
        },
      }),
      defineV2Command<V2Factory>({
        name: 'remove',
        usage: 'remove a user for the etcd cluster',
        argsUsage: '<user>',
        action: async (ctx) => {
          const [user, client] = await userAndClient(ctx);
          await underTotalTimeout(ctx.f, (tctx) => orExit1(removeUser(client, tctx, user)));
          ctx.io.stdout.write(`User ${user} removed\n`);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'grant',
        usage: 'grant roles to an etcd user',
        argsUsage: '<user>',
        flags: [rolesFlag()],
        action: (ctx) => userGrantRevoke(ctx, true),
      }),
      defineV2Command<V2Factory>({
        name: 'revoke',
        usage: 'revoke roles for an etcd user',
        argsUsage: '<user>',
        flags: [rolesFlag()],
        action: (ctx) => userGrantRevoke(ctx, false),
      }),
      defineV2Command<V2Factory>({
        name: 'passwd',
        usage: 'change password for a user',
        argsUsage: '<user>',
        action: async (ctx) => {
          const [user, client] = await userAndClient(ctx);
          await runUserPasswd(user, client, ctx.f, ctx.io);
        },
      }),
    ],
  });
}
