// defrag through runV3: online, each endpoint (or --cluster's member URLs) defragmented through its
// own fake client, failures on stderr and exit 1 without Error:; offline (--data-dir) on a copy of
// a real etcd 3.4.23 snapshot, and the fatal open error etcdctl panics with.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemberListResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { runDefragOffline } from '../../../../commands/v3/defrag.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { grpcError, helpGolden, requests, runFake, type Handlers } from '../../../helpers/fake-v3.js';
import { tmp } from '../../../helpers/disk-helpers.js';

const ok: Handlers = { defragment: () => ({ header: undefined }) };
const root = tmp('defrag-cmd-');
after(() => fs.rmSync(root, { recursive: true, force: true }));
const SNAP = new URL('./golden/snapshot/snap.db', import.meta.url);

test('defrag: each endpoint in turn, through its own client with the shared token', async () => {
  const r = await runFake(['defrag', '--endpoints=a:1,b:2', 'ignored'], { endpointHandlers: { 'a:1': ok, 'b:2': ok } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['Finished defragmenting etcd member[a:1]\nFinished defragmenting etcd member[b:2]\n', '', 0]);
  assert.deepEqual(r.clientForCalls, [{ endpoints: ['a:1'], opts: { shareAuth: true } }, { endpoints: ['b:2'], opts: { shareAuth: true } }]);
  assert.equal(requests(r, 'defragment').length, 2);
  assert.ok((r.calls[0]!.args[0] as { deadline: Date }).deadline instanceof Date);
});

test('defrag: a failing member is reported on stderr, the others still done, exit 1 without Error:', async () => {
  const r = await runFake(['defrag', '--endpoints=a:1,b:2'], {
    endpointHandlers: { 'a:1': { defragment: () => { throw grpcError('context deadline exceeded', 4); } }, 'b:2': ok },
  });
  assert.deepEqual(
    [r.stdout, r.stderr, r.code],
    ['Finished defragmenting etcd member[b:2]\n', 'Failed to defragment etcd member[a:1] (context deadline exceeded)\n', 1],
  );
});

test('defrag --cluster: the member list (without credentials) gives the endpoints', async () => {
  const members = MemberListResponse.fromPartial({ members: [{ ID: 1n, clientURLs: ['http://m1:1'] }, { ID: 2n, clientURLs: ['http://m2:2'] }] });
  const r = await runFake(['defrag', '--cluster'], { endpointHandlers: { '127.0.0.1:2379': { memberList: () => members }, 'http://m1:1': ok, 'http://m2:2': ok } });
  assert.equal(r.stdout, 'Finished defragmenting etcd member[http://m1:1]\nFinished defragmenting etcd member[http://m2:2]\n');
  assert.deepEqual(r.clientForCalls[0], { endpoints: ['127.0.0.1:2379'], opts: { noAuth: true } });
  const flag = await runFake(['defrag', '--cluster=maybe']);
  const msg = 'Error: invalid argument "maybe" for "--cluster" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n';
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('defrag'), `${msg}\n${msg}`, 1]);
});

test('defrag --data-dir: the db rewritten offline, its content (snapshot status) unchanged', async () => {
  const dataDir = path.join(root, 'd1');
  fs.mkdirSync(path.join(dataDir, 'member', 'snap'), { recursive: true });
  const db = path.join(dataDir, 'member', 'snap', 'db');
  fs.copyFileSync(SNAP, db);
  const before = await runFake(['snapshot', 'status', db, '-w', 'json']);
  const r = await runFake(['defrag', '--data-dir', dataDir]);
  assert.deepEqual([r.stdout, r.stderr, r.code, r.clientForCalls.length], ['', '', 0, 0]);
  const afterStatus = await runFake(['snapshot', 'status', db, '-w', 'json']);
  const fields = (s: string) => {
    const { hash, revision, totalKey } = JSON.parse(s) as Record<string, number>;
    return { hash, revision, totalKey };
  };
  assert.deepEqual(fields(afterStatus.stdout), fields(before.stdout));
  // direct call: an already compact database is fine too
  await runDefragOffline(dataDir, new BufferIO());
});

test('defrag --data-dir on a missing directory: etcdctl\'s fatal log line and panic, exit 2', async () => {
  const dir = path.join(root, 'nonexistent', 'dir');
  const r = await runFake(['defrag', '--data-dir', dir]);
  const db = `${dir}/member/snap/db`;
  const lines = r.stderr.split('\n');
  assert.match(lines[0]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} C \\| mvcc/backend: cannot open database at ${db} \\(open ${db}: no such file or directory\\)$`));
  assert.equal(lines[1], `panic: cannot open database at ${db} (open ${db}: no such file or directory)`);
  assert.deepEqual([r.stdout, r.code], ['', 2]);
});
