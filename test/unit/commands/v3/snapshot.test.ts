// snapshot save|status|restore through runV3: save against a fake Maintenance/Snapshot stream
// (the file written, the log lines, failures), status and restore offline on a real etcd 3.4.23
// snapshot (golden/snapshot, captured with capture.sh: etcdctl's status output in every format),
// and every argument error.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newSnapshotCommand, parseSnapshotRestoreOptions, parseSnapshotSaveOptions, parseSnapshotStatusOptions } from '../../../../commands/v3/snapshot.js';
import { fakeConn, parseContext, runFake, type FakeStream } from '../../../helpers/fake-v3.js';
import { tmp } from '../../../helpers/disk-helpers.js';

const SNAPSHOT = '/etcdserverpb.Maintenance/Snapshot';
const dir = new URL('./golden/snapshot/', import.meta.url);
const SNAP = new URL('snap.db', dir).pathname;
const snapBytes = fs.readFileSync(SNAP);
const captured = (format: string, ext: string) => fs.readFileSync(new URL(`status.${format}.${ext}`, dir), 'utf8');
const root = tmp('snapshot-cmd-');
after(() => fs.rmSync(root, { recursive: true, force: true }));
const sub = (name: string) => newSnapshotCommand().subcommands.find((c) => c.name() === name)!;

/** A snapshot stream answering with `bytes` in chunks, then ending with `code`/`details`. */
function snapshotServer(bytes: Buffer, code = 0, details = '', seen: FakeStream[] = []) {
  return fakeConn({
    [SNAPSHOT]: (s) => {
      seen.push(s);
      for (let i = 0; i < bytes.length; i += 4096) s.send(bytes.subarray(i, i + 4096));
      s.end(code, details);
    },
  });
}

const zapMessages = (stderr: string) => stderr.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { msg: string }).msg);

test('snapshot status prints what etcdctl 3.4.23 printed for the same file, in every format', async () => {
  for (const format of ['simple', 'json', 'fields', 'table', 'protobuf']) {
    const r = await runFake(['snapshot', 'status', SNAP, '-w', format]);
    assert.deepEqual([r.stdout, r.stderr, r.code], [captured(format, 'out'), captured(format, 'err'), Number(captured(format, 'code'))], format);
    assert.equal(r.calls.length, 0);
  }
});

test('snapshot status errors: a missing file, not a database (exit 1), an unknown format first (exit 4)', async () => {
  const missing = await runFake(['snapshot', 'status', '/nonexistent.db']);
  assert.deepEqual([missing.stdout, missing.stderr, missing.code], ['', 'Error: stat /nonexistent.db: no such file or directory\n', 1]);
  const garbage = path.join(root, 'g.db');
  fs.writeFileSync(garbage, 'garbage\n');
  const bad = await runFake(['snapshot', 'status', garbage]);
  assert.deepEqual([bad.stdout, bad.stderr, bad.code], ['', 'Error: invalid database\n', 1]);
  const format = await runFake(['snapshot', 'status', garbage, '-w', 'xml']);
  assert.deepEqual([format.stdout, format.stderr, format.code], ['', 'Error: unsupported output format\n', 4]);
});

test('snapshot save: the stream is written to the file, logged as etcdctl logs it', async () => {
  const file = path.join(root, 'saved.db');
  const seen: FakeStream[] = [];
  const r = await runFake(['--endpoints=127.0.0.1:14000', 'snapshot', 'save', file], {
    endpointHandlers: { '127.0.0.1:14000': {} },
    clientExtra: { conn: snapshotServer(snapBytes, 0, '', seen) },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `Snapshot saved at ${file}\n`);
  assert.deepEqual(fs.readFileSync(file), snapBytes);
  assert.ok(!fs.existsSync(`${file}.part`));
  // with clientv3's two lines around the stream (etcdctl prints them too; its order of the first
  // two and "fetching snapshot" varies from run to run, ours is this one)
  assert.deepEqual(zapMessages(r.stderr), [
    'created temporary db file',
    'opened snapshot stream; downloading',
    'fetching snapshot',
    'completed snapshot read; closing',
    'fetched snapshot',
    'saved',
  ]);
  assert.deepEqual(r.clientForCalls, [{ endpoints: ['127.0.0.1:14000'], opts: { flowControlWindow: 4 << 20 } }]);
  // no --command-timeout given: the stream has no deadline
  assert.deepEqual(seen[0]!.opts, {});
  const bounded: FakeStream[] = [];
  await runFake(['snapshot', 'save', path.join(root, 'b.db'), '--command-timeout=30s'], {
    endpointHandlers: { '127.0.0.1:2379': {} },
    clientExtra: { conn: snapshotServer(snapBytes, 0, '', bounded) },
  });
  assert.ok((bounded[0]!.opts as { deadline?: Date }).deadline instanceof Date);
});

test('snapshot save failures: exit 5, no file left behind', async () => {
  const file = path.join(root, 'failed.db');
  const denied = await runFake(['snapshot', 'save', file], {
    endpointHandlers: { '127.0.0.1:2379': {} },
    clientExtra: { conn: snapshotServer(snapBytes.subarray(0, 8192), 7, 'etcdserver: permission denied') },
  });
  assert.equal(denied.stdout, '');
  assert.ok(denied.stderr.endsWith('Error: etcdserver: permission denied\n'), denied.stderr);
  assert.equal(denied.code, 5);
  assert.ok(!fs.existsSync(file) && !fs.existsSync(`${file}.part`));
  // a stream cut short of its sha256 trailer is not saved either
  const cut = await runFake(['snapshot', 'save', file], { endpointHandlers: { '127.0.0.1:2379': {} }, clientExtra: { conn: snapshotServer(snapBytes.subarray(0, 100)) } });
  assert.equal(cut.code, 5);
  assert.ok(!fs.existsSync(file) && !fs.existsSync(`${file}.part`));
  const two = await runFake(['--endpoints=127.0.0.1:14000', 'snapshot', 'save', file, '--endpoints=127.0.0.1:14000']);
  assert.deepEqual(
    [two.stdout, two.stderr, two.code, two.clientForCalls.length],
    ['', 'Error: snapshot must be requested to one selected node, not multiple [127.0.0.1:14000 127.0.0.1:14000]\n', 5, 0],
  );
});

test('snapshot restore: a data directory from the snapshot; a missing file is exit 1', async () => {
  const dataDir = path.join(root, 'restored');
  const r = await runFake(['snapshot', 'restore', SNAP, '--data-dir', dataDir, '--name', 'm1', '--initial-cluster', 'm1=http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.deepEqual(zapMessages(r.stderr), ['restoring snapshot', 'added member', 'restored snapshot']);
  assert.ok(fs.statSync(path.join(dataDir, 'member', 'snap', 'db')).isFile());
  assert.ok(fs.readdirSync(path.join(dataDir, 'member', 'wal')).length > 0);
  const missing = await runFake(['snapshot', 'restore', '/nonexistent.db', '--data-dir', path.join(root, 'never')]);
  assert.ok(missing.stderr.endsWith('Error: open /nonexistent.db: no such file or directory\n'), missing.stderr);
  assert.equal(missing.code, 1);
  assert.ok(!fs.existsSync(path.join(root, 'never')));
  // etcdctl's checks of the target and the cluster configuration, before anything is written
  const exists = path.join(root, 'exists');
  fs.mkdirSync(exists);
  const cases: Array<[string[], string]> = [
    [['--data-dir', exists], `data-dir "${exists}" exists`],
    [['--data-dir', path.join(root, 'r2'), '--initial-cluster=bad'], 'URL scheme must be http, https, unix, or unixs: '],
    [['--data-dir', path.join(root, 'r3'), '--name', 'other'], 'couldn\'t find local name "other" in the initial cluster configuration'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['snapshot', 'restore', SNAP, ...argv]);
    assert.ok(r.stderr.endsWith(`Error: ${msg}\n`), r.stderr);
    assert.deepEqual([r.stdout, r.code], ['', 1]);
  }
  assert.deepEqual(fs.readdirSync(exists), []);
  assert.ok(!fs.existsSync(path.join(root, 'r2')) && !fs.existsSync(path.join(root, 'r3')));
});

test('snapshot argument errors: exit 128 with etcdctl messages', async () => {
  const cases: Array<[string[], string]> = [
    [['save'], 'snapshot save expects one argument'],
    [['save', 'a', 'b'], 'snapshot save expects one argument'],
    [['status'], 'snapshot status requires exactly one argument'],
    [['status', 'a', 'b'], 'snapshot status requires exactly one argument'],
    [['restore'], 'snapshot restore requires exactly one argument'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['snapshot', ...argv]);
    assert.deepEqual([r.stdout, r.stderr, r.code, r.clientForCalls.length], ['', `Error: ${msg}\n`, 128, 0], argv.join(' '));
  }
  assert.deepEqual(parseSnapshotSaveOptions(parseContext(sub('save'), ['f.db'])), { path: 'f.db', bounded: false });
  assert.deepEqual(parseSnapshotStatusOptions(parseContext(sub('status'), ['f.db'], { 'write-out': 'json' })), { path: 'f.db', format: 'json' });
  assert.deepEqual(parseSnapshotRestoreOptions(parseContext(sub('restore'), ['f.db'], { 'skip-hash-check': 'true' })), {
    snapshotPath: 'f.db', name: 'default', dataDir: '', walDir: '', initialCluster: 'default=http://localhost:2380',
    initialClusterToken: 'etcd-cluster', initialAdvertisePeerUrls: 'http://localhost:2380', skipHashCheck: true, bumpRevision: 0n,
  });
});
