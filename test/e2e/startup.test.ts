// What a command loads at start-up: v2 and offline commands, `version` and help never load gRPC
// (Node's http2 module, which grpc-js needs, stays unloaded), and the code cache fits this Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { OUR_ETCDCTL, OUR_ETCDUTL } from '../helpers/run.js';

let etcd: EtcdCluster;
let dir: string;
let report: string;
before(async () => {
  etcd = await startEtcd();
  dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-startup-'));
  report = join(dir, 'report.cjs');
  // preloaded into our etcdctl: on exit, list the Node built-in modules the process loaded
  writeFileSync(report, `process.on('exit', () => require('fs').writeSync(2, '\\nLOADED ' + process.moduleLoadList.join(',') + '\\n'));\n`);
});
after(async () => {
  await etcd.stop();
  rmSync(dir, { recursive: true, force: true });
});

function loaded(args: string[], api?: string, bin = OUR_ETCDCTL): { modules: string[]; code: number | null } {
  const env: Record<string, string> = { PATH: process.env.PATH! };
  if (api) env.ETCDCTL_API = api;
  const r = spawnSync(process.execPath, ['-r', report, bin, ...args], { env, encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, r.stderr);
  return { modules: line.slice(7).split(','), code: r.status };
}

test('a v3 put loads gRPC (the check can see it)', () => {
  const r = loaded([`--endpoints=${etcd.endpoints}`, 'put', 'k', 'v'], '3');
  assert.equal(r.code, 0);
  assert.ok(r.modules.includes('NativeModule http2'));
});

test('v2 commands, version, help and snapshot status do not load gRPC', () => {
  const cases: Array<[string[], string | undefined]> = [
    [['--endpoints', etcd.clientURLs, 'set', '/k', 'v'], undefined],
    [['--endpoints', etcd.clientURLs, 'cluster-health'], '2'],
    [['version'], '3'],
    [['get', '--help'], '3'],
    [['snapshot', 'status', join(dir, 'missing.db')], '3'],
  ];
  for (const [args, api] of cases) {
    const r = loaded(args, api);
    assert.ok(!r.modules.includes('NativeModule http2'), `etcdctl ${args.join(' ')} loaded http2`);
  }
});

test('put, get, version and a v2 set do not load child_process (commander\'s require of it is lazy in the bundle)', () => {
  const cases: Array<[string[], string | undefined]> = [
    [[`--endpoints=${etcd.endpoints}`, 'put', 'k', 'v'], '3'],
    [[`--endpoints=${etcd.endpoints}`, 'get', 'k'], '3'],
    [['version'], '3'],
    [['--endpoints', etcd.clientURLs, 'set', '/k', 'v'], undefined],
  ];
  for (const [args, api] of cases) {
    const r = loaded(args, api);
    assert.equal(r.code, 0, args.join(' '));
    assert.ok(!r.modules.includes('NativeModule child_process'), `etcdctl ${args.join(' ')} loaded child_process`);
  }
});

test('a one-key get does not load node:v8 (the young GC of long reads loads it when a read streams)', () => {
  const r = loaded([`--endpoints=${etcd.endpoints}`, 'get', 'k'], '3');
  assert.equal(r.code, 0);
  assert.ok(r.modules.includes('NativeModule http2'), 'the check can see modules');
  assert.ok(!r.modules.includes('NativeModule v8'), 'get loaded node:v8');
});

test('etcdutl never loads gRPC, whatever the command', () => {
  const db = join(dir, 'missing.db');
  const cases: string[][] = [
    ['version'],
    ['--help'],
    ['snapshot', 'status', db, '-w', 'json'],
    ['snapshot', 'status', db, '-w', 'protobuf'],
    ['snapshot', 'restore', db, '--data-dir', join(dir, 'restored')],
    ['defrag', '--data-dir', join(dir, 'no-data-dir')],
    ['backup', '--data-dir', join(dir, 'no-data-dir'), '--backup-dir', join(dir, 'backup')],
    ['completion', 'bash'],
    ['__complete', 'snapshot', ''],
  ];
  for (const args of cases) {
    const r = loaded(args, undefined, OUR_ETCDUTL);
    assert.ok(!r.modules.includes('NativeModule http2'), `etcdutl ${args.join(' ')} loaded http2`);
  }
});

test('the code cache made at build time is accepted by this Node', () => {
  const boot = JSON.stringify(join(OUR_ETCDCTL, '../../dist/boot.cjs'));
  for (const name of ['etcdctl', 'etcdutl']) {
    const r = spawnSync(process.execPath, ['-e', `const b = require(${boot}); const l = b.load(true, '${name}'); console.log(l.cacheRejected)`], { encoding: 'utf8' });
    assert.equal(r.stdout, 'false\n', `${name}: ${r.stderr}`);
  }
});

test('NODE_EXTRA_CA_CERTS is not read at start (Node would warn about a missing file) and reaches child processes as given', () => {
  const env = { PATH: process.env.PATH!, ETCDCTL_API: '3', NODE_EXTRA_CA_CERTS: join(dir, 'missing-ca.crt') };
  for (const bin of [OUR_ETCDCTL, OUR_ETCDUTL]) {
    const r = spawnSync(bin, ['version'], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '', bin);
  }
  const child = 'printf "%s\\n" "$NODE_EXTRA_CA_CERTS"; env | grep -c "^ETCD_TS_" || true';
  const r = spawnSync(OUR_ETCDCTL, [`--endpoints=${etcd.endpoints}`, 'lock', 'startup-lock', '--', 'sh', '-c', child], { env, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `${env.NODE_EXTRA_CA_CERTS}\n0\n`);
  assert.equal(r.status, 0);
});
