// etcdctl lock: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newLockCommand() {
  return defineCommand<V3Factory>({
    use: 'lock <lockname> [exec-command arg1 arg2 ...]',
    short: 'Acquires a named lock',
    flags: [
      flag.int64('ttl', 10n, 'timeout for session'),
    ],
    run: notImplemented('lock'),
  });
}
