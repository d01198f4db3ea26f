// etcdctl defrag [--cluster] [--data-dir DIR]
//
// Online: each endpoint (or with --cluster, every member's client URLs) is defragmented in turn,
// each under its own --command-timeout; successes go to stdout, failures to stderr, and any failure
// ends with exit 1 and no `Error:` line. `--cluster` is defrag's own persistent flag, so
// ETCDCTL_CLUSTER does not set it.
//
// Offline (--data-dir): the bolt file <dir>/member/snap/db is rewritten compactly, as etcd's
// backend.Defrag does (runDefragOffline).
import { defineCommand, type RunContext } from '../../src/cli/command.js';
import { CliError, exitWith } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import type { IO } from '../../src/cli/io.js';
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

/**
 * `defrag --data-dir DIR`: etcd's backend.Defrag on DIR/member/snap/db, offline.
 *
 * As etcdctl opens the backend: a missing directory (or a file that is no bolt database) is a
 * fatal "cannot open database" (capnslog line, Go panic, exit 2); a missing file in an existing
 * directory becomes a new empty database. A running etcd's flock is waited for, with etcdctl's
 * notice after one second. The live content (every bucket, key and value) is then written
 * compactly to a temporary file beside the db, fsynced, and renamed over it: the source file is
 * never modified, so a failure leaves it as it was (`Failed to defragment etcd data[DIR] (...)`,
 * exit 1). Page packing differs from bbolt's (fill 100% instead of 90%); the content, and so
 * `snapshot status`'s hash, is the same.
 */
export async function runDefragOffline(dataDir: string, io: IO): Promise<void> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { BoltReader } = await import('../../src/disk/bolt/reader.js');
  const { BoltWriter } = await import('../../src/disk/bolt/writer.js');
  const { rewriteCompact } = await import('../../src/disk/bolt/copy.js');
  const { waitSharedLock } = await import('../../src/disk/flock.js');
  const { pathError } = await import('../../src/disk/errors.js');
  const { renameDurable, tempSibling } = await import('../../src/disk/fsutil.js');
  const { formatCapnslog } = await import('../../src/disk/log.js');
  const { goQuote } = await import('../../src/format/go-quote.js');

  const db = path.join(dataDir, 'member', 'snap', 'db');
  const cannotOpen = (err: Error): CliError => {
    const msg = `cannot open database at ${db} (${err.message})`;
    return new CliError(
      msg,
      ExitCode.BadConnection,
      `${formatCapnslog(`mvcc/backend: ${msg}`, new Date(), 'C')}\npanic: ${msg}\n\n` +
        'goroutine 1 [running]:\ngo.etcd.io/etcd/mvcc/backend.newBackend(...)\n' +
        'go.etcd.io/etcd/etcdctl/ctlv3/command.defragData.func1()\n',
    );
  };
  const failed = (err: Error): CliError =>
    new CliError(err.message, ExitCode.Error, `Failed to defragment etcd data[${dataDir}] (${err.message})\n`);

  let fd: number;
  try {
    fd = fs.openSync(db, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  } catch (err) {
    throw cannotOpen(pathError('open', db, err));
  }
  let tmp: string | undefined;
  try {
    await waitSharedLock(fd, {
      onWaiting: () =>
        io.stderr.write(
          `waiting for etcd to close and release its lock on ${goQuote(db)}. To defrag a running etcd instance, omit --data-dir.\n`,
        ),
    });
    if (fs.fstatSync(fd).size === 0) {
      // bbolt initialises an empty file as a new database, which is already compact
      tmp = tempSibling(db);
      new BoltWriter(tmp).finish();
      renameDurable(tmp, db);
      tmp = undefined;
      return;
    }
    let reader;
    try {
      reader = BoltReader.fromFd(fd, db);
    } catch (err) {
      throw cannotOpen(err as Error);
    }
    tmp = tempSibling(db);
    try {
      rewriteCompact(reader, tmp);
    } catch (err) {
      throw failed(err as Error);
    }
    try {
      renameDurable(tmp, db);
    } catch (err) {
      throw failed(err as Error);
    }
    tmp = undefined;
  } finally {
    if (tmp !== undefined) fs.rmSync(tmp, { force: true });
    fs.closeSync(fd);
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
