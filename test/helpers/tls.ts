// Test certificates made with openssl at test time: one CA, a server cert valid for 127.0.0.1 and
// localhost (also used as the peer cert), and a client cert. Nothing is committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFiles {
  dir: string;
  ca: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

// Every cert dir goes when the test process ends (callers may remove theirs earlier).
const certDirs = new Set<string>();
let cleanupHooked = false;
function removeAtExit(dir: string): void {
  certDirs.add(dir);
  if (cleanupHooked) return;
  cleanupHooked = true;
  process.once('exit', () => {
    for (const d of certDirs) rmSync(d, { recursive: true, force: true });
  });
}

/** Creates a CA plus server and client certificates in a new temp dir. cn names the client. */
export function makeCerts(clientCN = 'root'): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-tls-'));
  removeAtExit(dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
    '-days', '2', '-subj', '/CN=etcdctl-ts test CA'], dir);
  const issue = (name: string, cn: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`,
      '-subj', `/CN=${cn}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key',
      '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
  };
  issue('server', 'etcd-server',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  issue('client', clientCN, 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
  };
}
