// etcdctl alarm: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newAlarmCommand() {
  return defineCommand<V3Factory>({
    use: 'alarm <subcommand>',
    short: 'Alarm related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'disarm',
        short: 'Disarms all alarms',
        run: notImplemented('alarm disarm'),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all alarms',
        run: notImplemented('alarm list'),
      }),
    ],
  });
}
