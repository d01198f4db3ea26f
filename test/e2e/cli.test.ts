// API selection, help, usage errors, ETCDCTL_* variables and the .env file, compared with
// Debian's etcdctl 3.4.23 where the product behaves as etcdctl does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real, without35HelpLines, type RunOptions } from '../helpers/run.js';
import { dropZapLogs } from '../helpers/twin.js';

let etcd: EtcdCluster;
let E: string;
before(async () => {
  etcd = await startEtcd();
  E = `--endpoints=${etcd.endpoints}`;
  const put = await real([E, 'put', 'foo', 'bar'], { api: '3' });
  assert.equal(put.code, 0);
});
after(() => etcd.stop());

/** capnslog lines carry the local time with microseconds */
const noTime = (s: string) => s.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} /gm, 'TIME ');

/** The root help lists our `check cluster` (one line, in cobra's name order); the rest is etcdctl's. */
const CHECK_CLUSTER_LINE = '\tcheck cluster\t\tCheck the health of the etcd cluster in one verdict and exit code\n';

async function same(args: () => string[], opts: RunOptions = { api: '3' }) {
  const a = await ours(args(), opts);
  const b = await real(args(), opts);
  if (b.stdout.includes('\n\tcheck datascale\t\t')) {
    assert.ok(a.stdout.includes(`\n${CHECK_CLUSTER_LINE}\tcheck datascale\t\t`), 'the root help lists check cluster');
    a.stdout = a.stdout.replace(CHECK_CLUSTER_LINE, '');
  }
  // help and usage show what etcdctl 3.5 added (checked in etcdctl35-additions.test.ts)
  assert.equal(without35HelpLines(a.stdout), b.stdout, 'stdout');
  assert.equal(noTime(without35HelpLines(a.stderr)), noTime(dropZapLogs(b.stderr)), 'stderr');
  assert.equal(a.code, b.code, 'exit code');
  return a;
}

for (const api of ['4', '3.4', ' 3', 'v3', '03']) {
  test(`ETCDCTL_API=${JSON.stringify(api)} is refused as etcdctl refuses it`, async () => {
    const r = await same(() => ['get', 'foo'], { api });
    assert.equal(r.stderr, `unsupported API version ${api}\n`);
    assert.equal(r.code, 1);
  });
}

test('ETCDCTL_API=3 etcdctl version', async () => {
  const r = await same(() => ['version']);
  assert.equal(r.stdout, 'etcdctl version: 3.4.23\nAPI version: 3.4\n');
});

test('no arguments, --help, help <cmd>, help <unknown>, a bare parent command', async () => {
  await same(() => []);
  await same(() => ['--help']);
  await same(() => ['-h']);
  await same(() => ['help', 'put']);
  await same(() => ['help', 'bogus']);
  await same(() => ['help', 'member', 'bogus']);
  await same(() => ['lease']);
  await same(() => ['lease', 'bogus']);
  await same(() => ['mem', 'li', '--help']);
});

test("-h/--help before a command name: cobra's Find takes the next word as its value (`-h snapshot` is the root help)", async () => {
  const forms = [
    ['-h', 'snapshot'], ['--help', 'snapshot'], ['snapshot', '-h'], ['-h', 'snapshot', 'status'], ['help', 'snapshot'],
    ['--help=true', 'snapshot'], ['-h=false', 'snapshot'], ['-w', 'json', '-h', 'snapshot'], ['-h', '-w', 'json', 'snapshot'],
    ['-h', 'foo'], ['-h', 'help'], ['-x', 'snapshot'], ['member', '-h', 'list'], ['snapshot', '--help', 'restore'],
    ['--hex', '-h', 'snapshot'], ['--endpoints', '-h', 'snapshot'], ['--', '-h', 'snapshot'], ['-h', 'backup'],
  ];
  for (const args of forms) await same(() => args);
});

test('usage errors: unknown flag, bad value, missing value, unknown command with suggestions', async () => {
  await same(() => ['get', 'k', '--bogus']);
  await same(() => ['--version']);
  await same(() => ['get', 'k', '--limit', 'many']);
  await same(() => ['get', 'k', '--limit=99999999999999999999']);
  await same(() => ['get', 'k', '--prefix=maybe']);
  await same(() => ['--dial-timeout=5', 'get', 'k']);
  await same(() => ['get', 'k', '-w']);
  await same(() => ['put', 'k', '-5']);
  await same(() => ['bogus']);
  await same(() => ['gte', 'k']);
  await same(() => ['l']);
  await same(() => ['---x']);
});

test('a v2 command under ETCDCTL_API=3 names the fix in one line', async () => {
  for (const cmd of ['set', 'mk', 'ls', 'cluster-health', 'backup']) {
    const r = await ours([cmd, 'x'], { api: '3' });
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `Error: "${cmd}" is an API v2 command; run it with ETCDCTL_API=2\n`);
    assert.equal(r.code, 1);
  }
});

test('ETCDCTL_* variables: applied, warned about, ignored when invalid, fatal when shadowed', async () => {
  await same(() => ['get', 'foo'], { api: '3', env: { ETCDCTL_ENDPOINTS: etcd.endpoints } });
  await same(() => ['get', 'foo'], { api: '3', env: { ETCDCTL_ENDPOINTS: etcd.endpoints, ETCDCTL_WRITE_OUT: 'json' } });
  await same(() => [E, 'get', 'foo'], { api: '3', env: { ETCDCTL_BOGUS: '1' } });
  await same(() => [E, 'get', 'foo'], { api: '3', env: { ETCDCTL_HEX: '' } });
  await same(() => [E, 'get', 'foo'], { api: '3', env: { ETCDCTL_DIAL_TIMEOUT: 'abc' } });
  await same(() => [E, 'get', 'foo'], { api: '3', env: { ETCDCTL_ENDPOINTS: etcd.endpoints } });
  await same(() => [E, 'get', 'foo', '--prefix'], { api: '3', env: { ETCDCTL_PREFIX: 'true' } });
  await same(() => [E, 'endpoint', 'hashkv'], { api: '3', env: { ETCDCTL_CLUSTER: 'true' } });
  // commands that build no client read no variables
  await same(() => ['version'], { api: '3', env: { ETCDCTL_BOGUS: '1', ETCDCTL_WRITE_OUT: 'json' } });
});

test('--debug prints the effective flags (the transport log lines aside: gRPC\'s there, our own here)', async () => {
  const args = () => ['--debug', '--endpoints=x,y', '--endpoints', etcd.endpoints, 'get', 'foo'];
  const a = await ours(args(), { api: '3' });
  const b = await real(args(), { api: '3' });
  const goLogs = /^(INFO|WARNING): \d{4}\/\d\d\/\d\d /;
  const withoutLogs = (s: string) => s.split('\n').filter((l) => !goLogs.test(l)).join('\n');
  assert.equal(a.stdout, b.stdout);
  assert.equal(withoutLogs(a.stderr), withoutLogs(b.stderr));
  // ours: the endpoint a call waits for becomes ready before the call goes out
  assert.match(a.stderr, new RegExp(`\\[core\\]${etcd.endpoints}: Connectivity change to READY\\n`));
  assert.match(a.stderr, new RegExp(`^ETCDCTL_ENDPOINTS=\\[x,y,${etcd.endpoints}\\]$`, 'm'));
});

test('.env in the working directory: read below the real environment, a default that flags override', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-dotenv-'));
  try {
    writeFileSync(join(dir, '.env'), `ETCDCTL_API=3\nETCDCTL_ENDPOINTS=${etcd.endpoints}\nETCDCTL_WRITE_OUT=fields\n`);
    const viaFile = await ours(['get', 'foo'], { cwd: dir });
    assert.equal(viaFile.code, 0, viaFile.stderr);
    assert.match(viaFile.stdout, /^"Key" : "foo"$/m);
    // a variable set in the real environment wins over the file
    const overridden = await ours(['get', 'foo'], { cwd: dir, env: { ETCDCTL_WRITE_OUT: 'simple' } });
    assert.equal(overridden.stdout, 'foo\nbar\n');
    const realApi = await ours(['get', 'foo'], { cwd: dir, api: '4' });
    assert.equal(realApi.stderr, 'unsupported API version 4\n');
    // a flag given on the command line overrides the file's variable silently (issue 10 item 6)...
    const flagWins = await ours(['--endpoints=127.0.0.1:1', '--dial-timeout=300ms', 'get', 'foo'], { cwd: dir });
    // the flag's dead endpoint was used, not the file's live one, and nothing conflicted
    assert.notEqual(flagWins.code, 0, flagWins.stderr);
    assert.doesNotMatch(flagWins.stderr, /conflicting/);
    assert.match(flagWins.stderr, /context deadline exceeded/);
    const sameAsFile = await ours([E, 'get', 'foo'], { cwd: dir });
    assert.equal(sameAsFile.code, 0, sameAsFile.stderr);
    assert.match(sameAsFile.stdout, /^"Key" : "foo"$/m);
    // ...while one set in the real environment conflicts with the flag, as in etcdctl
    const shadowed = await ours([E, 'get', 'foo'], { cwd: dir, env: { ETCDCTL_ENDPOINTS: etcd.endpoints } });
    assert.equal(shadowed.code, 1);
    assert.match(shadowed.stderr, /C \| pkg\/flags: conflicting environment variable "ETCDCTL_ENDPOINTS"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreachable endpoint fails within --command-timeout with etcdctl\'s message', async () => {
  const start = Date.now();
  await same(() => ['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'get', 'foo']);
  await same(() => ['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'put', 'foo', 'x']);
  await same(() => ['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'del', 'foo']);
  assert.ok(Date.now() - start < 15000, 'each call ends near its 1s deadline');
});

test('a closed pipe ends the command quietly, with the status of a SIGPIPE as etcdctl', async () => {
  const { spawnSync } = await import('node:child_process');
  // more than a pipe buffer (64 KiB) of output, so the writer really meets the closed pipe
  for (let i = 0; i < 40; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => real([E, 'put', `pipe/${i + j}`, 'x'.repeat(4000)], { api: '3' })));
  }
  const pipeline = (bin: string) =>
    spawnSync('bash', ['--norc', '--noprofile', '-c', `${bin} ${E} get pipe/ --prefix | head -c 10 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], {
      env: { PATH: process.env.PATH, ETCDCTL_API: '3' },
      encoding: 'utf8',
    });
  const a = pipeline('bin/etcdctl');
  const b = pipeline('/usr/bin/etcdctl');
  assert.equal(a.stderr, '');
  assert.equal(a.stdout, 'rc=141\n');
  assert.equal(a.stdout, b.stdout);
});
