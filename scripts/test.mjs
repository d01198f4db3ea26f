// Runs the test suite with node's own test runner: `node scripts/test.mjs [unit|e2e|e2e35] [filter...]`.
// Builds first (e2e tests spawn bin/etcdctl, which runs dist/). Test files run in parallel, one
// process each; every e2e file starts its own etcd on free loopback ports. The e2e files of
// E2E_35 then run a second time against etcd 3.5.16 (TEST_ETCD_SERVER=3.5.16; the oracle stays
// etcdctl 3.4.23): after a whole run or `e2e` without filters, or alone with `e2e35`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';

const [kind, ...filters] = process.argv.slice(2);
const roots = kind === 'unit' ? ['test/unit'] : kind === 'e2e' || kind === 'e2e35' ? ['test/e2e'] : ['test/unit', 'test/e2e'];
if (kind && kind !== 'unit' && kind !== 'e2e' && kind !== 'e2e35') filters.unshift(kind);

// The e2e files that also run against etcd 3.5.16: every v3 command's network path (put, get,
// del, txn, watch, lease, member, endpoint, auth, TLS, snapshot save/status/restore).
const E2E_35 = ['kv', 'txn', 'watch', 'lease', 'member', 'endpoint', 'auth', 'tls', 'snapshot'].map((n) => `test/e2e/${n}.test.ts`);

/** @param {string} dir @returns {string[]} the *.test.ts files under dir, sorted */
function find(dir) {
  /** @type {string[]} */
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

const matching = roots.flatMap(find).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
const files = kind === 'e2e35' ? [] : matching;
const files35 = kind === 'e2e35' ? matching.filter((f) => E2E_35.includes(f)) : kind !== 'unit' && filters.length === 0 ? E2E_35 : [];
if (files.length === 0 && files35.length === 0) {
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

// The whole run (no kind, no filter) starts with the static checks: ESLint, knip and the type
// check of scripts/ and bench/ (checkJs), clean or failed.
if (!kind && filters.length === 0) {
  /** @type {Array<[string, string, string[], string]>} */
  const checks = [
    ['eslint', 'node_modules/eslint/bin/eslint.js', ['.'], 'npm run lint'],
    ['knip', 'node_modules/knip/bin/knip.js', ['--no-progress'], 'npm run knip'],
    ['tsc (scripts, bench)', 'node_modules/typescript/bin/tsc', ['-p', 'tsconfig.scripts.json'], 'npm run typecheck:scripts'],
  ];
  for (const [what, bin, args, rerun] of checks) {
    const check = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
    if (check.status !== 0) {
      console.error(`${what} found problems (${rerun})`);
      process.exit(1);
    }
  }
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Two cores: a few files at once keeps the etcds responsive while the CPU stays busy.
const concurrency = Number(process.env.TEST_CONCURRENCY ?? Math.max(2, availableParallelism() + 1));
/** @param {string[]} list @param {NodeJS.ProcessEnv} env */
const runFiles = (list, env) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...list], {
    stdio: 'inherit',
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
  }).status ?? 1;
let status = 0;
if (files.length > 0) status = runFiles(files, {});
if (files35.length > 0) {
  console.log(`\n# the same e2e files against etcd 3.5.16: ${files35.join(' ')}`);
  status = runFiles(files35, { TEST_ETCD_SERVER: '3.5.16' }) || status;
}
process.exit(status);
