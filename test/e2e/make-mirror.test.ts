// make-mirror between two single-member etcds (the destination serves TLS with client
// certificates, so the --dest-* flags are exercised). Ours and etcdctl 3.4.23 mirror the same
// source, into different destination prefixes when they run at the same time, or one after the
// other into the same keys; the destination states are compared key by key, including which keys
// each mirror wrote together in one revision (one source txn → one destination txn). Our base copy
// sends its puts up to 64 at a time, so the order of the base keys' destination revisions is
// etcd's (etcdctl's follow key order): base groups are compared as a set, the updates' in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { waitFor } from '../helpers/wait.js';
import { makeCerts, type TlsFiles } from '../helpers/tls.js';
import { OUR_ETCDCTL, dropZapLogs, ours, real, type RunResult } from '../helpers/run.js';

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
    // ours in pages of 97 keys: puts in flight across page ends
    const oRun = ours(mirrorArgs(['--prefix', '/mm/', '--dest-prefix', '/O/']), { api: '3', timeoutMs: 33500, env: { ETCD_TS_TEST_PAGE_SIZE: '97' } });
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
    assert.deepEqual(groups(os).map((g) => g.join(' ')).sort(), groups(rs).map((g) => g.join(' ')).sort(), 'the same keys written together');
    assert.equal(groups(os).length, 1097 + 3, 'one revision per base key left, one per update');
    assert.deepEqual(groups(os).slice(-3), groups(rs).slice(-3));
    assert.deepEqual(groups(os).slice(-3), [['new'], ['t1', 't2'], ['k0002']], 'one destination txn per source revision');
    const [r, o] = await Promise.all([rRun, oRun]);
    assert.deepEqual([r.code, r.signal, r.stdout, r.stderr, o.code, o.signal, o.stdout, o.stderr], [null, 'SIGKILL', '1106\n', '', null, 'SIGKILL', '1106\n', '']);
    // 1100 copied + put + del + (put, put, del) + put
    assert.equal(r.stdout, '1106\n');
    assert.equal(o.stdout, r.stdout);
    assert.equal(o.stderr, r.stderr);
  });

  test('a compaction past the base revision during the base copy ends with etcdctl\'s compaction error; the pages before it are copied', async () => {
    for (let t = 0; t < 2; t++) {
      // etcd takes at most 128 operations per txn
      const ops = Array.from({ length: 125 }, (_, i) => `put /cb/k${String(t * 125 + i).padStart(4, '0')} v${t * 125 + i}`);
      assert.equal((await srcCtl(['txn'], `\n${ops.join('\n')}\n\n\n`)).code, 0);
    }
    const child = spawn(OUR_ETCDCTL, mirrorArgs(['--prefix', '/cb/', '--dest-prefix', '/CB/']), {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3', ETCD_TS_TEST_PAGE_SIZE: '100', ETCD_TS_TEST_PAGE_GATE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // the base revision is read and the first page in when the gate before page 2 is reached
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('page gate 2\n')) resolve();
      });
      child.on('close', () => reject(new Error(`ended before the second page: ${stderr}`)));
    });
    const base = (JSON.parse((await srcCtl(['get', '/cb/', '--prefix', '--limit', '1', '-w', 'json'])).stdout) as { header: { revision: number } }).header.revision;
    const put = await srcCtl(['put', '/cb/later', 'x', '-w', 'json']);
    const rev = (JSON.parse(put.stdout) as { header: { revision: number } }).header.revision;
    assert.equal((await srcCtl(['compaction', String(rev)])).code, 0);
    child.stdin.end('\n');
    const code = await exited;
    // etcdctl's SyncBase reads with a Get at the base revision: its error is a get's at a compacted revision
    const r = await srcCtl(['get', '/cb/', '--prefix', '--rev', String(base)]);
    assert.match(r.stderr, /required revision has been compacted/);
    assert.equal(code, r.code);
    assert.equal(code, 1);
    assert.equal(stderr.replace('page gate 2\n', ''), dropZapLogs(r.stderr));
    assert.equal(stdout, '');
    // every put of the first page completed before the command ended; nothing of a later page
    const copied = await destState('/CB/');
    assert.deepEqual(content(copied), Array.from({ length: 100 }, (_, i) => [`k${String(i).padStart(4, '0')}`, `v${i}`, 1]));
  });
});
