// lease grant / revoke / timetolive / list / keep-alive: one scenario runs with our etcdctl and
// with Debian's etcdctl 3.4.23 on twin servers (same ports, same history). Lease ids come from
// etcd's clock, so each is named <L1>, <L2>... in order of grant; everything else must match
// byte for byte, exit codes included. keep-alive runs in the background until the lease is
// revoked from another process, and its renewal cadence (clientv3: TTL/3 on a 500 ms tick) is
// compared too.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { IdNames, dropZapLogs, listedLeases, twinRun, type Runner } from '../helpers/twin-proc.js';

const FORMATS = ['simple', 'json', 'fields', 'protobuf', 'table'];

interface Entry {
  label: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Transcript {
  entries: Entry[];
  /** seconds between keep-alive renewals */
  cadence3: number[];
  cadence6: number[];
}

async function scenario(r: Runner): Promise<Transcript> {
  const E = `--endpoints=${r.ep}`;
  const ids = new IdNames();
  const entries: Entry[] = [];
  const record = (label: string, res: { code: number | null; stdoutBytes: Buffer; stderr: string }) => {
    let stdout = ids.normalize(res.stdoutBytes.toString('latin1'));
    // the remaining TTL of timetolive depends on how fast the steps ran
    if (label.includes('timetolive')) {
      stdout = stdout.replace(/remaining\(\d+s\)/g, 'remaining(Ns)').replace(/"ttl":\d+/g, '"ttl":N').replace(/^"TTL" : \d+$/m, '"TTL" : N');
    }
    entries.push({ label: ids.normalize(label), code: res.code, stdout, stderr: ids.normalize(dropZapLogs(res.stderr)) });
  };
  const discover = async () => {
    for (const id of listedLeases((await r.ctl([E, 'lease', 'list'])).stdout)) ids.add(id);
  };
  const run = async (...args: string[]) => {
    const res = await r.run([E, ...args]);
    await discover();
    record(args.join(' '), res);
    return res;
  };

  // grant in every format (table grants, then fails with exit 4), and its errors
  for (const w of FORMATS) await run('lease', 'grant', '100', '-w', w);
  await run('lease', 'grant');
  await run('lease', 'grant', 'abc');
  await run('lease', 'grant', '1', '2');
  await run('lease', 'grant', '0x10');
  await run('lease', 'grant', '-5');
  await run('lease', 'grant', '99999999999');
  await run('lease', 'grant', '10', '-w', 'yaml');
  const L = ids.id(0).toString(16);

  // keys on a lease; timetolive (one key: the server lists several in no fixed order)
  await r.ctl([E, 'put', 'lk', 'v', `--lease=${L}`]);
  for (const w of FORMATS) {
    await run('lease', 'timetolive', L, '-w', w);
    await run('lease', 'timetolive', L, '--keys', '-w', w);
  }
  await run('lease', 'timetolive', '1234');
  await run('lease', 'timetolive', '1234', '--keys', '-w', 'json');
  await run('lease', 'timetolive', 'zz');
  await run('lease', 'timetolive', 'zz', '-w', 'yaml');
  await run('lease', 'timetolive');
  await run('lease', 'timetolive', L, L);

  // list
  for (const w of FORMATS) await run('lease', 'list', '-w', w);
  await run('lease', 'list', 'extra', 'args');

  // keep-alive --once
  for (const w of FORMATS) await run('lease', 'keep-alive', '--once', L, '-w', w);
  await run('lease', 'keep-alive', '--once', '1234');
  await run('lease', 'keep-alive', '--once', '1234', '-w', 'json');
  await run('lease', 'keep-alive');
  await run('lease', 'keep-alive', 'zz');
  await run('lease', 'keep-alive', 'a', 'b');

  // revoke in every format, each on a lease of its own; errors
  for (const w of FORMATS) {
    const g = await r.ctl([E, 'lease', 'grant', '100']);
    await discover();
    const id = g.stdout.split(' ')[1]!;
    await run('lease', 'revoke', id, '-w', w);
  }
  await run('lease', 'revoke', '1234');
  await run('lease', 'revoke', 'zz');
  await run('lease', 'revoke');
  await run('lease', 'revoke', '1', '2');
  await run('lease', 'timetolive', ids.id(ids.size - 1).toString(16));

  // keep-alive until revoked from elsewhere: renewals, then "expired or revoked." (simple only)
  for (const w of ['simple', 'json']) {
    const g = await r.ctl([E, 'lease', 'grant', '3']);
    await discover();
    const id = g.stdout.split(' ')[1]!;
    const p = r.start([E, 'lease', 'keep-alive', id, '-w', w]);
    await p.waitLines(2);
    await r.ctl([E, 'lease', 'revoke', id]);
    const res = await p.exit(10000);
    record(`keep-alive ${w} until revoked`, res);
  }
  // a lease that does not exist: the first answer ends it
  record('keep-alive missing', await (r.start([E, 'lease', 'keep-alive', '1234']).exit(10000)));

  // cadence: TTL 3 renews every 1 s (the first after 1.5 s), TTL 6 every 2 s (first 2.5 s)
  const cadence = async (ttl: string, lines: number): Promise<number[]> => {
    const g = await r.ctl([E, 'lease', 'grant', ttl]);
    const id = g.stdout.split(' ')[1]!;
    const p = r.start([E, 'lease', 'keep-alive', id]);
    await p.waitLines(lines, 20000);
    await p.kill();
    const t = p.lineTimes;
    return t.slice(1, lines).map((x, i) => (x - t[i]!) / 1000);
  };
  const [cadence3, cadence6] = await Promise.all([cadence('3', 4), cadence('6', 3)]);
  return { entries, cadence3, cadence6 };
}

let ours: Transcript;
let real: Transcript;
before(async () => {
  ({ ours, real } = await twinRun(scenario));
});

test('the same commands ran', () => {
  assert.deepEqual(
    ours.entries.map((e) => e.label),
    real.entries.map((e) => e.label),
  );
});

/**
 * Gaps between renewals, within 0.3 s (both processes run on a busy machine): TTL/3 each. In
 * etcdctl one may come a tick (0.5 s) later when TTL/3 falls on a tick, depending on whether the
 * answer beat Go's timer; ours renews on the tick.
 */
function assertCadence(actual: number[], ttl: number, mayLag: boolean, what: string): void {
  const third = ttl / 3;
  const msg = `${what}: gaps ${actual.join(', ')} s`;
  actual.forEach((gap) => {
    const ok = Math.abs(gap - third) <= 0.3 || (mayLag && Math.abs(gap - third - 0.5) <= 0.3);
    assert.ok(ok, msg);
  });
}

test('renewal cadence (seconds between keep-alives, TTL 3 and TTL 6)', () => {
  assert.equal(real.cadence3.length, 3);
  assert.equal(ours.cadence3.length, 3);
  assertCadence(real.cadence3, 3, true, 'etcdctl TTL 3');
  assertCadence(real.cadence6, 6, true, 'etcdctl TTL 6');
  assertCadence(ours.cadence3, 3, false, 'ours TTL 3');
  assertCadence(ours.cadence6, 6, false, 'ours TTL 6');
});

// one subtest per step, named after it (both transcripts list the same steps, in order)
test('every step matches', async (t) => {
  assert.equal(ours.entries.length, real.entries.length);
  for (const [i, o] of ours.entries.entries()) {
    const r = real.entries[i]!;
    await t.test(`#${i} ${o.label}`, () => {
      assert.equal(o.label, r.label);
      assert.equal(o.code, r.code, `exit code; ours stderr: ${o.stderr}`);
      assert.equal(o.stdout, r.stdout, 'stdout');
      assert.equal(o.stderr, r.stderr, 'stderr');
    });
  }
});
