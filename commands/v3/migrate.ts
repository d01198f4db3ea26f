// etcdctl migrate: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newMigrateCommand() {
  return defineCommand<V3Factory>({
    use: 'migrate',
    short: 'Migrates keys in a v2 store to a mvcc store',
    flags: [
      flag.string('data-dir', '', 'Path to the data directory'),
      flag.bool('no-ttl', false, 'Do not convert TTL keys'),
      flag.string('transformer', '', 'Path to the user-provided transformer program'),
      flag.string('wal-dir', '', 'Path to the WAL directory'),
    ],
    run: notImplemented('migrate'),
  });
}
