// etcdctl txn: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newTxnCommand() {
  return defineCommand<V3Factory>({
    use: 'txn [options]',
    short: 'Txn processes all the requests in one transaction',
    flags: [
      flag.bool('interactive', false, 'Input transaction in interactive mode', 'i'),
    ],
    run: notImplemented('txn'),
  });
}
