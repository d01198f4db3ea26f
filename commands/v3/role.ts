// etcdctl role: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newRoleCommand() {
  return defineCommand<V3Factory>({
    use: 'role <subcommand>',
    short: 'Role related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'add <role name>',
        short: 'Adds a new role',
        run: notImplemented('role add'),
      }),
      defineCommand<V3Factory>({
        use: 'delete <role name>',
        short: 'Deletes a role',
        run: notImplemented('role delete'),
      }),
      defineCommand<V3Factory>({
        use: 'get <role name>',
        short: 'Gets detailed information of a role',
        run: notImplemented('role get'),
      }),
      defineCommand<V3Factory>({
        use: 'grant-permission [options] <role name> <permission type> <key> [endkey]',
        short: 'Grants a key to a role',
        flags: [
          flag.bool('from-key', false, 'grant a permission of keys that are greater than or equal to the given key using byte compare'),
          flag.bool('prefix', false, 'grant a prefix permission'),
        ],
        run: notImplemented('role grant-permission'),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all roles',
        run: notImplemented('role list'),
      }),
      defineCommand<V3Factory>({
        use: 'revoke-permission <role name> <key> [endkey]',
        short: 'Revokes a key from a role',
        flags: [
          flag.bool('from-key', false, 'revoke a permission of keys that are greater than or equal to the given key using byte compare'),
          flag.bool('prefix', false, 'revoke a prefix permission'),
        ],
        run: notImplemented('role revoke-permission'),
      }),
    ],
  });
}
