// Side-by-side runs of our etcdctl and the real one for the v3 cluster tests, with the few
// normalisations a multi-member cluster needs: which member answered (header member ids),
// durations, and the zap JSON log lines the real etcdctl adds on stderr.
import assert from 'node:assert/strict';
import { dropZapLogs, ours, real, type RunOptions, type RunResult } from './run.js';

export interface Pair {
  ours: RunResult;
  real: RunResult;
}

export type Normaliser = (s: string) => string;

/** zap JSON lines from clientv3 (may be omitted by us, per the brief) */
export const dropZap: Normaliser = dropZapLogs;

/** the member that answered a request through several endpoints (json and fields headers) */
export const anyAnsweringMember: Normaliser = (s) =>
  s.replace(/"member_id":\d+/g, '"member_id":<M>').replace(/"MemberID" : \d+/g, '"MemberID" : <M>');

/** revisions (a mutation repeated by both sides) */
export const anyRevision: Normaliser = (s) => s.replace(/"revision":\d+/g, '"revision":<R>').replace(/"Revision" : \d+/g, '"Revision" : <R>');

/** Go durations (health `took`) */
export const anyDuration: Normaliser = (s) =>
  s
    .replace(/took = [0-9.]+(ns|µs|ms|s|m\d+(\.\d+)?s)/g, 'took = <T>')
    .replace(/"took":"[^"]*"/g, '"took":"<T>"')
    .replace(/"Took" : \S+/g, '"Took" : <T>').replace(/\| +[0-9.]+(ns|µs|ms|s) \|/g, '| <T> |');

/**
 * endpoint health output of any format. Exactly two things vary between runs: the rows come in
 * completion order, and the durations (and so a table's column widths) differ. Durations are
 * replaced; json items and fields blocks are sorted; a table is compared cell by cell (header
 * first, then the rows sorted), its borders only for their shape; simple lines are sorted.
 */
export const healthOutput: Normaliser = (raw) => {
  const s = anyDuration(raw);
  if (s.startsWith('[')) {
    const rows = JSON.parse(s) as Array<{ endpoint: string }>;
    return JSON.stringify(rows.sort((a, b) => (a.endpoint < b.endpoint ? -1 : 1)));
  }
  if (s.includes('"Endpoint" :')) return s.split('\n\n').sort().join('\n\n');
  if (s.startsWith('+')) {
    const lines = s.split('\n').filter((l) => l !== '');
    const borders = lines.filter((l) => l.startsWith('+')).map((l) => l.replace(/-+/g, '-'));
    const cells = lines.filter((l) => l.startsWith('|')).map((l) => l.split('|').map((c) => c.trim()).join('|'));
    const [header = '', ...rows] = cells;
    return [...borders, header, ...rows.sort()].join('\n');
  }
  return s.split('\n').sort().join('\n');
};

/** Runs real first, then ours, with the same arguments and options (ETCDCTL_API=3). */
export async function both(args: string[], opts: RunOptions = {}): Promise<Pair> {
  const o = { api: '3', ...opts };
  const r = await real(args, o);
  const u = await ours(args, o);
  return { ours: u, real: r };
}

/**
 * Asserts equal stdout, stderr and exit code after the normalisers. etcdctl's zap JSON log lines
 * are dropped from its stderr only: ours prints none (README), so one on our side is a difference.
 */
export function assertSame(p: Pair, label: string, ...norm: Normaliser[]): void {
  const n = (s: string) => norm.reduce((acc, f) => f(acc), s);
  const show = `${label}\n--- real (exit ${p.real.code}):\n${p.real.stdout}${p.real.stderr}\n--- ours (exit ${p.ours.code}):\n${p.ours.stdout}${p.ours.stderr}`;
  assert.equal(p.ours.code, p.real.code, `exit code: ${show}`);
  assert.equal(n(p.ours.stdout), n(p.real.stdout), `stdout: ${show}`);
  assert.equal(n(p.ours.stderr), n(dropZap(p.real.stderr)), `stderr: ${show}`);
}

/**
 * For commands that change the cluster: `reset` sets the state up, real runs, `reset` again,
 * ours runs; outputs compared as in same().
 */
export async function sameAfterReset(args: string[], reset: () => Promise<unknown>, opts: RunOptions = {}, ...norm: Normaliser[]): Promise<Pair> {
  const o = { api: '3', ...opts };
  await reset();
  const r = await real(args, o);
  await reset();
  const u = await ours(args, o);
  const p = { ours: u, real: r };
  assertSame(p, args.join(' '), ...norm);
  return p;
}

/** both() then assertSame(); returns the pair for further checks. */
export async function same(args: string[], opts: RunOptions = {}, ...norm: Normaliser[]): Promise<Pair> {
  const p = await both(args, opts);
  assertSame(p, args.join(' '), ...norm);
  return p;
}

/** Runs ours and measures the wall time. */
export async function timed(args: string[], opts: RunOptions = {}): Promise<RunResult & { ms: number }> {
  const start = Date.now();
  const r = await ours(args, { api: '3', ...opts });
  return { ...r, ms: Date.now() - start };
}
