// Side-by-side scenarios: the same steps run once with our etcdctl and once with Debian's, each
// against a fresh single-member etcd started on the SAME ports, so member and cluster ids, raft
// terms and revisions come out identical and every byte of output can be compared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdMember, freePort, requireEtcd, type MemberOptions } from './etcd.js';
import { ours, real, type RunOptions, type RunResult } from './run.js';

export { dropZapLogs, without35HelpLines } from './run.js';

export interface Step {
  args: string[];
  opts?: RunOptions;
}

export interface StepResult {
  step: Step;
  ours: RunResult;
  real: RunResult;
}

/** `{{ep}}` in a step's args or env stands for the member's host:port, `{{url}}` for its client URL. */
function fill(s: string, m: EtcdMember): string {
  return s.replaceAll('{{ep}}', m.endpoint).replaceAll('{{url}}', m.clientURL);
}

/**
 * Runs `each` with our etcdctl, then with Debian's, each time on a fresh single-member etcd on the
 * same two ports (stopped and its data removed afterwards).
 */
export async function onTwins<T>(
  opts: MemberOptions,
  each: (which: 'ours' | 'real', member: EtcdMember) => Promise<T>,
): Promise<{ ours: T; real: T }> {
  requireEtcd();
  const clientPort = await freePort();
  const peerPort = await freePort();
  const once = async (which: 'ours' | 'real'): Promise<T> => {
    const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-twin-'));
    const member = new EtcdMember('twin', clientPort, peerPort, join(dir, 'data'), `twin=${opts.peerTls ? 'https' : 'http'}://127.0.0.1:${peerPort}`, 'new', opts);
    try {
      await member.start();
      await member.waitHealthy();
      return await each(which, member);
    } finally {
      await member.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const o = await once('ours');
  const r = await once('real');
  return { ours: o, real: r };
}

/**
 * The positive control after a side's steps: a value written and read back through the same
 * endpoint placeholder, with that side's etcdctl. Steps compare ours with etcdctl, so a twin that
 * died (or a placeholder that pointed nowhere) would make both print the same error and pass; this
 * makes the whole file fail instead.
 */
async function control(run: typeof ours, member: EtcdMember, which: 'ours' | 'real'): Promise<void> {
  const ep = fill('--endpoints={{ep}}', member);
  const put = await run([ep, 'put', 'twin-control', which], { api: '3' });
  const get = await run([ep, 'get', 'twin-control', '--print-value-only'], { api: '3' });
  if (put.code !== 0 || put.stdout !== 'OK\n' || get.code !== 0 || get.stdout !== `${which}\n`) {
    throw new Error(
      `the ${which} twin failed its control after the steps (put: ${put.code} ${put.stdout}${put.stderr}; ` +
        `get: ${get.code} ${get.stdout}${get.stderr})`,
    );
  }
}

/**
 * Runs the steps with both etcdctls on twin servers; returns one result pair per step.
 * `afterStep` runs after each step on each side (the control's own test stops a twin with it).
 */
export async function twinScenario(
  steps: Step[],
  opts: MemberOptions = {},
  afterStep?: (member: EtcdMember, index: number) => Promise<void>,
): Promise<StepResult[]> {
  const { ours: a, real: b } = await onTwins(opts, async (which, member) => {
    const run = which === 'ours' ? ours : real;
    const results: RunResult[] = [];
    for (const step of steps) {
      const o = step.opts ?? {};
      const env = o.env ? Object.fromEntries(Object.entries(o.env).map(([k, v]) => [k, fill(v, member)])) : undefined;
      results.push(await run(step.args.map((a) => fill(a, member)), { ...o, ...(env ? { env } : {}) }));
      await afterStep?.(member, results.length - 1);
    }
    await control(run, member, which);
    return results;
  });
  return steps.map((step, i) => ({ step, ours: a[i]!, real: b[i]! }));
}
