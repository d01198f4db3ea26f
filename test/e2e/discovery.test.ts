// DNS SRV discovery (-d/--discovery-srv, --discovery-srv-name, --insecure-discovery) against a
// real DNS server (dnsmasq) on loopback:
// 1. ours, with dnsmasq on a port of the test range and the ETCD_TS_TEST_DNS_SERVER test hook;
// 2. ours next to etcdctl 3.4.23 byte for byte, inside a private user/net/mount/pid namespace
//    (unshare) where dnsmasq can answer on 127.0.0.1:53 and /etc/resolv.conf is bind-mounted for
//    those processes only: both binaries resolve through the same resolv.conf there, no hook.
//    Everything started in the namespace dies with it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ETCD_BIN, REAL_ETCDCTL, freePort, sleep, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, OUR_ETCDCTL } from '../helpers/run.js';
import { dropZap } from '../helpers/compare.js';

const DNSMASQ = process.env.DNSMASQ_BIN ?? '/usr/sbin/dnsmasq';

function requireTools(): void {
  for (const [bin, pkg] of [[DNSMASQ, 'dnsmasq'], ['unshare', 'util-linux'], ['ip', 'iproute2']] as const) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`]);
    if (r.status !== 0) throw new Error(`${bin} not found: the discovery tests need it (apt-get install -y ${pkg})`);
  }
}

/**
 * dnsmasq flags for the test zones (answers only for *.test): SRV records naming `target` at
 * `port`. On the host the target is `localhost` (the system resolver must find it, the hook only
 * serves SRV); in the namespace it is etcd1.example.test, an A record of this server, because Go
 * does not resolve `localhost.` there (ours would: it drops the root dot to dial).
 */
function zoneArgs(target: string, port: number, deadPort: number): string[] {
  return [
    '--no-resolv',
    '--no-hosts',
    '--local=/test/',
    '--host-record=etcd1.example.test,127.0.0.1',
    `--srv-host=_etcd-client._tcp.example.test,${target},${port},0,10`,
    `--srv-host=_etcd-client-x._tcp.example.test,${target},${port},0,10`,
    // two records: the live one first by priority, then a dead one
    `--srv-host=_etcd-client._tcp.two.test,${target},${port},0,10`,
    `--srv-host=_etcd-client._tcp.two.test,${target},${deadPort},10,10`,
    // only an https record, pointing at the plain server
    `--srv-host=_etcd-client-ssl._tcp.sslonly.test,${target},${port},0,10`,
  ];
}

describe('ours, through a dnsmasq on a loopback port (test hook)', () => {
  let etcd: EtcdCluster;
  let dns: ChildProcess;
  let dnsPort: number;
  let env: Record<string, string>;

  before(async () => {
    requireTools();
    etcd = await startEtcd();
    dnsPort = await freePort();
    const deadPort = await freePort();
    dns = spawn(DNSMASQ, ['--keep-in-foreground', `--port=${dnsPort}`, '--listen-address=127.0.0.1', '--bind-interfaces', ...zoneArgs('localhost', etcd.first.clientPort, deadPort)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    dns.stderr!.on('data', (d) => (log += d));
    // wait until it answers
    for (let i = 0; ; i++) {
      const r = await ours(['-d', 'example.test', '--command-timeout', '2s', 'get', 'x'], { api: '3', env: { ETCD_TS_TEST_DNS_SERVER: `127.0.0.1:${dnsPort}` } });
      if (r.code === 0) break;
      if (i > 50) throw new Error(`dnsmasq did not answer: ${log}\n${r.stderr}`);
      await sleep(100);
    }
    env = { ETCD_TS_TEST_DNS_SERVER: `127.0.0.1:${dnsPort}` };
  });
  after(async () => {
    dns?.kill('SIGTERM');
    await etcd?.stop();
  });

  it('finds the client endpoints and uses them', async () => {
    const put = await ours(['-d', 'example.test', 'put', 'dk', 'dv'], { api: '3', env });
    assert.equal(put.stdout, 'OK\n');
    assert.equal(put.stderr, '');
    const get = await ours(['--discovery-srv', 'example.test', '--discovery-srv-name', 'x', 'get', 'dk'], { api: '3', env });
    assert.equal(get.stdout, 'dk\ndv\n');
    const health = await ours(['-d', 'example.test', 'endpoint', 'health', '--cluster'], { api: '3', env });
    assert.match(health.stderr, /^http:\/\/127\.0\.0\.1:\d+ is healthy: successfully committed proposal: took = /);
  });

  it('a dead endpoint among the discovered ones does not fail a command', async () => {
    const r = await ours(['-d', 'two.test', 'get', 'dk'], { api: '3', env });
    assert.equal(r.stdout, 'dk\ndv\n');
    assert.equal(r.code, 0);
  });

  it('errors and --insecure-discovery=false are worded as etcdctl words them', async () => {
    const none = await ours(['-d', 'nothere.test', 'get', 'dk'], { api: '3', env });
    assert.equal(none.code, 1);
    assert.equal(
      none.stderr,
      `Error: dns lookup errors: lookup _etcd-client-ssl._tcp.nothere.test on 127.0.0.1:${dnsPort}: no such host and lookup _etcd-client._tcp.nothere.test on 127.0.0.1:${dnsPort}: no such host\n`,
    );
    // the http endpoint is dropped, --endpoints is used instead, and (ServerName = the domain)
    // over TLS: against this plain server that ends in a deadline, as in etcdctl
    const strict = await ours(['-d', 'example.test', '--insecure-discovery=false', '--command-timeout', '1s', '--endpoints', etcd.first.endpoint, 'get', 'dk'], { api: '3', env });
    assert.equal(strict.stderr, `ignoring discovered insecure endpoint "http://localhost.:${etcd.first.clientPort}"\nError: context deadline exceeded\n`);
    assert.equal(strict.code, 1);
  });
});

describe('ours next to etcdctl, in a private namespace with dnsmasq on 127.0.0.1:53', () => {
  const CASES: string[][] = [
    ['-d', 'example.test', 'get', 'dk'],
    ['-d', 'example.test', '--discovery-srv-name', 'x', 'get', 'dk', '-w', 'json'],
    ['-d', 'two.test', 'get', 'dk'],
    ['-d', 'nothere.test', 'get', 'dk'],
    ['-d', 'nothere.test', '--discovery-srv-name', 'x', 'put', 'a', 'b'],
    ['-d', 'example.test', '--insecure-discovery=false', '--command-timeout', '1s', '--endpoints', 'ENDPOINT', 'get', 'dk'],
    ['-d', 'example.test', 'endpoint', 'health', '--cluster', '-w', 'json'],
    ['-d', 'example.test', 'endpoint', 'status', '--cluster'],
    ['-d', 'example.test', 'member', 'list'],
    ['-d', 'sslonly.test', '--command-timeout', '1s', 'get', 'dk'],
    ['-d', 'nothere.test', 'endpoint', 'health', '--cluster'],
  ];
  let dir: string;

  before(async () => {
    requireTools();
    dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-srv-'));
    const port = await freePort();
    const peer = await freePort();
    const dead = await freePort();
    // --no-daemon: no switch to user nobody (not mapped in the user namespace)
    const dnsmasq = [DNSMASQ, '--no-daemon', '--port=53', '--listen-address=127.0.0.1', '--bind-interfaces', ...zoneArgs('etcd1.example.test', port, dead)];
    const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const lines = [
      'set -u',
      'ip link set lo up',
      `echo 'nameserver 127.0.0.1' > ${dir}/resolv.conf`,
      `mount --bind ${dir}/resolv.conf /etc/resolv.conf`,
      `${dnsmasq.map(q).join(' ')} 2>${dir}/dnsmasq.log &`,
      `${q(ETCD_BIN)} --name ns --data-dir ${dir}/data --listen-client-urls http://127.0.0.1:${port} --advertise-client-urls http://127.0.0.1:${port} --listen-peer-urls http://127.0.0.1:${peer} --initial-advertise-peer-urls http://127.0.0.1:${peer} --initial-cluster ns=http://127.0.0.1:${peer} --logger zap --log-level error >/dev/null 2>&1 &`,
      'for i in $(seq 100); do ETCDCTL_API=3 ' + q(REAL_ETCDCTL) + ` --endpoints 127.0.0.1:${port} put dk dv >/dev/null 2>&1 && break; sleep 0.1; done`,
    ];
    CASES.forEach((c, i) => {
      const args = c.map((a) => (a === 'ENDPOINT' ? `127.0.0.1:${port}` : a)).map(q).join(' ');
      for (const [tag, bin] of [['real', REAL_ETCDCTL], ['ours', OUR_ETCDCTL]] as const) {
        lines.push(`env -i PATH="$PATH" HOME="$HOME" ETCDCTL_API=3 ${q(bin)} ${args} >${dir}/${i}.${tag}.out 2>${dir}/${i}.${tag}.err; echo $? >${dir}/${i}.${tag}.code`);
      }
    });
    writeFileSync(join(dir, 'run.sh'), lines.join('\n') + '\n');
    // -p with --mount-proc: every process started inside dies when the script ends
    const r = spawnSync('unshare', ['-rnmpf', '--mount-proc', 'bash', join(dir, 'run.sh')], { timeout: 120000, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`namespace run failed (${r.status}): ${r.stderr}`);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  CASES.forEach((c, i) => {
    it(`etcdctl ${c.join(' ')}`, () => {
      const read = (tag: string, ext: string) => readFileSync(join(dir, `${i}.${tag}.${ext}`), 'utf8');
      const took = (s: string) => s.replace(/"took":"[^"]*"/g, '"took":"<T>"');
      assert.equal(read('ours', 'code'), read('real', 'code'), 'exit code');
      assert.equal(took(read('ours', 'out')), took(read('real', 'out')), 'stdout');
      assert.equal(read('ours', 'err'), dropZap(read('real', 'err')), 'stderr');
    });
  });
});
