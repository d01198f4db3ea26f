// A connection to an etcd cluster over gRPC, behaving as clientv3 3.4 does for etcdctl:
//
// * Endpoints: one grpc-js channel per endpoint, all dialled at once (non-blocking, like clientv3's
//   dial). Each call goes to the next member whose channel is READY, round robin (clientv3's
//   roundRobinBalanced picker); a stopped member is never picked. With no ready member a call
//   waits (wait-for-ready) until one is, or until its deadline: a dead single endpoint ends in
//   `context deadline exceeded` after --command-timeout.
// * Retries: a read (CallOptions.idempotent) that fails with UNAVAILABLE is sent again to the next
//   ready member, until its deadline (clientv3's repeatable policy). A write is sent again only when
//   grpc-js reports that it never left this process (no connection when picked, a stream refused
//   by the server): etcd never applies it twice.
// * Auth: with a user name and password the connection authenticates within --dial-timeout when it
//   is opened (exit 2 on failure in the factory); the token travels as `token` metadata. A call
//   answered with an invalid/expired token (or "user name is empty", or an old auth revision) gets
//   a fresh token and is sent again; streams get a fresh token when they are opened, so watch,
//   lease keep-alive and snapshot keep working past etcd's --auth-token-ttl (etcd#11954, #12385).
//   Passwords and tokens are never part of an error message.
// * Keepalive: grpc-go raises a keepalive time under 10s to 10s (etcd's servers punish faster
//   pings with GOAWAY), so we do the same; 0 turns keepalive off, as in clientv3.
// * Never-ready waits end: a call or stream without a deadline (snapshot save, watch, lock, ...)
//   waits for a ready member at most --dial-timeout until the connection has once been ready
//   (clientv3 waits forever: a backup in cron could hang). Once established, a connection's
//   waits are unbounded as in clientv3, and a stalled stream is ended by the keepalive.
// * Diagnostics: with cfg.diagnostics, each channel's connectivity changes and transport errors
//   are reported in Go's words as they happen (--debug), and a wait that ends without a ready
//   member leaves one cause per endpoint (shown after the final error on a terminal).
// * --dial-timeout however small: grpc-go's DialContext fails with `context deadline exceeded`
//   when its context ends before the dial returns (etcdctl --dial-timeout=1ns exits 2); so does
//   open() when building the channels took longer than the dial timeout.
// * Messages up to 2 GiB each way (clientv3 uses math.MaxInt32), so a 100k-key range fits.
import net, { isIP } from 'node:net';
import {
  Client,
  credentials as grpcCredentials,
  Metadata,
  connectivityState,
  logVerbosity,
  setLogVerbosity,
  status,
  type ChannelCredentials,
  type ChannelOptions,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { EtcdError, fromServiceError, shouldRefreshToken, AUTH_NOT_ENABLED, DEADLINE_EXCEEDED } from './errors.js';
import { AuthService } from '../../proto/gen/etcdserverpb/rpc.js';
import { goTransportCause, NO_HANDSHAKE, type TransportDiagnostics } from './diagnostics.js';

// grpc-js asks net.isIPv6 of every address it dials, and the first call compiles Node's IPv6
// regular expression: ~3.5 ms of a cold put (docs/startup.md). An IPv6 address always has a colon;
// anything else still goes to Node's test, so the answers are Node's.
const nodeIsIPv6 = net.isIPv6;
net.isIPv6 = (input: string) => (typeof input === 'string' && !input.includes(':') ? false : nodeIsIPv6(input));

// grpc-js logs its own errors to stderr ("E ... Connection ... rejected by server because of excess
// pings"); etcdctl's stderr carries etcdctl's lines only, the failures surface as call errors.
setLogVerbosity(logVerbosity.NONE);

export interface TlsConfig {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** expected server name (from --discovery-srv) */
  serverName?: string;
  insecureSkipVerify: boolean;
}

export interface ClientConfig {
  endpoints: string[];
  dialTimeoutMs: number;
  keepAliveTimeMs: number;
  keepAliveTimeoutMs: number;
  /** set when any TLS option is given, or --insecure-transport=false */
  tls?: TlsConfig;
  username?: string;
  password?: string;
  /** HTTP/2 flow-control window in bytes, per stream and connection (default 16 MiB): what a
   * server may send ahead of a paused reader (snapshot save lowers it to bound its memory) */
  flowControlWindow?: number;
  /** the roots to trust when TLS is used without a CA file (Node's own when absent) */
  defaultCa?: () => Buffer | undefined;
  /** where transport events and the causes of a failed wait for a ready member are reported */
  diagnostics?: TransportDiagnostics;
}

export interface MethodDefinition<Req, Res> {
  path: string;
  requestSerialize: (value: Req) => Buffer;
  responseDeserialize: (value: Buffer) => Res;
}

export interface CallOptions {
  /** absolute deadline; none means no timeout (txn, watch, user, role, ...) */
  deadline?: Date;
  /** read-only calls may be retried on another member after a transport failure */
  idempotent?: boolean;
}

/** `http://h:p`, `https://h:p`, `h:p`, `unix://path` → scheme and gRPC target */
export function parseEndpoint(ep: string): { scheme: string; target: string; host: string } {
  const m = /^([a-z]+):\/\/(.*)$/.exec(ep);
  if (!m) return { scheme: '', target: dialTarget(ep), host: ep };
  const [, scheme, rest] = m as unknown as [string, string, string];
  if (scheme === 'unix' || scheme === 'unixs') return { scheme, target: `unix:${rest}`, host: rest };
  const host = rest.replace(/\/.*$/, '');
  return { scheme, target: dialTarget(host), host };
}

/**
 * The address grpc-js dials for host:port. SRV-discovered endpoints keep the DNS root dot
 * (`localhost.:2379`, as Go prints them); Go's resolver accepts that, Node's lookup does not, so
 * the dot is dropped for dialling only.
 */
function dialTarget(hostport: string): string {
  return hostport.replace(/^([^[\]:]*[^.[\]:])\.(:\d+)?$/, '$1$2');
}

// Messages up to 2 GiB (etcdctl sets math.MaxInt32): a 100k-key range exceeds grpc's 4 MiB default.
const MAX_MESSAGE = 2 ** 31 - 1;
/** grpc-go's minimum keepalive ping interval (internal.KeepaliveMinPingTime) */
const MIN_KEEPALIVE_MS = 10_000;
/** clientv3's defaultUnaryMaxRetries */
const MAX_ATTEMPTS = 100;
/** clientv3's defaultBackoffWaitBetween, with its 10% jitter */
const RETRY_BACKOFF_MS = 25;

/** grpc-js's words for a call that failed before any byte of it reached a server. */
export function neverSent(err: ServiceError): boolean {
  if (err.code !== status.UNAVAILABLE) return false;
  const d = err.details ?? '';
  return (
    d.startsWith('No connection established') ||
    d === 'Channel closed before call started' ||
    d === 'Stream refused by server' ||
    d.startsWith('Failed to start HTTP/2 stream')
  );
}

export class Connection {
  private readonly clients: Client[];
  private next = 0;
  private token: string | undefined;
  /** a refresh in flight, shared by every call that needs it */
  private refreshing: Promise<void> | undefined;
  private closed = false;
  /** some channel has been READY once: waits without a deadline are no longer bounded */
  private everReady = false;
  /** each endpoint's last transport error, in Go's words */
  private readonly lastCause: Array<string | undefined>;
  readonly endpoints: string[];
  /** the endpoints with a channel each (empty elements of the list are not dialled) */
  private readonly dialled: string[];

  private constructor(
    readonly cfg: ClientConfig,
    /** a connection whose token this one uses (and renews through), instead of its own credentials */
    private readonly authVia?: Connection,
  ) {
    this.endpoints = cfg.endpoints;
    // clientv3 3.4 dials every endpoint with the credentials chosen by the first one's scheme.
    const creds = channelCredentials(cfg, parseEndpoint(cfg.endpoints[0] ?? '').scheme);
    const options: ChannelOptions = {
      'grpc.max_receive_message_length': MAX_MESSAGE,
      'grpc.max_send_message_length': MAX_MESSAGE,
      'grpc-node.flow_control_window': cfg.flowControlWindow ?? 16 * 1024 * 1024,
      'grpc.enable_retries': 0,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    };
    if (cfg.keepAliveTimeMs > 0) {
      options['grpc.keepalive_time_ms'] = Math.max(cfg.keepAliveTimeMs, MIN_KEEPALIVE_MS);
      options['grpc.keepalive_timeout_ms'] = cfg.keepAliveTimeoutMs;
    }
    if (cfg.tls?.serverName) options['grpc.ssl_target_name_override'] = cfg.tls.serverName;
    // An empty element of the list (`--endpoints=a,`) is never dialled: clientv3's balancer gets
    // no address from it, so calls go to the others, or time out when there are none.
    this.dialled = cfg.endpoints.filter((ep) => ep !== '');
    this.clients = this.dialled.map((ep) => new Client(parseEndpoint(ep).target, creds, options));
    this.lastCause = this.dialled.map(() => undefined);
    if (cfg.diagnostics) this.clients.forEach((_, i) => this.watchTransport(i, cfg.diagnostics!));
  }

  /** Follows one channel's connectivity (no timer: it never keeps the process alive). */
  private watchTransport(i: number, diag: TransportDiagnostics): void {
    const ch = this.clients[i]!.getChannel();
    const ep = this.dialled[i]!;
    let prev = ch.getConnectivityState(false);
    const next = () =>
      ch.watchConnectivityState(prev, Infinity, (err) => {
        if (err || this.closed) return;
        const state = ch.getConnectivityState(false);
        if (state === connectivityState.SHUTDOWN) return;
        if (state === connectivityState.TRANSIENT_FAILURE) {
          const cause = this.pickerCause(i);
          if (cause !== undefined) {
            this.lastCause[i] = cause;
            diag.event('WARNING', ep, `failed to connect: ${cause}. Reconnecting...`);
          }
        }
        diag.event('INFO', ep, `Connectivity change to ${connectivityState[state]}`);
        prev = state;
        next();
      });
    next();
  }

  /** The last error grpc-js's picker reports for a channel in TRANSIENT_FAILURE, in Go's words. */
  private pickerCause(i: number): string | undefined {
    // grpc-js 1.14 (pinned) keeps it in the channel's picker only; without that shape, no cause
    type Picker = { pick(info: unknown): { status?: { details?: string } | null } };
    const internal = (this.clients[i]!.getChannel() as unknown as { internalChannel?: { currentPicker?: Picker } }).internalChannel;
    try {
      const details = internal?.currentPicker?.pick({ metadata: new Metadata(), extraPickInfo: {} }).status?.details;
      return details ? goTransportCause(details) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Each endpoint's cause for not being ready now (reported when a wait gives up). */
  private notReadyCauses(): Array<{ endpoint: string; cause: string }> {
    return this.clients.map((c, i) => {
      const state = c.getChannel().getConnectivityState(false);
      const fresh = state === connectivityState.TRANSIENT_FAILURE ? this.pickerCause(i) : undefined;
      if (fresh !== undefined) this.lastCause[i] = fresh;
      return { endpoint: this.dialled[i]!, cause: this.lastCause[i] ?? NO_HANDSHAKE };
    });
  }

  /** Creates the connection; with credentials, authenticates within the dial timeout (exit 2 on failure). */
  static async open(cfg: ClientConfig, authVia?: Connection): Promise<Connection> {
    // clientv3.New's first check (ErrNoAvailableEndpoints): `--endpoints=` parses to no endpoint at all
    if (cfg.endpoints.length === 0) throw new EtcdError('etcdclient: no available endpoints', status.INVALID_ARGUMENT);
    const started = performance.now();
    const conn = new Connection(cfg, authVia);
    if (cfg.dialTimeoutMs > 0 && performance.now() - started >= cfg.dialTimeoutMs) {
      conn.close();
      throw new EtcdError(DEADLINE_EXCEEDED, status.DEADLINE_EXCEEDED, true);
    }
    if (conn.hasCredentials) {
      try {
        await conn.authenticate(new Date(Date.now() + cfg.dialTimeoutMs));
      } catch (e) {
        conn.close();
        throw e;
      }
    }
    return conn;
  }

  /** true when --user gave a name and a password (clientv3 authenticates only then) */
  get hasCredentials(): boolean {
    return !!this.cfg.username && !!this.cfg.password;
  }

  /** whether calls carry a token that can be renewed (own credentials, or those of authVia) */
  private get canRenew(): boolean {
    return this.authVia ? this.authVia.hasCredentials : this.hasCredentials;
  }

  /** Authenticate on any ready member; "authentication is not enabled" leaves the connection without a token. */
  private async authenticate(deadline: Date): Promise<void> {
    this.token = undefined;
    try {
      const resp = await this.unary(
        AuthService.authenticate,
        { name: this.cfg.username!, password: this.cfg.password! },
        { deadline, idempotent: true },
        false,
      );
      this.token = resp.token;
    } catch (e) {
      if ((e as EtcdError).message !== AUTH_NOT_ENABLED) throw e;
    }
  }

  /**
   * Gets a new token (one request however many calls ask at once). Streams call this when the
   * server tells them their token is no longer valid (a watch canceled with "permission denied"
   * while credentials are set), then open the stream again.
   */
  renewToken(deadline?: Date): Promise<void> {
    if (this.authVia) return this.authVia.renewToken(deadline);
    if (!this.hasCredentials) return Promise.resolve();
    this.refreshing ??= this.authenticate(deadline ?? new Date(Date.now() + this.cfg.dialTimeoutMs)).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  close(): void {
    this.closed = true;
    for (const c of this.clients) c.close();
  }

  private metadata(): Metadata {
    const md = new Metadata();
    const token = this.authVia ? this.authVia.token : this.token;
    if (token) md.set('token', token);
    return md;
  }

  /**
   * Waits until some member is ready (what `endpoint health` does before it starts its clock);
   * rejects as a call would at its deadline.
   */
  async waitReady(deadline?: Date): Promise<void> {
    await this.readyClient(deadline);
    this.next = (this.next + this.clients.length - 1) % this.clients.length;
  }

  /**
   * Index of a member whose channel is ready, waiting (until the deadline) for one to be. Without
   * a deadline, a connection never ready yet waits --dial-timeout at most.
   */
  private async readyClient(callDeadline: Date | undefined): Promise<number> {
    const n = this.clients.length;
    const dialMs = this.cfg.dialTimeoutMs;
    const deadline = callDeadline ?? (!this.everReady && dialMs > 0 ? new Date(Date.now() + dialMs) : undefined);
    for (;;) {
      if (this.closed) throw new EtcdError('grpc: the client connection is closing', status.CANCELLED);
      for (let i = 0; i < n; i++) {
        const idx = (this.next + i) % n;
        if (this.clients[idx]!.getChannel().getConnectivityState(true) === connectivityState.READY) {
          this.everReady = true;
          this.next = (idx + 1) % n;
          return idx;
        }
      }
      const remaining = deadline ? deadline.getTime() - Date.now() : Infinity;
      if (remaining <= 0) {
        this.cfg.diagnostics?.gaveUp(this.notReadyCauses());
        throw new EtcdError(DEADLINE_EXCEEDED, status.DEADLINE_EXCEEDED, true);
      }
      // wake when any channel changes state, or after a short poll interval
      await new Promise<void>((resolve) => {
        let done = false;
        const wait = Math.min(remaining, 250);
        const finish = () => {
          if (!done) {
            done = true;
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(finish, wait);
        for (const c of this.clients) {
          const ch = c.getChannel();
          ch.watchConnectivityState(ch.getConnectivityState(false), new Date(Date.now() + wait), finish);
        }
      });
    }
  }

  /** A unary call: round robin over ready members, retried as described at the top. */
  async unary<Req, Res>(method: MethodDefinition<Req, Res>, req: Req, opts: CallOptions = {}, renewToken = true): Promise<Res> {
    let refreshed = 0;
    for (let attempt = 1; ; attempt++) {
      const idx = await this.readyClient(opts.deadline);
      try {
        return await new Promise<Res>((resolve, reject) => {
          this.clients[idx]!.makeUnaryRequest(
            method.path,
            method.requestSerialize,
            method.responseDeserialize,
            req,
            this.metadata(),
            opts.deadline ? { deadline: opts.deadline } : {},
            (err: ServiceError | null, res?: Res) => (err ? reject(fromServiceError(err, neverSent(err))) : resolve(res as Res)),
          );
        });
      } catch (e) {
        const err = e as EtcdError;
        if (renewToken && this.canRenew && shouldRefreshToken(err) && refreshed < 3) {
          // the server refused the token before doing anything: safe for writes too
          refreshed++;
          await this.renewToken(opts.deadline);
          continue;
        }
        const retriable = err.code === (status.UNAVAILABLE as number) && (opts.idempotent || err.notSent);
        if (!retriable || attempt >= MAX_ATTEMPTS) throw err;
        await sleep(RETRY_BACKOFF_MS * (0.9 + Math.random() * 0.2), opts.deadline);
      }
    }
  }

  /** A fresh token before a stream starts: etcd checks a stream's token when it opens (and per watch). */
  private async streamMetadata(deadline: Date | undefined): Promise<Metadata> {
    if (this.canRenew) await this.renewToken(deadline);
    return this.metadata();
  }

  /** A server-streaming call (snapshot, election observe) on a ready member, with a fresh token. */
  async serverStream<Req, Res>(method: MethodDefinition<Req, Res>, req: Req, opts: CallOptions = {}): Promise<ClientReadableStream<Res>> {
    const md = await this.streamMetadata(opts.deadline);
    const idx = await this.readyClient(opts.deadline);
    return this.clients[idx]!.makeServerStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      req,
      md,
      opts.deadline ? { deadline: opts.deadline } : {},
    );
  }

  /** A bidirectional stream (watch, lease keep-alive) on a ready member, with a fresh token. */
  async bidiStream<Req, Res>(
    method: MethodDefinition<Req, Res> & { responseSerialize?: unknown },
    opts: CallOptions & { requireLeader?: boolean } = {},
  ): Promise<ClientDuplexStream<Req, Res>> {
    const md = await this.streamMetadata(opts.deadline);
    const idx = await this.readyClient(opts.deadline);
    if (opts.requireLeader) md.set('hasleader', 'true');
    return this.clients[idx]!.makeBidiStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      md,
      opts.deadline ? { deadline: opts.deadline } : {},
    );
  }

  /** The endpoint a call would go to first (for commands that talk to exactly one member). */
  get firstEndpoint(): string {
    return this.endpoints[0]!;
  }
}

/** Waits ms, but not past the deadline (then the next readyClient reports it). */
function sleep(ms: number, deadline: Date | undefined): Promise<void> {
  const left = deadline ? Math.max(0, deadline.getTime() - Date.now()) : ms;
  return new Promise((r) => setTimeout(r, Math.min(ms, left)));
}

function channelCredentials(cfg: ClientConfig, scheme: string): ChannelCredentials {
  if (scheme === 'http' || scheme === 'unix') return grpcCredentials.createInsecure();
  let tls = cfg.tls;
  if (!tls) {
    if (scheme !== 'https' && scheme !== 'unixs') return grpcCredentials.createInsecure();
    tls = { insecureSkipVerify: false };
  }
  const creds = grpcCredentials.createSsl(tls.ca ?? cfg.defaultCa?.() ?? null, tls.key ?? null, tls.cert ?? null, {
    rejectUnauthorized: !tls.insecureSkipVerify,
    ...(tls.insecureSkipVerify ? { checkServerIdentity: () => undefined } : {}),
  });
  return withoutIpServerName(creds);
}

/**
 * grpc-js sends the target host as TLS SNI even when it is an IP address, which Node answers with
 * a DEP0123 warning on stderr. Go sends no SNI for an IP (the certificate is still checked against
 * the IP), so we drop the server name there. This reaches into grpc-js 1.14's connector (pinned);
 * if that shape changes, the connection simply keeps grpc-js's behaviour.
 */
function withoutIpServerName(creds: ChannelCredentials): ChannelCredentials {
  type Connector = { connectionOptions?: { servername?: string; host?: string } };
  const c = creds as unknown as { _createSecureConnector?: (...args: unknown[]) => Connector };
  const original = c._createSecureConnector;
  if (typeof original !== 'function') return creds;
  c._createSecureConnector = function (this: unknown, ...args: unknown[]): Connector {
    const connector = original.apply(this, args);
    const o = connector.connectionOptions;
    if (o && typeof o.servername === 'string' && isIP(o.servername) !== 0) delete o.servername;
    return connector;
  };
  return creds;
}
