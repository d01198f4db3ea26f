// etcdctl check: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newCheckCommand() {
  return defineCommand<V3Factory>({
    use: 'check <subcommand>',
    short: 'commands for checking properties of the etcd cluster',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'datascale [options]',
        short: 'Check the memory usage of holding data for different workloads on a given server endpoint.',
        long: `If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.`,
        flags: [
          flag.bool('auto-compact', false, 'Compact storage with last revision after test is finished.'),
          flag.bool('auto-defrag', false, 'Defragment storage after test is finished.'),
          flag.string('load', 's', 'The datascale check\'s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)'),
          flag.string('prefix', '/etcdctl-check-datascale/', 'The prefix for writing the datascale check\'s keys.'),
        ],
        run: notImplemented('check datascale'),
      }),
      defineCommand<V3Factory>({
        use: 'perf [options]',
        short: 'Check the performance of the etcd cluster',
        flags: [
          flag.bool('auto-compact', false, 'Compact storage with last revision after test is finished.'),
          flag.bool('auto-defrag', false, 'Defragment storage after test is finished.'),
          flag.string('load', 's', 'The performance check\'s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)'),
          flag.string('prefix', '/etcdctl-check-perf/', 'The prefix for writing the performance check\'s keys.'),
        ],
        run: notImplemented('check perf'),
      }),
    ],
  });
}
