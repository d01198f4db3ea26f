// `etcdctl user add|get|list|remove|grant|revoke|passwd` (ctlv2/command/user_commands.go).
// Errors are printed as they are, exit 1. Passwords not given as `user:password` are asked for
// with `New password: `.
import type { V2Factory } from '../../src/cli/factory-v2.js';
import type { IO } from '../../src/cli/io.js';
import { defineV2Command, uflag } from '../../src/cli/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import type { Ctx } from '../../src/client/v2/context.js';
import { addUser, changePassword, getUser, grantUser, listUsers, removeUser, revokeUser } from '../../src/client/v2/auth.js';
import { authClient, errText, exit1, type V2Context } from './util.js';

/** mustUserAPIAndName: exactly one argument, then the client. */
async function userAndClient(ctx: V2Context): Promise<[string, V2Client]> {
  if (ctx.args.length !== 1) throw exit1('Please provide a username');
  const client = await authClient(ctx);
  return [ctx.args[0]!, client];
}

/** Runs one call under the total timeout; errors print as they are. */
async function call<T>(ctx: Ctx, fn: (c: Ctx) => Promise<T>): Promise<T> {
  try {
    return await fn(ctx);
  } catch (e) {
    throw exit1(errText(e));
  }
}

export async function runUserAdd(userarg: string, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const ctx = f.totalTimeout();
  try {
    const colon = userarg.indexOf(':');
    const user = colon === -1 ? userarg : userarg.slice(0, colon);
    let pass: string;
    if (colon === -1) {
      try {
        pass = await f.askPassword('New password: ');
      } catch (e) {
        throw exit1(`Error reading password: ${errText(e)}`);
      }
    } else pass = userarg.slice(colon + 1);
    await call(ctx, (c) => addUser(client, c, user, pass));
    io.stdout.write(`User ${user} created\n`);
  } finally {
    ctx.cancel();
  }
}

export async function runUserPasswd(user: string, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const ctx = f.totalTimeout();
  try {
    let pass: string;
    try {
      pass = await f.askPassword('New password: ');
    } catch (e) {
      throw exit1(`Error reading password: ${errText(e)}`);
    }
    await call(ctx, (c) => changePassword(client, c, user, pass));
    io.stdout.write('Password updated\n');
  } finally {
    ctx.cancel();
  }
}

async function userGrantRevoke(ctx: V2Context, grant: boolean): Promise<void> {
  const roles = ctx.strings('roles');
  if (roles.length === 0) throw exit1('No roles specified; please use `--roles`');
  const tctx = ctx.f.totalTimeout();
  try {
    const [user, client] = await userAndClient(ctx);
    await call(tctx, (c) => (grant ? grantUser(client, c, user, roles) : revokeUser(client, c, user, roles)));
    ctx.io.stdout.write(`User ${user} updated\n`);
  } finally {
    tctx.cancel();
  }
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
          const tctx = ctx.f.totalTimeout();
          const user = await call(tctx, (c) => getUser(client, c, name)).finally(() => tctx.cancel());
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
          const tctx = ctx.f.totalTimeout();
          const users = await call(tctx, (c) => listUsers(client, c)).finally(() => tctx.cancel());
          ctx.io.stdout.write(users.map((u) => `${u}\n`).join(''));
        },
      }),
      defineV2Command<V2Factory>({
        name: 'remove',
        usage: 'remove a user for the etcd cluster',
        argsUsage: '<user>',
        action: async (ctx) => {
          const [user, client] = await userAndClient(ctx);
          const tctx = ctx.f.totalTimeout();
          await call(tctx, (c) => removeUser(client, c, user)).finally(() => tctx.cancel());
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
