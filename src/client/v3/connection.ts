// A connection to an etcd cluster over gRPC: one channel per endpoint, calls sent to a member
// whose channel is ready (rotating between members as clientv3's round robin does), the auth
// token as `token` metadata, and etcdctl's deadlines. A request is sent again on another member
// only when it provably never left this process, or when it is a read.
import {
  Client,
  credentials as grpcCredentials,
  Metadata,
  connectivityState,
  status,
  type ChannelCredentials,
  type ChannelOptions,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { EtcdError, fromServiceError, isInvalidToken, DEADLINE_EXCEEDED } from './errors.js';
import { AuthService } from '../../proto/gen/etcdserverpb/rpc.js';

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
  if (!m) return { scheme: '', target: ep, host: ep };
  const [, scheme, rest] = m as unknown as [string, string, string];
  if (scheme === 'unix' || scheme === 'unixs') return { scheme, target: `unix:${rest}`, host: rest };
  const host = rest.replace(/\/.*$/, '');
  return { scheme, target: host, host };
}

// Messages up to 2 GiB (etcdctl sets math.MaxInt32): a 100k-key range exceeds grpc's 4 MiB default.
const MAX_MESSAGE = 2 ** 31 - 1;

export class Connection {
  private readonly clients: Client[];
  private next = 0;
  private token: string | undefined;
  readonly endpoints: string[];

  private constructor(readonly cfg: ClientConfig) {
    this.endpoints = cfg.endpoints;
    // clientv3 3.4 dials every endpoint with the credentials chosen by the first one's scheme.
    const creds = channelCredentials(cfg, parseEndpoint(cfg.endpoints[0] ?? '').scheme);
    const options: ChannelOptions = {
      'grpc.max_receive_message_length': MAX_MESSAGE,
      'grpc.max_send_message_length': MAX_MESSAGE,
      'grpc.keepalive_time_ms': cfg.keepAliveTimeMs,
      'grpc.keepalive_timeout_ms': cfg.keepAliveTimeoutMs,
      'grpc-node.flow_control_window': cfg.flowControlWindow ?? 16 * 1024 * 1024,
      'grpc.enable_retries': 0,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    };
    if (cfg.tls?.serverName) options['grpc.ssl_target_name_override'] = cfg.tls.serverName;
    this.clients = cfg.endpoints.map((ep) => new Client(parseEndpoint(ep).target, creds, options));
  }

  /** Creates the connection; with credentials, authenticates within the dial timeout (exit 2 on failure). */
  static async open(cfg: ClientConfig): Promise<Connection> {
    if (cfg.endpoints.length === 0) throw new EtcdError('at least one Endpoint must is required in client config', status.INVALID_ARGUMENT);
    const conn = new Connection(cfg);
    if (cfg.username && cfg.password) {
      try {
        await conn.authenticate(new Date(Date.now() + cfg.dialTimeoutMs));
      } catch (e) {
        const err = e as EtcdError;
        if (err.message !== 'etcdserver: authentication is not enabled') {
          conn.close();
          throw err;
        }
      }
    }
    return conn;
  }

  private async authenticate(deadline: Date): Promise<void> {
    this.token = undefined;
    const resp = await this.unary(AuthService.authenticate, { name: this.cfg.username!, password: this.cfg.password! }, { deadline, idempotent: true }, false);
    this.token = resp.token;
  }

  close(): void {
    for (const c of this.clients) c.close();
  }

  private metadata(): Metadata {
    const md = new Metadata();
    if (this.token) md.set('token', this.token);
    return md;
  }

  /** Index of a member whose channel is ready, waiting (until the deadline) for one to be. */
  private async readyClient(deadline: Date | undefined): Promise<number> {
    const n = this.clients.length;
    for (;;) {
      for (let i = 0; i < n; i++) {
        const idx = (this.next + i) % n;
        if (this.clients[idx]!.getChannel().getConnectivityState(true) === connectivityState.READY) {
          this.next = (idx + 1) % n;
          return idx;
        }
      }
      const remaining = deadline ? deadline.getTime() - Date.now() : Infinity;
      if (remaining <= 0) throw new EtcdError(DEADLINE_EXCEEDED, status.DEADLINE_EXCEEDED, true);
      // wake when any channel changes state, or after a short poll interval
      await new Promise<void>((resolve) => {
        let done = false;
        const finish = () => {
          if (!done) {
            done = true;
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(finish, Math.min(remaining, 250));
        for (const c of this.clients) {
          const ch = c.getChannel();
          ch.watchConnectivityState(ch.getConnectivityState(false), new Date(Date.now() + Math.min(remaining, 250)), finish);
        }
      });
    }
  }

  /** A unary call. */
  async unary<Req, Res>(method: MethodDefinition<Req, Res>, req: Req, opts: CallOptions = {}, renewToken = true): Promise<Res> {
    let lastErr: EtcdError | undefined;
    for (let attempt = 0; ; attempt++) {
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
            (err: ServiceError | null, res?: Res) => (err ? reject(fromServiceError(err)) : resolve(res as Res)),
          );
        });
      } catch (e) {
        const err = e as EtcdError;
        lastErr = err;
        if (renewToken && this.cfg.username && this.cfg.password && isInvalidToken(err) && attempt === 0) {
          await this.authenticate(opts.deadline ?? new Date(Date.now() + this.cfg.dialTimeoutMs));
          continue;
        }
        const retriable = err.code === status.UNAVAILABLE && (opts.idempotent || err.notSent) && this.clients.length > 1;
        if (retriable && attempt < this.clients.length * 3) continue;
        throw lastErr;
      }
    }
  }

  /** A server-streaming call (snapshot, election observe) on a ready member. */
  async serverStream<Req, Res>(method: MethodDefinition<Req, Res>, req: Req, opts: CallOptions = {}): Promise<ClientReadableStream<Res>> {
    const idx = await this.readyClient(opts.deadline);
    return this.clients[idx]!.makeServerStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      req,
      this.metadata(),
      opts.deadline ? { deadline: opts.deadline } : {},
    );
  }

  /** A bidirectional stream (watch, lease keep-alive) on a ready member. */
  async bidiStream<Req, Res>(
    method: MethodDefinition<Req, Res> & { responseSerialize?: unknown },
    opts: CallOptions & { requireLeader?: boolean } = {},
  ): Promise<ClientDuplexStream<Req, Res>> {
    const idx = await this.readyClient(opts.deadline);
    const md = this.metadata();
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

function channelCredentials(cfg: ClientConfig, scheme: string): ChannelCredentials {
  if (scheme === 'http' || scheme === 'unix') return grpcCredentials.createInsecure();
  let tls = cfg.tls;
  if (!tls) {
    if (scheme !== 'https' && scheme !== 'unixs') return grpcCredentials.createInsecure();
    tls = { insecureSkipVerify: false };
  }
  return grpcCredentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null, {
    rejectUnauthorized: !tls.insecureSkipVerify,
    ...(tls.insecureSkipVerify ? { checkServerIdentity: () => undefined } : {}),
  });
}
