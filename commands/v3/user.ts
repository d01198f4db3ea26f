// etcdctl user: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newUserCommand() {
  return defineCommand<V3Factory>({
    use: 'user <subcommand>',
    short: 'User related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'add <user name or user:password> [options]',
        short: 'Adds a new user',
        flags: [
          flag.bool('interactive', true, 'Read password from stdin instead of interactive terminal'),
          flag.string('new-user-password', '', 'Supply password from the command line flag'),
          flag.bool('no-password', false, 'Create a user without password (CN based auth only)'),
        ],
        run: notImplemented('user add'),
      }),
      defineCommand<V3Factory>({
        use: 'delete <user name>',
        short: 'Deletes a user',
        run: notImplemented('user delete'),
      }),
      defineCommand<V3Factory>({
        use: 'get <user name> [options]',
        short: 'Gets detailed information of a user',
        flags: [
          flag.bool('detail', false, 'Show permissions of roles granted to the user'),
        ],
        run: notImplemented('user get'),
      }),
      defineCommand<V3Factory>({
        use: 'grant-role <user name> <role name>',
        short: 'Grants a role to a user',
        run: notImplemented('user grant-role'),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all users',
        run: notImplemented('user list'),
      }),
      defineCommand<V3Factory>({
        use: 'passwd <user name> [options]',
        short: 'Changes password of user',
        flags: [
          flag.bool('interactive', true, 'If true, read password from stdin instead of interactive terminal'),
        ],
        run: notImplemented('user passwd'),
      }),
      defineCommand<V3Factory>({
        use: 'revoke-role <user name> <role name>',
        short: 'Revokes a role from a user',
        run: notImplemented('user revoke-role'),
      }),
    ],
  });
}
