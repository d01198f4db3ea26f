import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransportDiagnostics, goTransportCause } from '../../../../src/client/v3/diagnostics.js';

test('grpc-js last errors in Go\'s words', () => {
  const last = (e: string) => `No connection established. Last error: ${e}. Resolution note: `;
  const cases: Array<[string, string]> = [
    [last('Error: connect ECONNREFUSED 127.0.0.1:2379'), 'dial tcp 127.0.0.1:2379: connect: connection refused'],
    [last('Error: connect ETIMEDOUT 10.0.0.1:2379'), 'dial tcp 10.0.0.1:2379: i/o timeout'],
    [last('Error: connect EHOSTUNREACH 10.0.0.1:2379'), 'dial tcp 10.0.0.1:2379: connect: no route to host'],
    [last('Error: connect ENOENT /run/etcd.sock'), 'dial unix /run/etcd.sock: connect: no such file or directory'],
    ['Name resolution failed for target dns:nosuch.invalid:2379', 'dial tcp: lookup nosuch.invalid: no such host'],
    [last('Error: unable to verify the first certificate'), 'x509: certificate signed by unknown authority'],
    [last('Error: self-signed certificate in certificate chain'), 'x509: certificate signed by unknown authority'],
    [last('Error: certificate has expired'), 'x509: certificate has expired or is not yet valid'],
    [last("Error: Hostname/IP does not match certificate's altnames: IP: 127.0.0.2 is not in the cert's list: 127.0.0.1"), 'x509: certificate is valid for 127.0.0.1, not 127.0.0.2'],
    [last("Error: Hostname/IP does not match certificate's altnames: Host: etcd.example. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1"), 'x509: certificate is valid for localhost, 127.0.0.1, not etcd.example'],
    [last('Error: Client network socket disconnected before secure TLS connection was established'), 'authentication handshake failed: EOF'],
    [last('Error: 40B7:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required'), 'remote error: tls: certificate required'],
    [last('Error: 40B7:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca'), 'remote error: tls: unknown certificate authority'],
    [last('Failed to connect (2026-12-07T18:01:22.087Z)'), 'connection closed before server preface received'],
    [last('Error: something new'), 'something new'],
  ];
  for (const [details, want] of cases) assert.equal(goTransportCause(details), want, details);
});

test('debug lines only with a sink; the causes of the last wait that gave up', () => {
  const lines: string[] = [];
  const d = new TransportDiagnostics((l) => lines.push(l), () => new Date(2026, 11, 7, 9, 5, 3));
  d.event('WARNING', '127.0.0.1:2379', 'failed to connect: x. Reconnecting...');
  assert.deepEqual(lines, ['WARNING: 2026/12/07 09:05:03 [core]127.0.0.1:2379: failed to connect: x. Reconnecting...\n']);
  assert.deepEqual(d.causes(), []);
  d.gaveUp([{ endpoint: 'a:1', cause: 'c1' }, { endpoint: 'b:2', cause: 'c2' }]);
  assert.deepEqual(d.causes(), ['a:1: c1', 'b:2: c2']);
  new TransportDiagnostics().event('INFO', 'a:1', 'nothing printed');
});
