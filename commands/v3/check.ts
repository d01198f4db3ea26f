// etcdctl check perf | datascale
//
// perf: for 60 s, puts of 256-byte random keys (under --prefix) with 1 KiB zero values, paced by
// a token bucket at the load's rate and sent by the load's number of concurrent clients; a
// progress bar of the 60 seconds on stdout; then the keys are deleted (optionally compacted and
// defragmented) and the throughput, slowest request and standard deviation are judged.
// datascale: the load's number of puts (512-byte keys, 512-byte values) with a progress bar of the
// puts, and the member's resident memory (from /metrics) before and after.
//
// Concurrency: etcdctl makes one gRPC client per concurrent worker; we run the same number of
// concurrent workers over one client (HTTP/2 multiplexes their calls; more connections only cost
// this process CPU that the member on the same machine then lacks).
import { defineCommand, type RunContext } from '../../src/cli/command.js';
import { CliError, badFeature, exitWith, orExitError } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import type { IO } from '../../src/cli/io.js';
import type { EtcdClient } from '../../src/client/v3/client.js';
import { prefixEnd } from '../../src/client/v3/range.js';
import { goQuote } from '../../src/format/go-quote.js';
import { ProgressBar, goFixed } from '../../src/format/progress-bar.js';
import { newCheckClusterCommand } from './check-cluster.js';
import { putVarint } from '../../src/format/varint.js';

const LOAD_ALIAS: Record<string, string> = { s: 's', small: 's', m: 'm', medium: 'm', l: 'l', large: 'l', xl: 'xl', xLarge: 'xl' };

const PERF_LOADS: Record<string, { limit: number; clients: number; duration: number }> = {
  s: { limit: 150, clients: 50, duration: 60 },
  m: { limit: 1000, clients: 200, duration: 60 },
  l: { limit: 8000, clients: 500, duration: 60 },
  xl: { limit: 15000, clients: 1000, duration: 60 },
};

const DATASCALE_LOADS: Record<string, { limit: number; kvSize: number; clients: number }> = {
  s: { limit: 10000, kvSize: 1024, clients: 50 },
  m: { limit: 100000, kvSize: 1024, clients: 200 },
  l: { limit: 1000000, kvSize: 1024, clients: 500 },
  xl: { limit: 3000000, kvSize: 1024, clients: 1000 },
};

export interface CheckOptions {
  model: string;
  prefix: string;
  autoCompact: boolean;
  autoDefrag: boolean;
  /** terminal width for the progress bar (0: none) */
  barWidth: number;
}

export function parseCheckOptions(ctx: RunContext, barWidth: number): CheckOptions {
  const { flags } = ctx;
  const load = flags.string('load');
  const model = Object.hasOwn(LOAD_ALIAS, load) ? LOAD_ALIAS[load]! : undefined;
  if (model === undefined) throw badFeature(`unknown load option ${load}`);
  return {
    model,
    prefix: flags.string('prefix'),
    autoCompact: flags.bool('auto-compact'),
    autoDefrag: flags.bool('auto-defrag'),
    barWidth,
  };
}

/**
 * The width pb finds: the controlling terminal's columns (/dev/tty, else stdin when it is one);
 * 0 when there is none, as in tests, pipes and cron jobs.
 */
export async function terminalWidth(): Promise<number> {
  const fs = await import('node:fs');
  const tty = await import('node:tty');
  const columnsOf = (fd: number): number => {
    if (!tty.isatty(fd)) return 0;
    const ws = new tty.WriteStream(fd);
    const cols = ws.columns ?? 0;
    ws.destroy();
    return cols;
  };
  try {
    const fd = fs.openSync('/dev/tty', 'r+');
    try {
      return columnsOf(fd);
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // WriteStream.destroy may have closed it
      }
    }
  } catch {
    try {
      return columnsOf(0);
    } catch {
      return 0;
    }
  }
}

/** One request's outcome, as pkg/report collects them. */
interface Result {
  err?: string;
  startNs: bigint;
  endNs: bigint;
}

/** pkg/report's Stats of the results (latencies in seconds; errors counted by message). */
export interface Stats {
  rps: number;
  slowest: number;
  stddev: number;
  errorDist: Map<string, number>;
}

export function computeStats(results: readonly Result[], totalNs: bigint): Stats {
  const lats: number[] = [];
  const errorDist = new Map<string, number>();
  let sum = 0;
  for (const r of results) {
    if (r.err !== undefined) {
      errorDist.set(r.err, (errorDist.get(r.err) ?? 0) + 1);
      continue;
    }
    const s = Number(r.endNs - r.startNs) / 1e9;
    lats.push(s);
    sum += s;
  }
  const avg = sum / lats.length;
  let dev = 0;
  for (const l of lats) dev += (l - avg) * (l - avg);
  return {
    rps: lats.length / (Number(totalNs) / 1e9),
    slowest: lats.length > 0 ? Math.max(...lats) : 0,
    stddev: Math.sqrt(dev / lats.length),
    errorDist,
  };
}

/** rand.Int63n(math.MaxInt64): uniform in [0, 2^63 - 1). */
function randomInt63(): bigint {
  for (;;) {
    // Web Crypto's global: node:crypto itself would load with every command's start
    const v = Buffer.from(crypto.getRandomValues(new Uint8Array(8))).readBigUInt64BE() >> 1n;
    if (v < 0x7fffffffffffffffn) return v;
  }
}

/** A bounded queue between the op generator and the workers (Go's buffered channel). */
class OpQueue<T> {
  private items: T[] = [];
  private closed = false;
  private getters: Array<(v: T | undefined) => void> = [];
  private putters: Array<() => void> = [];

  constructor(private readonly capacity: number) {}

  async put(item: T): Promise<void> {
    const getter = this.getters.shift();
    if (getter) return getter(item);
    while (this.items.length >= this.capacity) await new Promise<void>((r) => this.putters.push(r));
    this.items.push(item);
  }

  get(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.putters.shift()?.();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((r) => this.getters.push(r));
  }

  close(): void {
    this.closed = true;
    for (const g of this.getters.splice(0)) g(undefined);
  }
}

/** Fails when keys exist under the prefix (exit 3), as both checks do before writing. */
async function requireEmptyPrefix(client: EtcdClient, prefix: string, deadline?: Date): Promise<void> {
  const key = Buffer.from(prefix);
  const resp = await orExitError(client.range({ key, rangeEnd: prefixEnd(key), limit: 1n }, deadline ? { deadline } : {}));
  if (resp.kvs.length > 0) {
    throw new CliError(
      `prefix ${goQuote(prefix)} has keys. Delete with etcdctl del --prefix ${prefix} first`,
      ExitCode.InvalidInput,
    );
  }
}

/** Runs `workers` workers over the queue: each op is one put, timed. */
function startWorkers(
  client: EtcdClient,
  workers: number,
  queue: OpQueue<{ key: Buffer; value: Buffer }>,
  results: Result[],
  onDone?: () => void,
): Promise<void[]> {
  return Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const op = await queue.get();
        if (op === undefined) return;
        const startNs = process.hrtime.bigint();
        let err: string | undefined;
        try {
          await client.put(op);
        } catch (e) {
          err = (e as Error).message;
        }
        results.push({ err, startNs, endNs: process.hrtime.bigint() });
        onDone?.();
      }
    }),
  );
}

/** Deletes the prefix; returns the revision of the deletion. */
async function deletePrefix(client: EtcdClient, prefix: string, deadline?: Date): Promise<bigint> {
  const key = Buffer.from(prefix);
  const resp = await orExitError(client.deleteRange({ key, rangeEnd: prefixEnd(key) }, deadline ? { deadline } : {}));
  return resp.header?.revision ?? 0n;
}

const in30s = () => new Date(Date.now() + 30_000);

/** --auto-compact and --auto-defrag (etcdctl's compact and defrag helpers, 30 s each). */
async function cleanUp(opts: CheckOptions, client: EtcdClient, f: V3Factory, rev: bigint, io: IO): Promise<void> {
  if (opts.autoCompact) {
    io.stdout.write(`Compacting with revision ${rev}\n`);
    await orExitError(client.compact({ revision: rev, physical: true }, { deadline: in30s() }));
    io.stdout.write(`Compacted with revision ${rev}\n`);
  }
  if (opts.autoDefrag) {
    for (const ep of client.endpoints) {
      io.stdout.write(`Defragmenting ${goQuote(ep)}\n`);
      const one = await f.clientFor([ep], { shareAuth: true });
      try {
        await orExitError(one.defragment({ deadline: in30s() }));
      } finally {
        one.close();
      }
      io.stdout.write(`Defragmented ${goQuote(ep)}\n`);
    }
  }
}

function printErrors(stats: Stats, io: IO): boolean {
  if (stats.errorDist.size === 0) return false;
  io.stdout.write('FAIL: too many errors\n');
  for (const [msg, n] of stats.errorDist) io.stdout.write(`FAIL: ERROR(${msg}) -> ${n}\n`);
  return true;
}

export async function runCheckPerf(opts: CheckOptions, f: V3Factory, io: IO): Promise<void> {
  const cfg = PERF_LOADS[opts.model]!;
  const client = await f.client();
  await requireEmptyPrefix(client, opts.prefix, new Date(Date.now() + cfg.duration * 1000));

  const key = Buffer.alloc(256);
  const value = Buffer.alloc(1024);
  const prefix = Buffer.from(opts.prefix);
  const bar = new ProgressBar(BigInt(cfg.duration), io.stdout, opts.barWidth).start();

  const results: Result[] = [];
  const queue = new OpQueue<{ key: Buffer; value: Buffer }>(cfg.clients);
  const statsStart = process.hrtime.bigint();
  const workers = startWorkers(client, cfg.clients, queue, results);

  // a token bucket of one token (rate.NewLimiter(limit, 1)) until the 60 s context ends: a token
  // every 1/limit s, none saved up while the queue was full; Wait fails once the next token comes
  // after the deadline
  const producer = (async () => {
    const endMs = performance.now() + cfg.duration * 1000;
    const interval = 1000 / cfg.limit;
    let nextAt = performance.now();
    for (;;) {
      nextAt = Math.max(nextAt, performance.now());
      if (nextAt > endMs) break;
      const wait = nextAt - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      nextAt += interval;
      putVarint(key, randomInt63());
      await queue.put({ key: Buffer.concat([prefix, key]), value });
    }
    queue.close();
  })();

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

  let ok = !printErrors(stats, io);
  if (stats.rps / cfg.limit <= 0.9) {
    io.stdout.write(`FAIL: Throughput too low: ${Math.trunc(stats.rps) + 1} writes/s\n`);
    ok = false;
  } else {
    io.stdout.write(`PASS: Throughput is ${Math.trunc(stats.rps) + 1} writes/s\n`);
  }
  if (stats.slowest > 0.5) {
    io.stdout.write(`Slowest request took too long: ${goFixed(stats.slowest, 6)}s\n`);
    ok = false;
  } else {
    io.stdout.write(`PASS: Slowest request took ${goFixed(stats.slowest, 6)}s\n`);
  }
  if (stats.stddev > 0.1) {
    io.stdout.write(`Stddev too high: ${goFixed(stats.stddev, 6)}s\n`);
    ok = false;
  } else {
    io.stdout.write(`PASS: Stddev is ${goFixed(stats.stddev, 6)}s\n`);
  }
  if (ok) {
    io.stdout.write('PASS\n');
  } else {
    io.stdout.write('FAIL\n');
    throw exitWith(ExitCode.Error);
  }
}

/**
 * process_resident_memory_bytes from http(s)://<endpoint>/metrics (etcdctl's
 * endpointMemoryMetrics): problems are reported on stdout and give 0.
 */
export async function endpointMemoryMetrics(
  host: string,
  tls: { cert: string; key: string; insecureSkipVerify: boolean },
  io: IO,
): Promise<number> {
  const key = 'process_resident_memory_bytes';
  const base = host.startsWith('http://') || host.startsWith('https://') ? host : `http://${host}`;
  const url = `${base}/metrics`;
  let body: string;
  try {
    body = await httpGet(url, tls);
  } catch (e) {
    io.stdout.write(`${(e as Error).message}\n`);
    return 0;
  }
  let text = '';
  for (const line of body.split('\n')) {
    if (line.startsWith(key)) {
      text = line.slice(key.length).trim();
      break;
    }
  }
  if (text === '') {
    io.stdout.write(`could not find: ${key}\n`);
    return 0;
  }
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) {
    io.stdout.write(`parse error: strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax\n`);
    return 0;
  }
  return n;
}

async function httpGet(url: string, tls: { cert: string; key: string; insecureSkipVerify: boolean }): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  let options: Record<string, unknown> = {};
  const https = url.startsWith('https://');
  if (https) {
    try {
      options = { cert: await readFile(tls.cert), key: await readFile(tls.key), rejectUnauthorized: !tls.insecureSkipVerify };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or directory' : (e as Error).message;
      throw new Error(`client certificate error: open ${(e as NodeJS.ErrnoException).path ?? ''}: ${why}`);
    }
  }
  const mod = https ? await import('node:https') : await import('node:http');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = mod.get(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      res.on('error', (e) => reject(new Error(`fetch error: reading ${url}: ${e.message}`)));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ECONNREFUSED' ? `dial tcp ${u.host}: connect: connection refused` : e.message;
      reject(new Error(`fetch error: Get ${goQuote(url)}: ${why}`));
    });
  });
}

export async function runCheckDatascale(opts: CheckOptions, f: V3Factory, io: IO, endpoints: string[], tls: { cert: string; key: string; insecureSkipVerify: boolean }): Promise<void> {
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
  const queue = new OpQueue<{ key: Buffer; value: Buffer }>(cfg.clients);
  const statsStart = process.hrtime.bigint();
  const workers = startWorkers(client, cfg.clients, queue, results, () => bar.add(1));
  for (let i = 0; i < cfg.limit; i++) {
    putVarint(key, randomInt63());
    await queue.put({ key: Buffer.concat([prefix, key]), value });
  }
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

export function newCheckCommand() {
  return defineCommand<V3Factory>({
    use: 'check <subcommand>',
    short: 'commands for checking properties of the etcd cluster',
    subcommands: [
      newCheckClusterCommand(),
      defineCommand<V3Factory>({
        use: 'datascale [options]',
        short: 'Check the memory usage of holding data for different workloads on a given server endpoint.',
        long: `If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.`,
        flags: [
          flag.bool('auto-compact', false, 'Compact storage with last revision after test is finished.'),
          flag.bool('auto-defrag', false, 'Defragment storage after test is finished.'),
          flag.string('load', 's', 'The datascale check\'s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)'),
          flag.string('prefix', '/etcdctl-check-datascale/', 'The prefix for writing the datascale check\'s keys.'),
        ],
        run: async (ctx) => {
          const opts = parseCheckOptions(ctx, 0);
          const cfg = await ctx.f.clientConfig();
          const g = ctx.f.globals();
          const tls = { cert: g.string('cert'), key: g.string('key'), insecureSkipVerify: g.bool('insecure-skip-tls-verify') };
          return runCheckDatascale({ ...opts, barWidth: await terminalWidth() }, ctx.f, ctx.io, cfg.endpoints, tls);
        },
      }),
      defineCommand<V3Factory>({
        use: 'perf [options]',
        short: 'Check the performance of the etcd cluster',
        flags: [
          flag.bool('auto-compact', false, 'Compact storage with last revision after test is finished.'),
          flag.bool('auto-defrag', false, 'Defragment storage after test is finished.'),
          flag.string('load', 's', 'The performance check\'s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)'),
          flag.string('prefix', '/etcdctl-check-perf/', 'The prefix for writing the performance check\'s keys.'),
        ],
        run: async (ctx) => {
          const opts = parseCheckOptions(ctx, 0);
          return runCheckPerf({ ...opts, barWidth: await terminalWidth() }, ctx.f, ctx.io);
        },
      }),
    ],
  });
}
