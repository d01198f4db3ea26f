// etcdctl check: the parent of `check perf`, `check datascale` (check-datascale.ts) and etcdctl
// 3.5's `check cluster` (check-cluster.ts), and `check perf` itself.
//
// perf: for 60 s, puts of 256-byte random keys (under --prefix) with 1 KiB zero values, paced by
// a token bucket at the load's rate and sent by the load's number of concurrent clients; a
// progress bar of the 60 seconds on stdout; then the keys are deleted (optionally compacted and
// defragmented) and the throughput, slowest request and standard deviation are judged.
import { defineCommand } from '../../src/cli/v3/command.js';
import { exitWith } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { OpQueue, paceOps, randomPut, startWorkers, type PutOp } from '../../src/check/load.js';
import { checkFlags, parseCheckOptions, type CheckOptions } from '../../src/check/options.js';
import { cleanUp, deletePrefix, in30s, requireEmptyPrefix } from '../../src/check/prefix.js';
import { computeStats, judgePerf, type Result } from '../../src/check/report.js';
import { ProgressBar, terminalWidth } from '../../src/format/progress-bar.js';
import { newCheckClusterCommand } from './check-cluster.js';
import { newCheckDatascaleCommand } from './check-datascale.js';

const PERF_LOADS: Record<string, { limit: number; clients: number; duration: number }> = {
  s: { limit: 150, clients: 50, duration: 60 },
  m: { limit: 1000, clients: 200, duration: 60 },
  l: { limit: 8000, clients: 500, duration: 60 },
  xl: { limit: 15000, clients: 1000, duration: 60 },
};

export async function runCheckPerf(opts: CheckOptions, f: V3Factory, io: IO): Promise<void> {
  const cfg = PERF_LOADS[opts.model]!;
  const client = await f.client();
  await requireEmptyPrefix(client, opts.prefix, new Date(Date.now() + cfg.duration * 1000));

  const key = Buffer.alloc(256);
  const value = Buffer.alloc(1024);
  const prefix = Buffer.from(opts.prefix);
  const bar = new ProgressBar(BigInt(cfg.duration), io.stdout, opts.barWidth).start();

  const results: Result[] = [];
  const queue = new OpQueue<PutOp>(cfg.clients);
  const statsStart = process.hrtime.bigint();
  const workers = startWorkers(client, cfg.clients, queue, results);
  const producer = paceOps(queue, cfg.limit, cfg.duration, () => randomPut(prefix, key, value));

  // one tick a second for the duration (at fixed times, so a busy machine does not stretch it)
  const ticks = (async () => {
    const t0 = performance.now();
    for (let i = 1; i <= cfg.duration; i++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + i * 1000 - performance.now())));
      bar.add(1);
    }
    bar.finish();
  })();

  await producer;
  await workers;
  const stats = computeStats(results, process.hrtime.bigint() - statsStart);
  const rev = await deletePrefix(client, opts.prefix, in30s());
  await ticks;
  await cleanUp(opts, client, f, rev, io);

  if (judgePerf(stats, cfg.limit, io)) {
    io.stdout.write('PASS\n');
  } else {
    io.stdout.write('FAIL\n');
    throw exitWith(ExitCode.Error);
  }
}

export function newCheckCommand() {
  return defineCommand<V3Factory>({
    use: 'check <subcommand>',
    short: 'commands for checking properties of the etcd cluster',
    subcommands: [
      newCheckClusterCommand(),
      newCheckDatascaleCommand(),
      defineCommand<V3Factory>({
        use: 'perf [options]',
        short: 'Check the performance of the etcd cluster',
        flags: checkFlags('performance', '/etcdctl-check-perf/'),
        run: async (ctx) => {
          const opts = parseCheckOptions(ctx, 0);
          return runCheckPerf({ ...opts, barWidth: await terminalWidth() }, ctx.f, ctx.io);
        },
      }),
    ],
  });
}
