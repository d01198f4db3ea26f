// Runs the test suite with node's own test runner: `node scripts/test.mjs [unit|e2e] [filter...]`.
// Builds first (e2e tests spawn bin/etcdctl, which runs dist/). Test files run in parallel, one
// process each; every e2e file starts its own etcd on free loopback ports.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';

const [kind, ...filters] = process.argv.slice(2);
const roots = kind === 'unit' ? ['test/unit'] : kind === 'e2e' ? ['test/e2e'] : ['test/unit', 'test/e2e'];
if (kind && kind !== 'unit' && kind !== 'e2e') filters.unshift(kind);

function find(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = roots.flatMap(find).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// The second oracle (etcd 3.5.16 from Debian trixie, never installed): a missing one fails the run.
if (!process.env.ETCD35_DIR) {
  const oracle = spawnSync('bash', ['scripts/oracle-3.5.sh'], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (oracle.status !== 0) {
    console.error('the etcd 3.5.16 oracle could not be fetched (scripts/oracle-3.5.sh); the e2e tests need it');
    process.exit(1);
  }
  process.env.ETCD35_DIR = oracle.stdout.toString().trim();
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Two cores: a few files at once keeps the etcds responsive while the CPU stays busy.
const concurrency = Number(process.env.TEST_CONCURRENCY ?? Math.max(2, availableParallelism() + 1));
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
);
process.exit(r.status ?? 1);
