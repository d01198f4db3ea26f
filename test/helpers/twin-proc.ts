// Twin scenarios with long-running commands (watch, lock, elect, lease keep-alive): a scenario
// function runs once with our etcdctl and once with Debian's, each time against a fresh etcd on
// the same ports (so ids, terms and revisions agree when the history does), and returns what it
// observed. Long-running commands are started in the background with `Proc`, which keeps stdin
// open, waits for output with a timeout, sends signals, and is always killed in the end.
import { spawn, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { EtcdMember, REAL_ETCDCTL, type MemberOptions } from './etcd.js';
import { OUR_ETCDCTL, ours, real, without35HelpLines, type RunOptions, type RunResult } from './run.js';
import { onTwins } from './twin.js';

export { dropZapLogs } from './run.js';

export type Which = 'ours' | 'real';

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** A background etcdctl (or any program) with its output collected as it comes. */
export class Proc {
  private readonly child: ChildProcess;
  private out: Buffer[] = [];
  private err: Buffer[] = [];
  private readonly exited: Promise<ProcResult>;
  private waiters: Array<() => void> = [];
  private done = false;
  readonly startedAt = Date.now();
  /** when each stdout line arrived (ms since epoch) */
  readonly lineTimes: number[] = [];

  constructor(bin: string, args: string[], opts: RunOptions & { keepStdinOpen?: boolean } = {}) {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...(opts.env ?? {}) };
    if (opts.api !== undefined) env.ETCDCTL_API = opts.api;
    this.child = spawn(bin, args, { env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => {
      const now = Date.now();
      for (const c of d) if (c === 0x0a) this.lineTimes.push(now);
      this.got(this.out, d);
    });
    this.child.stderr!.on('data', (d: Buffer) => this.got(this.err, d));
    this.child.stdin!.on('error', () => {});
    if (opts.input !== undefined) this.child.stdin!.write(opts.input);
    if (!opts.keepStdinOpen) this.child.stdin!.end();
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.done = true;
        this.wake();
        resolve({ code, signal, ...this.snapshot() });
      });
    });
  }

  private got(buf: Buffer[], d: Buffer): void {
    buf.push(d);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  get pid(): number {
    return this.child.pid!;
  }

  get stdout(): string {
    return Buffer.concat(this.out).toString();
  }

  get stderr(): string {
    return Buffer.concat(this.err).toString();
  }

  snapshot(): { stdout: string; stderr: string; stdoutBytes: Buffer } {
    const stdoutBytes = Buffer.concat(this.out);
    return { stdout: stdoutBytes.toString(), stderr: Buffer.concat(this.err).toString(), stdoutBytes };
  }

  /** Waits until `pred(stdout, stderr)` holds or the process ends; throws after timeoutMs. */
  async waitFor(pred: (stdout: string, stderr: string) => boolean, what: string, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (pred(this.stdout, this.stderr)) return;
      if (this.done) throw new Error(`process ended before ${what}: stdout=${JSON.stringify(this.stdout)} stderr=${JSON.stringify(this.stderr)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}: stdout=${JSON.stringify(this.stdout)} stderr=${JSON.stringify(this.stderr)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for `n` lines on stdout. */
  waitLines(n: number, timeoutMs = 15000): Promise<void> {
    return this.waitFor((o) => o.split('\n').length - 1 >= n, `${n} lines`, timeoutMs);
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  endStdin(): void {
    this.child.stdin!.end();
  }

  signal(sig: NodeJS.Signals): void {
    if (!this.done) this.child.kill(sig);
  }

  /** The process's end; it is killed (SIGKILL) if it has not ended within timeoutMs. */
  async exit(timeoutMs = 15000): Promise<ProcResult> {
    const t = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(t);
    }
  }

  /** Kills it now (SIGKILL) and returns what it printed. */
  async kill(): Promise<ProcResult> {
    this.signal('SIGKILL');
    return this.exited;
  }
}

/** What a scenario can do with the etcdctl under test. */
export interface Runner {
  which: Which;
  /** the member's host:port */
  ep: string;
  member: EtcdMember;
  /** runs the etcdctl under test to completion (ETCDCTL_API=3 unless opts.api says otherwise) */
  run(args: string[], opts?: RunOptions): Promise<RunResult>;
  /** starts the etcdctl under test in the background; stdin stays open unless input is given */
  start(args: string[], opts?: RunOptions & { keepStdinOpen?: boolean }): Proc;
  /** runs Debian's etcdctl (the same tool for both twins, to change the server's state) */
  ctl(args: string[], opts?: RunOptions): Promise<RunResult>;
}

/** One step of a scenario's transcript: what the etcdctl under test printed and how it ended. */
export interface Entry {
  label: string;
  code: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
}

/**
 * The two tests every transcript scenario has, once `transcripts()` returns both sides: the same
 * steps ran (by label), and every step matches (one subtest per step, named after it): exit
 * code, signal, stdout and stderr.
 */
export function testTranscripts(transcripts: () => { ours: Entry[]; real: Entry[] }, sameStepsTitle = 'the same steps ran'): void {
  test(sameStepsTitle, () => {
    const { ours, real } = transcripts();
    assert.deepEqual(
      ours.map((e) => e.label),
      real.map((e) => e.label),
    );
  });

  test('every step matches', async (t) => {
    const { ours, real } = transcripts();
    assert.equal(ours.length, real.length);
    for (const [i, o] of ours.entries()) {
      const r = real[i]!;
      await t.test(`#${i} ${o.label}`, () => {
        assert.equal(o.label, r.label);
        assert.equal(o.code, r.code, `exit code; ours stderr: ${o.stderr}`);
        assert.equal(o.signal, r.signal, 'signal');
        // help and usage show what etcdctl 3.5 added (checked in etcdctl35-additions.test.ts)
        assert.equal(without35HelpLines(o.stdout), r.stdout, 'stdout');
        assert.equal(without35HelpLines(o.stderr), r.stderr, 'stderr');
      });
    }
  });
}

/** A file's transcript scenario: twinRun before its tests, then testTranscripts over both sides. */
export function testTwinScenario(scenario: (r: Runner) => Promise<Entry[]>): void {
  let transcripts: { ours: Entry[]; real: Entry[] } | undefined;
  before(async () => {
    transcripts = await twinRun(scenario);
  });
  testTranscripts(() => transcripts!);
}

/**
 * Runs `scenario` with our etcdctl and with Debian's, each on a fresh single-member etcd on the
 * same ports. Background processes the scenario left running are killed.
 */
export function twinRun<T>(scenario: (r: Runner) => Promise<T>, opts: MemberOptions = {}): Promise<{ ours: T; real: T }> {
  return onTwins(opts, async (which, member) => {
    const procs: Proc[] = [];
    const bin = which === 'ours' ? OUR_ETCDCTL : REAL_ETCDCTL;
    const runner: Runner = {
      which,
      ep: member.endpoint,
      member,
      run: (args, o = {}) => (which === 'ours' ? ours : real)(args, { api: '3', ...o }),
      start: (args, o = {}) => {
        const p = new Proc(bin, args, { api: '3', keepStdinOpen: o.input === undefined, ...o });
        procs.push(p);
        return p;
      },
      ctl: (args, o = {}) => real(args, { api: '3', ...o }),
    };
    try {
      return await scenario(runner);
    } finally {
      await Promise.all(procs.map((p) => p.kill()));
    }
  });
}


/**
 * Lease ids differ between twin runs (etcd derives them from the clock): each id seen is named
 * `<L1>`, `<L2>`... in order of discovery, in its %016x, %x and decimal forms.
 */
export class IdNames {
  private readonly ids: bigint[] = [];

  add(id: bigint): void {
    if (!this.ids.includes(id)) this.ids.push(id);
  }

  get size(): number {
    return this.ids.length;
  }

  id(n: number): bigint {
    return this.ids[n]!;
  }

  normalize(s: string): string {
    this.ids.forEach((id, i) => {
      const name = `<L${i + 1}>`;
      s = s
        .replaceAll(id.toString(16).padStart(16, '0'), name)
        .replaceAll(id.toString(16), name)
        .replace(new RegExp(`\\b${id}\\b`, 'g'), name);
    });
    return s;
  }
}

/** The ids `lease list` prints (simple format). */
export function listedLeases(stdout: string): bigint[] {
  return stdout
    .split('\n')
    .slice(1)
    .filter((l) => /^[0-9a-f]{16}$/.test(l))
    .map((l) => BigInt(`0x${l}`));
}
