// etcdutl snapshot status|restore (etcdutl/etcdutl/snapshot_command.go), and the hidden,
// deprecated `snapshot save` that only points to etcdctl. The work is etcdctl's own
// (commands/v3/snapshot.ts: runSnapshotStatus, runSnapshotRestore over src/disk); what differs is
// etcdutl's flags, its `-w` handling and its console log lines.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { IO } from '../../src/cli/core/io.js';
import type { LogEntry, LogSink } from '../../src/disk/log.js';
import { markHidden, markRequired } from '../../src/etcdutl/usage.js';
import { consoleSink, type ConsoleSink } from '../../src/etcdutl/logger.js';
import {
  parseSnapshotRestoreOptions as parseEtcdctlRestoreOptions,
  runSnapshotRestore,
  runSnapshotStatus,
  type SnapshotRestoreCommandOptions,
  type SnapshotStatusOptions,
} from '../v3/snapshot.js';

type Ctx = RunContext<undefined>;

// ---------------------------------------------------------------------------------------------
// status

export function parseSnapshotStatusOptions(ctx: Ctx): SnapshotStatusOptions {
  if (ctx.args.length !== 1) throw badArgs('snapshot status requires exactly one argument');
  return { path: ctx.args[0]!, format: ctx.flags.string('write-out') };
}

/** etcdutl's printers: etcdctl's, which print a status the same way in every format. */
export function printerFor(format: string, io: IO) {
  return async () => {
    const { newPrinter } = await import('../../src/printer/v3/printer.js');
    return newPrinter(format, { hex: false }, io);
  };
}

// ---------------------------------------------------------------------------------------------
// restore

/** bbolt's default initial mmap size (backend.InitialMmapSize), the flag's default. */
export const INITIAL_MMAP_SIZE = 10n * 1024n * 1024n * 1024n;

export interface EtcdutlRestoreOptions extends SnapshotRestoreCommandOptions {
  initialMemoryMapSize: bigint;
  bumpRevision: bigint;
  markCompacted: boolean;
}

/** etcdctl 3.5's restore options (the same flags, words and checks) and the two only etcdutl keeps. */
export function parseSnapshotRestoreOptions(ctx: Ctx): EtcdutlRestoreOptions {
  return {
    ...parseEtcdctlRestoreOptions(ctx),
    initialMemoryMapSize: ctx.flags.int('initial-memory-map-size'),
    markCompacted: ctx.flags.bool('mark-compacted'),
  };
}

/** The restore's own log lines, as etcd 3.5's v3_snapshot.go and membership package log them. */
const RESTORE_CALLERS: Record<string, string> = {
  'restoring snapshot': 'snapshot/v3_snapshot.go:265',
  'restored snapshot': 'snapshot/v3_snapshot.go:293',
  'added member': 'membership/cluster.go:421',
};

/**
 * Maps the library's restore log (etcdctl 3.4's lines) to etcdutl 3.5's: its callers, the
 * initial-memory-map-size field, the membership trim line before the first member is added; the
 * mvcc lines of 3.4's restore (which opened the db as a key-value store) are not etcdutl's.
 */
export function restoreLog(out: ConsoleSink, mmapSize: bigint): LogSink {
  let trimmed = false;
  return (e: LogEntry) => {
    // etcdutl trims the membership right after opening the db: before a revision bump's lines
    if ((e.msg === 'added member' || e.msg === 'bumping latest revision') && !trimmed) {
      trimmed = true;
      out({ level: 'info', msg: 'Trimming membership information from the backend...', caller: 'membership/store.go:141', fields: [] });
    }
    const caller = RESTORE_CALLERS[e.msg];
    if (caller === undefined) {
      if (e.caller?.startsWith('mvcc/')) return;
      out(e);
      return;
    }
    const fields = e.msg === 'added member' ? e.fields : [...e.fields, ['initial-memory-map-size', mmapSize] as const];
    out({ ...e, caller, fields });
  };
}

export async function runEtcdutlRestore(opts: EtcdutlRestoreOptions, io: IO, sink: ConsoleSink = consoleSink(io)): Promise<void> {
  await runSnapshotRestore(opts, io, restoreLog(sink, opts.initialMemoryMapSize), { allowEmptyDataDir: true });
}

export function newSnapshotCommand() {
  const restore = defineCommand<undefined>({
    use: 'restore <filename> --data-dir {output dir} [options]',
    short: 'Restores an etcd member snapshot to an etcd directory',
    flags: [
      flag.string('data-dir', '', 'Path to the output data directory'),
      flag.string('wal-dir', '', 'Path to the WAL directory (use --data-dir if none given)'),
      flag.string('initial-cluster', 'default=http://localhost:2380', 'Initial cluster configuration for restore bootstrap'),
      flag.string('initial-cluster-token', 'etcd-cluster', 'Initial cluster token for the etcd cluster during restore bootstrap'),
      flag.string('initial-advertise-peer-urls', 'http://localhost:2380', "List of this member's peer URLs to advertise to the rest of the cluster"),
      flag.string('name', 'default', 'Human-readable name for this member'),
      flag.bool('skip-hash-check', false, 'Ignore snapshot integrity hash value (required if copied from data directory)'),
      flag.uint64(
        'initial-memory-map-size',
        INITIAL_MMAP_SIZE,
        'Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0',
      ),
      flag.uint64('bump-revision', 0n, 'How much to increase the latest revision after restore'),
      flag.bool(
        'mark-compacted',
        false,
        'Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)',
      ),
    ],
    run: (ctx) => runEtcdutlRestore(parseSnapshotRestoreOptions(ctx), ctx.io),
  });
  markRequired(restore, 'data-dir');
  const save = defineCommand<undefined>({
    use: 'save <filename>',
    short: 'Stores an etcd node backend snapshot to a given file',
    disableFlagsInUseLine: true,
    run: () => {
      throw badArgs('In order to download snapshot use: `etcdctl snapshot save ...`');
    },
  });
  markHidden(save, 'Use `etcdctl snapshot save` to download snapshot');
  return defineCommand<undefined>({
    use: 'snapshot <subcommand>',
    short: 'Manages etcd node snapshots',
    subcommands: [
      restore,
      save,
      defineCommand<undefined>({
        use: 'status <filename>',
        short: 'Gets backend snapshot status of a given file',
        long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are hash, revision, total keys, total size.
`,
        run: (ctx) => {
          const opts = parseSnapshotStatusOptions(ctx);
          return runSnapshotStatus(opts, printerFor(opts.format, ctx.io));
        },
      }),
    ],
  });
}
