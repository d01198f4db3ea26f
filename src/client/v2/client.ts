// etcd's v2 Go client (client/client.go) over node:http: a shuffled endpoint list with a pinned
// endpoint and failover, per-request header timeouts, redirects, HTTP Basic auth, the `--debug`
// cURL lines (client/curl.go), ClusterError when every endpoint fails, and Sync from /v2/members.
import { Ctx } from './context.js';
import { ClusterError, ContextError, ErrNoEndpoints } from './errors.js';
import { AbortedError, readBody, type HttpRequest, type Transport } from './transport.js';
import { parseURL, urlString, type GoURL } from '../../format/go-url.js';
import { goQuote } from '../../format/go-quote.js';
import type { IncomingHttpHeaders } from 'node:http';
import { listMembers } from './members.js';

export interface Action {
  httpRequest(ep: GoURL): HttpRequest;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ClientConfig {
  endpoints: string[];
  transport: Transport;
  /** HeaderTimeoutPerRequest (0: none) */
  headerTimeoutMs: number;
  username?: string;
  password?: string;
}

/** net/http's StatusText for the 5xx codes the client reports. */
const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  510: 'Not Extended',
  511: 'Network Authentication Required',
};

/** Go 1.9's rand.Perm, as shuffleEndpoints copies it. */
function shuffle<T>(items: T[]): T[] {
  const n = items.length;
  const p: number[] = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const j = Math.floor(Math.random() * (i + 1));
    p[i] = p[j]!;
    p[j] = i;
  }
  return p.map((k) => items[k]!);
}

/** Go's http.NotFound answer to a /v2/ path: the mux has no v2 handlers (v2 errors are JSON). */
function isGoNotFound(path: string, body: Buffer): boolean {
  return path.startsWith('/v2/') && body.toString('latin1') === '404 page not found\n';
}

function parseEndpoints(eps: string[]): GoURL[] {
  if (eps.length === 0) throw ErrNoEndpoints;
  return eps.map((e) => parseURL(e));
}

export class V2Client {
  private endpoints: GoURL[] = [];
  private pinned = 0;
  /** where cURL lines go when --debug is on (client.EnablecURLDebug) */
  curl: ((line: string) => void) | undefined;
  /**
   * Set when a /v2/ request got Go's plain `404 page not found`: the server has no v2 API (etcd
   * 3.5 without --enable-v2, 3.6). etcdctl's own error says nothing of it; the CLI adds a hint.
   */
  sawNoV2Api = false;

  constructor(private readonly cfg: ClientConfig) {
    this.setEndpoints(cfg.endpoints);
  }

  setEndpoints(eps: string[]): void {
    this.endpoints = shuffle(parseEndpoints(eps));
    this.pinned = 0;
  }

  endpointStrings(): string[] {
    return this.endpoints.map(urlString);
  }

  /** httpClusterClient.Do: the pinned endpoint first, then the others; a one-shot request is not retried. */
  async do(ctx: Ctx, act: Action, oneShot = false): Promise<HttpResult> {
    const eps = [...this.endpoints];
    const n = eps.length;
    const pinned = this.pinned;
    if (n === 0) throw ErrNoEndpoints;
    const errors: Error[] = [];
    for (let i = pinned; i < n + pinned; i++) {
      const k = i % n;
      let result: HttpResult | undefined;
      let err: Error | undefined;
      try {
        result = await this.followRedirects(ctx, eps[k]!, act);
      } catch (e) {
        err = e as Error;
        errors.push(err);
        if (err instanceof ContextError) throw err;
      }
      if (result && Math.floor(result.status / 100) === 5) {
        const ep = urlString(eps[k]!);
        errors.push(
          result.status === 500 || result.status === 503
            ? new Error(`client: etcd member ${ep} has no leader`)
            : new Error(`client: etcd member ${ep} returns server error [${STATUS_TEXT[result.status] ?? ''}]`),
        );
        err = errors[0];
      }
      if (err) {
        if (!oneShot) continue;
        this.pinned = (k + 1) % n;
        throw err;
      }
      if (k !== pinned) this.pinned = k;
      return result!;
    }
    throw new ClusterError(errors);
  }

  /** redirectFollowingHTTPClient.Do */
  private async followRedirects(ctx: Ctx, ep: GoURL, act: Action): Promise<HttpResult> {
    let next: Action = act;
    for (let i = 0; i < 100; i++) {
      if (i > 10) throw new Error('client: too many redirects');
      const resp = await this.simpleDo(ctx, ep, next);
      if (Math.floor(resp.status / 100) !== 3) return resp;
      const hdr = resp.headers.location;
      if (!hdr) throw new Error('location header not set');
      let loc: GoURL;
      try {
        loc = parseURL(hdr);
      } catch {
        throw new Error(`location header not valid URL: ${hdr}`);
      }
      next = { httpRequest: (e) => ({ ...act.httpRequest(e), url: loc }) };
    }
    throw new Error('client: too many redirect checks');
  }

  /** simpleHTTPClient.Do: one request to one endpoint. */
  private async simpleDo(ctx: Ctx, ep: GoURL, act: Action): Promise<HttpResult> {
    const req = act.httpRequest(ep);
    if (this.cfg.username !== undefined) {
      const token = Buffer.from(`${this.cfg.username}:${this.cfg.password ?? ''}`).toString('base64');
      req.headers = { ...req.headers, Authorization: `Basic ${token}` };
    }
    if (this.curl) {
      let line = `curl -X ${req.method} ${urlString(req.url)}`;
      if (req.body !== undefined) line += ` -d ${goQuote(req.body)}`;
      this.curl(`cURL Command: ${line}\n`);
    }
    const isWait = /(^|&)wait=(1|t|T|TRUE|true|True)(&|$)/.test(req.url.rawQuery);
    const hctx = !isWait && this.cfg.headerTimeoutMs > 0 ? ctx.withTimeout(this.cfg.headerTimeoutMs) : ctx.withCancel();
    try {
      const started = this.cfg.transport.start(req);
      const outcome = await Promise.race([
        started.response.then(
          (res) => ({ res }),
          (error: Error) => ({ error }),
        ),
        hctx.done().then(() => ({ timeout: true as const })),
      ]);
      if ('timeout' in outcome) {
        started.abort();
        started.response.catch(() => {});
        const cerr = ctx.err();
        if (cerr) throw cerr;
        throw new Error(`client: endpoint ${urlString(ep)} exceeded header timeout`);
      }
      if ('error' in outcome) {
        if (outcome.error instanceof AbortedError) throw ctx.err() ?? outcome.error;
        throw outcome.error;
      }
      const res = outcome.res;
      let body: Buffer;
      try {
        body = await readBody(res, ctx.signal);
      } catch (e) {
        if (e instanceof AbortedError) throw ctx.err() ?? e;
        throw e;
      }
      const status = res.statusCode ?? 0;
      if (status === 404 && isGoNotFound(req.url.path, body)) this.sawNoV2Api = true;
      return { status, headers: res.headers, body };
    } finally {
      hctx.cancel();
    }
  }

  /** httpClusterClient.Sync (random selection mode). */
  async sync(ctx: Ctx): Promise<void> {
    const ms = await listMembers(this, ctx);
    const eps: string[] = [];
    for (const m of ms) eps.push(...m.clientURLs);
    const neps = parseEndpoints(eps);
    const a = this.endpoints.map(urlString).sort();
    const b = neps.map(urlString).sort();
    if (a.length === b.length && a.every((x, i) => x === b[i])) return;
    this.endpoints = shuffle(neps);
    this.pinned = 0;
  }
}

export { Ctx };
