// etcdctl lease: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newLeaseCommand() {
  return defineCommand<V3Factory>({
    use: 'lease <subcommand>',
    short: 'Lease related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'grant <ttl>',
        short: 'Creates leases',
        run: notImplemented('lease grant'),
      }),
      defineCommand<V3Factory>({
        use: 'keep-alive [options] <leaseID>',
        short: 'Keeps leases alive (renew)',
        flags: [
          flag.bool('once', false, 'Resets the keep-alive time to its original value and exits immediately'),
        ],
        run: notImplemented('lease keep-alive'),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'List all active leases',
        run: notImplemented('lease list'),
      }),
      defineCommand<V3Factory>({
        use: 'revoke <leaseID>',
        short: 'Revokes leases',
        run: notImplemented('lease revoke'),
      }),
      defineCommand<V3Factory>({
        use: 'timetolive <leaseID> [options]',
        short: 'Get lease information',
        flags: [
          flag.bool('keys', false, 'Get keys attached to this lease'),
        ],
        run: notImplemented('lease timetolive'),
      }),
    ],
  });
}
