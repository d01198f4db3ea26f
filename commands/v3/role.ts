// etcdctl role add|delete|get|list|grant-permission|revoke-permission
// (etcdctl/ctlv3/command/role_command.go)
//
// Argument checks (exit 128), then the client (-w, --user; exit 2), then one RPC with no timeout
// (etcdctl uses context.TODO() here); its error is exit 1. Permission ranges follow etcdctl's
// permRange: an empty key means `\x00` (with --prefix/--from-key: the whole key space, end `\x00`);
// --prefix ends at the prefix end, --from-key at `\x00`, an explicit endkey is taken as is.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { prefixEnd } from '../../src/client/v3/range.js';

type Ctx = RunContext<V3Factory>;

// authpb.Permission.Type
const PERM_TYPES: Record<string, number> = { READ: 0, WRITE: 1, READWRITE: 2 };

function oneRole(ctx: Ctx, sub: string): string {
  if (ctx.args.length !== 1) throw badArgs(`role ${sub} command requires role name as its argument`);
  return ctx.args[0]!;
}

/** etcdctl's permRange over [key, endkey?] with the --prefix/--from-key flags. */
export function permRange(args: string[], prefix: boolean, fromKey: boolean): { key: Buffer; rangeEnd: Buffer } {
  const key = args[0]!;
  if (key.length === 0) {
    if (prefix && fromKey) throw badArgs('--from-key and --prefix flags are mutually exclusive');
    // the empty prefix means every key: the range ["\x00", <end>)
    return { key: Buffer.from([0]), rangeEnd: prefix || fromKey ? Buffer.from([0]) : Buffer.alloc(0) };
  }
  const k = Buffer.from(key);
  if (args.length === 1) {
    if (prefix) {
      if (fromKey) throw badArgs('--from-key and --prefix flags are mutually exclusive');
      return { key: k, rangeEnd: prefixEnd(k) };
    }
    if (fromKey) return { key: k, rangeEnd: Buffer.from([0]) };
    return { key: k, rangeEnd: Buffer.alloc(0) };
  }
  if (prefix) throw badArgs('unexpected endkey argument with --prefix flag');
  if (fromKey) throw badArgs('unexpected endkey argument with --from-key flag');
  return { key: k, rangeEnd: Buffer.from(args[1]!) };
}

export interface GrantOptions {
  role: string;
  permType: number;
  key: Buffer;
  rangeEnd: Buffer;
}

export function parseGrantOptions(ctx: Ctx): GrantOptions {
  const { args, flags } = ctx;
  if (args.length < 3) throw badArgs('role grant command requires role name, permission type, and key [endkey] as its argument');
  const permType = PERM_TYPES[args[1]!.toUpperCase()];
  if (permType === undefined) throw badArgs(`invalid permission type: ${args[1]}`);
  return { role: args[0]!, permType, ...permRange(args.slice(2), flags.bool('prefix'), flags.bool('from-key')) };
}

export async function runRoleGrantPermission(opts: GrantOptions, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(
    client.roleGrantPermission({ name: opts.role, perm: { permType: opts.permType, key: opts.key, rangeEnd: opts.rangeEnd } }),
  );
  (await f.printer()).roleGrantPermission(opts.role, resp);
}

export interface RevokeOptions {
  role: string;
  /** the key argument as given (printed back) */
  keyArg: string;
  key: Buffer;
  rangeEnd: Buffer;
}

export function parseRevokeOptions(ctx: Ctx): RevokeOptions {
  const { args, flags } = ctx;
  if (args.length < 2) throw badArgs('role revoke-permission command requires role name and key [endkey] as its argument');
  return { role: args[0]!, keyArg: args[1]!, ...permRange(args.slice(1), flags.bool('prefix'), flags.bool('from-key')) };
}

export async function runRoleRevokePermission(opts: RevokeOptions, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.roleRevokePermission({ role: opts.role, key: opts.key, rangeEnd: opts.rangeEnd }));
  (await f.printer()).roleRevokePermission(opts.role, opts.keyArg, opts.rangeEnd.toString('utf8'), resp);
}

export function newRoleCommand() {
  return defineCommand<V3Factory>({
    use: 'role <subcommand>',
    short: 'Role related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'add <role name>',
        short: 'Adds a new role',
        run: async (ctx) => {
          const name = oneRole(ctx, 'add');
          const client = await ctx.f.client();
          const resp = await orExitError(client.roleAdd({ name }));
          (await ctx.f.printer()).roleAdd(name, resp);
        },
      }),
      defineCommand<V3Factory>({
        use: 'delete <role name>',
        short: 'Deletes a role',
        run: async (ctx) => {
          const role = oneRole(ctx, 'delete');
          const client = await ctx.f.client();
          const resp = await orExitError(client.roleDelete({ role }));
          (await ctx.f.printer()).roleDelete(role, resp);
        },
      }),
      defineCommand<V3Factory>({
        use: 'get <role name>',
        short: 'Gets detailed information of a role',
        run: async (ctx) => {
          const role = oneRole(ctx, 'get');
          const client = await ctx.f.client();
          const resp = await orExitError(client.roleGet({ role }));
          (await ctx.f.printer()).roleGet(role, resp);
        },
      }),
      defineCommand<V3Factory>({
        use: 'grant-permission [options] <role name> <permission type> <key> [endkey]',
        short: 'Grants a key to a role',
        flags: [
          flag.bool('from-key', false, 'grant a permission of keys that are greater than or equal to the given key using byte compare'),
          flag.bool('prefix', false, 'grant a prefix permission'),
        ],
        run: (ctx) => runRoleGrantPermission(parseGrantOptions(ctx), ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all roles',
        run: async (ctx) => {
          if (ctx.args.length !== 0) throw badArgs('role list command requires no arguments');
          const client = await ctx.f.client();
          const resp = await orExitError(client.roleList());
          (await ctx.f.printer()).roleList(resp);
        },
      }),
      defineCommand<V3Factory>({
        use: 'revoke-permission <role name> <key> [endkey]',
        short: 'Revokes a key from a role',
        flags: [
          flag.bool('from-key', false, 'revoke a permission of keys that are greater than or equal to the given key using byte compare'),
          flag.bool('prefix', false, 'revoke a prefix permission'),
        ],
        run: (ctx) => runRoleRevokePermission(parseRevokeOptions(ctx), ctx.f),
      }),
    ],
  });
}
