// Dependencies of v2 commands (etcdctl/ctlv2/command/util.go), built lazily: the endpoint list
// (discovery, --endpoints/ETCDCTL_ENDPOINTS/--endpoint/ETCDCTL_ENDPOINT/--peers/ETCDCTL_PEERS, the
// default), the HTTP transport (TLS files, dial timeout), credentials (a `Password: ` prompt), the
// client with or without the cluster sync, the total-timeout context, stdin, and handleError.
// Only HTTP code is loaded here: nothing imports gRPC.
import { readFileSync } from 'node:fs';
import { CliError, bareError } from '../core/errors.js';
import { V2ExitCode } from '../core/exit-codes.js';
import { V2_DEFAULT_ENDPOINTS } from './global-flags.js';
import type { Env } from '../core/env.js';
import { readAll, type IO } from '../core/io.js';
import type { UContext } from './urfave.js';
import { Ctx, V2Client } from '../../client/v2/client.js';
import { ClusterError, ErrNoEndpoints, isConnectionError } from '../../client/v2/errors.js';
import { Transport, type TlsFilesContent } from '../../client/v2/transport.js';
import { parseURL, urlString } from '../../format/go-url.js';
import { goQuote } from '../../format/go-quote.js';
import { defaultCaOption } from '../core/extra-roots.js';

export interface V2Factory {
  /** --output */
  output(): string;
  /** mustNewClient: a client synced from /v2/members unless --no-sync */
  client(): Promise<V2Client>;
  /** mustNewClientNoSync */
  clientNoSync(): Promise<V2Client>;
  /** getTransport (cluster-health probes members with it); rejects for bad TLS files */
  transport(): Promise<Transport>;
  /** contextWithTotalTimeout */
  totalTimeout(): Ctx;
  /** handleError: `Error:  <err>` (+ ClusterError details), exit code */
  handleError(code: number, err: unknown): CliError;
  /** stdin, shared by password prompts and values (argOrStdin) */
  stdin: { readAll(): Promise<Buffer> };
  /** speakeasy.Ask: prompt on stdout, one line from stdin, echo off on a terminal */
  askPassword(prompt: string): Promise<string>;
  env: Env;
  /** true when a client built here got the answer of a server without the v2 API */
  noV2Api?(): boolean;
}

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new Error(`open ${path}: ${why}`);
  }
}

/** The types of the PEM blocks in data, in order (what pem.Decode finds). */
function pemTypes(data: Buffer): string[] {
  const text = data.toString('latin1');
  return [...text.matchAll(/-----BEGIN ([^\n-]*)-----[\s\S]*?-----END \1-----/g)].map((m) => m[1]!);
}

/** Go's tls.X509KeyPair checks, with its messages, before any connection. */
async function checkKeyPair(cert: Buffer, key: Buffer): Promise<void> {
  const certTypes = pemTypes(cert);
  if (!certTypes.includes('CERTIFICATE')) {
    if (certTypes.length === 0) throw new Error('tls: failed to find any PEM data in certificate input');
    if (certTypes.length === 1 && certTypes[0]!.endsWith('PRIVATE KEY')) {
      throw new Error('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    }
    throw new Error(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certTypes.join(' ')}]`);
  }
  const skipped: string[] = [];
  let found = false;
  for (const t of pemTypes(key)) {
    if (t === 'PRIVATE KEY' || t.endsWith(' PRIVATE KEY')) {
      found = true;
      break;
    }
    skipped.push(t);
  }
  if (!found) {
    if (skipped.length === 0) throw new Error('tls: failed to find any PEM data in key input');
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') throw new Error('tls: found a certificate rather than a key in the PEM for the private key');
    throw new Error(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`);
  }
  const { X509Certificate, createPrivateKey } = await import('node:crypto');
  let matches = true;
  try {
    matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch {
    // unparsable: left to the TLS handshake
  }
  if (!matches) throw new Error('tls: private key does not match public key');
}

export interface EndpointSources {
  /** --discovery-srv or ETCDCTL_DISCOVERY_SRV */
  domain: string;
  /** --insecure-discovery or a non-empty ETCDCTL_INSECURE_DISCOVERY */
  insecure: boolean;
  /** ETCDCTL_DISCOVERY_SRV_NAME */
  serviceName: string;
  /** a global string flag's value */
  flag(name: string): string;
  env: Env;
  discover(domain: string, serviceName: string): Promise<string[]>;
  stderr(s: string): void;
}

/**
 * etcdctl's getEndpoints: SRV-discovered endpoints (secure ones only unless --insecure-discovery)
 * if any, else --endpoints, ETCDCTL_ENDPOINTS, --endpoint, ETCDCTL_ENDPOINT, --peers,
 * ETCDCTL_PEERS or the default; each parsed as a URL, `http` when it has no scheme.
 */
export async function v2Endpoints(src: EndpointSources): Promise<string[]> {
  let eps: string[] = [];
  if (src.domain !== '') {
    const found = await src.discover(src.domain, src.serviceName);
    eps = src.insecure
      ? found
      : found.filter((ep) => {
          if (!ep.startsWith('http://')) return true;
          src.stderr(`ignoring discovered insecure endpoint ${goQuote(ep)}\n`);
          return false;
        });
  }
  if (eps.length === 0) {
    const peerstr =
      src.flag('endpoints') ||
      src.env.ETCDCTL_ENDPOINTS ||
      src.flag('endpoint') ||
      src.env.ETCDCTL_ENDPOINT ||
      src.flag('peers') ||
      src.env.ETCDCTL_PEERS ||
      V2_DEFAULT_ENDPOINTS;
    eps = peerstr.split(',');
  }
  return eps.map((ep) => {
    const u = parseURL(ep);
    if (u.scheme === '') u.scheme = 'http';
    return urlString(u);
  });
}

export function newV2Factory(ctx: UContext<V2Factory>, env: Env, io: IO): V2Factory {
  const g = {
    bool: (n: string) => ctx.globalBool(n),
    string: (n: string) => ctx.globalString(n),
    ms: (n: string) => Number(ctx.globalDuration(n) / 1_000_000n),
  };
  let transport: Promise<Transport> | undefined;

  const discoveryDomain = (): [string, boolean, string] => {
    const domain = g.string('discovery-srv') || env.ETCDCTL_DISCOVERY_SRV || '';
    const insecure = g.bool('insecure-discovery') || (env.ETCDCTL_INSECURE_DISCOVERY ?? '') !== '';
    const serviceName = env.ETCDCTL_DISCOVERY_SRV_NAME ?? '';
    return [domain, insecure, serviceName];
  };

  /** getEndpoints */
  const endpoints = async (): Promise<string[]> => {
    const [domain, insecure, serviceName] = discoveryDomain();
    const discover = async (d: string, name: string) => {
      const { discoverEndpoints, resolverFromEnv } = await import('../core/discovery.js');
      return discoverEndpoints(d, name, 'etcd-client', resolverFromEnv(env));
    };
    return v2Endpoints({ domain, insecure, serviceName, flag: g.string, env, discover, stderr: (s) => io.stderr.write(s) });
  };

  /** getTransport */
  const getTransport = (): Promise<Transport> => (transport ??= buildTransport());
  const buildTransport = async (): Promise<Transport> => {
    const cafile = g.string('ca-file') || env.ETCDCTL_CA_FILE || '';
    const certfile = g.string('cert-file') || env.ETCDCTL_CERT_FILE || '';
    const keyfile = g.string('key-file') || env.ETCDCTL_KEY_FILE || '';
    const [domain, insecure] = discoveryDomain();
    const tls: TlsFilesContent = {};
    if (certfile !== '' || keyfile !== '') {
      if (certfile === '' || keyfile === '') throw new Error(`KeyFile and CertFile must both be present[key: ${keyfile}, cert: ${certfile}]`);
      tls.cert = readFile(certfile);
      tls.key = readFile(keyfile);
      await checkKeyPair(tls.cert, tls.key);
    }
    if (cafile !== '') tls.ca = readFile(cafile);
    if (!insecure && domain !== '') tls.serverName = domain;
    let dialTimeoutMs = 30_000;
    const total = g.ms('total-timeout');
    if (total !== 0 && total < dialTimeoutMs) dialTimeoutMs = total;
    const defaultCa = await defaultCaOption(io);
    return new Transport({ tls, dialTimeoutMs, ...defaultCa });
  };

  const askPassword = async (prompt: string): Promise<string> => {
    const { askPassword: ask } = await import('../core/prompt.js');
    return (await ask(io, prompt, V2ExitCode.BadArgs)).trim();
  };

  const clients: V2Client[] = [];

  /** newClient; any error is printed bare, exit 1 */
  const newClient = async (): Promise<V2Client> => {
    try {
      const eps = await endpoints();
      const tr = await getTransport();
      const uFlag = g.string('username') || env.ETCDCTL_USERNAME || '';
      let username: string | undefined;
      let password: string | undefined;
      if (uFlag !== '') {
        const colon = uFlag.indexOf(':');
        if (colon === -1) {
          username = uFlag;
          password = await askPassword('Password: ');
        } else {
          username = uFlag.slice(0, colon);
          password = uFlag.slice(colon + 1);
        }
      }
      const hc = new V2Client({
        endpoints: eps,
        transport: tr,
        headerTimeoutMs: g.ms('timeout'),
        ...(username !== undefined ? { username, password: password ?? '' } : {}),
      });
      clients.push(hc);
      return hc;
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw bareError((e as Error).message, V2ExitCode.BadArgs);
    }
  };

  const handleError = (code: number, err: unknown): CliError => {
    const msg = err instanceof Error ? err.message : String(err);
    const detail = err instanceof ClusterError ? `${err.detail()}\n` : '';
    return new CliError(msg, code, `Error:  ${msg}\n${detail}`);
  };

  const totalTimeout = () => Ctx.background().withTimeout(g.ms('total-timeout'));
  const stderr = (s: string) => io.stderr.write(s);

  let synced: Promise<V2Client> | undefined;
  const client = () =>
    (synced ??= (async () => {
      const hc = await newClient();
      const debug = g.bool('debug');
      if (debug) hc.curl = stderr;
      if (!g.bool('no-sync')) {
        if (debug) stderr(`start to sync cluster using endpoints(${hc.endpointStrings().join(',')})\n`);
        try {
          await hc.sync(totalTimeout());
        } catch (e) {
          if (e === ErrNoEndpoints) {
            stderr('etcd cluster has no published client endpoints.\n');
            stderr(`Try '--no-sync' if you want to access non-published client endpoints(${hc.endpointStrings().join(',')}).\n`);
            throw handleError(V2ExitCode.ServerError, e);
          }
          if (isConnectionError(e)) throw handleError(V2ExitCode.BadConnection, e);
        }
        if (debug) stderr(`got endpoints(${hc.endpointStrings().join(',')}) after sync\n`);
      }
      if (debug) stderr(`Cluster-Endpoints: ${hc.endpointStrings().join(', ')}\n`);
      return hc;
    })());

  const clientNoSync = async () => {
    const hc = await newClient();
    if (g.bool('debug')) {
      stderr(`Cluster-Endpoints: ${hc.endpointStrings().join(', ')}\n`);
      hc.curl = stderr;
    }
    return hc;
  };

  return {
    output: () => g.string('output'),
    client,
    clientNoSync,
    transport: getTransport,
    totalTimeout,
    handleError,
    stdin: { readAll: () => readAll(io.stdin) },
    askPassword,
    env,
    noV2Api: () => clients.some((c) => c.sawNoV2Api),
  };
}
