// DNS SRV discovery of client endpoints (etcd pkg/srv GetClient): `_<service>-ssl[-name]._tcp.<domain>`
// gives https URLs, `_<service>[-name]._tcp.<domain>` http URLs; both failing is an error.
import { Resolver } from 'node:dns/promises';

export function srvService(service: string, serviceName: string, scheme: 'https' | 'http'): string {
  const s = scheme === 'https' ? `${service}-ssl` : service;
  return serviceName !== '' ? `${s}-${serviceName}` : s;
}

function lookupError(name: string, err: NodeJS.ErrnoException, servers: string[]): string {
  const server = servers[0] ? `${servers[0]}:53` : 'the resolver';
  const why = err.code === 'ENOTFOUND' || err.code === 'ENODATA' ? 'no such host' : err.code === 'ETIMEOUT' ? 'i/o timeout' : err.message;
  return `lookup ${name} on ${server}: ${why}`;
}

export async function discoverEndpoints(domain: string, serviceName: string, service: string, resolver = new Resolver()): Promise<string[]> {
  const urls: string[] = [];
  const errors: string[] = [];
  for (const scheme of ['https', 'http'] as const) {
    const name = `_${srvService(service, serviceName, scheme)}._tcp.${domain}`;
    try {
      const records = await resolver.resolveSrv(name);
      for (const r of records) {
        // Go keeps the target's trailing dot and brackets IPv6 hosts
        const host = r.name.includes(':') ? `[${r.name}]` : `${r.name}.`;
        urls.push(`${scheme}://${host}:${r.port}`);
      }
    } catch (e) {
      errors.push(lookupError(name, e as NodeJS.ErrnoException, resolver.getServers()));
    }
  }
  if (errors.length === 2) throw new Error(`dns lookup errors: ${errors[0]} and ${errors[1]}`);
  return urls;
}
