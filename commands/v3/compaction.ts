// etcdctl compaction: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newCompactionCommand() {
  return defineCommand<V3Factory>({
    use: 'compaction [options] <revision>',
    short: 'Compacts the event history in etcd',
    flags: [
      flag.bool('physical', false, '\'true\' to wait for compaction to physically remove all old revisions'),
    ],
    run: notImplemented('compaction'),
  });
}
