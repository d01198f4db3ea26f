// etcdctl defrag [--cluster] [--data-dir DIR]
//
// Online: each endpoint (or with --cluster, every member's client URLs) is defragmented in turn,
// each under its own --command-timeout; successes go to stdout, failures to stderr, and any failure
// ends with exit 1 and no `Error:` line. `--cluster` is defrag's own persistent flag, so
// ETCDCTL_CLUSTER does not set it.
//
// Offline (--data-dir): the bolt file <dir>/member/snap/db is rewritten compactly, as etcd's
// backend.Defrag does; see src/disk/defrag.ts.
import { defineCommand, type RunContext } from '../../src/cli/command.js';
import { CliError, exitWith } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import type { IO } from '../../src/cli/io.js';
import { endpointsFromCluster } from './endpoint.js';

export async function runDefragOnline(ctx: RunContext<V3Factory>): Promise<void> {
  const { f, io } = ctx;
  await f.client();
  let failures = 0;
  for (const ep of await endpointsFromCluster(ctx)) {
    const client = await f.clientFor([ep]);
    try {
      await client.defragment({ deadline: f.commandDeadline() });
      io.stdout.write(`Finished defragmenting etcd member[${ep}]\n`);
    } catch (e) {
      failures++;
      io.stderr.write(`Failed to defragment etcd member[${ep}] (${(e as Error).message})\n`);
    } finally {
      client.close();
    }
  }
  if (failures !== 0) throw exitWith(1);
}

export async function runDefragOffline(dataDir: string, io: IO): Promise<void> {
  void io;
  throw new CliError(
    'offline defragmentation is not supported yet',
    ExitCode.Error,
    `Failed to defragment etcd data[${dataDir}] (offline defragmentation is not supported yet by this etcdctl)\n`,
  );
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
