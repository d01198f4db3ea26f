// etcdctl elect: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newElectCommand() {
  return defineCommand<V3Factory>({
    use: 'elect <election-name> [proposal]',
    short: 'Observes and participates in leader election',
    flags: [
      flag.bool('listen', false, 'observation mode', 'l'),
    ],
    run: notImplemented('elect'),
  });
}
