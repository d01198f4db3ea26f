// The kubeadm setup: an etcd serving https with client-certificate auth, used with
// --endpoints=https://... --cacert --cert --key. Ours and Debian's etcdctl must agree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { makeCerts, type TlsFiles } from '../helpers/tls.js';
import { ours, real } from '../helpers/run.js';
import { dropZapLogs } from '../helpers/twin.js';

let etcd: EtcdCluster;
let tls: TlsFiles;
let other: TlsFiles;
let url: string;
let creds: () => string[];

before(async () => {
  tls = makeCerts();
  other = makeCerts();
  etcd = await startEtcd({ tls, clientCertAuth: true });
  url = etcd.first.clientURL;
  creds = () => [`--endpoints=${url}`, `--cacert=${tls.ca}`, `--cert=${tls.clientCert}`, `--key=${tls.clientKey}`];
});
after(async () => {
  await etcd.stop();
  rmSync(tls.dir, { recursive: true, force: true });
  rmSync(other.dir, { recursive: true, force: true });
});

async function same(args: string[], check?: (out: { stdout: string; stderr: string; code: number | null }) => void) {
  const a = await ours(args, { api: '3' });
  const b = await real(args, { api: '3' });
  assert.equal(a.stdout, b.stdout, 'stdout');
  assert.equal(a.stderr, dropZapLogs(b.stderr), 'stderr');
  assert.equal(a.code, b.code, `exit code (ours stderr: ${a.stderr})`);
  check?.(a);
}

test('put and get over TLS with a client certificate', async () => {
  await same([...creds(), 'put', 'tls-key', 'secret'], (r) => assert.equal(r.stdout, 'OK\n'));
  await same([...creds(), 'get', 'tls-key'], (r) => assert.equal(r.stdout, 'tls-key\nsecret\n'));
  await same([...creds(), 'get', 'tls-', '--prefix', '-w', 'json']);
  // a delete changes the state: each tool deletes its own copy of the key
  for (const run of [ours, real]) {
    assert.equal((await real([...creds(), 'put', 'tls-key', 'again'], { api: '3' })).code, 0);
    const r = await run([...creds(), 'del', 'tls-key', '--prev-kv'], { api: '3' });
    assert.equal(r.stdout, '1\ntls-key\nagain\n');
  }
});

test('endpoint status and hashkv over TLS', async () => {
  await same([...creds(), 'endpoint', 'hashkv']);
  const a = await ours([...creds(), 'endpoint', 'status'], { api: '3' });
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, new RegExp(`^${url.replace(/[.]/g, '\\.')}, [0-9a-f]+, 3\\.4\\.23, \\d+ kB, true, false, \\d+, \\d+, \\d+, $`, 'm'));
});

test('endpoint health over TLS reports healthy on stderr, exit 0', async () => {
  const a = await ours([...creds(), 'endpoint', 'health'], { api: '3' });
  assert.equal(a.code, 0);
  assert.equal(a.stdout, '');
  assert.match(a.stderr, new RegExp(`^${url.replace(/[.]/g, '\\.')} is healthy: successfully committed proposal: took = [0-9.]+(µs|ms|s)\\n$`));
});

test('TLS file problems: empty value, cert without key, missing files', async () => {
  await same([`--endpoints=${url}`, '--cert=', 'get', 'k']);
  await same([`--endpoints=${url}`, '--cacert=', 'get', 'k']);
  await same([`--endpoints=${url}`, `--cert=${tls.clientCert}`, 'get', 'k']);
  await same([`--endpoints=${url}`, `--key=${tls.clientKey}`, 'get', 'k']);
  await same([`--endpoints=${url}`, '--cacert=/nonexistent/ca.crt', 'get', 'k']);
  await same([`--endpoints=${url}`, '--cert=/nonexistent/c.crt', `--key=${tls.clientKey}`, 'get', 'k']);
});

test('a server the CA does not vouch for, or no client certificate: the call times out as in etcdctl', async () => {
  const t = '--command-timeout=1s';
  await same([`--endpoints=${url}`, t, `--cacert=${other.ca}`, `--cert=${tls.clientCert}`, `--key=${tls.clientKey}`, 'get', 'k']);
  await same([`--endpoints=${url}`, t, `--cacert=${tls.ca}`, 'get', 'k']);
  await same([`--endpoints=${url}`, t, 'get', 'k']);
});

test('--insecure-skip-tls-verify accepts an unknown CA', async () => {
  await same([`--endpoints=${url}`, '--insecure-skip-tls-verify', `--cert=${tls.clientCert}`, `--key=${tls.clientKey}`, 'get', 'k', '-w', 'json']);
});

test('certificates given by ETCDCTL_CACERT / ETCDCTL_CERT / ETCDCTL_KEY', async () => {
  const env = { ETCDCTL_CACERT: tls.ca, ETCDCTL_CERT: tls.clientCert, ETCDCTL_KEY: tls.clientKey, ETCDCTL_ENDPOINTS: url };
  const a = await ours(['put', 'env-tls', 'v'], { api: '3', env });
  assert.equal(a.stdout, 'OK\n', a.stderr);
  const b = await real(['get', 'env-tls', '--print-value-only'], { api: '3', env });
  assert.equal(b.stdout, 'v\n');
});

test('garbage, swapped or mismatched certificate files', async () => {
  const garbage = join(tls.dir, 'garbage.crt');
  writeFileSync(garbage, 'not a certificate\n');
  const malformed = join(tls.dir, 'malformed.pem');
  writeFileSync(malformed, '-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n');
  const e = `--endpoints=${url}`;
  await same([e, `--cacert=${tls.ca}`, `--cert=${garbage}`, `--key=${tls.clientKey}`, 'get', 'k']);
  await same([e, `--cacert=${tls.ca}`, `--cert=${tls.clientCert}`, `--key=${garbage}`, 'get', 'k']);
  await same([e, `--cacert=${tls.ca}`, `--cert=${tls.clientCert}`, `--key=${tls.serverKey}`, 'get', 'k']);
  await same([e, `--cacert=${malformed}`, 'get', 'k']);
});
