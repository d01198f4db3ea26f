// v2 commands over TLS (--ca-file/--cert-file/--key-file and their ETCDCTL_* variables) side by
// side with Debian's etcdctl 3.4.23, against twin etcds that serve https and require client
// certificates, including the handshake failures (unknown authority, no client certificate,
// https to a plain server and back).
import { before, after, test } from 'node:test';
import { requireEtcd } from '../helpers/etcd.js';
import { makeCerts, type TlsFiles } from '../helpers/tls.js';
import { same, startTwins, type Twins } from '../helpers/v2.js';

let t: Twins;
let certs: TlsFiles;

before(async () => {
  requireEtcd();
  certs = makeCerts();
  t = await startTwins({ tls: certs, clientCertAuth: true });
});

after(async () => {
  await t?.stop();
});

const tlsFlags = () => ['--ca-file', certs.ca, '--cert-file', certs.clientCert, '--key-file', certs.clientKey];

test('requests with the CA and a client certificate, from flags or ETCDCTL_* variables', async () => {
  await same(t, [...tlsFlags(), 'set', '/tls/k', 'v']);
  await same(t, [...tlsFlags(), '-o', 'json', 'get', '/tls/k']);
  await same(t, [...tlsFlags(), '--debug', 'ls', '/tls']);
  await same(t, ['-o', 'extended', 'get', '/tls/k'], {
    env: { ETCDCTL_CA_FILE: certs.ca, ETCDCTL_CERT_FILE: certs.clientCert, ETCDCTL_KEY_FILE: certs.clientKey },
  });
  await same(t, ['--ca-file', certs.ca, 'get', '/tls/k'], { env: { ETCDCTL_CERT_FILE: certs.clientCert, ETCDCTL_KEY_FILE: certs.clientKey } });
  await same(t, [...tlsFlags(), 'cluster-health'], { normalise: (s) => s.replace(/member \w+/g, 'member <id>') });
  await same(t, [...tlsFlags(), 'user', 'list']);
});

test('without --ca-file, a CA in NODE_EXTRA_CA_CERTS is trusted (etcdctl: in SSL_CERT_FILE)', async () => {
  // bin/etcdctl keeps the variable from Node's start and adds the file to the roots itself
  const env = { NODE_EXTRA_CA_CERTS: certs.ca, SSL_CERT_FILE: certs.ca };
  const client = ['--cert-file', certs.clientCert, '--key-file', certs.clientKey];
  await same(t, [...client, 'set', '/tls/extra-ca', 'v'], { env });
  await same(t, [...client, '-o', 'json', 'get', '/tls/extra-ca'], { env });
});

// Without a client certificate the TLS 1.3 handshake completes on the client's side and the
// server's alert arrives with the first read; Go's transport then says `remote error: tls: bad
// certificate`, `readLoopPeekFailLocked: remote error: tls: bad certificate` or, when the server
// has closed the connection before the alert is read, `use of closed network connection`,
// depending on timing. Ours always says the first.
const peekRace = (s: string) =>
  s.replace(/readLoopPeekFailLocked: /g, '').replace(/use of closed network connection/g, 'remote error: tls: bad certificate');

test('TLS failures: unknown authority, no client certificate, key without certificate', async () => {
  await same(t, ['get', '/tls/k']); // x509: certificate signed by unknown authority
  await same(t, ['--ca-file', certs.ca, 'get', '/tls/k'], { normalise: peekRace }); // remote error: tls: bad certificate
  await same(t, ['--no-sync', '--ca-file', certs.ca, 'get', '/tls/k'], { normalise: peekRace });
  await same(t, ['--ca-file', certs.ca, 'cluster-health'], { normalise: peekRace });
  await same(t, ['--ca-file', certs.ca, 'member', 'list'], { normalise: peekRace });
  await same(t, ['--ca-file', certs.ca, '--key-file', certs.clientKey, 'get', '/tls/k']);
  await same(t, ['--ca-file', certs.ca, '--cert-file', certs.clientKey, '--key-file', certs.clientKey, 'get', '/tls/k']); // switched
  await same(t, ['--ca-file', certs.ca, '--cert-file', certs.clientCert, '--key-file', certs.clientCert, 'get', '/tls/k']);
  await same(t, ['--ca-file', certs.ca, '--cert-file', certs.clientCert, '--key-file', certs.serverKey, 'get', '/tls/k']); // mismatch
  await same(t, ['--ca-file', certs.ca, '--cert-file', certs.clientCert, '--key-file', certs.serverKey, 'cluster-health']);
  await same(t, ['--ca-file', '/nonexistent/ca.crt', 'get', '/tls/k']);
  // http to the https port
  const plain = (url: string) => url.replace('https://', 'http://');
  await same(t, [...tlsFlags(), '--endpoints', plain(t.a.clientURLs), 'get', '/tls/k'], {
    noEndpoints: true,
    normalise: (s) => s.split(plain(t.b.clientURLs)).join(plain(t.a.clientURLs)).replace(/127\.0\.0\.1:\d+/g, '<addr>'),
  });
});
