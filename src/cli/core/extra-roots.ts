// The trusted roots for a TLS connection made without a CA file, when bin/etcdctl kept
// NODE_EXTRA_CA_CERTS from Node's start (docs/startup.md): Node's own roots plus that file, which
// is what Node would have trusted had it read the variable itself.
import { readFileSync } from 'node:fs';
import type { IO } from './io.js';

/** the bundle of each file, read once per process however many clients ask (undefined: unreadable) */
const bundles = new Map<string, Buffer | undefined>();

/** A client's `defaultCa` option: none unless bin/etcdctl kept the variable (then loads node:tls). */
export async function defaultCaOption(io: Pick<IO, 'extraCaCertsFile'>): Promise<{ defaultCa?: () => Buffer | undefined }> {
  const file = io.extraCaCertsFile;
  if (file === undefined) return {};
  const { rootCertificates } = await import('node:tls');
  // read on first use; a file that cannot be read is ignored, as Node ignores it
  const defaultCa = () => {
    if (!bundles.has(file)) {
      let bundle: Buffer | undefined;
      try {
        bundle = Buffer.concat([Buffer.from(`${rootCertificates.join('\n')}\n`), readFileSync(file)]);
      } catch {
        bundle = undefined;
      }
      bundles.set(file, bundle);
    }
    return bundles.get(file);
  };
  return { defaultCa };
}
