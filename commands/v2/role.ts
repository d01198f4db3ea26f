// `etcdctl role add|get|list|remove|grant|revoke` (ctlv2/command/role_commands.go). Errors are
// printed as they are, exit 1.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import {
  addRole,
  getRole,
  grantRoleKV,
  listRoles,
  removeRole,
  revokeRoleKV,
  sameRole,
  type PermissionType,
  type Role,
} from '../../src/client/v2/auth.js';
import { canonicalURLPath } from '../../src/format/go-url.js';
import { authClient, exit1, orExit1, underTotalTimeout, type V2Context } from './util.js';

/** mustRoleAPIAndName */
async function roleAndClient(ctx: V2Context): Promise<[string, V2Client]> {
  if (ctx.args.length !== 1) throw exit1('Please provide a role name');
  const name = ctx.args[0]!;
  return [name, await authClient(ctx)];
}

export interface RoleGrantOptions {
  path: string;
  perm: PermissionType;
}

/** The checks of roleGrantRevoke, before any request. */
export function parseRoleGrantOptions(ctx: V2Context): RoleGrantOptions {
  const path = ctx.string('path');
  if (path === '') throw exit1('No path specified; please use `--path`');
  if (canonicalURLPath(path) !== path) throw exit1(`Not canonical path; please use \`--path=${canonicalURLPath(path)}\``);
  const read = ctx.bool('read');
  const write = ctx.bool('write');
  const rw = ctx.bool('readwrite');
  if ([read, write, rw].filter((x) => x).length !== 1) throw exit1('Please specify exactly one of --read, --write or --readwrite');
  return { path, perm: read ? 'read' : write ? 'write' : 'readwrite' };
}

async function roleGrantRevoke(ctx: V2Context, grant: boolean): Promise<void> {
  const opts = parseRoleGrantOptions(ctx);
  const [role, client] = await roleAndClient(ctx);
  await underTotalTimeout(ctx.f, async (tctx) => {
    const current = await orExit1(getRole(client, tctx, role));
    const updated: Role = await orExit1(
      grant ? grantRoleKV(client, tctx, role, [opts.path], opts.perm) : revokeRoleKV(client, tctx, role, [opts.path], opts.perm),
    );
    let out = '';
    if (sameRole(updated, current)) out += grant ? 'Role unchanged; already granted' : 'Role unchanged; already revoked';
    ctx.io.stdout.write(`${out}Role ${role} updated\n`);
  });
}

function permFlags(verb: 'grant' | 'revoke') {
  return verb === 'grant'
    ? [
        uflag.string('path', '', 'Path granted for the role to access'),
        uflag.bool('read', 'Grant read-only access'),
        uflag.bool('write', 'Grant write-only access'),
        uflag.bool('readwrite, rw', 'Grant read-write access'),
      ]
    : [
        uflag.string('path', '', 'Path revoked for the role to access'),
        uflag.bool('read', 'Revoke read access'),
        uflag.bool('write', 'Revoke write access'),
        uflag.bool('readwrite, rw', 'Revoke read-write access'),
      ];
}

export function newRoleCommand() {
  return defineV2Command<V2Factory>({
    name: 'role',
    usage: 'role add, grant and revoke subcommands',
    subcommands: [
      defineV2Command<V2Factory>({
        name: 'add',
        usage: 'add a new role for the etcd cluster',
        argsUsage: '<role> ',
        action: async (ctx) => {
          const [role, client] = await roleAndClient(ctx);
          await underTotalTimeout(ctx.f, async (tctx) => {
            let exists = false;
            try {
              await getRole(client, tctx, role);
              exists = true;
            } catch {
              // not found (or any error): try to create it
            }
            if (exists) throw exit1(`Role ${role} already exists`);
            await orExit1(addRole(client, tctx, role));
            ctx.io.stdout.write(`Role ${role} created\n`);
          });
        },
      }),
      defineV2Command<V2Factory>({
        name: 'get',
        usage: 'get details for a role',
        argsUsage: '<role>',
        action: async (ctx) => {
          const [name, client] = await roleAndClient(ctx);
          const role = await underTotalTimeout(ctx.f, (tctx) => orExit1(getRole(client, tctx, name)));
          let out = `Role: ${role.role}\nKV Read:\n`;
          for (const p of role.permissions.kv.read ?? []) out += `\t${p}\n`;
          out += 'KV Write:\n';
          for (const p of role.permissions.kv.write ?? []) out += `\t${p}\n`;
          ctx.io.stdout.write(out);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'list',
        usage: 'list all roles',
        argsUsage: ' ',
        action: async (ctx) => {
          if (ctx.args.length !== 0) throw exit1('No arguments accepted');
          const client = await authClient(ctx);
          const roles = await underTotalTimeout(ctx.f, (tctx) => orExit1(listRoles(client, tctx)));
          ctx.io.stdout.write(roles.map((r) => `${r}\n`).join(''));
        },
      }),
      defineV2Command<V2Factory>({
        name: 'remove',
        usage: 'remove a role from the etcd cluster',
        argsUsage: '<role>',
        action: async (ctx) => {
          const [role, client] = await roleAndClient(ctx);
          await underTotalTimeout(ctx.f, (tctx) => orExit1(removeRole(client, tctx, role)));
          ctx.io.stdout.write(`Role ${role} removed\n`);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'grant',
        usage: 'grant path matches to an etcd role',
        argsUsage: '<role>',
        flags: permFlags('grant'),
        action: (ctx) => roleGrantRevoke(ctx, true),
      }),
      defineV2Command<V2Factory>({
        name: 'revoke',
        usage: 'revoke path matches for an etcd role',
        argsUsage: '<role>',
        flags: permFlags('revoke'),
        action: (ctx) => roleGrantRevoke(ctx, false),
      }),
    ],
  });
}
