// etcdctl snapshot save|status|restore (etcdctl/ctlv3/command/snapshot_command.go,
// clientv3/snapshot/v3_snapshot.go).
//
// save is where the client and disk layers meet: the Maintenance/Snapshot stream
// (src/client/v3/snapshot.ts) is handed to the snapshot file writer (src/disk/snapshot-file.ts),
// which writes `<file>.part` with backpressure, checks the sha256 trailer, fsyncs and renames.
// status and restore are offline: both layers are imported lazily, so they evaluate the disk
// library only and never load gRPC (test/e2e/snapshot.test.ts checks Node's module list).
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, badArgs, badFeature, v3Error } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { humanizeBytes } from '../../src/format/humanize.js';
import type { LogEntry, LogSink, SnapshotRestoreOptions } from '../../src/disk/index.js';
import type { Printer } from '../../src/printer/v3/printer.js';
import type { SnapshotStream } from '../../src/client/v3/snapshot.js';

type Ctx = RunContext<V3Factory>;

/** zap.NewProduction() lines on stderr, as etcdctl's snapshot commands log. */
async function zapSink(io: IO, before?: () => void): Promise<LogSink> {
  const { formatZapProduction } = await import('../../src/disk/index.js');
  return (e: LogEntry) => {
    before?.();
    io.stderr.write(`${formatZapProduction(e, Date.now())}\n`);
  };
}

// ---------------------------------------------------------------------------------------------
// save

export interface SnapshotSaveOptions {
  path: string;
  /** --command-timeout was set (flag or ETCDCTL_COMMAND_TIMEOUT): the whole save is bounded */
  bounded: boolean;
}

export function parseSnapshotSaveOptions(ctx: Ctx): SnapshotSaveOptions {
  if (ctx.args.length !== 1) throw badArgs('snapshot save expects one argument');
  return { path: ctx.args[0]!, bounded: false };
}

/** Interrupting signals: the .part file is removed and the command exits 5. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** A progress line on a terminal's stderr: bytes so far and the rate, redrawn in place. */
class Progress {
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private start = 0;

  constructor(
    private readonly io: IO,
    private readonly bytes: () => number,
  ) {}

  begin(): void {
    if (!this.io.stderrIsTTY) return;
    this.start = performance.now();
    this.timer = setInterval(() => this.draw(), 250);
    this.timer.unref();
  }

  private draw(): void {
    const n = this.bytes();
    const secs = (performance.now() - this.start) / 1000;
    const rate = secs > 0 ? Math.round(n / secs) : 0;
    this.io.stderr.write(`\r\x1b[KFetching snapshot: ${humanizeBytes(n)} (${humanizeBytes(rate)}/s)`);
    this.shown = true;
  }

  /** erases the line (before a log line, and at the end) */
  clear(): void {
    if (this.shown) this.io.stderr.write('\r\x1b[K');
    this.shown = false;
  }

  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }
}

/**
 * The HTTP/2 window of the snapshot connection: what etcd may send ahead of a paused reader (a
 * disk that throttles writes). 4 MiB instead of the client's 16 MiB keeps that buffer small;
 * loopback and LAN transfers are as fast (measured), long fat links may get slower.
 */
const SNAPSHOT_WINDOW = 4 << 20;

/** bytes streamed between two minor GCs (src/cli/core/young-gc.ts): peak RSS stays well under 96 MiB */
const GC_EVERY = 4 << 20;

export async function runSnapshotSave(opts: SnapshotSaveOptions, f: V3Factory, io: IO): Promise<void> {
  const cfg = await f.clientConfig();
  if (cfg.endpoints.length !== 1) {
    throw new CliError(`snapshot must be requested to one selected node, not multiple [${cfg.endpoints.join(' ')}]`, ExitCode.Interrupted);
  }
  // etcdctl: no timeout unless --command-timeout was given; then it bounds the whole save
  const deadline = opts.bounded ? f.commandDeadline() : undefined;

  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const offs = STOP_SIGNALS.map((sig) =>
    io.onSignal(sig, () => {
      stoppedBy ??= sig;
      controller.abort();
    }),
  );
  const signal = controller.signal;
  let stream: SnapshotStream | undefined;
  const progress = new Progress(io, () => stream?.received ?? 0);
  const log = await zapSink(io, () => progress.clear());
  const interrupted = () => new CliError(`snapshot save interrupted by ${stoppedBy}`, ExitCode.Interrupted);
  try {
    let client;
    try {
      client = await f.clientFor(cfg.endpoints, { flowControlWindow: SNAPSHOT_WINDOW });
    } catch (e) {
      // clientv3.New fails inside Save, which exits 5; TLS file problems stay 128
      if (e instanceof CliError && e.exitCode === ExitCode.BadConnection) throw new CliError(e.message, ExitCode.Interrupted);
      throw e;
    }
    if (signal.aborted) throw interrupted();

    const [{ SnapshotFileWriter }, { openSnapshotStream }, { youngGcEvery }] = await Promise.all([
      import('../../src/disk/index.js'),
      import('../../src/client/v3/snapshot.js'),
      import('../../src/cli/core/young-gc.js'),
    ]);
    const endpoint = cfg.endpoints[0]!;
    const writer = await SnapshotFileWriter.open(opts.path);
    try {
      log({ level: 'info', msg: 'created temporary db file', caller: 'snapshot/v3_snapshot.go:119', fields: [['path', writer.partPath]] });
      const start = performance.now();
      // clientv3's Snapshot logs around the stream through its own logger (ISO 8601 times)
      const onEnd = (error: string | undefined) =>
        log(
          error === undefined
            ? { level: 'info', msg: 'completed snapshot read; closing', caller: 'clientv3/maintenance.go:208', fields: [], isoTime: true }
            : { level: 'warn', msg: 'failed to receive from snapshot stream; closing', caller: 'clientv3/maintenance.go:210', fields: [['error', error]], isoTime: true },
        );
      stream = await openSnapshotStream(client, { ...(deadline ? { deadline } : {}), signal, onBlob: youngGcEvery(GC_EVERY), onEnd });
      log({ level: 'info', msg: 'opened snapshot stream; downloading', caller: 'clientv3/maintenance.go:200', fields: [], isoTime: true });
      log({ level: 'info', msg: 'fetching snapshot', caller: 'snapshot/v3_snapshot.go:127', fields: [['endpoint', endpoint]] });
      progress.begin();
      const { size } = await writer.write(stream, { signal });
      progress.end();
      log({
        level: 'info', msg: 'fetched snapshot', caller: 'snapshot/v3_snapshot.go:142',
        fields: [['endpoint', endpoint], ['size', humanizeBytes(size)], ['took', { seconds: Math.round((performance.now() - start) * 1e6) / 1e9 }]],
      });
      if (signal.aborted) throw interrupted();
      await writer.commit();
      log({ level: 'info', msg: 'saved', caller: 'snapshot/v3_snapshot.go:152', fields: [['path', opts.path]] });
    } catch (e) {
      progress.end();
      await writer.abort();
      throw e;
    }
  } catch (e) {
    if (stoppedBy) throw interrupted();
    if (e instanceof CliError) throw e;
    throw new CliError((e as Error).message, ExitCode.Interrupted);
  } finally {
    for (const off of offs) off();
  }
  io.stdout.write(`Snapshot saved at ${opts.path}\n`);
}

// ---------------------------------------------------------------------------------------------
// status

export interface SnapshotStatusOptions {
  path: string;
  format: string;
}

/** `-w` as given on the command line: etcdctl's status builds no client, so ETCDCTL_WRITE_OUT is ignored. */
export function parseSnapshotStatusOptions(ctx: Ctx): SnapshotStatusOptions {
  if (ctx.args.length !== 1) throw badArgs('snapshot status requires exactly one argument');
  return { path: ctx.args[0]!, format: ctx.flags.string('write-out') };
}

/**
 * `snapshot status` of etcdctl and etcdutl: reads the file, then prints with the printer the
 * command's `-w` asks for (`printer` undefined for protobuf, which no tool prints a status in).
 */
export async function runSnapshotStatus(opts: SnapshotStatusOptions, printer: () => Promise<Printer>): Promise<void> {
  // an unknown -w exits 4 before the file is read; protobuf fails only after it was read (and
  // its printer, which loads the gRPC message types, is not needed for that)
  const p = opts.format === 'protobuf' ? undefined : await printer();
  // the status module alone: restore's and save's code is not evaluated
  const [{ snapshotStatus }, { DiskError }] = await Promise.all([
    import('../../src/disk/snapshot-status.js'),
    import('../../src/disk/errors.js'),
  ]);
  let st;
  try {
    st = await snapshotStatus(opts.path);
  } catch (e) {
    if (e instanceof DiskError) throw v3Error(e.message);
    throw e;
  }
  if (!p) throw badFeature('protobuf not supported as output format');
  p.dbStatus(st);
}

// ---------------------------------------------------------------------------------------------
// restore

export interface SnapshotRestoreCommandOptions {
  snapshotPath: string;
  name: string;
  dataDir: string;
  walDir: string;
  initialCluster: string;
  initialClusterToken: string;
  initialAdvertisePeerUrls: string;
  skipHashCheck: boolean;
  /** etcdctl 3.5's --bump-revision (with --mark-compacted, checked here) */
  bumpRevision: bigint;
}

export function parseSnapshotRestoreOptions(ctx: Pick<Ctx, 'args' | 'flags'>): SnapshotRestoreCommandOptions {
  const { args, flags } = ctx;
  if (args.length !== 1) throw badArgs('snapshot restore requires exactly one argument');
  const bumpRevision = flags.int('bump-revision');
  // etcdctl 3.5's words (its flag is --bump-revision); --initial-memory-map-size is accepted and
  // has no effect (src/disk/snapshot-restore.ts)
  if ((bumpRevision === 0n) === flags.bool('mark-compacted')) throw badArgs('--mark-compacted required if --revision-bump > 0');
  return {
    snapshotPath: args[0]!,
    name: flags.string('name'),
    dataDir: flags.string('data-dir'),
    walDir: flags.string('wal-dir'),
    initialCluster: flags.string('initial-cluster'),
    initialClusterToken: flags.string('initial-cluster-token'),
    initialAdvertisePeerUrls: flags.string('initial-advertise-peer-urls'),
    skipHashCheck: flags.bool('skip-hash-check'),
    bumpRevision,
  };
}

/**
 * `snapshot restore` of etcdctl and etcdutl: `log` prints the library's log entries (etcdctl's
 * zap JSON lines by default); `extra` passes the options only etcdutl has.
 */
export async function runSnapshotRestore(
  opts: SnapshotRestoreCommandOptions,
  io: IO,
  log?: LogSink,
  extra: Pick<SnapshotRestoreOptions, 'allowEmptyDataDir'> = {},
): Promise<void> {
  const { snapshotRestore, DiskError } = await import('../../src/disk/index.js');
  try {
    // empty --data-dir / --wal-dir: the library's defaults are etcdctl's (<name>.etcd, <data-dir>/member/wal)
    await snapshotRestore({ ...opts, ...extra, log: log ?? (await zapSink(io)) });
  } catch (e) {
    if (e instanceof DiskError) throw v3Error(e.message);
    throw e;
  }
}

export function newSnapshotCommand() {
  return defineCommand<V3Factory>({
    use: 'snapshot <subcommand>',
    short: 'Manages etcd node snapshots',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'restore <filename> [options]',
        short: 'Restores an etcd member snapshot to an etcd directory',
        flags: [
          flag.uint64('bump-revision', 0n, 'How much to increase the latest revision after restore'),
          flag.string('data-dir', '', 'Path to the data directory'),
          flag.string('initial-advertise-peer-urls', 'http://localhost:2380', 'List of this member\'s peer URLs to advertise to the rest of the cluster'),
          flag.string('initial-cluster', 'default=http://localhost:2380', 'Initial cluster configuration for restore bootstrap'),
          flag.string('initial-cluster-token', 'etcd-cluster', 'Initial cluster token for the etcd cluster during restore bootstrap'),
          flag.uint64('initial-memory-map-size', 0n, 'Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0'),
          flag.bool('mark-compacted', false, 'Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)'),
          flag.string('name', 'default', 'Human-readable name for this member'),
          flag.bool('skip-hash-check', false, 'Ignore snapshot integrity hash value (required if copied from data directory)'),
          flag.string('wal-dir', '', 'Path to the WAL directory (use --data-dir if none given)'),
        ],
        run: (ctx) => runSnapshotRestore(parseSnapshotRestoreOptions(ctx), ctx.io),
      }),
      defineCommand<V3Factory>({
        use: 'save <filename>',
        short: 'Stores an etcd node backend snapshot to a given file',
        run: async (ctx) => {
          const opts = parseSnapshotSaveOptions(ctx);
          // ETCDCTL_COMMAND_TIMEOUT counts as given, as in etcdctl (its flag is set from the variable)
          await runSnapshotSave({ ...opts, bounded: ctx.f.globals().changed('command-timeout') }, ctx.f, ctx.io);
        },
      }),
      defineCommand<V3Factory>({
        use: 'status <filename>',
        short: 'Gets backend snapshot status of a given file',
        long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are hash, revision, total keys, total size.`,
        run: (ctx) => runSnapshotStatus(parseSnapshotStatusOptions(ctx), () => ctx.f.commandLinePrinter()),
      }),
    ],
  });
}
