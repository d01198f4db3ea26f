// etcdctl member: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newMemberCommand() {
  return defineCommand<V3Factory>({
    use: 'member <subcommand>',
    short: 'Membership related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'add <memberName> [options]',
        short: 'Adds a member into the cluster',
        flags: [
          flag.bool('learner', false, 'indicates if the new member is raft learner'),
          flag.string('peer-urls', '', 'comma separated peer URLs for the new member.'),
        ],
        run: notImplemented('member add'),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all members in the cluster',
        long: `When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.
The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.`,
        run: notImplemented('member list'),
      }),
      defineCommand<V3Factory>({
        use: 'promote <memberID>',
        short: 'Promotes a non-voting member in the cluster',
        long: `Promotes a non-voting learner member to a voting one in the cluster.`,
        run: notImplemented('member promote'),
      }),
      defineCommand<V3Factory>({
        use: 'remove <memberID>',
        short: 'Removes a member from the cluster',
        run: notImplemented('member remove'),
      }),
      defineCommand<V3Factory>({
        use: 'update <memberID> [options]',
        short: 'Updates a member in the cluster',
        flags: [
          flag.string('peer-urls', '', 'comma separated peer URLs for the updated member.'),
        ],
        run: notImplemented('member update'),
      }),
    ],
  });
}
