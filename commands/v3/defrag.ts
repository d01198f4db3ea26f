// etcdctl defrag: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newDefragCommand() {
  return defineCommand<V3Factory>({
    use: 'defrag',
    short: 'Defragments the storage of the etcd members with given endpoints',
    flags: [
      flag.bool('cluster', false, 'use all endpoints from the cluster member list'),
      flag.string('data-dir', '', 'Optional. If present, defragments a data directory not in use by etcd.'),
    ],
    run: notImplemented('defrag'),
  });
}
