// etcdutl defrag --data-dir DIR (etcdutl/etcdutl/defrag_command.go): etcdctl's offline defrag
// (commands/v3/defrag.ts defragOffline) with etcdutl's messages and log lines.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { IO } from '../../src/cli/core/io.js';
import { consoleSink, fatalText, type ConsoleSink } from '../../src/etcdutl/logger.js';
import { markRequired } from '../../src/etcdutl/usage.js';
import { humanizeBytes } from '../../src/format/humanize.js';
import { goQuote } from '../../src/format/go-quote.js';
import { OfflineDefragError, defragOffline } from '../v3/defrag.js';

export function parseDefragOptions(ctx: RunContext<undefined>): { dataDir: string } {
  return { dataDir: ctx.flags.string('data-dir') };
}

/**
 * A db that cannot be opened is etcd's `failed to open database` panic: its first line (the log
 * line), exit 2, without Go's stack dump. A failed rewrite is
 * `Error: Failed to defragment etcd data[DIR] (...)`, exit 1. The source db is never left
 * half-written (see defragOffline).
 */
export async function runDefrag(opts: { dataDir: string }, io: IO, sink: ConsoleSink = consoleSink(io)): Promise<void> {
  const { dataDir } = opts;
  const started = performance.now();
  let result;
  try {
    result = await defragOffline(dataDir, (db) =>
      io.stderr.write(`waiting for etcd to close and release its lock on ${goQuote(db)}. To defrag a running etcd instance, omit --data-dir.\n`),
      true,
    );
  } catch (err) {
    if (!(err instanceof OfflineDefragError)) throw err;
    if (err.stage === 'open') {
      throw new CliError(
        err.message,
        ExitCode.BadConnection,
        fatalText({ level: 'panic', msg: 'failed to open database', caller: 'backend/backend.go:201', fields: [['path', err.db], ['error', err.message]] }),
      );
    }
    throw new CliError(`Failed to defragment etcd data[${dataDir}] (${err.message})`, ExitCode.Error);
  }
  // etcd logs the db's size and size in use before and after
  const { db, sizeBefore, inUseBefore, sizeAfter, inUseAfter } = result;
  const size = (n: bigint) => humanizeBytes(Number(n));
  sink({
    level: 'info', msg: 'defragmenting', caller: 'backend/backend.go:509',
    fields: [
      ['path', db], ['current-db-size-bytes', sizeBefore], ['current-db-size', size(sizeBefore)],
      ['current-db-size-in-use-bytes', inUseBefore], ['current-db-size-in-use', size(inUseBefore)],
    ],
  });
  sink({
    level: 'info', msg: 'finished defragmenting directory', caller: 'backend/backend.go:561',
    fields: [
      ['path', db], ['current-db-size-bytes-diff', sizeAfter - sizeBefore], ['current-db-size-bytes', sizeAfter],
      ['current-db-size', size(sizeAfter)], ['current-db-size-in-use-bytes-diff', inUseAfter - inUseBefore],
      ['current-db-size-in-use-bytes', inUseAfter], ['current-db-size-in-use', size(inUseAfter)],
      ['took', { seconds: (performance.now() - started) / 1000 }],
    ],
  });
}

export function newDefragCommand() {
  const cmd = defineCommand<undefined>({
    use: 'defrag',
    short: 'Defragments the storage of the etcd',
    flags: [flag.string('data-dir', '', 'Required. Defragments a data directory not in use by etcd.')],
    run: (ctx) => runDefrag(parseDefragOptions(ctx), ctx.io),
  });
  return markRequired(cmd, 'data-dir');
}
