// The HTTP transport of the v2 client (node:http/https only): Go's http.Transport as etcd's
// pkg/transport.NewTransport builds it (keep-alive connections, a dial timeout, the TLS files,
// `unix`/`unixs` schemes over unix sockets), with Node's errors translated into the texts of Go's
// net package (`dial tcp 127.0.0.1:2379: connect: connection refused`, `read tcp a->b: read:
// connection reset by peer`, `x509: certificate signed by unknown authority`, ...).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { getServers } from 'node:dns';
import type { Socket } from 'node:net';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import { NetError } from './errors.js';
import { escapePath, type GoURL } from '../../format/go-url.js';
import { goQuote } from '../../format/go-quote.js';

export interface TlsFilesContent {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** tls.Config.ServerName (the discovery domain when discovery is secure) */
  serverName?: string;
}

export interface TransportOptions {
  tls?: TlsFilesContent;
  /** the roots to trust for https without a CA file (Node's own when absent) */
  defaultCa?: () => Buffer | undefined;
  /** net.Dialer.Timeout */
  dialTimeoutMs: number;
}

export interface HttpRequest {
  method: string;
  url: GoURL;
  headers: Record<string, string>;
  /** undefined: no body (Go's nil Body); '' is an empty body (http.NoBody) */
  body?: string;
}

export class AbortedError extends Error {}

/** Go's `unsupported protocol scheme "x"` and similar request-building errors. */
export class RequestError extends Error {}

function splitHostPort(host: string, defaultPort: string): [string, string] {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    const h = host.slice(1, end);
    const rest = host.slice(end + 1);
    return [h, rest.startsWith(':') && rest.length > 1 ? rest.slice(1) : defaultPort];
  }
  const i = host.lastIndexOf(':');
  if (i < 0) return [host, defaultPort];
  const port = host.slice(i + 1);
  return [host.slice(0, i), port === '' ? defaultPort : port];
}

/** host:port as Go prints a TCP address. */
export function joinHostPort(host: string, port: string | number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function dnsServer(): string {
  const s = getServers()[0];
  if (!s) return '127.0.0.1:53';
  return s.includes(':') && !s.startsWith('[') ? (/\]:\d+$/.test(s) ? s : `[${s}]:53`) : s.includes(':') ? s : `${s}:53`;
}

interface SocketInfo {
  local?: string;
  remote?: string;
  connected: boolean;
}

/** Go's x509.HostnameError text from the peer certificate's SANs. */
function hostnameErrorText(host: string, cert: PeerCertificate | undefined): string {
  const sans = (cert?.subjectaltname ?? '').split(', ').filter((s) => s !== '');
  const ips = sans.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice('IP Address:'.length));
  const dns = sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  let valid: string;
  if (/^[0-9.]+$/.test(host) || host.includes(':')) {
    if (ips.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    valid = ips.join(', ');
  } else {
    if (sans.length === 0) return 'x509: certificate relies on legacy Common Name field, use SANs instead';
    valid = dns.join(', ');
  }
  if (valid === '') return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${valid}, not ${host}`;
}

/** Translates a Node socket/TLS error into Go's wording. */
export function goNetError(e: NodeJS.ErrnoException & { host?: string; cert?: PeerCertificate; errors?: Error[] }, hostname: string, sock: SocketInfo): NetError {
  const inner = (e.errors && e.errors[0] ? e.errors[0] : e) as NodeJS.ErrnoException & { address?: string; port?: number };
  const code = inner.code ?? e.code;
  const addr = inner.address !== undefined ? joinHostPort(inner.address, inner.port ?? '') : hostname;
  const conn = sock.local && sock.remote ? `${sock.local}->${sock.remote}` : sock.remote ?? addr;
  switch (code) {
    case 'ECONNREFUSED':
      return new NetError(`dial tcp ${addr}: connect: connection refused`, true);
    case 'ENOTFOUND':
    case 'ENODATA':
      return new NetError(`dial tcp: lookup ${hostname} on ${dnsServer()}: no such host`, true);
    case 'EAI_AGAIN':
      return new NetError(`dial tcp: lookup ${hostname} on ${dnsServer()}: server misbehaving`, true);
    case 'ETIMEDOUT':
      return new NetError(`dial tcp ${addr}: i/o timeout`, true);
    case 'EHOSTUNREACH':
      return new NetError(`dial tcp ${addr}: connect: no route to host`, true);
    case 'ENETUNREACH':
      return new NetError(`dial tcp ${addr}: connect: network is unreachable`, true);
    case 'ENOENT':
      return new NetError(`dial unix ${hostname}: connect: no such file or directory`, true);
    case 'EPIPE':
      return new NetError(`write tcp ${conn}: write: broken pipe`, false);
    case 'ECONNRESET':
      if (e.message === 'socket hang up' || /disconnected before secure TLS/.test(e.message)) return new NetError('EOF', false);
      return new NetError(`read tcp ${conn}: read: connection reset by peer`, true);
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return new NetError('x509: certificate signed by unknown authority', false);
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new NetError(hostnameErrorText(e.host ?? hostname, e.cert), false);
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return new NetError('x509: certificate has expired or is not yet valid', false);
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
      return new NetError('remote error: tls: bad certificate', false);
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return new NetError('remote error: tls: certificate required', false);
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return new NetError('tls: first record does not look like a TLS handshake', false);
  }
  return new NetError(e.message, false);
}

export interface Started {
  /** resolves with the response headers; rejects with NetError, RequestError or AbortedError */
  response: Promise<IncomingMessage>;
  abort(): void;
}

export class Transport {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  /** node:https (and TLS) is loaded only for https endpoints: it is slow to load */
  private https: Promise<{ agent: import('node:https').Agent; request: typeof import('node:https').request }> | undefined;

  private loadHttps() {
    return (this.https ??= import('node:https').then((m) => ({ agent: new m.Agent({ keepAlive: true }), request: m.request })));
  }

  constructor(readonly opts: TransportOptions) {}

  /** Starts a request (Go's RoundTrip). */
  start(req: HttpRequest): Started {
    let scheme = req.url.scheme;
    let socketPath: string | undefined;
    if (scheme === 'unix' || scheme === 'unixs') {
      scheme = scheme === 'unix' ? 'http' : 'https';
      const [h, p] = splitHostPort(req.url.host, scheme === 'http' ? '80' : '443');
      socketPath = `${h}:${p}`;
    }
    if (scheme !== 'http' && scheme !== 'https') {
      return { response: Promise.reject(new RequestError(`unsupported protocol scheme ${goQuote(req.url.scheme)}`)), abort: () => {} };
    }
    if (req.url.host === '' || req.url.opaque !== '') {
      return { response: Promise.reject(new RequestError('http: no Host in request URL')), abort: () => {} };
    }
    const [hostname, port] = splitHostPort(req.url.host, scheme === 'http' ? '80' : '443');
    const escaped = escapePath(req.url.path);
    const pathAndQuery = (escaped === '' ? '/' : escaped) + (req.url.forceQuery || req.url.rawQuery !== '' ? `?${req.url.rawQuery}` : '');
    const headers: Record<string, string> = { 'User-Agent': 'Go-http-client/1.1', ...req.headers };
    if (req.body !== undefined && req.body !== '') headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const tls = this.opts.tls;
    const ca = scheme === 'https' ? (tls?.ca ?? this.opts.defaultCa?.()) : undefined;
    const options = (agent: HttpAgent) => ({
      method: req.method,
      host: hostname,
      port: Number(port),
      path: pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`,
      headers,
      ...(socketPath ? { socketPath } : {}),
      agent,
      ...(scheme === 'https'
        ? {
            ...(ca ? { ca } : {}),
            ...(tls?.cert ? { cert: tls.cert } : {}),
            ...(tls?.key ? { key: tls.key } : {}),
            servername: tls?.serverName || (/^[0-9.]+$/.test(hostname) || hostname.includes(':') ? undefined : hostname),
          }
        : {}),
    });
    const sock: SocketInfo = { connected: false };
    let aborted = false;
    let dialTimer: NodeJS.Timeout | undefined;
    const send = (resolve: (r: IncomingMessage) => void, reject: (e: Error) => void, request: typeof httpRequest, agent: HttpAgent) => {
      if (aborted) return reject(new AbortedError('aborted'));
      let creq: ClientRequest;
      try {
        creq = request(options(agent), (res) => {
          if (dialTimer) clearTimeout(dialTimer);
          resolve(res);
        });
      } catch (e) {
        reject(new RequestError((e as Error).message));
        return;
      }
      current = creq;
      creq.on('socket', (s: Socket) => {
        const note = () => {
          sock.connected = true;
          if (dialTimer) clearTimeout(dialTimer);
          if (s.localAddress) sock.local = joinHostPort(s.localAddress, s.localPort ?? '');
          if (s.remoteAddress) sock.remote = joinHostPort(s.remoteAddress, s.remotePort ?? '');
        };
        if (s.connecting) {
          dialTimer = setTimeout(() => {
            const err = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
            creq.destroy(err);
          }, this.opts.dialTimeoutMs);
          s.once('connect', note);
        } else note();
      });
      creq.on('error', (e: NodeJS.ErrnoException) => {
        if (dialTimer) clearTimeout(dialTimer);
        if (aborted) reject(new AbortedError('aborted'));
        else reject(goNetError(e, socketPath ?? hostname, sock));
      });
      if (req.body !== undefined && req.body !== '') creq.write(req.body);
      creq.end();
    };
    let current: ClientRequest | undefined;
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      if (scheme === 'https') {
        this.loadHttps().then(
          (h) => send(resolve, reject, h.request, h.agent as unknown as HttpAgent),
          (e: Error) => reject(new RequestError(e.message)),
        );
      } else send(resolve, reject, httpRequest, this.httpAgent);
    });
    return {
      response,
      abort: () => {
        aborted = true;
        if (dialTimer) clearTimeout(dialTimer);
        current?.destroy();
      },
    };
  }
}

/** Reads a response body; rejects with AbortedError when `signal` fires first. */
export function readBody(res: IncomingMessage, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = () => {
      res.destroy();
      reject(new AbortedError('aborted'));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
    res.on('error', (e: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return;
      const s = res.socket as TLSSocket | null;
      const sockInfo: SocketInfo = { connected: true };
      if (s?.localAddress) sockInfo.local = joinHostPort(s.localAddress, s.localPort ?? '');
      if (s?.remoteAddress) sockInfo.remote = joinHostPort(s.remoteAddress, s.remotePort ?? '');
      reject(e.message === 'aborted' ? new NetError('unexpected EOF', false) : goNetError(e, '', sockInfo));
    });
  });
}
