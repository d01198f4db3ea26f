// Checks a client certificate pair and CA bundle the way Go's crypto/tls and etcd's tlsutil do
// before a connection is tried, so bad files fail at once with Go's words (exit 128 in etcdctl).
import { X509Certificate, createPrivateKey } from 'node:crypto';

interface PemBlock {
  type: string;
  body: string;
}

function pemBlocks(data: Buffer): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const m of data.toString('latin1').matchAll(re)) blocks.push({ type: m[1]!, body: m[0] });
  return blocks;
}

/** tls.X509KeyPair's checks; returns an error text or undefined. */
export function checkKeyPair(cert: Buffer, key: Buffer): string | undefined {
  const certBlocks = pemBlocks(cert).filter((b) => b.type === 'CERTIFICATE');
  if (certBlocks.length === 0) {
    if (pemBlocks(cert).some((b) => b.type.endsWith('PRIVATE KEY'))) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return 'tls: failed to find any PEM data in certificate input';
  }
  const keyBlock = pemBlocks(key).find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (!keyBlock) {
    if (pemBlocks(key).some((b) => b.type === 'CERTIFICATE')) {
      return "tls: found a certificate rather than a key in the PEM for the private key";
    }
    return 'tls: failed to find any PEM data in key input';
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certBlocks[0]!.body);
  } catch {
    return 'x509: malformed certificate';
  }
  try {
    if (!x509.checkPrivateKey(createPrivateKey(keyBlock.body))) return 'tls: private key does not match public key';
  } catch {
    return 'tls: failed to parse private key';
  }
  return undefined;
}

/** tlsutil.NewCertPool's check of a CA bundle; returns an error text or undefined. */
export function checkCaBundle(ca: Buffer): string | undefined {
  for (const b of pemBlocks(ca)) {
    if (b.type !== 'CERTIFICATE') continue;
    try {
      new X509Certificate(b.body);
    } catch {
      return 'x509: malformed certificate';
    }
  }
  return undefined;
}
