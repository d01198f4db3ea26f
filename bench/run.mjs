#!/usr/bin/env node
// Cold-start benchmark, side by side with Debian's etcdctl 3.4.23, in one run, reported as ratios.
// Starts its own throwaway etcd on a free loopback port. Needs hyperfine and GNU time (Debian).
//
//   node bench/run.mjs                 # v3 put/get/endpoint health/version, v2 set/cluster-health
//   node bench/run.mjs --snapshot-mb=500   # also snapshot save/status on a db of about that size
//   node bench/run.mjs --runs=30
//   node bench/run.mjs --snapshot-mb=500 --snapshot-only   # only the snapshot rows
//
// Ports come from TEST_PORT_MIN..TEST_PORT_MAX when set (as for the tests). The table notes the
// 1-minute load average before and after each row: on a shared machine, read ratios with it.
//
// Commands run with a clean environment (PATH and HOME only): NODE_EXTRA_CA_CERTS, set on some
// machines for npm, makes every Node process load a CA bundle at start-up (+75 ms here).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OURS = join(root, 'bin/etcdctl');
const REAL = process.env.REAL_ETCDCTL ?? '/usr/bin/etcdctl';
const arg = (name, def) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : def;
};
const RUNS = Number(arg('runs', '20'));
const SNAPSHOT_MB = Number(arg('snapshot-mb', '0'));
const SNAPSHOT_ONLY = process.argv.includes('--snapshot-only');
const PORT_MIN = Number(process.env.TEST_PORT_MIN ?? 12000);
const PORT_MAX = Number(process.env.TEST_PORT_MAX ?? 32000);

for (const tool of ['hyperfine', '/usr/bin/time', REAL, 'etcd']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench needs ${tool} (apt-get install -y hyperfine time etcd-server etcd-client)`);
    process.exit(1);
  }
}
if (spawnSync('node', [join(root, 'scripts/build.mjs'), '--fast'], { stdio: 'inherit' }).status !== 0) process.exit(1);

function freePort() {
  return new Promise((resolve) => {
    const port = PORT_MIN + Math.floor(Math.random() * (PORT_MAX - PORT_MIN));
    const s = createServer();
    s.once('error', () => resolve(freePort()));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(port)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'etcdctl-bench-'));
const [cport, pport] = [await freePort(), await freePort()];
const ep = `127.0.0.1:${cport}`;
const etcd = spawn('etcd', [
  '--data-dir', join(dir, 'data'), '--enable-v2', '--logger', 'zap', '--log-level', 'error',
  '--listen-client-urls', `http://${ep}`, '--advertise-client-urls', `http://${ep}`,
  '--listen-peer-urls', `http://127.0.0.1:${pport}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${pport}`,
  '--initial-cluster', `default=http://127.0.0.1:${pport}`, '--quota-backend-bytes', String(8 * 1024 ** 3),
], { stdio: 'ignore' });
const cleanup = () => {
  etcd.kill();
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
for (let i = 0; ; i++) {
  if (spawnSync(REAL, [`--endpoints=${ep}`, 'endpoint', 'health'], { env: { ETCDCTL_API: '3' } }).status === 0) break;
  if (i > 100) throw new Error('etcd did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const cleanEnv = (api) => `env -i PATH=${process.env.PATH} HOME=${process.env.HOME ?? '/root'}${api ? ` ETCDCTL_API=${api}` : ''}`;
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** mean seconds of a shell command, by hyperfine */
function hyperfine(cmd, runs = RUNS, prepare) {
  const out = join(dir, 'hf.json');
  const args = ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', out, ...(prepare ? ['--prepare', prepare] : []), cmd];
  execFileSync('hyperfine', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const r = JSON.parse(readFileSync(out, 'utf8')).results[0];
  return { mean: r.mean, median: r.median };
}

/** peak RSS in KiB (GNU time's %M), the largest of a few runs */
function peakRss(cmd, runs = 3) {
  let max = 0;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('sh', ['-c', `/usr/bin/time -f %M ${cmd} >/dev/null 2>${join(dir, 'rss')} ; tail -1 ${join(dir, 'rss')}`], { encoding: 'utf8' });
    max = Math.max(max, Number(r.stdout.trim()));
  }
  return max;
}

const rows = [];
const load1 = () => loadavg()[0].toFixed(1);
/** api: ETCDCTL_API for both tools; for v2 pass ['', '2']: ours with it unset, etcdctl 3.4 (v3 by default) with 2 */
function measure(label, api, args, opts = {}) {
  const loadBefore = load1();
  const [oursApi, realApi] = Array.isArray(api) ? api : [api, api];
  const line = (bin) => `${cleanEnv(bin === OURS ? oursApi : realApi)} ${bin} ${args.map(q).join(' ')}`;
  if (spawnSync('sh', ['-c', `${opts.prepare ?? 'true'}; ${line(OURS)}`], { stdio: 'ignore' }).status !== 0) {
    console.error(`${label}: our etcdctl fails here; not measured`);
    rows.push({ label, failed: true });
    return;
  }
  const ours = hyperfine(line(OURS), opts.runs, opts.prepare);
  const real = hyperfine(line(REAL), opts.runs, opts.prepare);
  const oursRss = peakRss(line(OURS));
  const realRss = peakRss(line(REAL));
  rows.push({ label, ours, real, oursRss, realRss, runs: opts.runs ?? RUNS, load: `${loadBefore} / ${load1()}` });
  console.error(`${label}: ${(ours.mean * 1000).toFixed(1)} ms vs ${(real.mean * 1000).toFixed(1)} ms`);
}

/**
 * For long commands (snapshot save/status): paired runs that alternate ours and etcdctl (ABBA),
 * so a load that changes during the run (a shared machine) weighs on both alike; wall time and
 * peak RSS (GNU time) come from the same runs, after one warm-up run each.
 */
function measurePaired(label, api, args, opts = {}) {
  const loadBefore = load1();
  const rssFile = join(dir, 'paired-rss');
  const times = { ours: [], real: [] };
  const rss = { ours: 0, real: 0 };
  const runOne = (who) => {
    if (opts.prepare) spawnSync('sh', ['-c', opts.prepare]);
    const bin = who === 'ours' ? OURS : REAL;
    const t0 = performance.now();
    const r = spawnSync('sh', ['-c', `${cleanEnv(api)} /usr/bin/time -f %M -o ${rssFile} ${bin} ${args.map(q).join(' ')} >/dev/null 2>&1`]);
    const secs = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${label}: ${who} failed (exit ${r.status})`);
    times[who].push(secs);
    rss[who] = Math.max(rss[who], Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()));
  };
  runOne('ours');
  runOne('real');
  times.ours = [];
  times.real = [];
  const rounds = opts.runs ?? 6;
  for (let i = 0; i < rounds; i++) for (const who of i % 2 ? ['real', 'ours'] : ['ours', 'real']) runOne(who);
  const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
  rows.push({
    label, runs: rounds, ours: { mean: mean(times.ours) }, real: { mean: mean(times.real) },
    oursRss: rss.ours, realRss: rss.real, load: `${loadBefore} / ${load1()}`,
  });
  console.error(`${label}: ${(mean(times.ours) * 1000).toFixed(1)} ms vs ${(mean(times.real) * 1000).toFixed(1)} ms (ours: ${times.ours.map((t) => t.toFixed(2)).join(' ')}; etcdctl: ${times.real.map((t) => t.toFixed(2)).join(' ')})`);
}

const E = `--endpoints=${ep}`;
spawnSync(REAL, [E, 'put', 'bench/key', 'value'], { env: { ETCDCTL_API: '3' } });
if (!SNAPSHOT_ONLY) {
  measure('v3 version', '3', ['version']);
  measure('v3 put', '3', [E, 'put', 'bench/key', 'value']);
  measure('v3 get', '3', [E, 'get', 'bench/key']);
  measure('v3 endpoint health', '3', [E, 'endpoint', 'health']);
  const V2E = `--endpoints=http://${ep}`;
  measure('v2 set (ETCDCTL_API unset)', ['', '2'], [V2E, 'set', '/bench/key', 'value']);
  measure('v2 cluster-health', ['', '2'], [V2E, 'cluster-health']);
}

if (SNAPSHOT_MB > 0) {
  // fill the db: 1 MiB values
  console.error(`filling etcd with ~${SNAPSHOT_MB} MB...`);
  const value = 'x'.repeat(1024 * 1024 - 64);
  for (let i = 0; i < SNAPSHOT_MB; i += 8) {
    const batch = [];
    for (let j = i; j < Math.min(i + 8, SNAPSHOT_MB); j++) {
      batch.push(new Promise((r) => spawn(REAL, [E, 'put', `bench/big/${j}`], { env: { ETCDCTL_API: '3' }, stdio: ['pipe', 'ignore', 'ignore'] }).on('exit', r).stdin.end(value)));
    }
    const codes = await Promise.all(batch);
    if (codes.some((c) => c !== 0)) throw new Error(`filling etcd: a put failed (${codes})`);
  }
  const st = spawnSync(REAL, [E, 'endpoint', 'status', '-w', 'json'], { env: { ETCDCTL_API: '3' }, encoding: 'utf8' });
  console.error(`db size: ${(JSON.parse(st.stdout)[0].Status.dbSize / 1e6).toFixed(0)} MB`);
  const SNAPSHOT_RUNS = Number(arg('snapshot-runs', '6'));
  const file = join(dir, 'snap.db');
  measurePaired('v3 snapshot save', '3', [E, 'snapshot', 'save', file], { runs: SNAPSHOT_RUNS, prepare: `rm -f ${file} ${file}.part` });
  spawnSync(REAL, [E, 'snapshot', 'save', file], { env: { ETCDCTL_API: '3' } });
  console.error(`snapshot file: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  measurePaired('v3 snapshot status', '3', ['snapshot', 'status', file], { runs: SNAPSHOT_RUNS });
}

const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
console.log(`\nside by side with ${REAL} (etcdctl 3.4.23), mean wall time of N runs (hyperfine, 3 warm-ups; snapshot rows: N paired runs alternating the two tools, 1 warm-up); ratio = ours / etcdctl\n`);
console.log(`machine: ${(await import('node:os')).cpus().length} CPUs; load average (1 min) before / after each row\n`);
console.log('| command | N | ours | etcdctl | time ratio | ours peak RSS | etcdctl peak RSS | load |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  if (r.failed) {
    console.log(`| ${r.label} | | fails | | | | | |`);
    continue;
  }
  console.log(`| ${r.label} | ${r.runs} | ${ms(r.ours.mean)} | ${ms(r.real.mean)} | ${(r.ours.mean / r.real.mean).toFixed(2)}x | ${(r.oursRss / 1024).toFixed(0)} MiB | ${(r.realRss / 1024).toFixed(0)} MiB | ${r.load} |`);
}
process.exit(0); // the etcd child would keep the event loop alive; 'exit' stops it
