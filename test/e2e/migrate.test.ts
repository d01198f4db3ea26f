// migrate: a stopped member's v2 keys into its v3 store, ours and etcdctl 3.4.23 each on a copy
// of the same data dir. Outputs are compared byte for byte; the resulting dbs by `snapshot
// status` (CRC over every bucket, key and value) and, for ours, by etcd serving the keys again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real, type RunResult } from '../helpers/run.js';

function assertSame(o: RunResult, r: RunResult, what: string): void {
  assert.equal(o.code, r.code, `${what}: exit code`);
  assert.equal(o.stdout, r.stdout, `${what}: stdout`);
  assert.equal(o.stderr, r.stderr, `${what}: stderr`);
}

describe('migrate', () => {
  let etcd: EtcdCluster;
  let work: string;
  let dataDir: string;

  const v2 = (args: string[]) => real([`--endpoints=${etcd.first.clientURL}`, ...args], { api: '2' });
  const v3 = (args: string[]) => real([`--endpoints=${etcd.first.endpoint}`, ...args], { api: '3' });
  const status = async (dir: string) => {
    const r = await real(['snapshot', 'status', join(dir, 'member', 'snap', 'db'), '-w', 'json'], { api: '3' });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { hash: number; revision: number; totalKey: number };
    return { hash: s.hash, revision: s.revision, totalKey: s.totalKey };
  };
  /** Copies of the stopped member's data dir, one per run. */
  const copy = (name: string) => {
    const d = join(work, name);
    cpSync(dataDir, d, { recursive: true });
    return d;
  };

  before(async () => {
    // small snapshots: the later runs rebuild the store from a .snap file plus the WAL after it
    etcd = await startEtcd({ extraArgs: ['--snapshot-count', '10'] });
    dataDir = etcd.first.dataDir;
    work = mkdtempSync(join(tmpdir(), 'etcdctl-ts-migrate-'));
  });
  after(async () => {
    await etcd?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a data dir without member/snap: the open error after the transformer line (exit 1)', async () => {
    for (const args of [['--data-dir', join(work, 'nothing')], []]) {
      const [o, r] = await Promise.all([ours(['migrate', ...args], { api: '3', cwd: work }), real(['migrate', ...args], { api: '3', cwd: work })]);
      assertSame(o, r, args.join(' '));
      assert.equal(o.code, 1);
      assert.equal(o.stdout, 'using default transformer\n');
      assert.match(o.stderr, /^Error: open .*member\/snap: no such file or directory\n$/);
    }
  });

  test('a member with no v2 keys: nothing to migrate', async () => {
    await etcd.first.stop();
    try {
      const [o, r] = await Promise.all([ours(['migrate', '--data-dir', copy('empty-o')], { api: '3' }), real(['migrate', '--data-dir', copy('empty-r')], { api: '3' })]);
      assertSame(o, r, 'no keys');
      assert.equal(o.code, 0);
      assert.match(o.stdout, /^using default transformer\n\{"level":"info","msg":"added member",.*\nno v2 keys to migrate\n$/s);
    } finally {
      await etcd.first.start();
      await etcd.first.waitHealthy();
    }
  });

  test('v2 writes of every kind become the same v3 keys as with etcdctl; etcd serves them', async () => {
    // sets, creates, in-order keys, directories, updates, swaps, deletes, TTLs (one expiring)
    const ops: string[][] = [
      ['set', '/a', '1'], ['mk', '/a', '2'], ['mk', '/b', '2'], ['mk', '--in-order', '/q', 'one'],
      ['mk', '--in-order', '/q', 'two'], ['mkdir', '/d'], ['set', '/d/x', '1'], ['set', '/d/y', '2'],
      ['rmdir', '/d'], ['rm', '--recursive', '/d'], ['setdir', '/e'], ['set', '/e/f', 'ff'],
      ['update', '/b', '3'], ['update', '/nope', '3'], ['set', '--swap-with-value', '3', '/b', '4'],
      ['set', '--swap-with-value', '9', '/b', '5'], ['set', '--swap-with-index', '1', '/a', '5'],
      ['rm', '--with-value', 'nope', '/a'], ['rm', '--with-value', '1', '/a'], ['set', '/t', 'v', '--ttl', '1000'],
      ['mkdir', '/td', '--ttl', '1000'], ['set', '/td/k', 'v'], ['set', '/short', 'x', '--ttl', '1'],
    ];
    for (const op of ops) await v2(op);
    // the member expires /short (a SYNC entry in the WAL)
    await new Promise((r) => setTimeout(r, 2500));
    for (const op of [['set', '/sp ace/ü', 'x y'], ['set', '/a/b', 'c'], ['update', '/t', 'w', '--ttl', '500']]) await v2(op);
    assert.equal((await v2(['get', '/short'])).code, 4, '/short expired');
    await etcd.first.stop();
    assert.ok(readdirSync(join(dataDir, 'member', 'snap')).some((n) => n.endsWith('.snap')), 'a v2 snapshot to start from');

    for (const flags of [[], ['--no-ttl']]) {
      const [ro, rr] = [copy(`all-o${flags.length}`), copy(`all-r${flags.length}`)];
      const [o, r] = await Promise.all([ours(['migrate', '--data-dir', ro, ...flags], { api: '3' }), real(['migrate', '--data-dir', rr, ...flags], { api: '3' })]);
      assertSame(o, r, `migrate ${flags.join(' ')}`);
      assert.equal(o.code, 0);
      assert.ok(o.stdout.endsWith('finished transforming keys\n'));
      assert.match(o.stdout, /"msg":"recovered\/added member from store"/);
      assert.deepEqual(await status(ro), await status(rr), `db content ${flags.join(' ')}`);
    }

    // ours on the member's own dir; then etcd serves the migrated keys
    const o = await ours(['migrate', '--data-dir', dataDir], { api: '3' });
    assert.equal(o.code, 0, o.stderr);
    await etcd.first.start();
    await etcd.first.waitHealthy();
    const got = await v3(['get', '/', '--prefix', '-w', 'json']);
    const kvs = (JSON.parse(got.stdout) as { kvs: Array<{ key: string; value: string; create_revision: number; mod_revision: number; version: number }> }).kvs;
    const text = (b: string) => Buffer.from(b, 'base64').toString();
    // in-order keys are named after the store index, which counts the member's own /0 writes too
    assert.deepEqual(
      kvs.map((kv) => [text(kv.key).replace(/^\/q\/\d{20}$/, '/q/<index>'), text(kv.value), kv.version]),
      [['/a/b', 'c', 1], ['/b', '4', 1], ['/e/f', 'ff', 1], ['/q/<index>', 'one', 1], ['/q/<index>', 'two', 1], ['/sp ace/ü', 'x y', 1], ['/t', 'w', 1], ['/td/k', 'v', 1]],
    );
    for (const kv of kvs) assert.ok(kv.create_revision <= kv.mod_revision);
  });

  test('an external transformer gets the nodes as Go\'s encoding/json writes them', async () => {
    await etcd.first.stop();
    try {
      const script = join(work, 'dump-transformer.sh');
      writeFileSync(script, '#!/bin/sh\ncat > "$MIGRATE_DUMP"\n');
      chmodSync(script, 0o755);
      const results: string[] = [];
      for (const [fn, name] of [[ours, 'tr-o'], [real, 'tr-r']] as const) {
        const dump = join(work, `${name}.json`);
        const r = await fn(['migrate', '--data-dir', copy(name), '--transformer', script], { api: '3', env: { MIGRATE_DUMP: dump } });
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stdout, /using default transformer/);
        assert.ok(r.stdout.endsWith('finished transforming keys\n'));
        // a TTL is relative to now: a second may pass between the runs
        results.push(readFileSync(dump, 'utf8').replace(/"ttl":\d+/g, '"ttl":N'));
      }
      assert.equal(results[0], results[1]);
      assert.match(results[0]!, /^\{"key":"\/","dir":true(,"modifiedIndex":\d+,"createdIndex":\d+)?\}\{"key":"\/a","dir":true,/);
      assert.match(results[0]!, /\{"key":"\/t","value":"w","expiration":"[-0-9T:.]+Z","ttl":N,"modifiedIndex":\d+,"createdIndex":\d+\}/);

      const failing = join(work, 'failing-transformer.sh');
      writeFileSync(failing, '#!/bin/sh\ncat > /dev/null\necho bad input >&2\nexit 3\n');
      chmodSync(failing, 0o755);
      const [o, r] = await Promise.all([
        ours(['migrate', '--data-dir', copy('fail-o'), '--transformer', failing], { api: '3' }),
        real(['migrate', '--data-dir', copy('fail-r'), '--transformer', failing], { api: '3' }),
      ]);
      assertSame(o, r, 'failing transformer');
      assert.equal(o.stderr, 'bad input\nError: exit status 3\n');
      assert.match(o.stdout, /failed to transform keys\n$/);
    } finally {
      await etcd.first.start();
      await etcd.first.waitHealthy();
    }
  });
});
