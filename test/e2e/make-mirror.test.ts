// make-mirror between two single-member etcds (the destination serves TLS with client
// certificates, so the --dest-* flags are exercised). Ours and etcdctl 3.4.23 mirror the same
// source, into different destination prefixes when they run at the same time, or one after the
// other into the same keys; the destination states are compared key by key, including which keys
// each mirror wrote together in one revision (one source txn → one destination txn).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { waitFor } from '../helpers/wait.js';
import { makeCerts, type TlsFiles } from '../helpers/tls.js';
import { ours, real, type RunResult } from '../helpers/run.js';

interface DestKV {
  key: string;
  value: string;
  version: number;
  modRevision: number;
}

function assertSame(o: RunResult, r: RunResult, what: string): void {
  assert.equal(o.code, r.code, `${what}: exit code`);
  assert.equal(o.stdout, r.stdout, `${what}: stdout`);
  assert.equal(o.stderr, r.stderr, `${what}: stderr`);
}

/** The keys a mirror wrote, grouped by the destination revision that wrote them. */
function groups(kvs: DestKV[]): string[][] {
  const byRev = new Map<number, string[]>();
  for (const kv of kvs) byRev.set(kv.modRevision, [...(byRev.get(kv.modRevision) ?? []), kv.key]);
  return [...byRev.entries()].sort((a, b) => a[0] - b[0]).map(([, keys]) => keys.sort());
}

function content(kvs: DestKV[]): Array<[string, string, number]> {
  return kvs.map((kv) => [kv.key, kv.value, kv.version]);
}

describe('make-mirror', () => {
  let src: EtcdCluster;
  let dest: EtcdCluster;
  let certs: TlsFiles;
  let srcEp: string[];
  let destURL: string;

  const srcCtl = (args: string[], input?: string) => real([...srcEp, ...args], { api: '3', ...(input ? { input } : {}) });
  const destCtl = (args: string[]) =>
    real([`--endpoints=${dest.first.endpoint}`, '--cacert', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey, ...args], { api: '3' });

  /** The destination's keys under `prefix`, with `strip` (the prefix by default) cut off. */
  async function destState(prefix: string, strip = prefix): Promise<DestKV[]> {
    const r = await destCtl(['get', prefix, '--prefix', '-w', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const resp = JSON.parse(r.stdout) as { kvs?: Array<{ key: string; value?: string; version: number; mod_revision: number }> };
    return (resp.kvs ?? []).map((kv) => ({
      key: Buffer.from(kv.key, 'base64').toString('latin1').slice(strip.length),
      value: Buffer.from(kv.value ?? '', 'base64').toString('latin1'),
      version: kv.version,
      modRevision: kv.mod_revision,
    }));
  }

  /** Ranges the source member has served (etcd_debugging_mvcc_range_total in its /metrics). */
  async function srcRanges(): Promise<number> {
    const m = /^etcd_debugging_mvcc_range_total (\d+)$/m.exec((await src.first.answers('/metrics')) ?? '');
    if (!m) throw new Error('no etcd_debugging_mvcc_range_total in the source member\'s /metrics');
    return Number(m[1]);
  }

  const mirrorArgs = (flags: string[]) => [
    ...srcEp,
    'make-mirror',
    ...flags,
    '--dest-cacert', certs.ca,
    '--dest-cert', certs.clientCert,
    '--dest-key', certs.clientKey,
    destURL,
  ];

  before(async () => {
    certs = makeCerts();
    [src, dest] = await Promise.all([startEtcd(), startEtcd({ tls: certs, clientCertAuth: true })]);
    srcEp = [`--endpoints=${src.first.endpoint}`];
    destURL = dest.first.clientURL;
  });
  after(async () => {
    await Promise.all([src?.stop(), dest?.stop()]);
  });

  test('argument errors exit 128 before any connection', async () => {
    for (const args of [[], ['a', 'b']]) {
      const o = await ours([...srcEp, 'make-mirror', ...args], { api: '3' });
      const r = await real([...srcEp, 'make-mirror', ...args], { api: '3' });
      assertSame(o, r, `make-mirror ${args.join(' ')}`);
      assert.equal(o.stderr, 'Error: make-mirror takes one destination argument\n');
      assert.equal(o.code, 128);
    }
  });

  test('bad --dest-* TLS files exit 128 with the client configuration error', async () => {
    const cases = [
      ['--dest-cert', '/nonexistent/c.pem'],
      ['--dest-key', '/nonexistent/k.pem'],
      ['--dest-cert', '/nonexistent/c.pem', '--dest-key', '/nonexistent/k.pem'],
      ['--dest-cacert', '/nonexistent/ca.pem'],
    ];
    for (const flags of cases) {
      const args = [...srcEp, 'make-mirror', ...flags, destURL];
      const o = await ours(args, { api: '3' });
      const r = await real(args, { api: '3' });
      assertSame(o, r, flags.join(' '));
      assert.equal(o.code, 128);
    }
  });

  test('--dest-prefix with --no-dest-prefix is refused (exit 128)', async () => {
    const args = mirrorArgs(['--prefix', '/x/', '--dest-prefix', '/y/', '--no-dest-prefix']);
    const o = await ours(args, { api: '3', timeoutMs: 10000 });
    const r = await real(args, { api: '3', timeoutMs: 10000 });
    assertSame(o, r, 'conflict');
    assert.equal(o.stderr, 'Error: `--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one\n');
  });

  /**
   * Runs `make-mirror <flags>` with the real etcdctl, then with ours, each for a few seconds during
   * which the same changes happen on the source; the destination keys under destPrefix are read and
   * removed after each run, and the source is put back in between.
   */
  async function oneAfterTheOther(flags: string[], destPrefix: string, srcPrefix: string, strip = destPrefix) {
    const results: Array<{ run: RunResult; state: DestKV[] }> = [];
    for (const fn of [real, ours]) {
      assert.equal((await srcCtl(['put', `${srcPrefix}k1`, 'one'])).code, 0);
      assert.equal((await srcCtl(['put', `${srcPrefix}k2`, 'two'])).code, 0);
      const running = fn(mirrorArgs(flags), { api: '3', timeoutMs: 4000 });
      await waitFor('the base copy', async () => (await destState(destPrefix, strip)).length === 2);
      await srcCtl(['put', `${srcPrefix}k3`, 'three']);
      await srcCtl(['del', `${srcPrefix}k1`]);
      await srcCtl(['txn'], `\nput ${srcPrefix}k4 four\nput ${srcPrefix}k2 TWO\n\n\n`);
      await waitFor('the updates', async () => {
        const s = await destState(destPrefix, strip);
        return s.length === 3 && s.some((kv) => kv.value === 'TWO');
      });
      const run = await running;
      results.push({ run, state: await destState(destPrefix, strip) });
      // clean up for the next run: the destination keys and the source keys
      assert.equal((await destCtl(['del', destPrefix, '--prefix'])).code, 0);
      assert.equal((await srcCtl(['del', srcPrefix, '--prefix'])).code, 0);
    }
    const [r, o] = results as [(typeof results)[0], (typeof results)[0]];
    assert.equal(o.run.stdout, r.run.stdout);
    assert.equal(o.run.stdout, '', 'nothing printed within 30 s');
    assert.deepEqual(content(o.state), content(r.state));
    assert.deepEqual(groups(o.state), groups(r.state));
    return o.state;
  }

  test('--no-dest-prefix mirrors the prefix to the root of the destination', async () => {
    const state = await oneAfterTheOther(['--prefix', 'np/', '--no-dest-prefix'], 'k', 'np/', '');
    assert.deepEqual(content(state), [['k2', 'TWO', 2], ['k3', 'three', 1], ['k4', 'four', 1]]);
    assert.deepEqual(groups(state).slice(-2), [['k3'], ['k2', 'k4']], 'the txn is one destination txn');
  });

  test('without --dest-prefix the keys keep their names', async () => {
    const state = await oneAfterTheOther(['--prefix', '/same/'], '/same/', '/same/');
    assert.deepEqual(content(state), [['k2', 'TWO', 2], ['k3', 'three', 1], ['k4', 'four', 1]]);
  });

  test('a watch that starts at a compacted revision ends with the compaction error (exit 1)', async () => {
    const results: RunResult[] = [];
    for (const fn of [real, ours]) {
      await srcCtl(['put', '/cmp/a', '1']);
      const proc = dest.first.proc!;
      // the destination is paused, so the base copy stalls after the source revision was read
      proc.kill('SIGSTOP');
      let running: Promise<RunResult>;
      try {
        const ranges = await srcRanges();
        running = fn(mirrorArgs(['--prefix', '/cmp/', '--dest-prefix', `/cmp-${results.length}/`]), { api: '3', timeoutMs: 15000 });
        await waitFor('the base copy to read the source', async () => (await srcRanges()) > ranges);
        await srcCtl(['put', '/cmp/a', '2']);
        const put = await srcCtl(['put', '/cmp/a', '3', '-w', 'json']);
        const rev = (JSON.parse(put.stdout) as { header: { revision: number } }).header.revision;
        assert.equal((await srcCtl(['compaction', String(rev)])).code, 0);
      } finally {
        proc.kill('SIGCONT');
      }
      results.push(await running);
    }
    const [r, o] = results as [RunResult, RunResult];
    assertSame(o, r, 'compacted');
    assert.equal(o.stderr, 'Error: etcdserver: mvcc: required revision has been compacted\n');
    assert.equal(o.code, 1);
  });

  test('without --prefix every key is mirrored, under --dest-prefix', async () => {
    await srcCtl(['put', 'plain', 'p']);
    await srcCtl(['put', '/slash/key', 's']);
    const [r, o] = [real(mirrorArgs(['--dest-prefix', 'ALL-R']), { api: '3', timeoutMs: 5000 }),
      ours(mirrorArgs(['--dest-prefix', 'ALL-O']), { api: '3', timeoutMs: 5000 })];
    const want = (JSON.parse((await srcCtl(['get', '', '--from-key', '--keys-only', '-w', 'json'])).stdout) as { count: number }).count;
    await waitFor('both copies', async () => (await destState('ALL-R')).length === want && (await destState('ALL-O')).length === want);
    await srcCtl(['put', 'later', 'l']);
    await waitFor('the update', async () =>
      (await destState('ALL-R')).some((kv) => kv.key === 'later') && (await destState('ALL-O')).some((kv) => kv.key === 'later'));
    const [rr, oo] = await Promise.all([r, o]);
    assert.equal(oo.stdout, rr.stdout);
    const [rs, os] = [await destState('ALL-R'), await destState('ALL-O')];
    assert.deepEqual(content(os), content(rs));
    assert.ok(os.some((kv) => kv.key === 'plain' && kv.value === 'p'));
    assert.ok(os.some((kv) => kv.key === '/slash/key'));
  });

  test('the watch resumes from the next revision after the source restarts', async () => {
    await srcCtl(['put', '/rs/a', '1']);
    const rRun = real(mirrorArgs(['--prefix', '/rs/', '--dest-prefix', '/rsR/']), { api: '3', timeoutMs: 10000 });
    const oRun = ours(mirrorArgs(['--prefix', '/rs/', '--dest-prefix', '/rsO/']), { api: '3', timeoutMs: 10000 });
    await waitFor('the base copies', async () => (await destState('/rsR/')).length === 1 && (await destState('/rsO/')).length === 1);
    await src.first.stop();
    await src.first.start();
    await src.first.waitHealthy();
    await srcCtl(['put', '/rs/b', '2']);
    await srcCtl(['put', '/rs/a', '3']);
    await waitFor('the updates after the restart', async () =>
      [await destState('/rsR/'), await destState('/rsO/')].every((st) => st.length === 2 && st.some((kv) => kv.value === '3')));
    const [rs, os] = [await destState('/rsR/'), await destState('/rsO/')];
    assert.deepEqual(content(os), content(rs));
    assert.deepEqual(content(os), [['a', '3', 2], ['b', '2', 1]]);
    const [r, o] = await Promise.all([rRun, oRun]);
    assert.equal(o.stdout, r.stdout);
    assert.equal(o.stderr.replace(/^\{"level".*\n/gm, ''), r.stderr.replace(/^\{"level".*\n/gm, ''));
    assert.equal(o.signal, 'SIGKILL', 'still mirroring');
  });

  test('base copy in pages, txns per revision, and the 30 s count, side by side', async () => {
    // 1100 keys: more than one 1000-key page
    for (let t = 0; t < 11; t++) {
      const ops = Array.from({ length: 100 }, (_, i) => `put /mm/k${String(t * 100 + i).padStart(4, '0')} v${t * 100 + i}`);
      const r = await srcCtl(['txn'], `\n${ops.join('\n')}\n\n\n`);
      assert.equal(r.code, 0, r.stderr);
    }
    await srcCtl(['put', '/other', 'not mirrored']);
    const started = Date.now();
    // both run past their first 30 s report, then are stopped
    const rRun = real(mirrorArgs(['--prefix', '/mm/', '--dest-prefix', '/R/']), { api: '3', timeoutMs: 33500 });
    const oRun = ours(mirrorArgs(['--prefix', '/mm/', '--dest-prefix', '/O/']), { api: '3', timeoutMs: 33500 });
    await waitFor('the base copies', async () =>
      (await destState('/R/')).length === 1100 && (await destState('/O/')).length === 1100, 25000);
    await srcCtl(['put', '/mm/new', 'n']);
    await srcCtl(['del', '/mm/k0001']);
    await srcCtl(['txn'], '\nput /mm/t1 1\nput /mm/t2 2\ndel /mm/k0003\n\n\n');
    await srcCtl(['put', '/mm/k0002', 'updated']);
    await srcCtl(['put', '/other', 'still not mirrored']);
    await waitFor('the updates', async () => {
      const [rs, os] = [await destState('/R/'), await destState('/O/')];
      return [rs, os].every((s) => s.some((kv) => kv.key === 'k0002' && kv.value === 'updated'));
    });
    assert.ok(Date.now() - started < 29000, 'the changes happened before the first report');
    const [rs, os] = [await destState('/R/'), await destState('/O/')];
    assert.equal(os.length, 1100 + 1 - 1 + 2 - 1);
    assert.deepEqual(content(os), content(rs));
    assert.deepEqual(groups(os), groups(rs));
    assert.deepEqual(groups(os).slice(-3), [['new'], ['t1', 't2'], ['k0002']], 'one destination txn per source revision');
    const [r, o] = await Promise.all([rRun, oRun]);
    assert.deepEqual([r.code, r.signal, r.stdout, r.stderr, o.code, o.signal, o.stdout, o.stderr], [null, 'SIGKILL', '1106\n', '', null, 'SIGKILL', '1106\n', '']);
    // 1100 copied + put + del + (put, put, del) + put
    assert.equal(r.stdout, '1106\n');
    assert.equal(o.stdout, r.stdout);
    assert.equal(o.stderr, r.stderr);
  });
});
