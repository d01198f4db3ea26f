// Dependencies of v3 commands, built lazily and at most once: the client configuration (env
// variables, --debug, discovery, TLS, auth: etcdctl's clientConfigFromCmd), the gRPC client, and
// the printer. Nothing here loads gRPC until a command asks for a client.
import { readFileSync } from 'node:fs';
import type { RunContext } from './command.js';
import { CliError, badArgs } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import type { Env } from '../core/env.js';
import { flagToEnv, reportEnvEvents, resolveV3Globals, type V3GlobalOptions } from './global-options.js';
import { valueString } from './flags.js';
import { goQuote } from '../../format/go-quote.js';
import { askPassword } from '../core/prompt.js';
import type { ClientConfig, TlsConfig } from '../../client/v3/connection.js';
import { TransportDiagnostics } from '../../client/v3/diagnostics.js';
import type { EtcdClient } from '../../client/v3/client.js';
import type { Printer } from '../../printer/v3/printer.js';
import { defaultCaOption } from '../core/extra-roots.js';

export interface V3Factory {
  /** the global options (flags, ETCDCTL_* and .env), resolved once before the command ran */
  globals(): V3GlobalOptions;
  /** etcdctl's clientConfigFromCmd: reports ETCDCTL_* warnings/conflicts, validates -w, reads TLS/auth settings */
  clientConfig(): Promise<ClientConfig>;
  /** a connected client (exit 128 for TLS file problems, 2 when it cannot connect or authenticate) */
  client(): Promise<EtcdClient>;
  /** epHealthCommandFunc's variant of clientConfig: no --debug dump, -w checked first, raw --endpoints */
  healthConfig(): Promise<ClientConfig>;
  /** endpointsFromCmd: the SRV-discovered endpoints, or the trimmed --endpoints */
  discoveredEndpoints(): Promise<string[]>;
  /**
   * a client for other endpoints with the same settings (endpoint health, move-leader, ...);
   * noAuth: without credentials; shareAuth: with the token of client() (which authenticates over
   * all endpoints), as clientv3's Maintenance calls to one endpoint do; secure: other TLS files
   * (make-mirror's --dest-* flags), read with the same errors; flowControlWindow: the HTTP/2
   * window of that connection (snapshot save); auth: these credentials instead of the globals'
   * (make-mirror's --dest-user)
   */
  clientFor(
    endpoints: string[],
    opts?: { noAuth?: boolean; shareAuth?: boolean; secure?: SecureFiles; flowControlWindow?: number; auth?: { username: string; password: string } },
  ): Promise<EtcdClient>;
  /** the printer for -w/--hex (exit 4 for an unknown format) */
  printer(): Promise<Printer>;
  /**
   * the printer from the command line's -w/--hex alone: etcdctl's initDisplayFromCmd called
   * without building a client configuration, so without ETCDCTL_* (snapshot status)
   */
  commandLinePrinter(): Promise<Printer>;
  /** now + --command-timeout */
  commandDeadline(): Date;
  /** closes every client this factory made */
  close(): void;
  /** `<endpoint>: <cause>` per endpoint when a wait for a ready member gave up (for a person's eyes) */
  transportCauses?(): string[];
}

/** TLS settings by file name, as etcdctl's secureCfg holds them. */
export interface SecureFiles {
  cert: string;
  key: string;
  cacert: string;
  serverName: string;
  insecure: boolean;
  skipVerify: boolean;
}

type Ctx = Omit<RunContext<V3Factory>, 'f'>;

/** The global options of a parsed command line: ETCDCTL_* and .env applied (watch reads two more). */
export function v3GlobalsOf(ctx: Ctx, env: Env, fromFile?: ReadonlySet<string>): V3GlobalOptions {
  const extraNames = ctx.command.name() === 'watch' ? ['watch-key', 'watch-range-end'] : [];
  return resolveV3Globals(ctx.flags, ctx.command.inheritedFlags(), env, { extraNames, ...(fromFile ? { fromFile } : {}) });
}

export function newV3Factory(ctx: Ctx, env: Env, globals: V3GlobalOptions = v3GlobalsOf(ctx, env)): V3Factory {
  let commandConfig: Promise<ClientConfig> | undefined;
  let healthConfig: Promise<ClientConfig> | undefined;
  let printerPromise: Promise<Printer> | undefined;
  let clientPromise: Promise<EtcdClient> | undefined;
  let envReported = false;
  const clients: EtcdClient[] = [];
  const { io } = ctx;
  const g = globals;
  // --debug shows transport events as they happen (etcdctl's gRPC logging, in readable lines)
  const diagnostics = new TransportDiagnostics((line) => {
    if (g.bool('debug')) io.stderr.write(line);
  });

  const printer = () =>
    (printerPromise ??= import('../../printer/v3/printer.js').then((m) => m.newPrinter(g.string('write-out'), { hex: g.bool('hex') }, io)));

  /**
   * etcdctl's clientConfigFromCmd ('command'), or the steps epHealthCommandFunc takes instead
   * ('health'): env, -w, TLS and auth settings, no --debug dump, and the raw --endpoints values.
   */
  const buildConfig = async (variant: 'command' | 'health'): Promise<ClientConfig> => {
    if (!envReported) {
      envReported = true;
      reportEnvEvents(g.envEvents, (s) => io.stderr.write(s));
    }
    if (variant === 'health') await printer();
    if (variant === 'command' && g.bool('debug')) {
      for (const f of [...g.all()].sort((a, b) => (a.flagName < b.flagName ? -1 : 1))) {
        io.stderr.write(`${flagToEnv(f.flagName)}=${redactSecret(f.flagName, valueString(f, g.value(f.flagName)))}\n`);
      }
    }
    const endpoints = variant === 'command' ? await endpointsFromFlags() : g.strings('endpoints');
    checkTlsFlags();
    const auth = await authFromFlags();
    await printer();
    return {
      endpoints,
      dialTimeoutMs: Number(g.duration('dial-timeout')) / 1e6, // fractional: --dial-timeout=1ns is not 0 (none)
      keepAliveTimeMs: Number(g.duration('keepalive-time') / 1000_000n),
      keepAliveTimeoutMs: Number(g.duration('keepalive-timeout') / 1000_000n),
      ...auth,
    };
  };

  const endpointsFromFlags = async (): Promise<string[]> => {
    const domain = g.string('discovery-srv');
    if (domain !== '') {
      const { discoverEndpoints, resolverFromEnv } = await import('../core/discovery.js');
      const eps = await discoverEndpoints(domain, g.string('discovery-srv-name'), 'etcd-client', resolverFromEnv(env));
      const insecure = g.bool('insecure-discovery');
      const kept = insecure
        ? eps
        : eps.filter((ep) => {
            if (!ep.startsWith('http://')) return true;
            io.stderr.write(`ignoring discovered insecure endpoint ${goQuote(ep)}\n`);
            return false;
          });
      if (kept.length > 0) return kept;
    }
    return g.strings('endpoints').map((e) => e.trim());
  };

  /** etcdctl rejects an empty --cert/--key/--cacert given on the command line (or by ETCDCTL_*) */
  const checkTlsFlags = (): void => {
    for (const name of ['cert', 'key', 'cacert']) {
      if (g.string(name) === '' && g.changed(name)) throw badArgs(`empty string is passed to --${name} option`);
    }
  };

  // The files themselves are read when the client is made (newClientCfg), like etcdctl.
  const secureFiles = (): SecureFiles => ({
    cert: g.string('cert'),
    key: g.string('key'),
    cacert: g.string('cacert'),
    serverName: g.bool('insecure-discovery') ? '' : g.string('discovery-srv'),
    insecure: g.bool('insecure-transport'),
    skipVerify: g.bool('insecure-skip-tls-verify'),
  });

  const authFromFlags = async (): Promise<{ username?: string; password?: string }> => {
    const user = g.string('user');
    const password = g.string('password');
    if (user === '') return {};
    if (password !== '') return { username: user, password };
    const colon = user.indexOf(':');
    if (colon >= 0) return { username: user.slice(0, colon), password: user.slice(colon + 1) };
    const why = (r: string) => `cannot ask for the password of --user ${user}: ${r} (give --user name:password or --password)`;
    return { username: user, password: await askPassword(io, 'Password: ', ExitCode.Error, why) };
  };

  /** newClientCfg: reads the TLS files; errors exit 128 with Go's wording. */
  // tls-files loads node:crypto: only commands that read certificates pay for it
  const readTls = async (t: SecureFiles = secureFiles()): Promise<TlsConfig | undefined> => {
    const read = (p: string) => {
      try {
        return readFileSync(p);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(e);
        throw badArgs(`open ${p}: ${why}`);
      }
    };
    let tls: TlsConfig | undefined;
    if (t.cert !== '' || t.key !== '') {
      if (t.cert === '' || t.key === '') throw badArgs(`KeyFile and CertFile must both be present[key: ${t.key}, cert: ${t.cert}]`);
      tls = { cert: read(t.cert), key: read(t.key), insecureSkipVerify: false };
      const { checkKeyPair } = await import('../core/tls-files.js');
      const bad = checkKeyPair(tls.cert!, tls.key!);
      if (bad) throw badArgs(bad);
    }
    if (t.cacert !== '') {
      const ca = read(t.cacert);
      const { checkCaBundle } = await import('../core/tls-files.js');
      const bad = checkCaBundle(ca);
      if (bad) throw badArgs(bad);
      tls = { ...(tls ?? { insecureSkipVerify: false }), ca };
    }
    if (t.serverName !== '') tls = { ...(tls ?? { insecureSkipVerify: false }), serverName: t.serverName };
    if (!tls && !t.insecure) tls = { insecureSkipVerify: false };
    if (tls && t.skipVerify) tls.insecureSkipVerify = true;
    return tls;
  };

  const connect = async (cfg: ClientConfig, authVia?: EtcdClient): Promise<EtcdClient> => {
    const { EtcdClient } = await import('../../client/v3/client.js');
    const defaultCa = await defaultCaOption(io);
    try {
      const c = await EtcdClient.connect({ ...cfg, diagnostics, ...defaultCa }, authVia);
      clients.push(c);
      return c;
    } catch (e) {
      throw new CliError((e as Error).message, ExitCode.BadConnection);
    }
  };

  const clientConfig = () => (commandConfig ??= buildConfig('command'));
  const client = () =>
    (clientPromise ??= clientConfig().then(async (cfg) => {
      const tls = await readTls();
      return connect({ ...cfg, ...(tls ? { tls } : {}) });
    }));

  return {
    globals: () => g,
    clientConfig,
    healthConfig: () => (healthConfig ??= buildConfig('health')),
    discoveredEndpoints: () => endpointsFromFlags(),
    printer,
    commandLinePrinter: () =>
      import('../../printer/v3/printer.js').then((m) => m.newPrinter(ctx.flags.string('write-out'), { hex: ctx.flags.bool('hex') }, io)),
    client,
    clientFor: async (endpoints, opts = {}) => {
      // endpoint health builds its own variant of the configuration; every other command the usual one
      const cfg = await (healthConfig ?? clientConfig());
      const tls = await readTls(opts.secure);
      const { username: _u, password: _p, ...noAuth } = cfg;
      const window = opts.flowControlWindow ? { flowControlWindow: opts.flowControlWindow } : {};
      if (opts.shareAuth) return connect({ ...noAuth, endpoints, ...(tls ? { tls } : {}), ...window }, await client());
      if (opts.auth) return connect({ ...noAuth, ...opts.auth, endpoints, ...(tls ? { tls } : {}), ...window });
      return connect({ ...(opts.noAuth ? noAuth : cfg), endpoints, ...(tls ? { tls } : {}), ...window });
    },
    commandDeadline: () => new Date(Date.now() + Number(g.duration('command-timeout') / 1000_000n)),
    close: () => {
      for (const c of clients) c.close();
    },
    transportCauses: () => diagnostics.causes(),
  };
}

/**
 * --debug prints every global flag as etcdctl does, except secrets: etcdctl shows --password and
 * the password part of --user in clear; we print `***` in their place (deliberate difference).
 */
export function redactSecret(flagName: string, value: string): string {
  if (value === '') return value;
  if (flagName === 'password') return '***';
  if (flagName === 'user') {
    const colon = value.indexOf(':');
    return colon >= 0 ? `${value.slice(0, colon)}:***` : value;
  }
  return value;
}
