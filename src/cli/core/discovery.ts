// DNS SRV discovery of client endpoints (etcd pkg/srv GetClient on Go's net.LookupSRV):
// `_<service>-ssl[-name]._tcp.<domain>` gives https URLs, `_<service>[-name]._tcp.<domain>` http
// URLs, records ordered by priority and shuffled by weight (RFC 2782) as Go does, targets kept
// with their trailing dot (`https://etcd1.example.com.:2379`). Both lookups failing is
// `dns lookup errors: <e1> and <e2>`, each worded as Go's *net.DNSError:
// `lookup <name> on <server>:53: no such host`.
//
// Test hook: ETCD_TS_TEST_DNS_SERVER=<ip>[:port] makes the lookups use that server instead of
// /etc/resolv.conf (the e2e tests point it at a dnsmasq on a loopback port). It changes nothing
// else; it is not an ETCDCTL_* name, so etcdctl's unknown-variable warning does not apply.
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

export const TEST_DNS_SERVER_ENV = 'ETCD_TS_TEST_DNS_SERVER';

export function srvService(service: string, serviceName: string, scheme: 'https' | 'http'): string {
  const s = scheme === 'https' ? `${service}-ssl` : service;
  return serviceName !== '' ? `${s}-${serviceName}` : s;
}

/** A resolver on the system's servers, or on the test hook's server when it is set. */
export function resolverFromEnv(env: Record<string, string | undefined>): Resolver {
  const resolver = new Resolver();
  const server = env[TEST_DNS_SERVER_ENV];
  if (server) resolver.setServers([server]);
  return resolver;
}

/** A server as Go names it in errors: host:port, IPv6 in brackets, port 53 when none is given. */
export function serverAddress(server: string | undefined): string {
  if (!server) return '127.0.0.1:53';
  if (isIP(server) === 6) return `[${server}]:53`;
  if (isIP(server) === 4) return `${server}:53`;
  return server; // already "a.b.c.d:port" or "[v6]:port"
}

/** Go's words for a failed lookup (net.DNSError.Err). */
function dnsReason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOTFOUND':
    case 'ENODATA':
      return 'no such host';
    case 'ETIMEOUT':
      return 'i/o timeout';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EREFUSED':
    case 'ESERVFAIL':
    case 'EFORMERR':
    case 'ENOTIMP':
    case 'EBADRESP':
      return 'server misbehaving';
    default:
      return err.message;
  }
}

interface Srv {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** Go's byPriorityWeight.sort: by priority, and within one priority a weighted random order. */
export function orderSrv(records: readonly Srv[], random: () => number = Math.random): Srv[] {
  const sorted = [...records].sort((a, b) => a.priority - b.priority || a.weight - b.weight);
  const out: Srv[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.priority === sorted[i]!.priority) j++;
    const group = sorted.slice(i, j);
    let sum = group.reduce((s, r) => s + r.weight, 0);
    while (group.length > 1 && sum > 0) {
      const s = Math.floor(random() * sum);
      let acc = 0;
      let k = 0;
      for (; k < group.length; k++) {
        acc += group[k]!.weight;
        if (acc > s) break;
      }
      const [picked] = group.splice(Math.min(k, group.length - 1), 1);
      sum -= picked!.weight;
      out.push(picked!);
    }
    out.push(...group);
    i = j;
  }
  return out;
}

/** Go's net.JoinHostPort of an SRV target (which ends with a dot) and port. */
function joinHostPort(target: string, port: number): string {
  const host = target.endsWith('.') ? target : `${target}.`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export async function discoverEndpoints(domain: string, serviceName: string, service: string, resolver = new Resolver()): Promise<string[]> {
  const urls: string[] = [];
  const errors: string[] = [];
  for (const scheme of ['https', 'http'] as const) {
    const name = `_${srvService(service, serviceName, scheme)}._tcp.${domain}`;
    try {
      for (const r of orderSrv(await resolver.resolveSrv(name))) urls.push(`${scheme}://${joinHostPort(r.name, r.port)}`);
    } catch (e) {
      errors.push(`lookup ${name} on ${serverAddress(resolver.getServers()[0])}: ${dnsReason(e as NodeJS.ErrnoException)}`);
    }
  }
  if (errors.length === 2) throw new Error(`dns lookup errors: ${errors[0]} and ${errors[1]}`);
  return urls;
}
