// etcdctl check datascale: the load's number of puts (512-byte keys, 512-byte values, sent by the
// load's number of concurrent clients) with a progress bar of the puts, and the member's resident
// memory (from /metrics) before and after; the keys are deleted (optionally compacted and
// defragmented) and the memory used is reported.
import { defineCommand } from '../../src/cli/v3/command.js';
import { exitWith } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { OpQueue, randomPut, startWorkers, type PutOp } from '../../src/check/load.js';
import { endpointMemoryMetrics, type MetricsTls } from '../../src/check/memory.js';
import { checkFlags, parseCheckOptions, type CheckOptions } from '../../src/check/options.js';
import { cleanUp, deletePrefix, requireEmptyPrefix } from '../../src/check/prefix.js';
import { computeStats, printErrors, type Result } from '../../src/check/report.js';
import { ProgressBar, goFixed, terminalWidth } from '../../src/format/progress-bar.js';
import { defaultCaOption } from '../../src/cli/core/extra-roots.js';

const DATASCALE_LOADS: Record<string, { limit: number; kvSize: number; clients: number }> = {
  s: { limit: 10000, kvSize: 1024, clients: 50 },
  m: { limit: 100000, kvSize: 1024, clients: 200 },
  l: { limit: 1000000, kvSize: 1024, clients: 500 },
  xl: { limit: 3000000, kvSize: 1024, clients: 1000 },
};

export async function runCheckDatascale(opts: CheckOptions, f: V3Factory, io: IO, endpoints: string[], tls: MetricsTls): Promise<void> {
  const cfg = DATASCALE_LOADS[opts.model]!;
  const client = await f.client();
  await requireEmptyPrefix(client, opts.prefix);

  const key = Buffer.alloc(512);
  const value = Buffer.alloc(512);
  const prefix = Buffer.from(opts.prefix);

  const before = await endpointMemoryMetrics(endpoints[0] ?? '', tls, io);
  if (before === 0) {
    io.stdout.write('FAIL: Could not read process_resident_memory_bytes before the put operations.\n');
    throw exitWith(ExitCode.Error);
  }
  io.stdout.write(
    `Start data scale check for work load [${cfg.limit} key-value pairs, ${cfg.kvSize} bytes per key-value, ${cfg.clients} concurrent clients].\n`,
  );
  const bar = new ProgressBar(BigInt(cfg.limit), io.stdout, opts.barWidth).start();

  const results: Result[] = [];
  const queue = new OpQueue<PutOp>(cfg.clients);
  const statsStart = process.hrtime.bigint();
  const workers = startWorkers(client, cfg.clients, queue, results, () => bar.add(1));
  for (let i = 0; i < cfg.limit; i++) await queue.put(randomPut(prefix, key, value));
  queue.close();
  await workers;
  bar.finish();
  const stats = computeStats(results, process.hrtime.bigint() - statsStart);

  const after = await endpointMemoryMetrics(endpoints[0] ?? '', tls, io);
  if (after === 0) {
    io.stdout.write('FAIL: Could not read process_resident_memory_bytes after the put operations.\n');
    throw exitWith(ExitCode.Error);
  }
  const rev = await deletePrefix(client, opts.prefix);
  await cleanUp(opts, client, f, rev, io);

  const mbUsed = (after - before) / (1024 * 1024);
  if (printErrors(stats, io)) throw exitWith(ExitCode.Error);
  io.stdout.write(`PASS: Approximate system memory used : ${goFixed(mbUsed, 2)} MB.\n`);
}

export function newCheckDatascaleCommand() {
  return defineCommand<V3Factory>({
    use: 'datascale [options]',
    short: 'Check the memory usage of holding data for different workloads on a given server endpoint.',
    long: `If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.`,
    flags: checkFlags('datascale', '/etcdctl-check-datascale/'),
    run: async (ctx) => {
      const opts = parseCheckOptions(ctx, 0);
      const cfg = await ctx.f.clientConfig();
      const g = ctx.f.globals();
      const defaultCa = await defaultCaOption(ctx.io);
      const tls = { cert: g.string('cert'), key: g.string('key'), insecureSkipVerify: g.bool('insecure-skip-tls-verify'), ...defaultCa };
      return runCheckDatascale({ ...opts, barWidth: await terminalWidth() }, ctx.f, ctx.io, cfg.endpoints, tls);
    },
  });
}
