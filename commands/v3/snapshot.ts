// etcdctl snapshot: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newSnapshotCommand() {
  return defineCommand<V3Factory>({
    use: 'snapshot <subcommand>',
    short: 'Manages etcd node snapshots',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'restore <filename> [options]',
        short: 'Restores an etcd member snapshot to an etcd directory',
        flags: [
          flag.string('data-dir', '', 'Path to the data directory'),
          flag.string('initial-advertise-peer-urls', 'http://localhost:2380', 'List of this member\'s peer URLs to advertise to the rest of the cluster'),
          flag.string('initial-cluster', 'default=http://localhost:2380', 'Initial cluster configuration for restore bootstrap'),
          flag.string('initial-cluster-token', 'etcd-cluster', 'Initial cluster token for the etcd cluster during restore bootstrap'),
          flag.string('name', 'default', 'Human-readable name for this member'),
          flag.bool('skip-hash-check', false, 'Ignore snapshot integrity hash value (required if copied from data directory)'),
          flag.string('wal-dir', '', 'Path to the WAL directory (use --data-dir if none given)'),
        ],
        run: notImplemented('snapshot restore'),
      }),
      defineCommand<V3Factory>({
        use: 'save <filename>',
        short: 'Stores an etcd node backend snapshot to a given file',
        run: notImplemented('snapshot save'),
      }),
      defineCommand<V3Factory>({
        use: 'status <filename>',
        short: 'Gets backend snapshot status of a given file',
        long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are hash, revision, total keys, total size.`,
        run: notImplemented('snapshot status'),
      }),
    ],
  });
}
