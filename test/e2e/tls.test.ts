// A 3-member cluster with TLS between peers and to clients (client certificates required), with
// certificates made by openssl at test time: the foundation commands over TLS with all members
// up and with one stopped, and every TLS mistake (wrong CA, no client certificate, plain client,
// missing files) ending as etcdctl 3.4.23 ends it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startCluster, type EtcdCluster } from '../helpers/etcd.js';
import { makeCerts, type TlsFiles } from '../helpers/tls.js';
import { anyAnsweringMember, healthOutput, same, timed } from '../helpers/compare.js';

let cluster: EtcdCluster;
let certs: TlsFiles;
let other: TlsFiles; // a second CA that signed nothing of the cluster's
let urls: string; // https://127.0.0.1:p,...
let hostPorts: string; // 127.0.0.1:p,...
let tls: string[];

before(async () => {
  certs = makeCerts();
  other = makeCerts();
  cluster = await startCluster(3, { tls: certs, peerTls: certs, clientCertAuth: true });
  urls = cluster.clientURLs;
  hostPorts = cluster.endpoints;
  tls = ['--cacert', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey];
});
after(async () => {
  await cluster?.stop();
  for (const c of [certs, other]) if (c) rmSync(c.dir, { recursive: true, force: true });
});

describe('all members up', () => {
  it('put, get, member list and endpoint commands work over TLS (https URLs and host:port)', async () => {
    const put = await same([...tls, '--endpoints', urls, 'put', 'tk', 'tv']);
    assert.equal(put.ours.stderr, '', 'no warnings on stderr');
    await same([...tls, '--endpoints', urls, 'get', 'tk', '-w', 'json'], {}, anyAnsweringMember);
    // host:port with a TLS option set: TLS as well (etcdctl picks TLS from the options)
    await same([...tls, '--endpoints', hostPorts, 'get', 'tk']);
    await same([...tls, '--endpoints', hostPorts, '--insecure-transport=false', 'get', 'tk']);
    await same([...tls, '--endpoints', urls, 'member', 'list', '-w', 'table']);
    await same([...tls, '--endpoints', urls, 'endpoint', 'status', '--cluster']);
    await same([...tls, '--endpoints', urls, 'endpoint', 'hashkv']);
    await same([...tls, '--endpoints', urls, 'endpoint', 'health', '--cluster'], {}, healthOutput);
  });

  it('--insecure-skip-tls-verify works without the CA', async () => {
    await same(['--insecure-skip-tls-verify', '--cert', certs.clientCert, '--key', certs.clientKey, '--endpoints', urls, 'get', 'tk']);
  });

  it('without --cacert, a CA in NODE_EXTRA_CA_CERTS is trusted (etcdctl: in SSL_CERT_FILE)', async () => {
    // bin/etcdctl keeps the variable from Node's start and adds the file to the roots itself
    const env = { NODE_EXTRA_CA_CERTS: certs.ca, SSL_CERT_FILE: certs.ca };
    const client = ['--cert', certs.clientCert, '--key', certs.clientKey, '--endpoints', urls];
    const put = await same([...client, 'put', 'extra-ca', 'v'], { env });
    assert.equal(put.ours.code, 0, put.ours.stderr);
    await same([...client, 'get', 'extra-ca'], { env });
    await same([...client, 'endpoint', 'health'], { env }, healthOutput);
    // a file that cannot be read is ignored (Node's roots alone), as Node ignores it
    const missing = { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.crt', SSL_CERT_FILE: '/nonexistent/ca.crt' };
    await same(['--command-timeout', '1s', '--dial-timeout', '1s', ...client, 'get', 'extra-ca'], { env: missing });
  });

  it('TLS mistakes end as in etcdctl', async () => {
    const t = ['--command-timeout', '1s', '--dial-timeout', '1s'];
    // wrong CA: the server is not trusted
    await same([...t, '--cacert', other.ca, '--cert', certs.clientCert, '--key', certs.clientKey, '--endpoints', urls, 'get', 'tk']);
    // no client certificate while the server requires one
    await same([...t, '--cacert', certs.ca, '--endpoints', urls, 'get', 'tk']);
    // a client certificate from another CA
    await same([...t, '--cacert', certs.ca, '--cert', other.clientCert, '--key', other.clientKey, '--endpoints', urls, 'get', 'tk']);
    // no TLS option with https URLs (system CAs), and a plain client against TLS ports
    await same([...t, '--endpoints', urls, 'get', 'tk']);
    await same([...t, '--endpoints', hostPorts, 'get', 'tk']);
    // with --user, the failure comes from authenticating within --dial-timeout: exit 2
    const withUser = await same([...t, '--cacert', other.ca, '--cert', certs.clientCert, '--key', certs.clientKey, '--user', 'root:pw', '--endpoints', urls, 'get', 'tk']);
    assert.equal(withUser.ours.code, 2);
    // file problems: exit 128 before any connection
    await same(['--cert', certs.clientCert, '--endpoints', urls, 'get', 'tk']);
    await same(['--key', certs.clientKey, '--endpoints', urls, 'get', 'tk']);
    await same(['--cacert', '/nonexistent/ca.crt', '--endpoints', urls, 'get', 'tk']);
    await same(['--cacert', certs.ca, '--cert', '/nonexistent/c.crt', '--key', certs.clientKey, '--endpoints', urls, 'get', 'tk']);
    await same(['--cert=', '--endpoints', urls, 'get', 'tk']);
    await same(['--cacert=', '--endpoints', urls, 'get', 'tk']);
    // endpoint health reports each endpoint's failure
    await same([...t, '--cacert', other.ca, '--cert', certs.clientCert, '--key', certs.clientKey, '--endpoints', urls, 'endpoint', 'health'], {}, healthOutput);
  });
});

describe('one member stopped', () => {
  before(async () => {
    await cluster.members[1]!.stop();
    await cluster.waitLeader();
  });
  after(async () => {
    await cluster.members[1]!.start();
    await cluster.members[1]!.waitHealthy();
  });

  it('put and get still work through the other two; health --cluster is exit 1', async () => {
    await same([...tls, '--endpoints', urls, 'put', 'tk2', 'v2']);
    await same([...tls, '--endpoints', urls, 'get', 'tk2', '-w', 'fields'], {}, anyAnsweringMember);
    await same([...tls, '--endpoints', urls, 'member', 'list']);
    const h = await same([...tls, '--command-timeout', '1s', '--endpoints', urls, 'endpoint', 'health', '--cluster'], {}, healthOutput);
    assert.equal(h.ours.code, 1);
    const t = await timed([...tls, '--endpoints', urls, 'get', 'tk2']);
    assert.equal(t.code, 0, t.stderr);
  });
});
