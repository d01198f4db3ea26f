// bin/etcdutl side by side with Debian trixie's etcdutl 3.5.16: help and usage errors, snapshot
// status in every -w format and snapshot restore of snapshots saved from an etcd 3.5.16 and an
// etcd 3.4.23 server (a restored data dir is then served by etcd 3.5.16 with every key at its
// revision), defrag and backup of a stopped 3.5.16 member's data dir, bad input (missing,
// truncated, corrupt, empty files, existing targets, bad flags). stdout, stderr and exit codes
// are compared byte for byte; in the console log lines only the timestamp is normalised (and,
// for defrag, the sizes after the rewrite and the time taken, which differ by design: see the
// README). Where
// etcdutl panics, faults or leaves debris, ours prints one line and leaves nothing: asserted here
// as the deliberate differences they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import { ETCD35_BIN, EtcdMember, freePort, requireEtcd, requireEtcd35, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { oursUtl, real, realUtl, type RunResult } from '../helpers/run.js';

const root = fs.mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-etcdutl-'));
let n = 0;
/** A fresh empty directory. */
function newDir(name = 'd'): string {
  const d = path.join(root, `${name}-${++n}`);
  fs.mkdirSync(d);
  return d;
}

interface Source {
  name: string;
  /** snapshot saved by etcdctl from this server */
  snapshot: string;
  /** `get "" --prefix -w json` at snapshot time (kvs only) */
  kvs: unknown;
  /** a revision in the past, and `get "" --prefix --rev=<it> -w json`'s kvs */
  oldRev: number;
  oldKvs: unknown;
}
const sources: Source[] = [];
/** a copy of a stopped 3.5.16 member's data dir (never modified: copy it again to use it) */
let stoppedDataDir: string;
/** the same of the 3.4.23 member */
let stopped34DataDir: string;

/** etcdutl's console lines with the timestamp replaced. */
function norm(s: string): string {
  return s.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)\t/gm, 'TIME\t');
}

/** etcdutl's stderr up to its first fatal or panic line: what follows is Go's stack trace. */
function beforeStack(s: string): string {
  const lines = norm(s).split('\n');
  const i = lines.findIndex((l) => /^TIME\t(fatal|panic)\t/.test(l));
  return i < 0 ? lines.join('\n') : lines.slice(0, i + 1).join('\n') + '\n';
}

function assertSame(ours: RunResult, theirs: RunResult, what: string, normalise: (s: string) => string = norm): void {
  assert.equal(ours.code, theirs.code, `${what}: exit code (ours: ${ours.stderr})`);
  assert.equal(ours.stdout, theirs.stdout, `${what}: stdout`);
  assert.equal(normalise(ours.stderr), normalise(theirs.stderr), `${what}: stderr`);
}

/** Runs both with the same arguments in twin directories (relative paths print the same). */
async function both(args: string[], setup?: (dir: string) => void): Promise<{ ours: RunResult; theirs: RunResult; ourDir: string; theirDir: string }> {
  const ourDir = newDir('ours');
  const theirDir = newDir('theirs');
  setup?.(ourDir);
  setup?.(theirDir);
  const [ours, theirs] = await Promise.all([oursUtl(args, { cwd: ourDir }), realUtl(args, { cwd: theirDir })]);
  return { ours, theirs, ourDir, theirDir };
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

async function etcdctl(ep: string, args: string[]): Promise<RunResult> {
  const r = await real(['--endpoints', ep, ...args], { api: '3' });
  assert.equal(r.code, 0, `etcdctl ${args.join(' ')}: ${r.stderr}`);
  return r;
}

function kvsOf(json: string): unknown {
  return (JSON.parse(json) as { kvs?: unknown }).kvs ?? [];
}

/** Writes a history (rewrites, a delete, a compaction, a lease) and saves a snapshot. */
async function makeSource(name: string, etcd: EtcdCluster): Promise<Source> {
  const ep = etcd.first.endpoint;
  for (let i = 0; i < 8; i++) await etcdctl(ep, ['put', `key/${i}`, `value ${i} `.repeat(i + 1)]);
  await etcdctl(ep, ['put', 'key/1', 'rewritten']);
  await etcdctl(ep, ['del', 'key/2']);
  const mid = JSON.parse((await etcdctl(ep, ['get', 'key/0', '-w', 'json'])).stdout) as { header: { revision: number } };
  await etcdctl(ep, ['compaction', String(mid.header.revision - 2)]);
  const lease = /lease ([0-9a-f]+) granted/.exec((await etcdctl(ep, ['lease', 'grant', '3600'])).stdout)![1]!;
  await etcdctl(ep, ['put', 'leased', 'v', '--lease', lease]);
  await etcdctl(ep, ['put', 'key/3', 'after']);
  const oldRev = mid.header.revision;
  const oldKvs = kvsOf((await etcdctl(ep, ['get', '', '--prefix', `--rev=${oldRev}`, '-w', 'json'])).stdout);
  const kvs = kvsOf((await etcdctl(ep, ['get', '', '--prefix', '-w', 'json'])).stdout);
  const snapshot = path.join(root, `${name}.db`);
  await etcdctl(ep, ['snapshot', 'save', snapshot]);
  return { name, snapshot, kvs, oldRev, oldKvs };
}

before(async () => {
  requireEtcd();
  requireEtcd35();
  const [e35, e34] = await Promise.all([startEtcd({ etcdBin: ETCD35_BIN }), startEtcd()]);
  try {
    sources.push(await makeSource('etcd-3.5.16', e35), await makeSource('etcd-3.4.23', e34));
    await Promise.all([e35.first.stop(), e34.first.stop()]);
    stoppedDataDir = path.join(root, 'stopped-3.5');
    copyDir(e35.first.dataDir, stoppedDataDir);
    stopped34DataDir = path.join(root, 'stopped-3.4');
    copyDir(e34.first.dataDir, stopped34DataDir);
  } finally {
    await Promise.all([e35.stop(), e34.stop()]);
  }
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// help, usage and argument errors

const USAGE_CASES: string[][] = [
  [], ['--help'], ['-h'], ['help'], ['help', 'snapshot'], ['help', 'snapshot', 'restore'], ['help', 'foo'], ['help', 'help'],
  ['version'], ['version', 'extra'], ['version', '--help'], ['-w', 'json', 'version'],
  ['snapshot'], ['snapshot', '--help'], ['snapshot', 'foo'], ['snapshot', 'status', '--help'], ['snapshot', 'restore', '--help'],
  ['defrag', '--help'], ['backup', '--help'], ['completion'], ['completion', '--help'], ['completion', 'bash', '--help'],
  ['completion', 'zsh', '--help'], ['completion', 'fish', '--help'], ['completion', 'powershell', '--help'],
  ['foo'], ['snapshto'], ['--bogus'], ['snapshot', 'status', '--bogus', 'x'], ['snapshot', 'status'], ['snapshot', 'status', 'a', 'b'],
  ['snapshot', 'restore'], ['snapshot', 'restore', 'a', 'b', '--data-dir', 'd'], ['snapshot', 'restore', 'x', '--data-dir'],
  ['snapshot', 'restore', 'a', '--data-dir', 'd', '--bump-revision', '5'],
  ['snapshot', 'restore', 'a', '--data-dir', 'd', '--mark-compacted'],
  ['snapshot', 'restore', 'a', '--data-dir', 'd', '--bump-revision', 'x'],
  ['snapshot', 'restore', 'a', '--data-dir', 'd', '--initial-memory-map-size', '-1'],
  ['snapshot', 'save', 'x'], ['snapshot', 'save'], ['snapshot', 'save', '--help'],
  ['defrag'], ['defrag', '--data-dir'], ['backup'], ['backup', '--data-dir', 'x'], ['backup', '--with-v3=maybe'],
  ['completion', 'foo'], ['completion', 'bash', 'extra'],
  ['-w', 'foo', 'snapshot', 'status', 'missing.db'], ['snap', 'st', 'missing.db'],
  ['__complete'], ['__completeNoDesc'], ['__complete', ''], ['__complete', 'snapshot', ''], ['__complete', 'snapshot', 'r'],
  ['__complete', 'snapshot', 'restore', ''], ['__complete', 'snapshot', 'restore', '-'],
  ['__complete', 'snapshot', 'restore', '--data-dir', 'x', '--'], ['__complete', 'defrag', ''], ['__complete', 'backup', '--'],
  ['__complete', 'snapshot', 'status', '-'], ['__completeNoDesc', 'snapshot', 'status', '-'], ['__complete', 'help', 's'],
  ['__complete', 'completion', ''], ['__complete', 'foo', ''],
  // -h/--help before the command name: cobra's Find, not knowing the help flag yet, takes the next word as its value
  ['-h', 'snapshot'], ['--help', 'snapshot'], ['snapshot', '-h'], ['-h', 'snapshot', 'status'], ['-h', 'snapshot', 'restore'],
  ['--help=true', 'snapshot'], ['-h=false', 'snapshot'], ['-w', 'json', '-h', 'snapshot'], ['-h', '-w', 'json', 'snapshot'],
  ['-h', 'foo'], ['-h', 'help'], ['-x', 'snapshot'], ['snapshot', '-h', 'status'], ['snapshot', '--help', 'restore'],
  ['--', '-h', 'snapshot'], ['-h', 'defrag'], ['-h', 'backup', '--data-dir', 'x'],
  // version and help under every -w (they print no response: the format is not used)
  ...['simple', 'json', 'fields', 'table', 'protobuf', 'foo'].flatMap((w) => [['version', '-w', w], ['help', 'snapshot', '-w', w], ['-w', w, 'help']]),
];

test('help, usage, argument errors and completion answers match etcdutl 3.5.16', async () => {
  for (const args of USAGE_CASES) {
    const { ours, theirs } = await both(args);
    assertSame(ours, theirs, `etcdutl ${args.join(' ')}`);
  }
});

test('completion <shell> prints a script that asks etcdutl itself (ours: our scripts, on cobra protocol)', async () => {
  for (const shell of ['bash', 'zsh', 'fish', 'powershell']) {
    const r = await oursUtl(['completion', shell]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /etcdutl/);
    assert.match(r.stdout, /__complete/);
  }
  const noDesc = await oursUtl(['completion', 'bash', '--no-descriptions']);
  assert.match(noDesc.stdout, /__completeNoDesc/);
});

// ---------------------------------------------------------------------------------------------
// snapshot status

test('snapshot status of 3.5.16 and 3.4.23 snapshots, in every -w format', async () => {
  for (const src of sources) {
    for (const format of ['simple', 'json', 'fields', 'table', 'protobuf']) {
      for (const args of [['snapshot', 'status', src.snapshot, '-w', format], ['-w', format, 'snapshot', 'status', src.snapshot]]) {
        const { ours, theirs } = await both(args);
        assertSame(ours, theirs, `${src.name}: ${args.join(' ')}`);
      }
    }
    const { ours, theirs } = await both(['snapshot', 'status', src.snapshot, '-w', 'foo']);
    assertSame(ours, theirs, `${src.name}: -w foo`);
  }
});

test('snapshot status of bad files: the same errors; where etcdutl faults, one line and exit 1', async () => {
  const snap = fs.readFileSync(sources[0]!.snapshot);
  const dir = newDir('bad');
  const file = (name: string, bytes: Buffer | string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  const same: Array<[string, string]> = [
    ['missing', path.join(dir, 'missing.db')],
    ['text', file('text.db', 'hello\n')],
    ['empty', file('empty.db', '')],
    ['directory', newDir('a-dir')],
  ];
  for (const [what, p] of same) {
    for (const format of ['simple', 'json', 'protobuf']) {
      const { ours, theirs } = await both(['snapshot', 'status', p, '-w', format]);
      assertSame(ours, theirs, `${what} -w ${format}`);
      assert.equal(ours.stdout, '');
    }
  }
  // truncated to two pages: etcdutl dies of SIGBUS (a goroutine dump, exit 2)
  const truncated = file('truncated.db', snap.subarray(0, 8192));
  const { ours, theirs } = await both(['snapshot', 'status', truncated]);
  assert.equal(theirs.code, 2);
  assert.match(theirs.stderr, /SIGBUS|fault/);
  assert.equal(ours.code, 1);
  assert.equal(ours.stdout, '');
  assert.match(ours.stderr, /^Error: database file truncated: [^\n]*\n$/);
  // a damaged page header: etcdutl's bbolt panics on an assertion (exit 2); ours runs the check
  // (the root page of the newest meta: meta = page header 16 bytes, then magic, version, page
  // size, flags, root bucket {pgid, sequence}, freelist, pgid, txid)
  const damaged = Buffer.from(snap);
  const pageSize = snap.readUInt32LE(16 + 8);
  const newest = snap.readBigUInt64LE(16 + 56) >= snap.readBigUInt64LE(pageSize + 16 + 56) ? 0 : pageSize;
  const rootPage = Number(snap.readBigUInt64LE(newest + 16 + 16));
  damaged.fill(0xff, rootPage * pageSize, rootPage * pageSize + 12);
  const bad = await both(['snapshot', 'status', file('damaged.db', damaged)]);
  assert.equal(bad.theirs.code, 2);
  assert.match(bad.theirs.stderr, new RegExp(`^panic: assertion failed: Page expected to be: ${rootPage}`));
  assert.equal(bad.ours.code, 1);
  assert.equal(bad.ours.stdout, '');
  assert.match(bad.ours.stderr, /^Error: snapshot file integrity check failed\. \d+ errors found\.\n/);
});

// ---------------------------------------------------------------------------------------------
// snapshot restore

/** Starts etcd 3.5.16 on a restored data dir (member m1 on peerPort) and returns it. */
async function serve(dataDir: string, peerPort: number): Promise<EtcdMember> {
  const m = new EtcdMember('m1', await freePort(), peerPort, dataDir, `m1=http://127.0.0.1:${peerPort}`, 'new', { etcdBin: ETCD35_BIN });
  await m.start();
  await m.waitHealthy();
  return m;
}

test('snapshot restore of 3.5.16 and 3.4.23 snapshots: same output and files; etcd 3.5.16 serves every key at its revision', async () => {
  for (const src of sources) {
    const peerPort = await freePort();
    const args = [
      'snapshot', 'restore', src.snapshot, '--data-dir', 'restored', '--name', 'm1',
      '--initial-cluster', `m1=http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
    ];
    const { ours, theirs, ourDir, theirDir } = await both(args);
    assertSame(ours, theirs, `${src.name}: restore`);
    assert.equal(ours.code, 0);
    const files = (d: string) => fs.readdirSync(d, { recursive: true }).map(String).sort();
    assert.deepEqual(files(path.join(ourDir, 'restored')), files(path.join(theirDir, 'restored')), `${src.name}: restored files`);

    const m = await serve(path.join(ourDir, 'restored'), peerPort);
    try {
      const get = async (extra: string[]) => kvsOf((await etcdctl(m.endpoint, ['get', '', '--prefix', '-w', 'json', ...extra])).stdout);
      assert.deepEqual(await get([]), src.kvs, `${src.name}: keys, values and revisions`);
      assert.deepEqual(await get([`--rev=${src.oldRev}`]), src.oldKvs, `${src.name}: history at revision ${src.oldRev}`);
    } finally {
      await m.stop();
    }
  }
});

test('snapshot restore into an existing directory: a non-empty one is refused, an empty one is used', async () => {
  const snap = sources[0]!.snapshot;
  const nonEmpty = await both(['snapshot', 'restore', snap, '--data-dir', 'target'], (d) => {
    fs.mkdirSync(path.join(d, 'target'));
    fs.writeFileSync(path.join(d, 'target', 'keep'), 'x');
  });
  assertSame(nonEmpty.ours, nonEmpty.theirs, 'non-empty target');
  assert.equal(nonEmpty.ours.code, 1);
  assert.deepEqual(fs.readdirSync(path.join(nonEmpty.ourDir, 'target')), ['keep']);

  const empty = await both(['snapshot', 'restore', snap, '--data-dir', 'target'], (d) => fs.mkdirSync(path.join(d, 'target')));
  assertSame(empty.ours, empty.theirs, 'empty target');
  assert.equal(empty.ours.code, 0);

  const wal = await both(['snapshot', 'restore', snap, '--data-dir', 'target', '--wal-dir', 'wal'], (d) => fs.mkdirSync(path.join(d, 'wal')));
  assertSame(wal.ours, wal.theirs, 'existing --wal-dir');
  assert.deepEqual(fs.readdirSync(wal.ourDir), ['wal']);

  const file = await both(['snapshot', 'restore', snap, '--data-dir', 'target'], (d) => fs.writeFileSync(path.join(d, 'target'), 'x'));
  assertSame(file.ours, file.theirs, 'a file as --data-dir');
  assert.equal(file.ours.code, 1);
  assert.equal(fs.readFileSync(path.join(file.ourDir, 'target'), 'utf8'), 'x');
});

test('snapshot restore of bad input: the same error, and nothing left behind (etcdutl leaves a half-made dir)', async () => {
  const snap = fs.readFileSync(sources[0]!.snapshot);
  const corrupt = Buffer.from(snap);
  corrupt[8192 + 100] = corrupt[8192 + 100]! ^ 0xff;
  const cases: Array<[string, (d: string) => void, string[]]> = [
    ['missing file', () => {}, ['missing.db']],
    ['text file', (d) => fs.writeFileSync(path.join(d, 'in.db'), 'hello\n'), ['in.db']],
    ['empty file', (d) => fs.writeFileSync(path.join(d, 'in.db'), ''), ['in.db']],
    ['directory', (d) => fs.mkdirSync(path.join(d, 'in.db')), ['in.db']],
    ['truncated (no hash)', (d) => fs.writeFileSync(path.join(d, 'in.db'), snap.subarray(0, 8192)), ['in.db']],
    ['corrupt (hash mismatch)', (d) => fs.writeFileSync(path.join(d, 'in.db'), corrupt), ['in.db']],
    ['bad --initial-cluster', (d) => fs.writeFileSync(path.join(d, 'in.db'), snap), ['in.db', '--initial-cluster', 'default=::bad']],
    ['name not in cluster', (d) => fs.writeFileSync(path.join(d, 'in.db'), snap), ['in.db', '--name', 'other']],
  ];
  for (const [what, setup, args] of cases) {
    const { ours, theirs, ourDir } = await both(['snapshot', 'restore', ...args, '--data-dir', 'out'], setup);
    assertSame(ours, theirs, what);
    assert.notEqual(ours.code, 0, what);
    assert.ok(!fs.existsSync(path.join(ourDir, 'out')), `${what}: ours left ${path.join(ourDir, 'out')}`);
  }
});

// ---------------------------------------------------------------------------------------------
// defrag

/** defrag's second log line carries the db's sizes after, and the time taken: ours writes the db more compactly. */
function normDefrag(s: string): string {
  return norm(s)
    .split('\n')
    .map((l) => (l.includes('\tfinished defragmenting directory\t') ? l.replace(/("current-db-size[a-z-]*": )(-?\d+|"[^"]*")/g, '$1N') : l))
    .join('\n')
    .replace(/"took": "[^"]*"/g, '"took": "D"');
}

test('defrag --data-dir of a stopped member: same output; the data is unchanged (etcdutl status hash)', async () => {
  const { ours, theirs, ourDir, theirDir } = await both(['defrag', '--data-dir', 'data'], (d) => copyDir(stoppedDataDir, path.join(d, 'data')));
  assertSame(ours, theirs, 'defrag', normDefrag);
  assert.equal(ours.code, 0);
  const status = async (d: string) => {
    const r = await realUtl(['snapshot', 'status', path.join(d, 'data', 'member', 'snap', 'db'), '-w', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const { totalSize: _size, ...rest } = JSON.parse(r.stdout) as Record<string, number>;
    return rest;
  };
  assert.deepEqual(await status(ourDir), await status(theirDir));
  for (const format of ['json', 'table']) {
    const w = await both(['-w', format, 'defrag', '--data-dir', 'data'], (d) => copyDir(stoppedDataDir, path.join(d, 'data')));
    assertSame(w.ours, w.theirs, `defrag -w ${format}`, normDefrag);
  }
});

test('defrag of a dir with no database: etcdutl panics (exit 2); ours prints its first line only', async () => {
  const cases: Array<[string, (d: string) => void]> = [
    ['missing dir', () => {}],
    ['empty dir', (d) => fs.mkdirSync(path.join(d, 'data'))],
    ['not a db', (d) => {
      fs.mkdirSync(path.join(d, 'data', 'member', 'snap'), { recursive: true });
      fs.writeFileSync(path.join(d, 'data', 'member', 'snap', 'db'), 'junk\n');
    }],
  ];
  for (const [what, setup] of cases) {
    const { ours, theirs, ourDir } = await both(['defrag', '--data-dir', 'data'], setup);
    assert.equal(theirs.code, 2, what);
    assert.equal(ours.code, 2, what);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(norm(ours.stderr), beforeStack(theirs.stderr), what);
    if (what === 'not a db') assert.equal(fs.readFileSync(path.join(ourDir, 'data', 'member', 'snap', 'db'), 'utf8'), 'junk\n');
  }
  // a db truncated to its two meta pages: etcdutl dies of SIGBUS (a goroutine dump, exit 2) before its first line; ours
  // prints the panic line of the failed open (the same exit code) and leaves the db as it was
  const truncated = await both(['defrag', '--data-dir', 'data'], (d) => {
    copyDir(stoppedDataDir, path.join(d, 'data'));
    fs.truncateSync(path.join(d, 'data', 'member', 'snap', 'db'), 8192);
  });
  assert.equal(truncated.theirs.code, 2);
  assert.match(truncated.theirs.stderr, /SIGBUS/);
  assert.equal(truncated.ours.code, 2);
  assert.equal(truncated.ours.stdout, '');
  assert.match(norm(truncated.ours.stderr), /^TIME\tpanic\tbackend\/backend\.go:201\tfailed to open database\t\{"path": "data\/member\/snap\/db", "error": "database file truncated: [^\n]*"\}\n$/);
  assert.equal(fs.statSync(path.join(truncated.ourDir, 'data', 'member', 'snap', 'db')).size, 8192);
});

// ---------------------------------------------------------------------------------------------
// backup

/** etcdutl's line for a member attribute update it drops, with Go's text form of the entry. */
const MEMBER_ATTR_LINE = /^TIME\tinfo\tetcdutl\/backup_command\.go:231\tignoring member attribute update on\t\{"entry": "Term:\d+ Index:\d+ Data:\\"[^\n]*\\" ", "v2Req\.Path": "\/0\/members\/[0-9a-f]+\/attributes"\}$/m;

test('backup of stopped 3.5.16 and 3.4.23 members: exit code, output (the member attribute update with its entry) and the files made; etcd 3.5.16 serves the backup', async () => {
  const cases: Array<[string, string, Source]> = [['etcd-3.5.16', stoppedDataDir, sources[0]!], ['etcd-3.4.23', stopped34DataDir, sources[1]!]];
  for (const [name, dataDir, src] of cases) {
    const { ours, theirs, ourDir, theirDir } = await both(['backup', '--data-dir', 'data', '--backup-dir', 'bk'], (d) =>
      copyDir(dataDir, path.join(d, 'data')),
    );
    assertSame(ours, theirs, `${name}: backup`);
    assert.equal(ours.code, 0);
    assert.match(norm(theirs.stderr), MEMBER_ATTR_LINE, `${name}: the WAL has a member attribute update`);
    const files = (d: string) => fs.readdirSync(path.join(d, 'bk'), { recursive: true }).map(String).sort();
    assert.deepEqual(files(ourDir), files(theirDir), name);
    // the backup starts as a new one-member cluster with the data of the source
    const peerPort = await freePort();
    const m = new EtcdMember('bk', await freePort(), peerPort, path.join(ourDir, 'bk'), `bk=http://127.0.0.1:${peerPort}`, 'new', {
      etcdBin: ETCD35_BIN,
      extraArgs: ['--force-new-cluster'],
    });
    await m.start();
    try {
      await m.waitHealthy();
      const kvs = kvsOf((await etcdctl(m.endpoint, ['get', '', '--prefix', '-w', 'json'])).stdout);
      assert.deepEqual(kvs, src.kvs, name);
    } finally {
      await m.stop();
    }
  }
  // without the v3 data: the v3 entries are dropped too, each with its line
  const v2only = await both(['backup', '--data-dir', 'data', '--backup-dir', 'bk', '--with-v3=false'], (d) =>
    copyDir(stoppedDataDir, path.join(d, 'data')),
  );
  assertSame(v2only.ours, v2only.theirs, 'backup --with-v3=false');
  assert.match(norm(v2only.theirs.stderr), /\tignoring v3 raft entry\n/);
});

test('backup errors: a non-empty backup dir, a missing data dir: one fatal line, exit 1, nothing half-made', async () => {
  const nonEmpty = await both(['backup', '--data-dir', 'data', '--backup-dir', 'bk'], (d) => {
    copyDir(stoppedDataDir, path.join(d, 'data'));
    fs.mkdirSync(path.join(d, 'bk', 'member', 'snap'), { recursive: true });
    fs.writeFileSync(path.join(d, 'bk', 'member', 'snap', 'db'), 'x');
  });
  assert.equal(nonEmpty.ours.code, 1);
  assert.equal(nonEmpty.theirs.code, 1);
  assert.equal(norm(nonEmpty.ours.stderr), beforeStack(nonEmpty.theirs.stderr));
  assert.equal(fs.readFileSync(path.join(nonEmpty.ourDir, 'bk', 'member', 'snap', 'db'), 'utf8'), 'x');

  const missing = await both(['backup', '--data-dir', 'nothing', '--backup-dir', 'bk']);
  assert.equal(missing.ours.code, 1);
  assert.equal(missing.theirs.code, 1);
  assert.equal(norm(missing.ours.stderr), beforeStack(missing.theirs.stderr));
  // both make the empty backup snap dir first (etcd's CreateDirAll), nothing more
  assert.deepEqual(fs.readdirSync(path.join(missing.ourDir, 'bk'), { recursive: true }).map(String).sort(), ['member', 'member/snap']);
});

test('backup of damaged or missing sources, and existing backup WAL dirs: the first fatal line, exit code and what is left', async () => {
  const data = (d: string) => copyDir(stoppedDataDir, path.join(d, 'data'));
  const walDir = (d: string) => path.join(d, 'data', 'member', 'wal');
  const firstWal = (d: string) => path.join(walDir(d), fs.readdirSync(walDir(d)).filter((n) => n.endsWith('.wal')).sort()[0]!);
  const bk = ['backup', '--data-dir', 'data', '--backup-dir', 'bk'];
  const fails: Array<[string, (d: string) => void, string[], RegExp]> = [
    ['missing --wal-dir', data, ['--wal-dir', 'nowal'], /\twal\.OpenForRead failed\t/],
    ['no WAL dir', (d) => { data(d); fs.rmSync(path.join(d, 'data', 'member', 'wal'), { recursive: true }); }, [], /\twal\.OpenForRead failed\t/],
    ['no WAL file', (d) => { data(d); for (const n of fs.readdirSync(walDir(d))) if (n.endsWith('.wal')) fs.rmSync(path.join(walDir(d), n)); }, [],
      /\twal\.OpenForRead failed\t\{"error": "wal: file not found"\}/],
    // a changed byte inside a record's data (its length intact): the record's crc fails
    ['damaged WAL record', (d) => {
      data(d);
      const wal = fs.readFileSync(firstWal(d));
      const at = wal.indexOf('/attributes');
      assert.ok(at > 0, 'the WAL has a member attribute update');
      wal.writeUInt8(wal.readUInt8(at + 1) ^ 0x01, at + 1);
      fs.writeFileSync(firstWal(d), wal);
    }, [],
      /\tunexpected error while reading WAL\t\{"error": "walpb: crc mismatch"\}/],
    ['not a db', (d) => { data(d); fs.writeFileSync(path.join(d, 'data', 'member', 'snap', 'db'), 'junk\n'); }, [], /\tbolt\.Open FAILED\t\{"error": "invalid database"\}/],
    ['no db', (d) => { data(d); fs.rmSync(path.join(d, 'data', 'member', 'snap', 'db')); }, [], /\tbolt\.Open FAILED\t\{"error": "write data\/member\/snap\/db: bad file descriptor"\}/],
    ['no snap dir', (d) => { data(d); fs.rmSync(path.join(d, 'data', 'member', 'snap'), { recursive: true }); }, [], /\tsaveSnap\(Snapshoter\.Load\) failed\t/],
    ['a WAL in --backup-wal-dir', (d) => { data(d); fs.mkdirSync(path.join(d, 'bw')); fs.writeFileSync(path.join(d, 'bw', '0000000000000000-0000000000000000.wal'), ''); },
      ['--backup-wal-dir', 'bw'], /\twal\.Create failed\t\{"error": "file already exists"\}/],
  ];
  for (const [what, setup, extra, line] of fails) {
    const { ours, theirs, ourDir } = await both([...bk, ...extra], setup);
    assert.equal(theirs.code, 1, `${what}: ${theirs.stderr}`);
    assert.equal(ours.code, 1, what);
    assert.equal(ours.stdout, theirs.stdout, what);
    assert.equal(norm(ours.stderr), beforeStack(theirs.stderr), what);
    assert.match(ours.stderr, line, what);
    // ours leaves only the empty snap dir etcd's CreateDirAll makes first (etcdutl: also the db it
    // wrote before wal.Create failed, and an empty db file in the source when it had none)
    assert.deepEqual(fs.readdirSync(path.join(ourDir, 'bk'), { recursive: true }).map(String).sort(), ['member', 'member/snap'], what);
    if (what === 'no db') assert.ok(!fs.existsSync(path.join(ourDir, 'data', 'member', 'snap', 'db')), 'no db file made in the source');
  }
  // --backup-wal-dir holding other files, or a file in its place: replaced, as etcd's wal.Create does
  const replaced: Array<[string, (d: string) => void]> = [
    ['other files', (d) => { data(d); fs.mkdirSync(path.join(d, 'bw')); fs.writeFileSync(path.join(d, 'bw', 'x'), 'x'); }],
    ['a file', (d) => { data(d); fs.writeFileSync(path.join(d, 'bw'), 'x'); }],
  ];
  for (const [what, setup] of replaced) {
    const { ours, theirs, ourDir, theirDir } = await both([...bk, '--backup-wal-dir', 'bw'], setup);
    assertSame(ours, theirs, `--backup-wal-dir with ${what}`);
    assert.equal(ours.code, 0);
    const files = (d: string) => fs.readdirSync(path.join(d, 'bw'), { recursive: true }).map(String).sort();
    assert.deepEqual(files(ourDir), files(theirDir), what);
  }
  // a .snap newer than every snapshot record of the WAL (a restored dir's .snap, the stopped
  // member's WAL): etcdutl warns with the record it looked for (the new member as its voter: an
  // ID from the clock, normalised) and goes on
  const mixed = path.join(root, 'mixed-snap-wal');
  const restored = await realUtl(['snapshot', 'restore', sources[0]!.snapshot, '--data-dir', mixed]);
  assert.equal(restored.code, 0, restored.stderr);
  fs.rmSync(path.join(mixed, 'member', 'wal'), { recursive: true });
  copyDir(path.join(stoppedDataDir, 'member', 'wal'), path.join(mixed, 'member', 'wal'));
  const noRecord = await both(['backup', '--data-dir', 'data', '--backup-dir', 'bk'], (d) => copyDir(mixed, path.join(d, 'data')));
  const voter = (s: string) => norm(s).replace(/"voters":\[\d+\]/g, '"voters":[ID]');
  assert.equal(noRecord.ours.code, noRecord.theirs.code);
  assert.equal(noRecord.ours.stdout, noRecord.theirs.stdout);
  assert.equal(voter(noRecord.ours.stderr), voter(noRecord.theirs.stderr));
  assert.match(voter(noRecord.theirs.stderr),
    /^TIME\twarn\tetcdutl\/backup_command\.go:198\tfailed to find the match snapshot record\t\{"walsnap": \{"index":\d+,"term":\d+,"conf_state":\{"voters":\[ID\],"auto_leave":false\}\}, "srcWAL": "data\/member\/wal"\}\n/);

  // a damaged .snap and foreign files: the same warnings; etcdutl also renames the .snap to
  // .snap.broken in the source (its extra line), ours leaves the source as it is
  const snapName = '0000000000000001-0000000000000001.snap';
  const damaged = await both(bk, (d) => {
    data(d);
    fs.writeFileSync(path.join(d, 'data', 'member', 'snap', snapName), 'junk\n');
    fs.writeFileSync(path.join(d, 'data', 'member', 'snap', 'foo'), '');
    fs.writeFileSync(path.join(d, 'data', 'member', 'wal', 'bar'), '');
  });
  assert.equal(damaged.ours.code, 0);
  assert.equal(damaged.theirs.code, 0);
  const renamed = /^TIME\twarn\tsnap\/snapshotter\.go:154\trenamed to a broken snap file\t.*\n/m;
  assert.match(norm(damaged.theirs.stderr), renamed);
  assert.equal(norm(damaged.ours.stderr), norm(damaged.theirs.stderr).replace(renamed, ''));
  assert.ok(fs.existsSync(path.join(damaged.ourDir, 'data', 'member', 'snap', snapName)));
});

test("backup of a running member's data dir: etcdutl gives its lock one second, then one fatal line, exit 1", async () => {
  const live = await startEtcd({ etcdBin: ETCD35_BIN });
  try {
    const dataDir = live.first.dataDir;
    const { ours, theirs, ourDir } = await both(['backup', '--data-dir', dataDir, '--backup-dir', 'bk']);
    assert.equal(theirs.code, 1, theirs.stderr);
    assert.equal(ours.code, 1, ours.stderr);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(norm(ours.stderr), beforeStack(theirs.stderr));
    assert.match(ours.stderr, /\tfatal\tetcdutl\/backup_command.go:284\ttimed out waiting to acquire lock on\t/);
    assert.deepEqual(fs.readdirSync(path.join(ourDir, 'bk'), { recursive: true }).map(String).sort(), ['member', 'member/snap']);
  } finally {
    await live.stop();
  }
});

test('snapshot restore with --wal-dir, of a 3-member cluster, with a revision bump, and under every -w: same output and files', async () => {
  const snap = sources[0]!.snapshot;
  const cluster = 'a=http://127.0.0.1:2380,b=http://127.0.0.2:2380,c=http://127.0.0.3:2380';
  const cases: string[][] = [
    ['--data-dir', 'out', '--wal-dir', 'wal'],
    ['--data-dir', 'out', '--name', 'b', '--initial-cluster', cluster, '--initial-advertise-peer-urls', 'http://127.0.0.2:2380', '--initial-cluster-token', 't'],
    ['--data-dir', 'out', '--skip-hash-check'],
    ['--data-dir', 'out', '--bump-revision', '100', '--mark-compacted'],
    ...['simple', 'json', 'fields', 'table', 'protobuf'].map((w) => ['--data-dir', 'out', '-w', w]),
  ];
  const files = (d: string) => fs.readdirSync(d, { recursive: true }).map(String).sort();
  for (const extra of cases) {
    const { ours, theirs, ourDir, theirDir } = await both(['snapshot', 'restore', snap, ...extra]);
    assertSame(ours, theirs, extra.join(' '));
    assert.equal(ours.code, 0);
    assert.deepEqual(files(ourDir), files(theirDir), extra.join(' '));
    // the .snap file (the v2 store with the new members) is the same bytes
    const snapFile = files(ourDir).find((f) => f.endsWith('.snap'))!;
    assert.ok(fs.readFileSync(path.join(ourDir, snapFile)).equals(fs.readFileSync(path.join(theirDir, snapFile))), `${extra.join(' ')}: ${snapFile}`);
  }
});

test('defrag and backup under every -w: the same output', async () => {
  for (const w of ['simple', 'json', 'fields', 'table', 'protobuf']) {
    const d = await both(['defrag', '--data-dir', 'data', '-w', w], (dir) => copyDir(stoppedDataDir, path.join(dir, 'data')));
    assertSame(d.ours, d.theirs, `defrag -w ${w}`, normDefrag);
    const b = await both(['backup', '--data-dir', 'data', '--backup-dir', 'bk', '-w', w], (dir) => copyDir(stoppedDataDir, path.join(dir, 'data')));
    assert.equal(b.ours.code, b.theirs.code, `backup -w ${w}: ${b.ours.stderr}`);
    assert.equal(b.ours.stdout, b.theirs.stdout, `backup -w ${w}`);
    assert.equal(norm(b.ours.stderr), norm(b.theirs.stderr), `backup -w ${w}`);
  }
});
