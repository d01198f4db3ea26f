// A fake etcd v2 for the command unit tests: runV2's public entry with the real urfave parser,
// registry, printers, handleError and stdin/password reading, and a factory whose network pieces
// are fakes. The v2 client's request functions (src/client/v2 keys/members/auth) all go through
// V2Client.do, so the fake client is a V2Client whose `do` records each request (method, path and
// query, body, one-shot) and answers with the next scripted reply: a typed response encoded the
// way etcd sends it (keysReply, membersReply, ...), a typed client error (EtcdError) encoded as
// etcd's error JSON, or an Error thrown as the HTTP client would throw it (ClusterError,
// NetError). cluster-health's plain GETs go through a fake Transport the same way.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { runV2 } from '../../commands/v2/index.js';
import { captureRun } from './capture.js';
import { newV2Factory, type V2Factory } from '../../src/cli/v2/factory.js';
import { BufferIO, type IO } from '../../src/cli/core/io.js';
import type { Env } from '../../src/cli/core/env.js';
import { V2Client, type Action, type HttpResult } from '../../src/client/v2/client.js';
import type { Ctx } from '../../src/client/v2/context.js';
import { ClusterError, EtcdError, NetError } from '../../src/client/v2/errors.js';
import type { V2Node } from '../../src/client/v2/keys.js';
import type { Member } from '../../src/client/v2/members.js';
import { Transport, type HttpRequest, type Started } from '../../src/client/v2/transport.js';
import { parseURL, urlString } from '../../src/format/go-url.js';

/** The endpoint the fake client says it talks to (`Cluster-Endpoints:` under --debug); request lines omit it. */
export const FAKE_ENDPOINT = 'http://127.0.0.1:2379';

/**
 * What the fake answers one request with; 'hang' waits until the request's context ends; a
 * promise answers once it settles (an event that must wait for something the test sees first).
 */
export type Reply = HttpResult | Error | 'hang' | Promise<HttpResult>;

interface RecordedRequest {
  method: string;
  /** path and query as sent, e.g. `/v2/keys/k?prevExist=false` */
  url: string;
  body: string | undefined;
  oneShot: boolean;
}

/** One line per request: `PUT /v2/keys/k?prevExist=false ttl=5&value=v (one-shot)`. */
function requestLine(r: RecordedRequest): string {
  return `${r.method} ${r.url}${r.body ? ` ${r.body}` : ''}${r.oneShot ? ' (one-shot)' : ''}`;
}

// --- replies, encoded as etcd encodes them ---------------------------------------------------

/** JSON with bigints as numbers. */
function json(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `\u0000${x}\u0000` : x)).replace(/"\\u0000(-?\d+)\\u0000"/g, '$1');
}

function jsonReply(status: number, v: unknown, headers: Record<string, string> = {}): HttpResult {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(json(v)) };
}

/** A node as etcd's store writes it (NodeExtern: omitempty dir, value, nodes, expiration, ttl). */
function serverNode(n: V2Node): Record<string, unknown> {
  const o: Record<string, unknown> = { key: n.key };
  if (n.dir) o.dir = true;
  else o.value = n.value;
  if (n.nodes !== null) o.nodes = n.nodes.map(serverNode);
  if (n.expiration !== null) o.expiration = n.expiration;
  if (n.ttl !== 0n) o.ttl = n.ttl;
  o.modifiedIndex = n.modifiedIndex;
  o.createdIndex = n.createdIndex;
  return o;
}

/** A key (non-directory) node; modified defaults to created. */
export function keyNode(key: string, value: string, createdIndex: bigint, modifiedIndex = createdIndex, ttl?: { ttl: bigint; expiration: string }): V2Node {
  return { key, dir: false, value, nodes: null, createdIndex, modifiedIndex, expiration: ttl?.expiration ?? null, ttl: ttl?.ttl ?? 0n };
}

/** A directory node; `nodes` null when etcd sends none (an empty or unexpanded directory). */
export function dirNode(key: string, createdIndex: bigint, nodes: V2Node[] | null = null, modifiedIndex = createdIndex): V2Node {
  return { key, dir: true, value: '', nodes, createdIndex, modifiedIndex, expiration: null, ttl: 0n };
}

/** A keys API answer: 201 for a create, else 200, with X-Etcd-Index. */
export function keysReply(action: string, node: V2Node, index: bigint, prevNode?: V2Node): HttpResult {
  const body: Record<string, unknown> = { action, node: serverNode(node) };
  if (prevNode) body.prevNode = serverNode(prevNode);
  return jsonReply(action === 'create' ? 201 : 200, body, { 'x-etcd-index': String(index) });
}

/** etcd's HTTP status for a v2 error code (etcd/error/error.go). */
function etcdErrorStatus(code: number): number {
  if (code === 100) return 404;
  if (code === 101) return 412;
  if (code === 105) return 412;
  if (code >= 200 && code < 300) return 400;
  if (code >= 300) return 500;
  return 403;
}

/** etcd's error JSON for a typed client error (`100: Key not found (/k) [4]`). */
function etcdErrorReply(e: EtcdError): HttpResult {
  return jsonReply(etcdErrorStatus(e.errorCode), { errorCode: e.errorCode, message: e.etcdMessage, cause: e.cause, index: e.index }, { 'x-etcd-index': String(e.index) });
}

export function member(id: string, name: string, peerURLs: string[], clientURLs: string[]): Member {
  return { id, name, peerURLs, clientURLs };
}

/** GET /v2/members */
export function membersReply(ms: Member[]): HttpResult {
  return jsonReply(200, { members: ms });
}

/** GET /v2/members/leader, POST /v2/members (201) */
export function memberReply(m: Member, status = 200): HttpResult {
  return jsonReply(status, m);
}

/** An answer without a body (204 for member update/remove, 200/201 for auth writes). */
export function emptyReply(status: number): HttpResult {
  return { status, headers: {}, body: Buffer.alloc(0) };
}

/** Any JSON answer (auth users, roles, member errors: `{"message": ...}`). */
export function objectReply(status: number, v: unknown): HttpResult {
  return jsonReply(status, v);
}

// --- the fake client and transport -------------------------------------------------------------

class FakeClient extends V2Client {
  constructor(private readonly owner: FakeV2) {
    super({ endpoints: [FAKE_ENDPOINT], transport: new Transport({ dialTimeoutMs: 0 }), headerTimeoutMs: 0 });
  }

  override do(ctx: Ctx, act: Action, oneShot = false): Promise<HttpResult> {
    const req = act.httpRequest(parseURL(FAKE_ENDPOINT));
    return this.owner.answer(req, oneShot, ctx);
  }
}

class FakeTransport extends Transport {
  constructor(private readonly owner: FakeV2) {
    super({ dialTimeoutMs: 0 });
  }

  override start(req: HttpRequest): Started {
    const url = urlString(req.url);
    const reply = this.owner.getReplies.get(url);
    this.owner.gets.push(url);
    if (reply === undefined) return { response: Promise.reject(new Error(`fake: no reply for GET ${url}`)), abort: () => {} };
    if (reply instanceof Error) return { response: Promise.reject(reply), abort: () => {} };
    const res = Object.assign(Readable.from([Buffer.from(reply)]), { statusCode: 200, headers: {} }) as unknown as IncomingMessage;
    return { response: Promise.resolve(res), abort: () => {} };
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** BufferIO whose signal handlers a test can fire (Ctrl-C for watch --forever). */
export class SignalIO extends BufferIO {
  private handlers = new Map<NodeJS.Signals, Set<() => void>>();
  private waiters: Array<{ text: string; resolve: () => void }> = [];

  constructor(opts: ConstructorParameters<typeof BufferIO>[0] = {}) {
    super(opts);
    const stdout = this.stdout;
    this.stdout = {
      write: (c) => {
        stdout.write(c);
        this.waiters = this.waiters.filter((w) => (this.stdoutText.includes(w.text) ? (w.resolve(), false) : true));
      },
    };
    // BufferIO's onSignal takes no arguments (it never fires); this one keeps the handlers
    const onSignal: IO['onSignal'] = (signal, handler) => {
      let set = this.handlers.get(signal);
      if (!set) this.handlers.set(signal, (set = new Set()));
      set.add(handler);
      return () => void set.delete(handler);
    };
    Object.assign(this, { onSignal });
  }

  emit(signal: NodeJS.Signals): void {
    for (const h of [...(this.handlers.get(signal) ?? [])]) h();
  }

  /** Resolves once stdout contains `text` (waits on the write itself, no polling). */
  stdoutIncludes(text: string): Promise<void> {
    if (this.stdoutText.includes(text)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ text, resolve }));
  }
}

interface RunOptions {
  stdin?: string | Buffer;
  env?: Env;
  io?: BufferIO;
}

/** A fake etcd: scripted replies in order, every request recorded. */
export class FakeV2 {
  readonly requests: RecordedRequest[] = [];
  /** which factory getters the command called, in order: client, clientNoSync, transport */
  readonly calls: string[] = [];
  /** cluster-health's GETs, by URL */
  readonly getReplies = new Map<string, string | Error>();
  readonly gets: string[] = [];
  private readonly replies: Reply[] = [];
  /** called when a 'hang' reply is reached (a watch is waiting) */
  onHang: (() => void) | undefined;
  /** makes f.client()/f.clientNoSync() fail, as a failed sync or a bad endpoint does */
  clientError: ((f: V2Factory) => unknown) | undefined;
  /** f.transport() is the real factory's: TLS file settings are read and checked (cluster-health) */
  realTransport = false;
  private readonly client = new FakeClient(this);

  constructor(...replies: Reply[]) {
    this.replies.push(...replies);
  }

  reply(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  /** The requests as lines (see requestLine). */
  lines(): string[] {
    return this.requests.map(requestLine);
  }

  async answer(req: HttpRequest, oneShot: boolean, ctx: Ctx): Promise<HttpResult> {
    const u = urlString(req.url);
    this.requests.push({ method: req.method, url: u.slice(FAKE_ENDPOINT.length), body: req.body, oneShot });
    const reply = this.replies.shift();
    if (reply === undefined) throw new Error(`fake: no reply scripted for ${req.method} ${u}`);
    if (reply === 'hang') {
      this.onHang?.();
      await ctx.done();
      throw ctx.err() ?? new Error('fake: context done without an error');
    }
    if (reply instanceof Error) throw reply;
    return await reply;
  }

  readonly makeFactory = (ctx: Parameters<typeof newV2Factory>[0], env: Env, io: Parameters<typeof newV2Factory>[2]): V2Factory => {
    // the real factory for everything that is not the network: --output, handleError, stdin,
    // the password prompt, the total timeout
    const real = newV2Factory(ctx, env, io);
    const client = async (which: string) => {
      this.calls.push(which);
      if (this.clientError) throw this.clientError(real);
      return this.client;
    };
    return {
      ...real,
      client: () => client('client'),
      clientNoSync: () => client('clientNoSync'),
      transport: async () => {
        this.calls.push('transport');
        if (this.realTransport) return real.transport();
        return new FakeTransport(this);
      },
    };
  };

  /** Runs `etcdctl <argv>` (v2) against this fake; errors become bytes and an exit code as in main.ts. */
  async run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
    const io = opts.io ?? new BufferIO({ argv, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
    return captureRun(io, () => runV2(argv, io, opts.env ?? {}, { makeFactory: this.makeFactory }));
  }
}

/** What the HTTP client throws when every endpoint refused the connection (one endpoint, port 15999). */
export function allRefused(): ClusterError {
  return new ClusterError([new NetError('dial tcp 127.0.0.1:15999: connect: connection refused', true)]);
}

/** etcdctl's handleError bytes for allRefused() (exit 2 from the sync, 4 from a request). */
export const ALL_REFUSED_STDERR =
  'Error:  client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 127.0.0.1:15999: connect: connection refused\n\nerror #0: dial tcp 127.0.0.1:15999: connect: connection refused\n\n';

/** etcd's error JSON for the typed client error `<code>: <message> (<cause>) [<index>]`. */
export const errorReply = (code: number, message: string, cause: string, index: bigint): HttpResult => etcdErrorReply(new EtcdError(code, message, cause, index));

/** `Incorrect Usage: <msg>` and the command's help on stdout, the message on stderr, exit 1. */
export function incorrectUsage(msg: string, help: string): RunResult {
  return { stdout: `Incorrect Usage: ${msg}\n\n${help}`, stderr: `${msg}\n`, code: 1 };
}

/** A command's help as etcdctl 3.4.23 prints it (test/golden/v2/help/<cmd>_--help.txt). */
export function goldenHelp(...cmd: string[]): string {
  return readFileSync(new URL(`../golden/v2/help/${[...cmd, '--help'].join('_')}.txt`, import.meta.url), 'utf8');
}
