// etcdctl check cluster: one verdict on a cluster's health, for cron and monitoring systems.
// Not in etcdctl (3.4, 3.5 or 3.6): our addition to the `check` group, with the monitoring-plugin
// exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). The rules live in src/health/verdict.ts,
// the gathering in src/health/gather.ts, one module per output format beside them.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, exitWith } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { DEFAULT_THRESHOLDS, SetupError, type ClusterFacts, type Severity, type Thresholds } from '../../src/health/facts.js';
import type { HealthClient } from '../../src/health/gather.js';
import type { Report } from '../../src/health/verdict.js';
import type { Paint } from '../../src/health/simple.js';
// the rest of src/health (and cli-table3 through the table format) is loaded when the command
// runs, not when the command tree is built for every other command

export type CheckClusterFormat = 'simple' | 'table' | 'json';

export interface CheckClusterOptions {
  format: CheckClusterFormat;
  /** check every member's client URLs from the member list */
  cluster: boolean;
  thresholds: Thresholds;
  /** '' for none */
  prometheusTextfile: string;
  /** --command-timeout in ms: the whole check ends within it */
  timeoutMs: number;
  /** what is wrong with the flags (the verdict is then UNKNOWN) */
  badFlags?: string;
}

const UNITS: Record<string, bigint> = {
  '': 1n, B: 1n,
  KB: 1000n, MB: 1000n ** 2n, GB: 1000n ** 3n, TB: 1000n ** 4n,
  KIB: 1024n, MIB: 1024n ** 2n, GIB: 1024n ** 3n, TIB: 1024n ** 4n,
};

/** "2147483648", "2GiB", "8 GB" -> bytes */
export function parseBytes(s: string): bigint | undefined {
  const m = /^\s*(\d+)\s*([A-Za-z]*)\s*$/.exec(s);
  if (!m) return undefined;
  const unit = UNITS[m[2]!.toUpperCase()];
  return unit === undefined ? undefined : BigInt(m[1]!) * unit;
}

function parsePercent(name: string, s: string): number {
  if (!/^\s*\d+(\.\d+)?\s*%?\s*$/.test(s)) throw new Error(`invalid --${name} ${JSON.stringify(s)}: want a percentage such as 80 or 92.5`);
  const n = Number(s.trim().replace(/%$/, ''));
  if (!(n > 0 && n <= 100)) throw new Error(`invalid --${name} ${s}: want a percentage above 0 and at most 100`);
  return n;
}

/** The command's options from its flags; a bad value is kept as badFlags (UNKNOWN, exit 3). */
export function parseCheckClusterOptions(ctx: RunContext<unknown>): CheckClusterOptions {
  const { flags } = ctx;
  const w = flags.string('write-out');
  const format: CheckClusterFormat = w === 'table' || w === 'json' ? w : 'simple';
  const opts: CheckClusterOptions = {
    format,
    cluster: flags.bool('cluster'),
    thresholds: { ...DEFAULT_THRESHOLDS },
    prometheusTextfile: flags.string('prometheus-textfile'),
    timeoutMs: Number(flags.duration('command-timeout') / 1_000_000n),
  };
  try {
    if (w !== 'simple' && w !== 'table' && w !== 'json') throw new Error(`-w ${w} is not supported by check cluster (simple, table or json)`);
    const warn = parsePercent('warn-db-usage', flags.string('warn-db-usage'));
    const crit = parsePercent('crit-db-usage', flags.string('crit-db-usage'));
    if (warn > crit) throw new Error(`--warn-db-usage ${warn} is above --crit-db-usage ${crit}`);
    const lag = flags.string('warn-lag');
    if (!/^\s*\d+\s*$/.test(lag)) throw new Error(`invalid --warn-lag ${JSON.stringify(lag)}: want a number of raft entries`);
    const quota = parseBytes(flags.string('quota'));
    if (quota === undefined || quota === 0n) throw new Error(`invalid --quota ${JSON.stringify(flags.string('quota'))}: want bytes, such as 2147483648 or 8GiB`);
    if (opts.timeoutMs <= 0) throw new Error('--command-timeout must be positive');
    opts.thresholds = { warnDbUsage: warn, critDbUsage: crit, warnLag: BigInt(lag.trim()), quota };
  } catch (e) {
    opts.badFlags = (e as Error).message;
  }
  return opts;
}

export interface CheckClusterDeps {
  f: V3Factory;
  io: IO;
  /** wall clock in ms (the textfile's timestamp) */
  now: () => number;
  /** colours status words (identity when stdout is not a terminal) */
  paint: Paint;
}

/** Setup problems the factory reports as typed errors (bad TLS files exit 128 in etcdctl). */
function asSetupError(e: unknown): unknown {
  return e instanceof CliError && e.exitCode !== ExitCode.BadConnection ? new SetupError(e.message) : e;
}

/** The facts, within the deadline: the first round gets 60% of it, the hashes up to 90%. */
async function collect(opts: CheckClusterOptions, f: V3Factory, io: IO, start: number): Promise<ClusterFacts> {
  const { beforeDeadline, gatherFacts } = await import('../../src/health/gather.js');
  const at = (share: number) => new Date(start + opts.timeoutMs * share);
  const setup = (message: string): ClusterFacts => {
    const failed = { ok: false as const, error: message };
    return { endpoints: [], members: failed, alarms: failed, setupError: message };
  };
  if (opts.badFlags !== undefined) return setup(opts.badFlags);
  let endpoints: string[];
  try {
    // DNS discovery happens here: bounded too, unless a password may be asked on the terminal
    const cfg = io.stdinIsTTY ? await f.clientConfig() : await beforeDeadline(f.clientConfig(), at(0.6)).catch((e: unknown) => {
      throw e instanceof Error && e.message === 'context deadline exceeded' ? new SetupError('the client settings (DNS discovery) took too long: context deadline exceeded') : e;
    });
    if (cfg.username) {
      // authenticate once, before the members are asked with its token
      try {
        await beforeDeadline(f.client(), at(0.6));
      } catch (e) {
        throw new SetupError(`could not authenticate as ${cfg.username}: ${(e as Error).message}`);
      }
    }
    endpoints = cfg.endpoints;
    if (opts.cluster) {
      const client = await f.clientFor(cfg.endpoints, { shareAuth: true });
      try {
        const resp = await beforeDeadline(client.memberList({ deadline: at(0.3) }), at(0.3));
        endpoints = resp.members.flatMap((m) => m.clientURLs);
      } catch (e) {
        throw new SetupError(`failed to fetch endpoints from etcd cluster member list: ${(e as Error).message}`);
      } finally {
        client.close();
      }
    }
  } catch (e) {
    const err = asSetupError(e);
    if (err instanceof SetupError) return setup(err.message);
    throw err;
  }
  return gatherFacts(
    {
      endpoints,
      clientFor: async (ep) => {
        try {
          const client: HealthClient = await f.clientFor([ep], { shareAuth: true });
          return client;
        } catch (e) {
          throw asSetupError(e);
        }
      },
    },
    { ask: at(0.6), hash: at(0.9) },
  );
}

export async function formatReport(report: Report, format: CheckClusterFormat, paint: Paint): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../../src/health/json.js')).formatJson(report);
    case 'table':
      return (await import('../../src/health/table.js')).formatTable(report, paint);
    default:
      return (await import('../../src/health/simple.js')).formatSimple(report, paint);
  }
}

export async function runCheckCluster(opts: CheckClusterOptions, deps: CheckClusterDeps): Promise<void> {
  const start = deps.now();
  const facts = await collect(opts, deps.f, deps.io, start);
  const { addFinding, judge } = await import('../../src/health/verdict.js');
  let report = judge(facts, opts.thresholds);
  if (opts.prometheusTextfile !== '' && opts.badFlags === undefined) {
    const { formatPrometheus, writeTextfile } = await import('../../src/health/prometheus.js');
    try {
      await writeTextfile(opts.prometheusTextfile, formatPrometheus(report, start));
    } catch (e) {
      report = addFinding(report, {
        severity: 'UNKNOWN',
        code: 'textfile',
        message: `could not write --prometheus-textfile ${opts.prometheusTextfile}: ${(e as Error).message}`,
      });
    }
  }
  deps.io.stdout.write(await formatReport(report, opts.format, opts.format === 'json' ? (_s, t) => t : deps.paint));
  if (report.exitCode !== 0) throw exitWith(report.exitCode);
}

/** chalk colours for the status words, when stdout is a terminal (NO_COLOR/FORCE_COLOR honoured). */
async function stdoutPaint(io: IO): Promise<Paint> {
  const noColor = (io.env.NO_COLOR ?? '') !== '';
  const force = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  if (!force && (noColor || !io.stdoutIsTTY)) return (_s, text) => text;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  const colour: Record<Severity, (s: string) => string> = {
    OK: c.green.bold,
    INFO: (s) => s,
    WARNING: c.yellow.bold,
    CRITICAL: c.red.bold,
    UNKNOWN: c.magenta.bold,
  };
  return (severity, text) => colour[severity](text);
}

export function newCheckClusterCommand() {
  return defineCommand<V3Factory>({
    use: 'cluster [options]',
    short: 'Check the health of the etcd cluster in one verdict and exit code',
    long: `Checks every member in parallel within --command-timeout: reachable, healthy (a linearizable read),
leader seen, raft term and index, lag behind the leader, db size against the quota, version, learner;
and the cluster: quorum, one leader, alarms, and the KV hashes of all members at one common revision.

The verdict follows the monitoring-plugin convention, and is the exit code:
  0 OK, 1 WARNING (db over --warn-db-usage, a member lagging more than --warn-lag entries, a member
  unreachable while quorum holds, members on different versions), 2 CRITICAL (no quorum, no leader,
  members seeing different leaders, any alarm, hashes that differ at a common revision, db over
  --crit-db-usage), 3 UNKNOWN (no endpoint reachable, bad flags, a call the user may not make).

Output: -w simple (a summary line, then one line per finding), -w table, -w json.
`,
    flags: [
      flag.bool('cluster', false, 'use all endpoints from the cluster member list'),
      flag.string('crit-db-usage', '95', 'db size, in percent of the quota, from which the verdict is CRITICAL'),
      flag.string('prometheus-textfile', '', 'also write the figures to this file in Prometheus text format (node_exporter textfile collector)'),
      flag.string('quota', String(DEFAULT_THRESHOLDS.quota), 'backend quota (bytes, or with KiB/MiB/GiB) of members that do not report theirs (etcd 3.4 and 3.5 do not)'),
      flag.string('warn-db-usage', '80', 'db size, in percent of the quota, from which the verdict is WARNING'),
      flag.string('warn-lag', String(DEFAULT_THRESHOLDS.warnLag), 'raft entries a member may trail the leader (or its own applied index) by before the verdict is WARNING'),
    ],
    run: async (ctx) => {
      const opts = parseCheckClusterOptions(ctx);
      await runCheckCluster(opts, { f: ctx.f, io: ctx.io, now: () => Date.now(), paint: await stdoutPaint(ctx.io) });
    },
  });
}
