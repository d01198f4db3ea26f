// etcdctl auth: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newAuthCommand() {
  return defineCommand<V3Factory>({
    use: 'auth <enable or disable>',
    short: 'Enable or disable authentication',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'disable',
        short: 'Disables authentication',
        run: notImplemented('auth disable'),
      }),
      defineCommand<V3Factory>({
        use: 'enable',
        short: 'Enables authentication',
        run: notImplemented('auth enable'),
      }),
    ],
  });
}
