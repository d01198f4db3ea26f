#!/usr/bin/env node
// Side-by-side benchmark with Debian's etcdctl 3.4.23 (and etcdutl 3.5.16 for snapshot status):
// the source of the README's benchmark table. Starts its own throwaway etcd on a free loopback port.
//
//   npm run bench                        # cold starts, watch replay, make-mirror, 100 parallel puts
//   npm run bench -- --heavy             # also get --prefix of 100k x 1 KB and 1M x 100 B keyspaces
//   npm run bench -- --snapshot-mb=600   # also snapshot save/status on a db of about that size
//   npm run bench -- --runs=20 --heavy-runs=3 --only='get|put'
//
// Method, for a machine shared with others: every row runs ours and etcdctl in alternating pairs
// (ours first, then etcdctl first, ...) after one warm-up each, and reports the median wall time and
// CPU time (user+sys, GNU time) of each tool and the median of the per-pair ratios (ours/etcdctl),
// which a load that drifts during the row affects least; peak RSS is the largest of the row (GNU
// time's %M, or VmHWM for the long-running commands); the 1-minute load average before / after
// each row is printed with it. Commands run with a clean environment (PATH and HOME only).
// Ports come from TEST_PORT_MIN..TEST_PORT_MAX when set (as for the tests).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OURS = join(root, 'bin/etcdctl');
const REAL = process.env.REAL_ETCDCTL ?? '/usr/bin/etcdctl';
const ETCD35_DIR = process.env.ETCD35_DIR ?? '/root/.cache/etcdctl-ts/etcd-3.5/root/usr/bin';
const ETCDUTL = join(ETCD35_DIR, 'etcdutl');
/** @param {string} name @param {string} def */
const arg = (name, def) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : def;
};
const RUNS = Number(arg('runs', '10'));
const HEAVY = process.argv.includes('--heavy');
const HEAVY_RUNS = Number(arg('heavy-runs', '2'));
const SNAPSHOT_MB = Number(arg('snapshot-mb', '0'));
const ONLY = new RegExp(arg('only', '.'));
const PORT_MIN = Number(process.env.TEST_PORT_MIN ?? 12000);
const PORT_MAX = Number(process.env.TEST_PORT_MAX ?? 32000);

for (const tool of ['/usr/bin/time', REAL, 'etcd']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench needs ${tool} (apt-get install -y time etcd-server etcd-client)`);
    process.exit(1);
  }
}
if (spawnSync('node', [join(root, 'scripts/build.mjs'), '--fast'], { stdio: 'inherit' }).status !== 0) process.exit(1);

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve) => {
    const port = PORT_MIN + Math.floor(Math.random() * (PORT_MAX - PORT_MIN));
    const s = createServer();
    s.once('error', () => resolve(freePort()));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(port)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'etcdctl-bench-'));
/** @type {import('node:child_process').ChildProcess[]} */
const etcds = [];
/** @param {string} name @returns {Promise<string>} the client endpoint */
async function startEtcd(name) {
  const [cport, pport] = [await freePort(), await freePort()];
  const ep = `127.0.0.1:${cport}`;
  etcds.push(spawn('etcd', [
    '--name', name, '--data-dir', join(dir, name), '--enable-v2', '--logger', 'zap', '--log-level', 'error',
    '--listen-client-urls', `http://${ep}`, '--advertise-client-urls', `http://${ep}`,
    '--listen-peer-urls', `http://127.0.0.1:${pport}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${pport}`,
    '--initial-cluster', `${name}=http://127.0.0.1:${pport}`, '--quota-backend-bytes', String(8 * 1024 ** 3),
  ], { stdio: 'ignore' }));
  for (let i = 0; ; i++) {
    if (spawnSync(REAL, [`--endpoints=${ep}`, 'endpoint', 'health'], { env: { ETCDCTL_API: '3' } }).status === 0) return ep;
    if (i > 100) throw new Error('etcd did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
process.on('exit', () => {
  for (const e of etcds) e.kill();
  rmSync(dir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const ep = await startEtcd('bench');
const E = `--endpoints=${ep}`;
/** @param {string} api */
const cleanEnv = (api) => ({ PATH: process.env.PATH, HOME: process.env.HOME ?? '/root', ...(api ? { ETCDCTL_API: api } : {}) });
/** @param {string} s */
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
/** @param {number[]} a */
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] ?? NaN : ((s[s.length / 2 - 1] ?? NaN) + (s[s.length / 2] ?? NaN)) / 2;
};
const load1 = () => (loadavg()[0] ?? 0).toFixed(1);
const timeFile = join(dir, 'time');
const SLOW_READER = join(dir, 'slow-reader.mjs');
// reads its stdin one chunk per event-loop turn after a 1 ms timer: a pipe consumer ~10x slower
// than /dev/null, so the writer spends most of its time blocked on a full pipe
writeFileSync(SLOW_READER, `process.stdin.on('data', () => { process.stdin.pause(); setTimeout(() => process.stdin.resume(), 1); });\n`);

/** @typedef {{ argv: string[], env: NodeJS.ProcessEnv, slowPipe?: boolean }} Spec */
/** @typedef {{ wall: number, cpu: number, rss: number }} Measure */
/** @typedef {Spec | (() => Measure)} Runner */
/**
 * @typedef {{ label: string, failed?: false, runs: number, ratio: number, cpuRatio: number | undefined, realName: string,
 *   ours: number, real: number, oursCpu: number | undefined, realCpu: number | undefined, oursRss: number, realRss: number, load: string }} Row
 */

/** One run under GNU time: wall seconds, CPU seconds (user+sys), peak RSS KiB. @param {Spec} spec @returns {Measure} */
function timed({ argv, env, slowPipe }) {
  const t0 = performance.now();
  const r = slowPipe
    ? spawnSync('sh', ['-c', `/usr/bin/time -f '%U %S %M' -o ${timeFile} ${argv.map(q).join(' ')} | node ${SLOW_READER}`], { env, stdio: 'ignore' })
    : spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, ...argv], { env, stdio: 'ignore' });
  const wall = (performance.now() - t0) / 1000;
  const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
  if (r.status !== 0 || lines.some((l) => l.startsWith('Command'))) throw new Error(`${argv.join(' ')}: failed (${lines.join('; ')})`);
  const [u = 0, s = 0, m = 0] = (lines.pop() ?? '').split(' ').map(Number);
  return { wall, cpu: u + s, rss: m };
}

/** @type {Array<Row | { label: string, failed: true }>} */
const rows = [];
/**
 * A row: `ours` and `real` are what timed() takes, or functions doing one run and returning
 * { wall, cpu, rss }; `prepare` runs before every run.
 * @param {string} label @param {Runner} ours @param {Runner} real
 * `busy` runs two `yes > /dev/null` beside the row's runs, as on a busy machine.
 * @param {{ runs?: number, warmup?: boolean, prepare?: () => void, realName?: string, busy?: boolean }} opts
 */
function row(label, ours, real, opts = {}) {
  if (!ONLY.test(label)) return;
  const runs = opts.runs ?? RUNS;
  const hogs = opts.busy ? [0, 1].map(() => spawn('yes', [], { stdio: 'ignore' })) : [];
  try {
    measureRow(label, ours, real, opts, runs);
  } finally {
    for (const h of hogs) h.kill();
  }
  writeTable();
}

/** @param {string} label @param {Runner} ours @param {Runner} real @param {{ warmup?: boolean, prepare?: () => void, realName?: string }} opts @param {number} runs */
function measureRow(label, ours, real, opts, runs) {
  const loadBefore = load1();
  /** @param {Runner} spec */
  const one = (spec) => {
    opts.prepare?.();
    return typeof spec === 'function' ? spec() : timed(spec);
  };
  try {
    if (opts.warmup !== false) {
      one(ours);
      one(real);
    }
    /** @type {Measure[]} */
    const o = [];
    /** @type {Measure[]} */
    const r = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        o.push(one(ours));
        r.push(one(real));
      } else {
        r.push(one(real));
        o.push(one(ours));
      }
    }
    const ratio = median(o.map((x, i) => x.wall / (r[i]?.wall ?? NaN)));
    const hasCpu = o[0]?.cpu !== undefined;
    const cpuRatio = hasCpu ? median(o.map((x, i) => x.cpu / Math.max(r[i]?.cpu ?? NaN, 0.005))) : undefined;
    const res = {
      label, runs, ratio, cpuRatio, realName: opts.realName ?? 'etcdctl 3.4.23',
      ours: median(o.map((x) => x.wall)), real: median(r.map((x) => x.wall)),
      oursCpu: hasCpu ? median(o.map((x) => x.cpu)) : undefined, realCpu: hasCpu ? median(r.map((x) => x.cpu)) : undefined,
      oursRss: Math.max(...o.map((x) => x.rss ?? 0)), realRss: Math.max(...r.map((x) => x.rss ?? 0)),
      load: `${loadBefore} / ${load1()}`,
    };
    rows.push(res);
    console.error(`${label}: ${fmtTime(res.ours)} vs ${fmtTime(res.real)} (${ratio.toFixed(2)}x), load ${res.load}`);
  } catch (e) {
    console.error(`${label}: ${/** @type {Error} */ (e).message}`);
    rows.push({ label, failed: true });
  }
}
/** @param {number} s */
const fmtTime = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
/** @param {string} bin @param {string[]} args @returns {Spec} */
const v3 = (bin, ...args) => ({ argv: [bin, ...args], env: cleanEnv('3') });

/** keys `${prefix}00000000`... with `size`-byte values, through the project's client (tsx) */
/** @param {string} prefix @param {number} n @param {number} size */
function fill(prefix, n, size) {
  console.error(`filling ${n} keys of ${size} B under ${prefix}...`);
  const r = spawnSync('node', ['--import', 'tsx', join(root, 'bench/fill.ts'), ep, prefix, String(n), String(size)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('fill failed');
}

// ---- cold starts
spawnSync(REAL, [E, 'put', 'bench/key', 'value'], { env: cleanEnv('3') });
row('v3 version', v3(OURS, 'version'), v3(REAL, 'version'));
row('v3 --help', v3(OURS, '--help'), v3(REAL, '--help'));
row('v3 put', v3(OURS, E, 'put', 'bench/key', 'value'), v3(REAL, E, 'put', 'bench/key', 'value'));
row('v3 put beside two `yes > /dev/null`', v3(OURS, E, 'put', 'bench/key', 'value'), v3(REAL, E, 'put', 'bench/key', 'value'), { busy: true });
row('v3 get', v3(OURS, E, 'get', 'bench/key'), v3(REAL, E, 'get', 'bench/key'));
row('v3 endpoint health', v3(OURS, E, 'endpoint', 'health'), v3(REAL, E, 'endpoint', 'health'));
const V2E = `--endpoints=http://${ep}`;
row('v2 set (ETCDCTL_API unset; etcdctl with 2)', { argv: [OURS, V2E, 'set', '/bench/key', 'value'], env: cleanEnv('') }, { argv: [REAL, V2E, 'set', '/bench/key', 'value'], env: cleanEnv('2') });
row('v2 cluster-health', { argv: [OURS, V2E, 'cluster-health'], env: cleanEnv('') }, { argv: [REAL, V2E, 'cluster-health'], env: cleanEnv('2') });

/** 100 `put` processes started at once: wall until the last ends, CPU of all of them (the last row: its
 * 100 processes raise the 1-minute load average for minutes, which would show on the rows after it) */
/** @param {string} bin */
const parallelPuts = (bin) => () =>
  timed({ argv: ['sh', '-c', `for i in $(seq 100); do ${q(bin)} ${q(E)} put bench/par/$i value >/dev/null & done; wait`], env: cleanEnv('3') });

// ---- watch replay: 50k past events, until the last is printed (then the watcher is stopped)
if (ONLY.test('watch')) fill('/w/', 50_000, 20);
const wrev = String(Number(JSON.parse(spawnSync(REAL, [E, 'get', '/w/00000000', '-w', 'json'], { env: cleanEnv('3'), encoding: 'utf8' }).stdout || '{"kvs":[{"mod_revision":1}]}').kvs?.[0]?.mod_revision ?? 1));
/** A running process's CPU seconds (utime + stime of /proc/<pid>/stat) and peak RSS (VmHWM, KiB). @param {number} pid @param {number} wall @returns {Measure} */
function procMeasure(pid, wall) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const stat = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return { wall, cpu: (Number(stat[11]) + Number(stat[12])) / 100, rss: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) };
}

/**
 * runs `argv` until its stdout has `lines` lines, then kills it; VmHWM and CPU from /proc
 * @param {string[]} argv @param {number} lines @returns {() => Promise<Measure>}
 */
function untilLines(argv, lines) {
  return () => {
    const t0 = performance.now();
    const child = spawn(argv[0] ?? '', argv.slice(1), { env: cleanEnv('3'), stdio: ['ignore', 'pipe', 'ignore'] });
    return new Promise((resolve, reject) => {
      let n = 0;
      let done = false;
      child.stdout.on('data', (/** @type {Buffer} */ d) => {
        for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) n++;
        if (!done && n >= lines) {
          done = true;
          const measure = procMeasure(child.pid ?? 0, (performance.now() - t0) / 1000);
          child.kill('SIGKILL');
          resolve(measure);
        }
      });
      child.on('exit', () => done || reject(new Error(`${argv.join(' ')}: ended after ${n} lines`)));
    });
  };
}
/**
 * row() is synchronous; the watch and mirror rows run their pairs here
 * @param {string} label @param {() => Promise<Measure>} ours @param {() => Promise<Measure>} real @param {number} runs
 */
async function asyncRow(label, ours, real, runs) {
  if (!ONLY.test(label)) return;
  const loadBefore = load1();
  await ours();
  await real();
  /** @type {Measure[]} */
  const o = [];
  /** @type {Measure[]} */
  const r = [];
  for (let i = 0; i < runs; i++) {
    for (const who of i % 2 ? ['r', 'o'] : ['o', 'r']) (who === 'o' ? o : r).push(await (who === 'o' ? ours : real)());
  }
  const res = {
    label, runs, ratio: median(o.map((x, i) => x.wall / (r[i]?.wall ?? NaN))), cpuRatio: median(o.map((x, i) => x.cpu / Math.max(r[i]?.cpu ?? NaN, 0.01))),
    ours: median(o.map((x) => x.wall)), real: median(r.map((x) => x.wall)), oursCpu: median(o.map((x) => x.cpu)), realCpu: median(r.map((x) => x.cpu)),
    oursRss: Math.max(...o.map((x) => x.rss)), realRss: Math.max(...r.map((x) => x.rss)), load: `${loadBefore} / ${load1()}`, realName: 'etcdctl 3.4.23',
  };
  rows.push(res);
  console.error(`${label}: ${fmtTime(res.ours)} vs ${fmtTime(res.real)} (${res.ratio.toFixed(2)}x), load ${res.load}`);
  writeTable();
}
/** @param {string} bin */
const watchArgv = (bin) => [bin, E, 'watch', '--prefix', '/w/', '--rev', wrev];
await asyncRow('watch: 50k past events replayed', untilLines(watchArgv(OURS), 150_000), untilLines(watchArgv(REAL), 150_000), Math.min(RUNS, 4));

// ---- make-mirror of 10k keys into a second etcd, until the destination holds them all
if (ONLY.test('make-mirror')) {
  fill('/mm/', 10_000, 100);
  const dest = await startEtcd('dest');
  const count = () => JSON.parse(spawnSync(REAL, [`--endpoints=${dest}`, 'get', '/mm/', '--prefix', '--limit', '1', '-w', 'json'], { env: cleanEnv('3'), encoding: 'utf8' }).stdout).count ?? 0;
  /** @param {string} bin */
  const mirror = (bin) => async () => {
    spawnSync(REAL, [`--endpoints=${dest}`, 'del', '/mm/', '--prefix'], { env: cleanEnv('3') });
    const t0 = performance.now();
    const child = spawn(bin, [E, 'make-mirror', '--prefix', '/mm/', dest], { env: cleanEnv('3'), stdio: 'ignore' });
    // polled: make-mirror prints nothing until its first 30 s progress line
    while (count() < 10_000) await new Promise((r) => setTimeout(r, 20));
    const measure = procMeasure(child.pid ?? 0, (performance.now() - t0) / 1000);
    child.kill('SIGKILL');
    return measure;
  };
  await asyncRow('make-mirror 10k keys', mirror(OURS), mirror(REAL), Math.min(RUNS, 3));
}

// ---- large ranges
/** @type {Array<[string, string[]]>} the three forms of each large get */
const GET_FORMS = [['', []], [' --keys-only', ['--keys-only']], [' -w json', ['-w', 'json']]];
if (HEAVY) {
  if (ONLY.test('100k')) {
    fill('/h100k/', 100_000, 1000);
    for (const [name, extra] of GET_FORMS) {
      const a = [E, '--command-timeout=600s', 'get', '/h100k/', '--prefix', ...extra];
      row(`get --prefix 100k x 1 KB${name}`, v3(OURS, ...a), v3(REAL, ...a), { runs: HEAVY_RUNS, warmup: false });
    }
  }
  if (ONLY.test('1M')) {
    fill('/m1/', 1_000_000, 100);
    for (const [name, extra] of GET_FORMS) {
      const a = [E, '--command-timeout=600s', 'get', '/m1/', '--prefix', ...extra];
      row(`get --prefix 1M x 100 B${name}`, v3(OURS, ...a), v3(REAL, ...a), { runs: HEAVY_RUNS, warmup: false });
    }
    const a = [E, '--command-timeout=600s', 'get', '/m1/', '--prefix', '--keys-only'];
    row('1M keys-only into a slow pipe', { ...v3(OURS, ...a), slowPipe: true }, { ...v3(REAL, ...a), slowPipe: true }, { runs: HEAVY_RUNS, warmup: false });
  }
}

// ---- snapshots
if (SNAPSHOT_MB > 0) {
  fill('/snap/', SNAPSHOT_MB, 1024 * 1024 - 64);
  const file = join(dir, 'snap.db');
  const SNAP_RUNS = Number(arg('snapshot-runs', '3'));
  row(`snapshot save (~${SNAPSHOT_MB} MB db)`, v3(OURS, E, 'snapshot', 'save', file), v3(REAL, E, 'snapshot', 'save', file), {
    runs: SNAP_RUNS, warmup: false, prepare: () => rmSync(file, { force: true }),
  });
  spawnSync(REAL, [E, 'snapshot', 'save', file], { env: cleanEnv('3') });
  const mb = (statSync(file).size / 1e6).toFixed(0);
  row(`snapshot status ${mb} MB`, v3(OURS, 'snapshot', 'status', file), v3(REAL, 'snapshot', 'status', file), { runs: SNAP_RUNS });
  row(`snapshot status ${mb} MB vs etcdutl 3.5.16`, v3(OURS, 'snapshot', 'status', file), { argv: [ETCDUTL, 'snapshot', 'status', file], env: cleanEnv('') }, {
    runs: SNAP_RUNS, realName: 'etcdutl 3.5.16',
  });
}

row('100 `put` processes at once', parallelPuts(OURS), parallelPuts(REAL), { runs: Math.max(2, Math.min(RUNS, 4)) });

/** The table so far: to stdout at the end, and after every row to --out=FILE when given. */
function table() {
  /** @param {number | undefined} s */
  const ms = (s) => (s === undefined ? '' : fmtTime(s));
  /** @param {number | undefined} k */
  const rss = (k) => (k ? `${(k / 1024).toFixed(0)} MiB` : '');
  const out = [
    `ours vs ${REAL} (3.4.23; etcdutl 3.5.16 where said), alternating pairs after a warm-up each (none for the long rows); medians of N pairs; ratio = median of per-pair ratios ours/theirs; CPU = user+sys`,
    `machine: ${cpus().length} CPUs, node ${process.version}; load = 1-minute load average before / after the row`,
    '',
    '| operation | N | ours | theirs | time ratio | ours CPU | theirs CPU | CPU ratio | ours peak RSS | theirs peak RSS | load |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    if (r.failed) out.push(`| ${r.label} | | failed | | | | | | | | |`);
    else {
      out.push(
        `| ${r.label} | ${r.runs} | ${ms(r.ours)} | ${ms(r.real)} | ${r.ratio.toFixed(2)}x | ${ms(r.oursCpu)} | ${ms(r.realCpu)} | ${r.cpuRatio === undefined ? '' : r.cpuRatio.toFixed(2) + 'x'} | ${rss(r.oursRss)} | ${rss(r.realRss)} | ${r.load} |`,
      );
    }
  }
  return out.join('\n') + '\n';
}
function writeTable() {
  const out = arg('out', '');
  if (out) writeFileSync(out, table());
}

console.log('\n' + table());
process.exit(0);
