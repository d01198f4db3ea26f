// etcdctl watch: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newWatchCommand() {
  return defineCommand<V3Factory>({
    use: 'watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]',
    short: 'Watches events stream on keys or prefixes',
    flags: [
      flag.bool('interactive', false, 'Interactive mode', 'i'),
      flag.bool('prefix', false, 'Watch on a prefix if prefix is set'),
      flag.bool('prev-kv', false, 'get the previous key-value pair before the event happens'),
      flag.int64('rev', 0n, 'Revision to start watching'),
    ],
    run: notImplemented('watch'),
  });
}
