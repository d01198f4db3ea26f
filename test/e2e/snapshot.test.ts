// snapshot save|status|restore side by side with Debian's etcdctl 3.4.23 against one real etcd:
// save's output, files and exit codes (dead endpoint, several endpoints, unopenable targets, a
// kubeadm-style TLS etcd), status of either tool's snapshots in every format, restore of one
// member and of each member of a 3-member cluster that then serves every key at the right
// revision, bad input, and Ctrl-C/SIGTERM in the middle of a large save. The zap JSON log lines
// are compared by message and fields (timestamps and durations vary); all other bytes exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import { ETCDUTL35, EtcdMember, TEST_ETCD_SERVER, freePort, sleep, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { makeCerts } from '../helpers/tls.js';
import { ours, real, run, spawnOurs, type RunResult } from '../helpers/run.js';
import { dropZapLogs } from '../helpers/twin.js';
import { dirMaker, twinDirs } from '../helpers/disk-helpers.js';
import { EtcdClient } from '../../src/client/v3/client.js';

let etcd: EtcdCluster;
let ep: string;
const root = fs.mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-snapshot-'));
/** snapshots of the same server state, saved by each tool */
let savedByOurs: string;
let savedByReal: string;
/** `get "" --prefix -w json` of the source at snapshot time, and a revision in the past */
let sourceKvs: unknown;
let oldRev: number;
let compactedRev: number;

const v3 = { api: '3' } as const;

/**
 * Two saves of the same server state hold the same bytes from etcd 3.4; etcd 3.5 commits its
 * backend for each snapshot (the meta page's txid moves on), so there the two must have the same
 * etcdutl 3.5.16 status (hash, revision, keys, size) instead.
 */
async function assertSameSnapshot(a: string, b: string, what: string): Promise<void> {
  if (TEST_ETCD_SERVER === '3.4.23') {
    assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), `${what}: snapshot bytes`);
    return;
  }
  const status = async (f: string) => (await run(ETCDUTL35, ['snapshot', 'status', f, '-w', 'json'])).stdout;
  const sa = await status(a);
  assert.match(sa, /"hash":\d+/);
  assert.equal(sa, await status(b), `${what}: etcdutl snapshot status`);
}
/** a fresh empty directory */
const newDir = dirMaker(root);

async function realOk(args: string[], input?: string): Promise<RunResult> {
  const r = await real(['--endpoints', ep, ...args], { ...v3, ...(input !== undefined ? { input } : {}) });
  assert.equal(r.code, 0, `etcdctl ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/**
 * The zap lines (but clientv3's retry-interceptor warnings, which we do not print), without
 * ts/took; ts is checked for its encoding: ISO 8601 text from clientv3's logger, epoch seconds
 * from the snapshot package's.
 */
function zapLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{"level":'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((o) => !String(o.caller).startsWith('clientv3/retry_interceptor.go'))
    .map(({ ts, took, ...rest }) => {
      if (took !== undefined) assert.equal(typeof took, 'number');
      if (String(rest.caller).startsWith('clientv3/')) assert.match(String(ts), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d{4})$/);
      else assert.equal(typeof ts, 'number');
      return rest;
    });
}

/** Compares everything but the zap lines exactly, and the zap lines by content. */
function assertSame(a: RunResult, b: RunResult, what: string): void {
  assert.equal(a.code, b.code, `${what}: exit code (ours stderr: ${a.stderr})`);
  assert.equal(a.stdout, b.stdout, `${what}: stdout`);
  assert.equal(dropZapLogs(a.stderr), dropZapLogs(b.stderr), `${what}: stderr`);
  assert.deepEqual(zapLines(a.stderr), zapLines(b.stderr), `${what}: log lines`);
}

/** Every file under dir: relative path -> [mode, bytes]. */
function tree(dir: string): Map<string, [number, Buffer | null]> {
  const out = new Map<string, [number, Buffer | null]>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      const mode = fs.statSync(p).mode & 0o777;
      if (e.isDirectory()) {
        out.set(path.relative(dir, p) + '/', [mode, null]);
        walk(p);
      } else out.set(path.relative(dir, p), [mode, fs.readFileSync(p)]);
    }
  };
  walk(dir);
  return out;
}

/**
 * Two restored directories hold the same files with the same modes and bytes, except the bolt
 * db: ours is written compactly (etcdctl rewrites the snapshot's pages in place and keeps their
 * count), so there the real etcdctl's `snapshot status` must agree on hash, revision and keys.
 */
async function assertSameTree(a: string, b: string): Promise<void> {
  const ta = tree(a);
  const tb = tree(b);
  assert.deepEqual([...ta.keys()], [...tb.keys()], 'file lists');
  for (const [k, [mode, bytes]] of ta) {
    const [mb, bb] = tb.get(k)!;
    assert.equal(mode.toString(8), mb.toString(8), `mode of ${k}`);
    if (!bytes) continue;
    if (k.endsWith('member/snap/db')) {
      const status = async (dir: string) => {
        const r = await real(['snapshot', 'status', path.join(dir, k), '-w', 'json'], v3);
        assert.equal(r.code, 0, r.stderr);
        const { totalSize: _size, ...rest } = JSON.parse(r.stdout) as Record<string, number>;
        return rest;
      };
      assert.deepEqual(await status(a), await status(b), `status of ${k}`);
    } else assert.ok(bytes.equals(bb!), `contents of ${k} differ`);
  }
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A port nothing listens on (from the test range). */
async function deadEndpoint(): Promise<string> {
  return `127.0.0.1:${await freePort()}`;
}

before(async () => {
  etcd = await startEtcd();
  ep = etcd.first.endpoint;
  // history: k1 rewritten, k2 deleted, a compaction, a leased key, binary-ish values
  for (let i = 0; i < 12; i++) await realOk(['put', `key/${String(i).padStart(2, '0')}`, `value ${i} `.repeat(i + 1)]);
  await realOk(['put', 'k1', 'first']);
  oldRev = Number(/"revision":(\d+)/.exec((await realOk(['get', 'k1', '-w', 'json'])).stdout)![1]);
  await realOk(['put', 'k1', 'second']);
  await realOk(['put', 'k2', 'doomed']);
  await realOk(['del', 'k2']);
  compactedRev = oldRev - 3;
  await realOk(['compaction', String(compactedRev)]);
  const lease = /lease ([0-9a-f]+) granted/.exec((await realOk(['lease', 'grant', '3600'])).stdout)![1]!;
  await realOk(['put', 'leased', 'v', '--lease', lease]);
  await realOk(['put', 'multi', 'line\nvalue\n']);
  sourceKvs = (JSON.parse((await realOk(['get', '', '--prefix', '-w', 'json'])).stdout) as { kvs: unknown }).kvs;
});

after(async () => {
  await etcd?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// save

test('save: the same file, stdout and log lines as etcdctl; the file is 0600 and no .part is left', async () => {
  const da = newDir('save-ours');
  const db = newDir('save-real');
  const args = ['--endpoints', ep, 'snapshot', 'save', 'snap.db'];
  const a = await ours(args, { ...v3, cwd: da });
  const b = await real(args, { ...v3, cwd: db });
  assertSame(a, b, 'save');
  assert.equal(a.stdout, 'Snapshot saved at snap.db\n');
  assert.deepEqual(zapLines(a.stderr).map((l) => l.msg), [
    'created temporary db file', 'opened snapshot stream; downloading', 'fetching snapshot', 'completed snapshot read; closing', 'fetched snapshot', 'saved',
  ]);
  assert.doesNotMatch(a.stderr, /\r/, 'no progress line when stderr is not a terminal');
  savedByOurs = path.join(da, 'snap.db');
  savedByReal = path.join(db, 'snap.db');
  await assertSameSnapshot(savedByOurs, savedByReal, 'save');
  assert.equal(fs.statSync(savedByOurs).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(da), ['snap.db']);
});

test('save errors: arguments, several endpoints, unopenable targets, dead endpoint with a timeout', async () => {
  const dead = await deadEndpoint();
  const unwritable = process.getuid?.() === 0 ? '/sys/fs/snap.db' : 'ro/snap.db';
  const cases: Array<{ args: string[]; env?: Record<string, string>; setup?: (d: string) => void; code: number }> = [
    { args: ['snapshot', 'save'], code: 128 },
    { args: ['snapshot', 'save', 'a.db', 'b.db'], code: 128 },
    { args: [`--endpoints=${ep},${dead}`, 'snapshot', 'save', 'x.db'], code: 5 },
    { args: ['--endpoints', ep, 'snapshot', 'save', 'no/such/dir/x.db'], code: 5 },
    { args: ['--endpoints', ep, 'snapshot', 'save', 'file/x.db'], setup: (d) => fs.writeFileSync(path.join(d, 'file'), ''), code: 5 },
    { args: ['--endpoints', ep, 'snapshot', 'save', unwritable], setup: (d) => fs.mkdirSync(path.join(d, 'ro'), { mode: 0o555 }), code: 5 },
    // the target is a directory: everything is written, then the rename fails
    { args: ['--endpoints', ep, 'snapshot', 'save', 'isdir.db'], setup: (d) => fs.mkdirSync(path.join(d, 'isdir.db')), code: 5 },
    { args: ['--endpoints', dead, '--command-timeout=1s', 'snapshot', 'save', 'x.db'], code: 5 },
    { args: ['--endpoints', dead, 'snapshot', 'save', 'x.db'], env: { ETCDCTL_COMMAND_TIMEOUT: '1s' }, code: 5 },
  ];
  for (const c of cases) {
    const what = `${c.env ? JSON.stringify(c.env) + ' ' : ''}${c.args.join(' ')}`;
    const [da, db] = twinDirs(newDir, c.setup);
    const before = fs.readdirSync(da).sort();
    const a = await ours(c.args, { ...v3, cwd: da, ...(c.env ? { env: c.env } : {}) });
    const b = await real(c.args, { ...v3, cwd: db, ...(c.env ? { env: c.env } : {}) });
    assertSame(a, b, what);
    assert.equal(a.code, c.code, what);
    assert.match(a.stderr.split('\n').filter((l) => !l.startsWith('{')).join('\n'), /^Error: [^\n]+\n$/, what);
    assert.deepEqual(fs.readdirSync(da).sort(), before, `${what}: nothing left behind`);
    for (const e of fs.readdirSync(da, { withFileTypes: true })) {
      if (e.isDirectory()) assert.deepEqual(fs.readdirSync(path.join(da, e.name)), [], `${what}: nothing inside ${e.name}`);
    }
  }
});

test('save to a dead endpoint with a long --dial-timeout waits until Ctrl-C, which ends it at once; nothing is left', async () => {
  const d = newDir('dead');
  const p = spawnOurs(['--endpoints', await deadEndpoint(), '--dial-timeout=60s', 'snapshot', 'save', 'x.db'], { cwd: d, api: '3' });
  await waitFor(() => fs.existsSync(path.join(d, 'x.db.part')) || !p.running(), 20000, 'the .part file');
  await sleep(1500);
  assert.ok(p.running(), 'still waiting for the endpoint');
  p.child.kill('SIGINT');
  const r = await p.done;
  assert.equal(r.code, 5);
  assert.equal(r.stdout, '');
  assert.equal(dropZapLogs(r.stderr), 'Error: snapshot save interrupted by SIGINT\n');
  assert.deepEqual(fs.readdirSync(d), []);
});

// ---------------------------------------------------------------------------------------------
// status

test('status of either tool\'s snapshot in every output format, byte for byte', async () => {
  const formats = ['simple', 'json', 'fields', 'table', 'protobuf', 'yaml'];
  for (const file of [savedByOurs, savedByReal]) {
    for (const w of formats) {
      const args = ['snapshot', 'status', file, '-w', w];
      const a = await ours(args, v3);
      const b = await real(args, v3);
      assert.deepEqual([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr], args.join(' '));
      if (TEST_ETCD_SERVER === '3.5.16') {
        // a 3.5 server's snapshot: etcdutl 3.5.16 prints the same status
        const u = await run(ETCDUTL35, args);
        assert.deepEqual([a.code, a.stdout, a.stderr], [u.code, u.stdout, u.stderr], `etcdutl ${args.join(' ')}`);
      }
    }
    // status builds no client: ETCDCTL_WRITE_OUT (and a bad ETCDCTL_ENDPOINTS) are ignored
    const env = { ETCDCTL_WRITE_OUT: 'json', ETCDCTL_ENDPOINTS: 'nowhere:1' };
    const a = await ours(['snapshot', 'status', file], { ...v3, env });
    const b = await real(['snapshot', 'status', file], { ...v3, env });
    assert.deepEqual([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr]);
  }
  const r = await ours(['snapshot', 'status', savedByOurs], v3);
  assert.match(r.stdout, /^[0-9a-f]+, \d+, \d+, \d+ kB\n$/);
});

test('status errors: arguments, missing file, not a bolt database, a directory, a truncated snapshot', async () => {
  const d = newDir('status-bad');
  fs.writeFileSync(path.join(d, 'text.db'), 'this is not a bolt database\n'.repeat(400));
  fs.writeFileSync(path.join(d, 'small.db'), 'tiny');
  const cases = [
    ['snapshot', 'status'],
    ['snapshot', 'status', 'a', 'b'],
    ['snapshot', 'status', path.join(d, 'missing.db')],
    ['snapshot', 'status', path.join(d, 'text.db')],
    ['snapshot', 'status', path.join(d, 'small.db')],
    ['snapshot', 'status', d],
    ['snapshot', 'status', path.join(d, 'missing.db'), '-w', 'protobuf'],
    ['snapshot', 'status', path.join(d, 'text.db'), '-w', 'yaml'],
  ];
  for (const args of cases) {
    const a = await ours(args, v3);
    const b = await real(args, v3);
    assert.deepEqual([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr], args.join(' '));
  }
  // cut off in the middle: etcdctl faults on its mmap when it reads a page past the end (SIGBUS,
  // a goroutine dump, exit 2) and prints a status as if nothing were wrong when the lost pages
  // happen to be free ones (it depends on the snapshot's layout); ours checks the size against
  // the meta page and says what is wrong in one line
  const trunc = path.join(d, 'trunc.db');
  const full = fs.readFileSync(savedByOurs);
  fs.writeFileSync(trunc, full.subarray(0, full.length - 8192 - 32));
  const a = await ours(['snapshot', 'status', trunc], v3);
  assert.equal(a.code, 1);
  assert.match(a.stderr, /^Error: database file truncated: its meta page counts \d+ pages of 4096 bytes \(\d+ bytes\) but the file has \d+ bytes\n$/);
});

test('status and restore are offline: they never load gRPC (Node\'s http2), save does', async () => {
  const d = newDir('trace');
  // preloaded into our etcdctl: on exit, list the Node built-in modules the process loaded
  const report = path.join(d, 'report.cjs');
  fs.writeFileSync(report, "process.on('exit', () => require('fs').writeSync(2, '\\nLOADED ' + process.moduleLoadList.join(',') + '\\n'));\n");
  const http2Loaded = async (args: string[]): Promise<boolean> => {
    const r = await ours(args, { ...v3, cwd: d, env: { NODE_OPTIONS: `--require=${report}` } });
    assert.equal(r.code, 0, r.stderr);
    const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
    assert.ok(line, r.stderr);
    return line.slice(7).split(',').includes('NativeModule http2');
  };
  for (const w of ['simple', 'table', 'json']) assert.equal(await http2Loaded(['snapshot', 'status', savedByOurs, '-w', w]), false, `status -w ${w}`);
  assert.equal(await http2Loaded(['snapshot', 'restore', savedByOurs, '--data-dir', 'r.etcd']), false, 'restore');
  // the check can fail: save does load it
  assert.equal(await http2Loaded(['--endpoints', ep, 'snapshot', 'save', 's.db']), true, 'save');
});

// ---------------------------------------------------------------------------------------------
// restore

test('restore with the default flags and with every flag: the same files as etcdctl\'s (the db: the same content)', async () => {
  const da = newDir('restore-ours');
  const db = newDir('restore-real');
  const args = ['snapshot', 'restore', savedByOurs];
  const a = await ours(args, { ...v3, cwd: da });
  const b = await real(args, { ...v3, cwd: db });
  assertSame(a, b, 'restore');
  assert.equal(a.code, 0);
  assert.deepEqual(zapLines(a.stderr).map((l) => l.msg), ['restoring snapshot', 'restored last compact revision', 'added member', 'restored snapshot']);
  await assertSameTree(path.join(da, 'default.etcd'), path.join(db, 'default.etcd'));
  // and again, with names, a token and a separate WAL directory
  const more = ['--name', 'n2', '--initial-cluster', 'n1=http://10.0.0.1:2380,n2=http://10.0.0.2:2380', '--initial-advertise-peer-urls',
    'http://10.0.0.2:2380', '--initial-cluster-token', 'tok', '--data-dir', 'data', '--wal-dir', 'wal'];
  const a2 = await ours([...args, ...more], { ...v3, cwd: da });
  const b2 = await real([...args, ...more], { ...v3, cwd: db });
  assertSame(a2, b2, 'restore with flags');
  await assertSameTree(path.join(da, 'data'), path.join(db, 'data'));
  await assertSameTree(path.join(da, 'wal'), path.join(db, 'wal'));
});

/** Starts an etcd on a restored data dir; the caller stops it. */
function memberOn(name: string, clientPort: number, peerPort: number, dataDir: string, cluster: string, walDir?: string): EtcdMember {
  return new EtcdMember(name, clientPort, peerPort, dataDir, cluster, 'new', { extraArgs: walDir ? ['--wal-dir', walDir] : [] });
}

/** Reads everything back with the real etcdctl: the same keys, values and revisions as the source. */
async function assertServesSource(endpoint: string): Promise<void> {
  const e = ['--endpoints', endpoint];
  const all = await real([...e, 'get', '', '--prefix', '-w', 'json'], v3);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual((JSON.parse(all.stdout) as { kvs: unknown }).kvs, sourceKvs);
  // history before the snapshot, and the compaction, came along
  const old = await real([...e, 'get', 'k1', `--rev=${oldRev}`, '--print-value-only'], v3);
  assert.equal(old.stdout, 'first\n', old.stderr);
  const gone = await real([...e, 'get', 'k1', `--rev=${compactedRev - 1}`], v3);
  assert.equal(dropZapLogs(gone.stderr), 'Error: etcdserver: mvcc: required revision has been compacted\n');
}

test('restore one member, start etcd on it: every key at the right revision, read by etcdctl', async () => {
  const d = newDir('single');
  const [cport, pport] = [await freePort(), await freePort()];
  const peer = `http://127.0.0.1:${pport}`;
  const r = await ours(['snapshot', 'restore', savedByReal, '--name', 'r1', '--initial-cluster', `r1=${peer}`,
    '--initial-advertise-peer-urls', peer, '--data-dir', path.join(d, 'r1.etcd')], v3);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const m = memberOn('r1', cport, pport, path.join(d, 'r1.etcd'), `r1=${peer}`);
  try {
    await m.start();
    await m.waitHealthy();
    await assertServesSource(m.endpoint);
  } finally {
    await m.stop();
  }
});

test('restore each member of a 3-member --initial-cluster (one with its own --wal-dir), start them: one cluster, every key', async () => {
  const d = newDir('three');
  const ports = [];
  for (let i = 0; i < 3; i++) ports.push([await freePort(), await freePort()] as const);
  const cluster = ports.map(([, p], i) => `m${i + 1}=http://127.0.0.1:${p}`).join(',');
  const members: EtcdMember[] = [];
  for (const [i, [c, p]] of ports.entries()) {
    const name = `m${i + 1}`;
    const walDir = i === 2 ? path.join(d, 'm3-wal') : undefined;
    const r = await ours(['snapshot', 'restore', savedByOurs, '--name', name, '--initial-cluster', cluster,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${p}`, '--initial-cluster-token', 'restored',
      '--data-dir', path.join(d, name), ...(walDir ? ['--wal-dir', walDir] : [])], v3);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(zapLines(r.stderr).filter((l) => l.msg === 'added member').length, 3);
    members.push(memberOn(name, c, p, path.join(d, name), cluster, walDir));
  }
  try {
    await Promise.all(members.map((m) => m.start()));
    await Promise.all(members.map((m) => m.waitHealthy()));
    const list = await real(['--endpoints', members[0]!.endpoint, 'member', 'list', '-w', 'json'], v3);
    const { members: listed } = JSON.parse(list.stdout) as { members: Array<{ name: string; peerURLs: string[] }> };
    const names = listed.map((m) => `${m.name}=${m.peerURLs.join()}`);
    assert.deepEqual(names.sort(), cluster.split(',').sort());
    for (const m of members) await assertServesSource(m.endpoint);
  } finally {
    await Promise.all(members.map((m) => m.stop()));
  }
});

test('restore errors are etcdctl\'s, and ours leaves nothing half-made', async () => {
  const d = newDir('restore-bad');
  const full = fs.readFileSync(savedByOurs);
  // a raw bolt db, as copied from a data dir: no sha256 trailer
  fs.writeFileSync(path.join(d, 'raw.db'), full.subarray(0, full.length - 32));
  // the trailer kept but a page missing: the hash does not match
  fs.writeFileSync(path.join(d, 'cut.db'), Buffer.concat([full.subarray(0, full.length - 32 - 4096), full.subarray(full.length - 32)]));
  fs.writeFileSync(path.join(d, 'text.db'), 'x'.repeat(512 + 32));
  const cases: Array<{ args: string[]; setup?: (cwd: string) => void }> = [
    { args: [] },
    { args: ['a.db', 'b.db'] },
    { args: [path.join(d, 'missing.db')] },
    { args: [savedByOurs], setup: (cwd) => fs.mkdirSync(path.join(cwd, 'default.etcd')) },
    { args: [savedByOurs, '--wal-dir', 'w'], setup: (cwd) => fs.mkdirSync(path.join(cwd, 'w')) },
    { args: [savedByOurs, '--name', 'm2'] },
    { args: [savedByOurs, '--name', 'm1', '--initial-cluster', 'm1=http://127.0.0.1:1,m1=http://127.0.0.1:1'] },
    { args: [savedByOurs, '--initial-advertise-peer-urls', 'http://127.0.0.1:9'] },
    { args: [path.join(d, 'raw.db')] },
    { args: [path.join(d, 'cut.db')] },
    { args: [path.join(d, 'text.db')] },
  ];
  for (const c of cases) {
    const what = c.args.join(' ');
    const [da, db] = twinDirs(newDir, c.setup);
    const before = fs.readdirSync(da).sort();
    const a = await ours(['snapshot', 'restore', ...c.args], { ...v3, cwd: da });
    const b = await real(['snapshot', 'restore', ...c.args], { ...v3, cwd: db });
    assertSame(a, b, what);
    assert.notEqual(a.code, 0, what);
    assert.match(dropZapLogs(a.stderr), /^Error: [^\n]+\n$/, what);
    assert.deepEqual(fs.readdirSync(da).sort(), before, `${what}: left behind`);
  }
  // what etcdctl cannot restore without crashing (a bbolt panic, a SIGBUS): one line from ours
  for (const [file, msg] of [
    [path.join(d, 'text.db'), /^Error: invalid database\n$/],
    [path.join(d, 'cut.db'), /^Error: database file truncated: [^\n]+\n$/],
  ] as const) {
    const da = newDir();
    const a = await ours(['snapshot', 'restore', file, '--skip-hash-check'], { ...v3, cwd: da });
    assert.equal(a.code, 1);
    assert.match(dropZapLogs(a.stderr), msg);
    assert.deepEqual(fs.readdirSync(da), []);
  }
  // the raw db with --skip-hash-check restores like etcdctl's
  const da = newDir();
  const db = newDir();
  const args = ['snapshot', 'restore', path.join(d, 'raw.db'), '--skip-hash-check'];
  assertSame(await ours(args, { ...v3, cwd: da }), await real(args, { ...v3, cwd: db }), 'raw db, skip hash check');
  await assertSameTree(path.join(da, 'default.etcd'), path.join(db, 'default.etcd'));
});

// ---------------------------------------------------------------------------------------------
// TLS

test('kubeadm style: save over https with --cacert --cert --key, as etcdctl does', async () => {
  const tls = makeCerts();
  const secure = await startEtcd({ tls, clientCertAuth: true });
  try {
    const url = secure.first.clientURL;
    const creds = [`--cacert=${tls.ca}`, `--cert=${tls.clientCert}`, `--key=${tls.clientKey}`];
    assert.equal((await real([`--endpoints=${url}`, ...creds, 'put', 'tls/k', 'v'], v3)).code, 0);
    const da = newDir('tls-ours');
    const db = newDir('tls-real');
    const args = ['snapshot', 'save', 'etcd.db', `--endpoints=${url}`, ...creds];
    const a = await ours(args, { ...v3, cwd: da });
    const b = await real(args, { ...v3, cwd: db });
    assertSame(a, b, 'tls save');
    assert.equal(a.stdout, 'Snapshot saved at etcd.db\n');
    await assertSameSnapshot(path.join(da, 'etcd.db'), path.join(db, 'etcd.db'), 'tls save');
    // no client certificate / an unknown CA: the handshake never succeeds; a timeout ends it
    for (const bad of [[`--cacert=${tls.ca}`], []]) {
      const args2 = ['snapshot', 'save', 'x.db', `--endpoints=${url}`, '--command-timeout=2s', ...bad];
      const a2 = await ours(args2, { ...v3, cwd: da });
      const b2 = await real(args2, { ...v3, cwd: db });
      assertSame(a2, b2, `tls ${bad.join(' ')}`);
      assert.equal(a2.code, 5);
    }
    // a missing key file: a usage error before anything is created
    const args3 = ['snapshot', 'save', 'y.db', `--endpoints=${url}`, `--cacert=${tls.ca}`, `--cert=${tls.clientCert}`, '--key=/nonexistent.key'];
    assertSame(await ours(args3, { ...v3, cwd: da }), await real(args3, { ...v3, cwd: db }), 'missing key');
    assert.deepEqual(fs.readdirSync(da), ['etcd.db']);
  } finally {
    await secure.stop();
    fs.rmSync(tls.dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// interrupted (last: it makes the database large)

test('Ctrl-C or SIGTERM while a large snapshot streams: exit 5, one line, no .part, no file', async () => {
  const c = await EtcdClient.connect({ endpoints: [ep], dialTimeoutMs: 5000, keepAliveTimeMs: 30000, keepAliveTimeoutMs: 10000 });
  try {
    const value = Buffer.alloc(1024 * 1024 - 64, 'v');
    for (let i = 0; i < 96; i += 8) {
      await Promise.all(Array.from({ length: 8 }, (_, j) => c.put({ key: Buffer.from(`big/${i + j}`), value })));
    }
  } finally {
    c.close();
  }
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const d = newDir(`interrupt-${sig}`);
    const part = path.join(d, 'big.db.part');
    const p = spawnOurs(['--endpoints', ep, 'snapshot', 'save', 'big.db'], { cwd: d, api: '3' });
    // interrupt once data is streaming into the .part file
    await waitFor(() => (fs.existsSync(part) && fs.statSync(part).size >= 1 << 20) || !p.running(), 30000, 'data in the .part file');
    assert.ok(p.running(), 'the save finished before it could be interrupted');
    p.child.kill(sig);
    const r = await p.done;
    assert.equal(r.code, 5, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(dropZapLogs(r.stderr), `Error: snapshot save interrupted by ${sig}\n`);
    assert.deepEqual(fs.readdirSync(d), [], 'nothing left behind');
  }
});

// after the test above: the database holds ~100 MiB of values
test('status of a snapshot of 64 MiB and more (hashed on two threads) equals etcdctl\'s in every format', async () => {
  const d = newDir('status-large');
  const file = path.join(d, 'large.db');
  const saved = await real(['--endpoints', ep, 'snapshot', 'save', file], v3);
  assert.equal(saved.code, 0, saved.stderr);
  assert.ok(fs.statSync(file).size >= 64 * 1024 * 1024, `snapshot size ${fs.statSync(file).size}`);
  for (const w of ['simple', 'json', 'fields', 'table']) {
    const args = ['snapshot', 'status', file, '-w', w];
    const a = await ours(args, v3);
    const b = await real(args, v3);
    assert.deepEqual([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr], args.join(' '));
  }
  fs.rmSync(file);
});
