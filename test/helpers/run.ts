// Runs our bin/etcdctl and Debian's etcdctl with the same arguments, environment and stdin, so
// e2e tests can compare stdout, stderr and exit code byte for byte.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ETCDUTL35, REAL_ETCDCTL } from './etcd.js';

export const OUR_ETCDCTL = fileURLToPath(new URL('../../bin/etcdctl', import.meta.url));
export const OUR_ETCDUTL = fileURLToPath(new URL('../../bin/etcdutl', import.meta.url));

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdoutBytes: Buffer;
}

export interface RunOptions {
  /** ETCDCTL_API value; undefined leaves it unset */
  api?: string;
  env?: Record<string, string>;
  input?: string | Buffer;
  cwd?: string;
  timeoutMs?: number;
}

/** A clean environment: PATH and HOME only, so the developer's ETCDCTL_* never leak in. */
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
}

export function run(bin: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const env = { ...baseEnv(), ...(opts.env ?? {}) };
  if (opts.api !== undefined) env.ETCDCTL_API = opts.api;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ stdout: stdoutBytes.toString(), stderr: Buffer.concat(err).toString(), code, signal, stdoutBytes });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Our etcdctl. */
export function ours(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(OUR_ETCDCTL, args, opts);
}

/** Debian's etcdctl 3.4.23, the specification. */
export function real(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(REAL_ETCDCTL, args, opts);
}

/** etcdctl's zap JSON log lines on stderr, which we do not reproduce (the brief allows it). */
export function dropZapLogs(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.startsWith('{"level":'))
    .join('\n');
}

/**
 * Our etcdctl as a child process a test can signal, with a clean environment (PATH, HOME and
 * ETCDCTL_API only). `output()` is what it has printed so far; `done` resolves when it ends
 * (killed after a minute at the latest).
 */
export function spawnOurs(args: string[], opts: { cwd: string; api: '2' | '3' }) {
  const child = spawn(OUR_ETCDCTL, args, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: opts.api },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    running: () => child.exitCode === null && child.signalCode === null,
    output: () => ({ stdout, stderr }),
  };
}

/**
 * `s` without the help and usage lines of what etcdctl 3.5 added (its flags on get, del, watch,
 * make-mirror and snapshot restore; `auth status` in the command lists), for comparing our output
 * with etcdctl 3.4.23's, which lacks them. test/e2e/etcdctl35-additions.test.ts checks the lines
 * themselves against etcdctl 3.5.16.
 */
export function without35HelpLines(s: string): string {
  return s
    .replace(/^ {6}--(count-only|range|progress-notify|dest-user|dest-password|bump-revision|initial-memory-map-size|mark-compacted)[=[ ].*\n/gm, '')
    .replace(/^\t(auth )?status\t+Returns authentication status\n/gm, '');
}

/** Our etcdutl. */
export function oursUtl(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(OUR_ETCDUTL, args, opts);
}

/** Debian trixie's etcdutl 3.5.16, the specification of ours (requireEtcd35() first). */
export function realUtl(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(ETCDUTL35, args, opts);
}
