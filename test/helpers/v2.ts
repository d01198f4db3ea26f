// Side-by-side runs for the v2 e2e tests. Key commands print etcd indexes, so the real etcdctl
// and ours each get their own etcd ("twins"): two fresh single-member clusters that receive the
// same requests in the same order have the same indexes, and outputs can be compared byte for
// byte. Our output is rewritten only where the two servers necessarily differ: ours talks to the
// other twin, so its client URL/port is replaced by the first twin's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, before } from 'node:test';
import { REAL_ETCDCTL, requireEtcd, sleep, startCluster, type EtcdCluster, type MemberOptions } from './etcd.js';
import { OUR_ETCDCTL, ours, real, type RunOptions, type RunResult } from './run.js';

export interface Twins {
  /** the real etcdctl's server */
  a: EtcdCluster;
  /** our server */
  b: EtcdCluster;
  stop(): Promise<void>;
}

export async function startTwins(opts: MemberOptions = {}): Promise<Twins> {
  const [a, b] = await Promise.all([startCluster(1, opts), startCluster(1, opts)]);
  return { a, b, stop: () => Promise.all([a.stop(), b.stop()]).then(() => undefined) };
}

/** The twins of a test file: started before its tests (filled in then), stopped after them. */
export function twinsForFile(opts: MemberOptions = {}): Twins {
  const t = {} as Twins;
  before(async () => {
    requireEtcd();
    Object.assign(t, await startTwins(opts));
  });
  after(async () => {
    await t.stop?.();
  });
  return t;
}

export interface Pair {
  real: RunResult;
  ours: RunResult;
}

/** Replaces every occurrence of `from` with `to` in stdout and stderr. */
export function rewrite(r: RunResult, from: string, to: string): RunResult {
  if (from === to) return r;
  const sub = (s: string) => s.split(from).join(to);
  return { ...r, stdout: sub(r.stdout), stderr: sub(r.stderr) };
}

export interface TwinRunOptions extends RunOptions {
  /** ETCDCTL_API for ours (default: same as real's) */
  oursApi?: string | undefined;
  /** do not add `--endpoints <url>` */
  noEndpoints?: boolean;
}

/**
 * Runs `args` with the real etcdctl against twin a and ours against twin b, at the same time.
 * `--endpoints <url>` is prepended unless told not to; `{EP}` in an argument or an env value
 * stands for the side's client URL.
 */
export async function twinRun(t: Twins, args: string[], opts: TwinRunOptions = {}): Promise<Pair> {
  const urlA = t.a.clientURLs;
  const urlB = t.b.clientURLs;
  const fill = (list: string[], url: string) => list.map((x) => x.split('{EP}').join(url));
  const fillEnv = (url: string) =>
    opts.env ? Object.fromEntries(Object.entries(opts.env).map(([k, v]) => [k, v.split('{EP}').join(url)])) : undefined;
  const argsA = opts.noEndpoints ? fill(args, urlA) : ['--endpoints', urlA, ...fill(args, urlA)];
  const argsB = opts.noEndpoints ? fill(args, urlB) : ['--endpoints', urlB, ...fill(args, urlB)];
  const api = opts.api ?? '2';
  const envA = fillEnv(urlA);
  const envB = fillEnv(urlB);
  const [r, o] = await Promise.all([
    real(argsA, { ...opts, api, ...(envA ? { env: envA } : {}) }),
    ours(argsB, { ...opts, api: 'oursApi' in opts ? opts.oursApi : api, ...(envB ? { env: envB } : {}) }),
  ]);
  return { real: r, ours: rewrite(o, urlB, urlA) };
}

/** Asserts byte-equal stdout, stderr and exit code, after an optional normalisation of both. */
export function assertSame(p: Pair, normalise: (s: string) => string = (s) => s, what = ''): void {
  const n = (r: RunResult) => ({ stdout: normalise(r.stdout), stderr: normalise(r.stderr), code: r.code });
  assert.deepEqual(n(p.ours), n(p.real), what);
}

/** Runs on the twins and asserts the outputs are the same; returns them for further checks. */
export async function same(t: Twins, args: string[], opts: TwinRunOptions & { normalise?: (s: string) => string } = {}): Promise<Pair> {
  const p = await twinRun(t, args, opts);
  assertSame(p, opts.normalise, `etcdctl ${args.join(' ')}`);
  return p;
}

/** Timing-dependent parts of v2 output: TTLs and expiration times. */
export function normaliseTTL(s: string): string {
  return s
    .replace(/"expiration":"[^"]*"/g, '"expiration":"<time>"')
    .replace(/"ttl":\d+/g, '"ttl":<ttl>')
    .replace(/^TTL: \d+$/gm, 'TTL: <ttl>');
}

/** Ports of 127.0.0.1 URLs (for endpoints that differ between runs but not in kind). */
export function normalisePorts(s: string): string {
  return s.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
}

/** A command left running (watch, exec-watch): signal it, then collect what it printed. */
export interface Running {
  pid: number;
  kill(signal: NodeJS.Signals): void;
  /** resolves when it exits (it is killed with SIGKILL after timeoutMs) */
  result: Promise<RunResult>;
  /** resolves once what it printed so far (stdout then stderr) matches `re`; rejects if it exits first or after timeoutMs */
  printed(re: RegExp, timeoutMs?: number): Promise<void>;
}

export function start(bin: string, args: string[], opts: RunOptions = {}): Running {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...(opts.env ?? {}) };
  if (opts.api !== undefined) env.ETCDCTL_API = opts.api;
  const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const text = () => Buffer.concat([...out, ...err]).toString();
  // waiters on the output so far: checked on every chunk, so a wait ends with the event itself
  const waiters = new Set<() => void>();
  const onData = (list: Buffer[]) => (d: Buffer) => {
    list.push(d);
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onData(out));
  child.stderr.on('data', onData(err));
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30000);
  const result = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ stdout: stdoutBytes.toString(), stderr: Buffer.concat(err).toString(), code, signal, stdoutBytes });
    });
  });
  let exited = false;
  child.on('close', () => {
    exited = true;
    for (const w of [...waiters]) w();
  });
  const printed = (re: RegExp, timeoutMs = 10000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`not printed within ${timeoutMs}ms: ${re}\n${text()}`)), timeoutMs);
      const done = (e?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (e) reject(e);
        else resolve();
      };
      const check = () => {
        if (re.test(text())) done();
        else if (exited) done(new Error(`exited before printing ${re}:\n${text()}`));
      };
      waiters.add(check);
      check();
    });
  return { pid: child.pid!, kill: (s) => child.kill(s), result, printed };
}

/** Starts `args` with the real etcdctl on twin a and ours on twin b (as twinRun does). */
export function startTwinRun(
  t: Twins,
  args: string[],
  opts: TwinRunOptions = {},
): { real: Running; ours: Running; printed(re: RegExp): Promise<void>; pair(): Promise<Pair> } {
  const urlA = t.a.clientURLs;
  const urlB = t.b.clientURLs;
  const fill = (url: string) => args.map((x) => x.split('{EP}').join(url));
  const api = opts.api ?? '2';
  const r = start(REAL_ETCDCTL, ['--endpoints', urlA, ...fill(urlA)], { ...opts, api });
  const o = start(OUR_ETCDCTL, ['--endpoints', urlB, ...fill(urlB)], { ...opts, api: 'oursApi' in opts ? opts.oursApi : api });
  return {
    real: r,
    ours: o,
    printed: (re: RegExp) => Promise.all([r.printed(re), o.printed(re)]).then(() => undefined),
    pair: async () => {
      const [rr, or] = await Promise.all([r.result, o.result]);
      return { real: rr, ours: rewrite(or, urlB, urlA) };
    },
  };
}

/** The number of v2 watchers a member's store has (GET /v2/stats/store). */
export function storeWatchers(clientURL: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${clientURL}/v2/stats/store`, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          resolve(Number((JSON.parse(body) as { watchers: number }).watchers));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('stats request timed out')));
    req.end();
  });
}

/**
 * Starts a watching command on both twins (startTwinRun) and waits, at most timeoutMs, until each
 * twin's store counts one more watcher than before: from then on no change is missed.
 */
export async function startWatching(t: Twins, args: string[], opts: TwinRunOptions = {}, timeoutMs = 10000): Promise<ReturnType<typeof startTwinRun>> {
  const [baseA, baseB] = await Promise.all([storeWatchers(t.a.clientURLs), storeWatchers(t.b.clientURLs)]);
  const w = startTwinRun(t, args, opts);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [a, b] = await Promise.all([storeWatchers(t.a.clientURLs), storeWatchers(t.b.clientURLs)]);
    if (a > baseA && b > baseB) return w;
    if (Date.now() > deadline) {
      w.real.kill('SIGKILL');
      w.ours.kill('SIGKILL');
      const p = await w.pair();
      throw new Error(`the watchers did not start within ${timeoutMs}ms:\nreal: ${p.real.stderr}\nours: ${p.ours.stderr}`);
    }
    await sleep(50);
  }
}

/**
 * A ClusterError lists one error per endpoint in the order the shuffled endpoints were tried:
 * sorts the errors of each `error #0..#n` run, keeping the numbers.
 */
export function normaliseErrorOrder(s: string): string {
  const matches = [...s.matchAll(/error #(\d+): ([^\n]*)/g)];
  const groups: RegExpMatchArray[][] = [];
  for (const m of matches) {
    if (m[1] === '0' || groups.length === 0) groups.push([]);
    groups[groups.length - 1]!.push(m);
  }
  const edits: Array<[number, number, string]> = [];
  for (const g of groups) {
    const sorted = g.map((m) => m[2]!).sort();
    g.forEach((m, i) => edits.push([m.index!, m[0].length, `error #${m[1]}: ${sorted[i]}`]));
  }
  let out = s;
  for (const [at, len, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, at) + text + out.slice(at + len);
  return out;
}
