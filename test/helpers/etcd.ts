// Test harness: starts real etcd 3.4 servers (Debian's etcd-server) on free loopback ports with
// temporary data dirs, and stops them afterwards. A missing etcd binary fails the run loudly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import type { TlsFiles } from './tls.js';

export const ETCD_BIN = process.env.ETCD_BIN ?? '/usr/bin/etcd';
export const REAL_ETCDCTL = process.env.REAL_ETCDCTL ?? '/usr/bin/etcdctl';

// The second oracle, Debian trixie's etcd 3.5.16 (etcd, etcdctl, etcdutl): scripts/oracle-3.5.sh
// unpacks it into a cache and scripts/test.mjs passes its directory as ETCD35_DIR.
export const ETCD35_DIR = process.env.ETCD35_DIR ?? '';
export const ETCD35_BIN = join(ETCD35_DIR, 'etcd');
export const ETCDCTL35 = join(ETCD35_DIR, 'etcdctl');
export const ETCDUTL35 = join(ETCD35_DIR, 'etcdutl');

/** Throws (never skips) when the 3.5.16 oracle is absent. */
export function requireEtcd35(): void {
  if (ETCD35_DIR === '') {
    throw new Error('ETCD35_DIR is not set: run the tests with `npm test` (scripts/test.mjs fetches etcd 3.5.16 with scripts/oracle-3.5.sh)');
  }
  for (const bin of [ETCD35_BIN, ETCDCTL35, ETCDUTL35]) {
    if (!existsSync(bin)) throw new Error(`${bin} not found: run bash scripts/oracle-3.5.sh`);
  }
}

/**
 * The etcd the e2e tests start when they do not name one: Debian's 3.4.23, or etcd 3.5.16 when
 * TEST_ETCD_SERVER=3.5.16 (scripts/test.mjs runs a subset of the e2e files a second time so). The
 * oracle the output is compared with stays etcdctl 3.4.23 either way.
 */
export const TEST_ETCD_SERVER = process.env.TEST_ETCD_SERVER ?? '3.4.23';
if (TEST_ETCD_SERVER !== '3.4.23' && TEST_ETCD_SERVER !== '3.5.16') throw new Error(`TEST_ETCD_SERVER=${TEST_ETCD_SERVER}: 3.4.23 or 3.5.16`);
export const DEFAULT_ETCD_BIN = TEST_ETCD_SERVER === '3.5.16' ? ETCD35_BIN : ETCD_BIN;

/** Throws (never skips) when the etcd binaries the e2e tests need are absent. */
export function requireEtcd(): void {
  if (TEST_ETCD_SERVER === '3.5.16') requireEtcd35();
  for (const bin of [ETCD_BIN, REAL_ETCDCTL]) {
    if (!existsSync(bin)) {
      throw new Error(
        `${bin} not found: the end-to-end tests need Debian's etcd 3.4.23 ` +
          `(apt-get install -y etcd-server etcd-client), or set ETCD_BIN / REAL_ETCDCTL`,
      );
    }
  }
}

// Ports are picked at random below the kernel's ephemeral range (32768+), then checked free.
// Test files run in parallel processes, and a member stopped for a while (then restarted on its
// ports) leaves them free meanwhile: each port taken is also claimed across processes by a file
// in PORT_CLAIMS (created exclusively, holding the pid; removed at exit; a dead pid's is stale).
const PORT_MIN = Number(process.env.TEST_PORT_MIN ?? 12000);
const PORT_MAX = Number(process.env.TEST_PORT_MAX ?? 32000);
const PORT_CLAIMS = join(tmpdir(), 'etcdctl-ts-test-ports');
const takenPorts = new Set<number>();

function claimPort(port: number): boolean {
  const f = join(PORT_CLAIMS, String(port));
  try {
    mkdirSync(PORT_CLAIMS, { recursive: true });
    writeFileSync(f, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    try {
      process.kill(Number(readFileSync(f, 'utf8')), 0);
    } catch {
      rmSync(f, { force: true }); // its process is gone: free for a later pick
    }
    return false;
  }
}

process.on('exit', () => {
  for (const port of takenPorts) rmSync(join(PORT_CLAIMS, String(port)), { force: true });
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = PORT_MIN + Math.floor(Math.random() * (PORT_MAX - PORT_MIN));
    if (takenPorts.has(port) || !claimPort(port)) continue;
    takenPorts.add(port);
    if (await portIsFree(port)) return port;
  }
}

export interface MemberOptions {
  /** serve the v2 API (default true) */
  enableV2?: boolean;
  /** client TLS: serve https with these files; clientCertAuth requires client certificates */
  tls?: TlsFiles;
  clientCertAuth?: boolean;
  /** peer TLS with the same files */
  peerTls?: TlsFiles;
  extraArgs?: string[];
  /** the etcd binary to run (default DEFAULT_ETCD_BIN: Debian's 3.4.23 unless TEST_ETCD_SERVER; ETCD35_BIN for 3.5.16) */
  etcdBin?: string;
}

export class EtcdMember {
  proc: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  log = '';

  constructor(
    readonly name: string,
    readonly clientPort: number,
    readonly peerPort: number,
    readonly dataDir: string,
    readonly initialCluster: string,
    readonly clusterState: 'new' | 'existing',
    readonly opts: MemberOptions,
  ) {}

  get clientScheme(): string {
    return this.opts.tls ? 'https' : 'http';
  }
  get peerScheme(): string {
    return this.opts.peerTls ? 'https' : 'http';
  }
  /** e.g. http://127.0.0.1:23790 */
  get clientURL(): string {
    return `${this.clientScheme}://127.0.0.1:${this.clientPort}`;
  }
  /** host:port, the way etcdctl v3 users usually write --endpoints */
  get endpoint(): string {
    return `127.0.0.1:${this.clientPort}`;
  }
  get peerURL(): string {
    return `${this.peerScheme}://127.0.0.1:${this.peerPort}`;
  }

  args(): string[] {
    const a = [
      '--name', this.name,
      '--data-dir', this.dataDir,
      '--listen-client-urls', this.clientURL,
      '--advertise-client-urls', this.clientURL,
      '--listen-peer-urls', this.peerURL,
      '--initial-advertise-peer-urls', this.peerURL,
      '--initial-cluster', this.initialCluster,
      '--initial-cluster-state', this.clusterState,
      '--initial-cluster-token', 'etcdctl-ts-test',
      '--logger', 'zap',
      '--log-level', 'error',
      '--heartbeat-interval', '50',
      '--election-timeout', '500',
    ];
    if (this.opts.enableV2 !== false) a.push('--enable-v2');
    const tls = this.opts.tls;
    if (tls) {
      a.push('--cert-file', tls.serverCert, '--key-file', tls.serverKey, '--trusted-ca-file', tls.ca);
      if (this.opts.clientCertAuth) a.push('--client-cert-auth');
    }
    const ptls = this.opts.peerTls;
    if (ptls) {
      a.push('--peer-cert-file', ptls.serverCert, '--peer-key-file', ptls.serverKey,
        '--peer-trusted-ca-file', ptls.ca, '--peer-client-cert-auth');
    }
    return [...a, ...(this.opts.extraArgs ?? [])];
  }

  /** Starts the process; resolves once it listens (not necessarily once it has a leader). */
  async start(): Promise<void> {
    if (this.proc) return;
    this.log = '';
    const proc = spawn(this.opts.etcdBin ?? DEFAULT_ETCD_BIN, this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout.on('data', (d) => (this.log += d));
    proc.stderr.on('data', (d) => (this.log += d));
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    proc.once('exit', () => {
      if (this.proc === proc) this.proc = undefined;
    });
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (!this.proc) throw new Error(`etcd ${this.name} exited during start-up:\n${this.log}`);
      if (await this.answers('/version')) return;
      await sleep(50);
    }
    throw new Error(`etcd ${this.name} did not start within 20s:\n${this.log}`);
  }

  /** Waits until /health says true (the cluster has a leader and this member serves). */
  async waitHealthy(timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const body = await this.answers('/health');
      // and the cluster version decided: etcd writes it a moment after start, which would
      // otherwise shift raft indexes under a test that compares them
      const version = body && /"health":\s*"?true/.test(body) ? await this.answers('/version') : undefined;
      if (version && !version.includes('not_decided')) return;
      await sleep(50);
    }
    throw new Error(`etcd ${this.name} not healthy within ${timeoutMs}ms:\n${this.log}`);
  }

  /** GET path on the client URL; the body, or undefined when it does not answer 200. */
  answers(path: string): Promise<string | undefined> {
    return this.request('GET', path, undefined, 1000);
  }

  /** How many v3 watchers the member serves (its /metrics), to wait until a watch is registered. */
  async v3Watchers(): Promise<number> {
    const m = /^etcd_debugging_mvcc_watcher_total (\d+)$/m.exec((await this.answers('/metrics')) ?? '');
    if (!m) throw new Error(`etcd ${this.name}: no etcd_debugging_mvcc_watcher_total in /metrics`);
    return Number(m[1]);
  }

  /** true while the process runs */
  get running(): boolean {
    return this.proc !== undefined;
  }

  /** Stops and starts the process again (same ports and data dir), then waits until it is healthy. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    await this.waitHealthy();
  }

  /**
   * This member's view from the gRPC gateway (POST /v3/maintenance/status): its id and the
   * leader's, as decimal strings; undefined when it does not answer.
   */
  async status(): Promise<{ memberId: string; leader: string } | undefined> {
    const body = await this.post('/v3/maintenance/status', '{}');
    if (!body) return undefined;
    try {
      const j = JSON.parse(body) as { header?: { member_id?: string }; leader?: string };
      if (!j.header?.member_id) return undefined;
      return { memberId: j.header.member_id, leader: j.leader ?? '0' };
    } catch {
      return undefined;
    }
  }

  /** POST a JSON body to the client URL; the body, or undefined when it does not answer 200. */
  post(path: string, body: string): Promise<string | undefined> {
    return this.request('POST', path, body, 2000);
  }

  /** One HTTP(S) request to the client URL (with the client certificate under TLS). */
  private request(method: 'GET' | 'POST', path: string, body: string | undefined, timeout: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const tls = this.opts.tls;
      const req = (tls ? httpsRequest : httpRequest)(
        `${this.clientURL}${path}`,
        {
          method,
          timeout,
          ...(body !== undefined ? { headers: { 'content-type': 'application/json' } } : {}),
          ...(tls ? { ca: readFileSync(tls.ca), cert: readFileSync(tls.clientCert), key: readFileSync(tls.clientKey) } : {}),
        },
        (res) => {
          let out = '';
          res.on('data', (d) => (out += d));
          res.on('end', () => resolve(res.statusCode === 200 ? out : undefined));
          res.on('error', () => resolve(undefined));
        },
      );
      req.on('error', () => resolve(undefined));
      req.on('timeout', () => {
        req.destroy();
        resolve(undefined);
      });
      req.end(body);
    });
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5s). The data dir stays. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

export class EtcdCluster {
  constructor(
    readonly members: EtcdMember[],
    private readonly baseDir: string,
    /** the options every member was started with */
    readonly opts: MemberOptions = {},
  ) {}

  /** comma-separated host:port list of every member's client endpoint */
  get endpoints(): string {
    return this.members.map((m) => m.endpoint).join(',');
  }
  get clientURLs(): string {
    return this.members.map((m) => m.clientURL).join(',');
  }
  get first(): EtcdMember {
    return this.members[0]!;
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.stop()));
    rmSync(this.baseDir, { recursive: true, force: true });
  }

  /** The running members. */
  get running(): EtcdMember[] {
    return this.members.filter((m) => m.running);
  }

  /**
   * Waits until the running members agree on a leader that is one of them, and returns it
   * (after a member was stopped or restarted, or leadership moved).
   */
  async waitLeader(timeoutMs = 20000): Promise<EtcdMember> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const running = this.running;
      const views = await Promise.all(running.map((m) => m.status()));
      const leader = views[0]?.leader;
      if (leader && leader !== '0' && views.every((v) => v?.leader === leader)) {
        const idx = views.findIndex((v) => v?.memberId === leader);
        if (idx >= 0) return running[idx]!;
      }
      await sleep(50);
    }
    throw new Error(`no leader among the running members within ${timeoutMs}ms`);
  }

  /** Ports and URLs for a member that is yet to be added (`member add <name> --peer-urls <peerURL>`). */
  async reserveMember(name: string, opts: MemberOptions = this.opts): Promise<{ name: string; clientPort: number; peerPort: number; peerURL: string; opts: MemberOptions }> {
    const clientPort = await freePort();
    const peerPort = await freePort();
    return { name, clientPort, peerPort, peerURL: `${opts.peerTls ? 'https' : 'http'}://127.0.0.1:${peerPort}`, opts };
  }

  /**
   * Starts a reserved member with --initial-cluster-state existing and the --initial-cluster that
   * `member add` printed; it joins this cluster's member list (and is stopped with it).
   */
  async startJoining(r: { name: string; clientPort: number; peerPort: number; opts: MemberOptions }, initialCluster: string): Promise<EtcdMember> {
    const m = new EtcdMember(r.name, r.clientPort, r.peerPort, join(this.baseDir, `${r.name}-${Date.now()}`), initialCluster, 'existing', r.opts);
    this.members.push(m);
    await m.start();
    return m;
  }

  /** Stops a member and forgets it (after `member remove`); its data dir goes with the cluster. */
  async dropMember(m: EtcdMember): Promise<void> {
    await m.stop();
    const i = this.members.indexOf(m);
    if (i >= 0) this.members.splice(i, 1);
  }
}

/** Starts an n-member cluster (default 1) and waits until every member is healthy. */
export async function startCluster(n = 1, opts: MemberOptions = {}): Promise<EtcdCluster> {
  requireEtcd();
  for (let attempt = 0; ; attempt++) {
    const baseDir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-'));
    const ports: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) ports.push([await freePort(), await freePort()]);
    const scheme = opts.peerTls ? 'https' : 'http';
    const initialCluster = ports.map(([, p], i) => `m${i + 1}=${scheme}://127.0.0.1:${p}`).join(',');
    const members = ports.map(
      ([c, p], i) =>
        new EtcdMember(`m${i + 1}`, c, p, join(baseDir, `m${i + 1}`), initialCluster, 'new', opts),
    );
    const cluster = new EtcdCluster(members, baseDir, opts);
    try {
      await Promise.all(members.map((m) => m.start()));
      await Promise.all(members.map((m) => m.waitHealthy()));
      return cluster;
    } catch (err) {
      await cluster.stop();
      // A port taken between the check and etcd's bind: try again with new ports.
      if (attempt < 3 && /address already in use/.test(String(err))) continue;
      throw err;
    }
  }
}

/** A single-member etcd with v2 enabled (the common case). */
export function startEtcd(opts: MemberOptions = {}): Promise<EtcdCluster> {
  return startCluster(1, opts);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The real etcdctl's version line, to check the oracle is the expected one. */
export function realEtcdctlVersion(): string {
  const r = spawnSync(REAL_ETCDCTL, ['version'], { env: { ETCDCTL_API: '3' } });
  return r.stdout.toString().split('\n')[0] ?? '';
}
