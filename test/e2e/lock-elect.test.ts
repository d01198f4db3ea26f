// lock and elect against twin servers: ours and Debian's etcdctl 3.4.23 run the same scenario on
// servers with the same history. Holders run in the background; waiters are started once the
// holder printed its key, and are known to wait when their key shows up in etcd; everything is
// driven by signals (SIGINT/SIGTERM) and lease revocations from another process, with timeouts.
// Session lease ids come from etcd's clock: they are named <L1>, <L2>... in order of appearance,
// in keys (`name/<lease %x>`), decimal lease fields and base64 json keys.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { IdNames, dropZapLogs, twinRun, type ProcResult, type Runner } from '../helpers/twin-proc.js';

interface Entry {
  label: string;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

async function scenario(r: Runner): Promise<Entry[]> {
  const E = `--endpoints=${r.ep}`;
  const ids = new IdNames();
  const entries: Entry[] = [];
  const norm = (s: string) =>
    ids.normalize(s.replace(/"key":"([^"]*)"/g, (_m, b64: string) => `"key":"${ids.normalize(Buffer.from(b64, 'base64').toString())}"`));
  const record = (label: string, res: { code: number | null; signal?: NodeJS.Signals | null; stdout: string; stderr: string }) => {
    entries.push({ label, code: res.code, signal: res.signal ?? null, stdout: norm(res.stdout), stderr: norm(dropZapLogs(res.stderr)) });
  };
  /** the lease ids in the keys under `prefix/`, oldest first (names them in that order) */
  const keysUnder = async (prefix: string): Promise<string[]> => {
    const out = (await r.ctl([E, 'get', `${prefix}/`, '--prefix', '--keys-only', '--sort-by=create'])).stdout;
    const keys = out.split('\n').filter((l) => l !== '');
    for (const k of keys) ids.add(BigInt(`0x${k.slice(prefix.length + 1)}`));
    return keys;
  };
  const waitKeys = async (prefix: string, n: number) => {
    const deadline = Date.now() + 20000;
    while ((await keysUnder(prefix)).length < n) {
      if (Date.now() > deadline) throw new Error(`${n} keys under ${prefix}/ never showed up`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const run = async (label: string, args: string[], opts: { env?: Record<string, string> } = {}) => {
    const res = await r.run([E, ...args], opts);
    for (const m of res.stdout.matchAll(/\/([0-9a-f]{1,16})\b/g)) ids.add(BigInt(`0x${m[1]}`));
    record(label, res);
  };
  const exit = (p: { exit(ms?: number): Promise<ProcResult> }) => p.exit(15000);

  // argument errors (128), output format (4, before any lock is taken), cobra flag errors
  await run('lock', ['lock']);
  await run('lock -w yaml', ['lock', 'L', '-w', 'yaml']);
  await run('lock cmd without --', ['lock', 'L', 'sh', '-c', 'true']);
  await run('elect', ['elect']);
  await run('elect 3 args', ['elect', 'a', 'b', 'c']);
  await run('elect no proposal', ['elect', 'a']);
  await run('elect -l with proposal', ['elect', '-l', 'a', 'b']);
  await run('elect -w yaml', ['elect', 'a', 'b', '-w', 'yaml']);
  await run('elect -l -w yaml', ['elect', '-l', 'a', '-w', 'yaml']);

  // lock with a command: its environment, its failure, a missing program, the env's own value
  const show = 'echo "key=$ETCD_LOCK_KEY rev=$ETCD_LOCK_REV args=$0 $1"';
  await run('lock exec', ['lock', 'X', '--', 'sh', '-c', show, 'a1', 'a2']);
  await run('lock exec --ttl', ['lock', '--ttl=5', 'X', 'sh', '--', '-c', show]);
  await run('lock exec -w json', ['lock', 'X', '-w', 'json', '--', 'sh', '-c', show]);
  await run('lock exec exit 3', ['lock', 'X', '--', 'sh', '-c', 'exit 3']);
  await run('lock exec missing', ['lock', 'X', 'no-such-program-xyz']);
  await run('lock exec ./missing', ['lock', 'X', './no-such-program']);
  await run('lock exec env wins', ['lock', 'X', '--', 'sh', '-c', 'echo $ETCD_LOCK_KEY'], { env: { ETCD_LOCK_KEY: 'mine' } });
  await run('lock released', ['get', 'X', '--prefix', '--keys-only']);

  // a held lock, a waiter that gets it when the holder is interrupted, one that gives up
  {
    const a = r.start([E, 'lock', 'L']);
    await a.waitLines(2);
    await keysUnder('L');
    const b = r.start([E, 'lock', 'L', '-w', 'json']);
    await waitKeys('L', 2);
    const c = r.start([E, 'lock', 'L']);
    await waitKeys('L', 3);
    c.signal('SIGINT');
    record('lock waiter interrupted', await exit(c));
    a.signal('SIGINT');
    record('lock holder interrupted', await exit(a));
    await b.waitLines(1);
    b.signal('SIGTERM');
    record('lock waiter got it, then SIGTERM', await exit(b));
    await run('lock keys left', ['get', 'L', '--prefix', '--keys-only']);
  }
  // the session is lost (its lease revoked elsewhere)
  for (const w of ['simple', 'fields']) {
    const a = r.start([E, 'lock', `S${w}`, '-w', w]);
    await a.waitLines(2);
    const [key] = await keysUnder(`S${w}`);
    await r.ctl([E, 'lease', 'revoke', key!.split('/')[1]!]);
    record(`lock session expired -w ${w}`, await exit(a));
  }

  // election: a leader, observers, a second candidate taking over, a third after a vacancy
  {
    const c1 = r.start([E, 'elect', 'EL', 'p1']);
    await c1.waitLines(2);
    await keysUnder('EL');
    const o = r.start([E, 'elect', '-l', 'EL']);
    const oj = r.start([E, 'elect', '-l', 'EL', '-w', 'json']);
    await o.waitLines(2);
    await oj.waitLines(1);
    const c2 = r.start([E, 'elect', 'EL', 'p2', '-w', 'fields']);
    await waitKeys('EL', 2);
    c1.signal('SIGINT');
    record('elect leader resigns (SIGINT)', await exit(c1));
    await c2.waitFor((out) => out.includes('"Count"'), 'second leader');
    await o.waitLines(4);
    await oj.waitLines(2);
    c2.signal('SIGTERM');
    record('elect second leader resigns (SIGTERM)', await exit(c2));
    const c3 = r.start([E, 'elect', 'EL', 'proposal three']);
    await c3.waitLines(2);
    await keysUnder('EL');
    await o.waitLines(6);
    await oj.waitLines(3);
    // a candidate that gives up while waiting
    const c4 = r.start([E, 'elect', 'EL', 'p4']);
    await waitKeys('EL', 2);
    c4.signal('SIGINT');
    record('elect candidate interrupted', await exit(c4));
    // the leader's session is lost: noticed at the next renewal (TTL 60: every 20 s)
    const [k3] = await keysUnder('EL');
    await r.ctl([E, 'lease', 'revoke', k3!.split('/')[1]!]);
    record('elect session expired', await c3.exit(30000));
    o.signal('SIGINT');
    oj.signal('SIGTERM');
    record('elect -l (SIGINT)', await exit(o));
    record('elect -l -w json (SIGTERM)', await exit(oj));
  }
  return entries;
}

let ours: Entry[];
let real: Entry[];
before(async () => {
  ({ ours, real } = await twinRun(scenario));
});

test('the same steps ran', () => {
  assert.deepEqual(
    ours.map((e) => e.label),
    real.map((e) => e.label),
  );
});

// one subtest per step, named after it (both transcripts list the same steps, in order)
test('every step matches', async (t) => {
  assert.equal(ours.length, real.length);
  for (const [i, o] of ours.entries()) {
    const r = real[i]!;
    await t.test(`#${i} ${o.label}`, () => {
      assert.equal(o.code, r.code, `exit code; ours stderr: ${o.stderr}`);
      assert.equal(o.signal, r.signal, 'signal');
      assert.equal(o.stdout, r.stdout, 'stdout');
      assert.equal(o.stderr, r.stderr, 'stderr');
    });
  }
});
