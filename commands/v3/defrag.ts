// etcdctl defrag [--cluster] [--data-dir DIR]
//
// Online: each endpoint (or with --cluster, every member's client URLs) is defragmented in turn,
// each under its own --command-timeout; successes go to stdout, failures to stderr, and any failure
// ends with exit 1 and no `Error:` line. `--cluster` is defrag's own persistent flag, so
// ETCDCTL_CLUSTER does not set it.
//
// Offline (--data-dir): the bolt file <dir>/member/snap/db is rewritten compactly, as etcd's
// backend.Defrag does (runDefragOffline).
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, exitWith } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import type { EtcdClient } from '../../src/client/v3/client.js';
import { endpointsFromCluster } from './endpoint.js';

export async function runDefragOnline(ctx: RunContext<V3Factory>): Promise<void> {
  const { f, io } = ctx;
  await f.client();
  let failures = 0;
  for (const ep of await endpointsFromCluster(ctx)) {
    const deadline = f.commandDeadline();
    let client: EtcdClient | undefined;
    try {
      // clientv3's Maintenance dials the one endpoint with the client's credentials
      client = await f.clientFor([ep], { shareAuth: true });
      await client.defragment({ deadline });
      io.stdout.write(`Finished defragmenting etcd member[${ep}]\n`);
    } catch (e) {
      if (e instanceof CliError && e.exitCode === ExitCode.BadArgs) throw e;
      failures++;
      io.stderr.write(`Failed to defragment etcd member[${ep}] (${(e as Error).message})\n`);
    } finally {
      client?.close();
    }
  }
  if (failures !== 0) throw exitWith(1);
}

/** Why an offline defrag failed: the db could not be opened, or the rewrite failed. */
export class OfflineDefragError extends Error {
  constructor(
    readonly stage: 'open' | 'defrag',
    /** the db file */
    readonly db: string,
    cause: Error,
  ) {
    super(cause.message, { cause });
  }
}

/** bbolt's tx.Size() and its size in use (without free pages) before and after (etcd logs them). */
export interface OfflineDefragResult {
  db: string;
  sizeBefore: bigint;
  inUseBefore: bigint;
  sizeAfter: bigint;
  inUseAfter: bigint;
}

/** tx.Size() minus the free pages, as etcd's backend.SizeInUse. */
async function sizeInUse(reader: import('../../src/disk/bolt/reader.js').BoltReader): Promise<bigint> {
  const { checkBolt } = await import('../../src/disk/bolt/check.js');
  let free = 0;
  checkBolt(reader, { done: (n) => (free = n) });
  return reader.txSize - BigInt(free) * BigInt(reader.pageSize);
}

/**
 * etcd's backend.Defrag on DIR/member/snap/db, offline (etcdctl 3.4 `defrag --data-dir` and
 * etcdutl `defrag`).
 *
 * As etcd opens the backend: a missing directory (or a file that is no bolt database) cannot be
 * opened (OfflineDefragError 'open'); a missing file in an existing directory becomes a new empty
 * database. A running etcd's flock is waited for, with etcd's notice after one second
 * (`onWaiting`). The live content (every bucket, key and value) is then written compactly to a
 * temporary file beside the db, fsynced, and renamed over it: the source file is never modified,
 * so a failure ('defrag') leaves it as it was. Page packing differs from bbolt's (fill 100%
 * instead of 90%); the content, and so `snapshot status`'s hash, is the same.
 */
export async function defragOffline(
  dataDir: string,
  onWaiting: (db: string) => void,
  /** also measure the sizes in use (a walk of each db; etcdutl logs them, etcdctl does not) */
  measure = false,
): Promise<OfflineDefragResult> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { BoltReader } = await import('../../src/disk/bolt/reader.js');
  const { BoltWriter } = await import('../../src/disk/bolt/writer.js');
  const { rewriteCompact } = await import('../../src/disk/bolt/copy.js');
  const { waitSharedLock } = await import('../../src/disk/flock.js');
  const { pathError } = await import('../../src/disk/errors.js');
  const { renameDurable, tempSibling } = await import('../../src/disk/fsutil.js');

  const db = path.join(dataDir, 'member', 'snap', 'db');
  let fd: number;
  try {
    fd = fs.openSync(db, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  } catch (err) {
    throw new OfflineDefragError('open', db, pathError('open', db, err));
  }
  let tmp: string | undefined;
  try {
    await waitSharedLock(fd, { onWaiting: () => onWaiting(db) });
    if (fs.fstatSync(fd).size === 0) {
      // bbolt initialises an empty file as a new database, which is already compact
      tmp = tempSibling(db);
      const r = new BoltWriter(tmp).finish();
      renameDurable(tmp, db);
      tmp = undefined;
      return { db, sizeBefore: BigInt(r.size), inUseBefore: BigInt(r.size), sizeAfter: BigInt(r.size), inUseAfter: BigInt(r.size) };
    }
    let reader;
    try {
      reader = BoltReader.fromFd(fd, db);
    } catch (err) {
      throw new OfflineDefragError('open', db, err as Error);
    }
    const sizeBefore = reader.txSize;
    tmp = tempSibling(db);
    let inUseBefore: bigint;
    let sizeAfter: bigint;
    let inUseAfter: bigint;
    try {
      inUseBefore = measure ? await sizeInUse(reader) : sizeBefore;
      sizeAfter = BigInt(rewriteCompact(reader, tmp).size);
      inUseAfter = sizeAfter;
      if (measure) {
        const written = BoltReader.open(tmp);
        try {
          inUseAfter = await sizeInUse(written);
        } finally {
          written.close();
        }
      }
      renameDurable(tmp, db);
    } catch (err) {
      throw new OfflineDefragError('defrag', db, err as Error);
    }
    tmp = undefined;
    return { db, sizeBefore, inUseBefore, sizeAfter, inUseAfter };
  } finally {
    if (tmp !== undefined) fs.rmSync(tmp, { force: true });
    fs.closeSync(fd);
  }
}

/**
 * `etcdctl defrag --data-dir DIR` (defragOffline) with etcdctl 3.4's messages: a db that cannot
 * be opened is a fatal "cannot open database" (capnslog line, Go panic, exit 2); a failed rewrite
 * is `Failed to defragment etcd data[DIR] (...)`, exit 1.
 */
export async function runDefragOffline(dataDir: string, io: IO): Promise<void> {
  const { formatCapnslog } = await import('../../src/disk/log.js');
  const { goQuote } = await import('../../src/format/go-quote.js');
  try {
    await defragOffline(dataDir, (db) =>
      io.stderr.write(`waiting for etcd to close and release its lock on ${goQuote(db)}. To defrag a running etcd instance, omit --data-dir.\n`),
    );
  } catch (err) {
    if (!(err instanceof OfflineDefragError)) throw err;
    if (err.stage === 'defrag') {
      throw new CliError(err.message, ExitCode.Error, `Failed to defragment etcd data[${dataDir}] (${err.message})\n`);
    }
    const msg = `cannot open database at ${err.db} (${err.message})`;
    throw new CliError(
      msg,
      ExitCode.BadConnection,
      `${formatCapnslog(`mvcc/backend: ${msg}`, new Date(), 'C')}\npanic: ${msg}\n\n` +
        'goroutine 1 [running]:\ngo.etcd.io/etcd/mvcc/backend.newBackend(...)\n' +
        'go.etcd.io/etcd/etcdctl/ctlv3/command.defragData.func1()\n',
    );
  }
}

export function newDefragCommand() {
  return defineCommand<V3Factory>({
    use: 'defrag',
    short: 'Defragments the storage of the etcd members with given endpoints',
    flags: [
      flag.bool('cluster', false, 'use all endpoints from the cluster member list'),
      flag.string('data-dir', '', 'Optional. If present, defragments a data directory not in use by etcd.'),
    ],
    run: (ctx) => {
      const dataDir = ctx.flags.string('data-dir');
      return dataDir.length > 0 ? runDefragOffline(dataDir, ctx.io) : runDefragOnline(ctx);
    },
  });
}
