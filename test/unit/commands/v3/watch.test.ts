// watch through runV3 with a fake watch stream: the create request (key bytes, range, --rev,
// --prev-kv, require-leader), the argument errors before any stream, each response printed, the
// server's cancel ending the command (exit 5), -i lines, and the command run per event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatchResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import type { Format } from '../../printer/golden.js';
import { golden } from '../../printer/golden.js';
import { fakeConn, goldenResponse, helpGolden, runFake, type FakeStream } from '../../../helpers/fake-v3.js';

const WATCH = '/etcdserverpb.Watch/Watch';
const b = (s: string) => Buffer.from(s);
const header = { clusterId: 1n, memberId: 2n, revision: 13n, raftTerm: 2n };

interface CreateRequest {
  key: Buffer;
  rangeEnd: Buffer;
  startRevision: bigint;
  prevKv: boolean;
}

/**
 * A server that answers each create with `created` (watch id = creation order), then sends the
 * responses `after(watchId, index)` gives for that watch.
 */
function watchServer(after: (id: bigint, req: CreateRequest) => WatchResponse[], seen: FakeStream[] = []) {
  return fakeConn({
    [WATCH]: (s) => {
      seen.push(s);
      let next = 1n;
      s.onRequest = (req) => {
        const u = (req as { requestUnion?: { $case: string; createRequest?: CreateRequest } }).requestUnion;
        if (u?.$case !== 'createRequest') return;
        const id = next++;
        s.send(WatchResponse.fromPartial({ header, watchId: id, created: true }));
        for (const r of after(id, u.createRequest!)) s.send({ ...r, watchId: id });
      };
    },
  });
}

const golden2 = (f: Format, a: string, z: string) => Buffer.concat([golden(f, a).out, golden(f, z).out]).toString();

test('watch: the create request, each response printed, the server cancel ends it (exit 5)', async () => {
  const streams: FakeStream[] = [];
  const conn = watchServer(() => [goldenResponse(WatchResponse, 'watch_put'), goldenResponse(WatchResponse, 'watch_compacted')], streams);
  for (const format of ['simple', 'json'] as const) {
    const r = await runFake(['watch', 'w1', '--prev-kv', '--rev', '7', '-w', format], { clientExtra: { conn } });
    assert.equal(r.stdout, golden2(format, 'watch_put', 'watch_compacted'), format);
    assert.equal(r.stderr, golden(format, 'watch_compacted').err, format);
    assert.equal(r.code, golden(format, 'watch_compacted').code);
  }
  const create = streams[0]!.requests[0] as { requestUnion: { createRequest: CreateRequest } };
  assert.deepEqual(create.requestUnion.createRequest, {
    key: b('w1'), rangeEnd: b(''), startRevision: 7n, progressNotify: false, filters: [], prevKv: true, watchId: 0n, fragment: false,
  });
  // clientv3's WithRequireLeader
  assert.equal((streams[0]!.opts as { requireLeader: boolean }).requireLeader, true);
});

test('watch: ranges, --prefix, the key from ETCDCTL_WATCH_KEY', async () => {
  const created: CreateRequest[] = [];
  const conn = watchServer((_id, req) => {
    created.push(req);
    return [goldenResponse(WatchResponse, 'watch_compacted')];
  });
  const run = (argv: string[], env = {}) => runFake(['watch', ...argv], { clientExtra: { conn }, env });
  assert.equal((await run(['a', 'c'])).code, 5);
  assert.equal((await run(['ab', '--prefix'])).code, 5);
  assert.equal((await run(['', '--prefix'])).code, 5);
  assert.equal((await run([], { ETCDCTL_WATCH_KEY: 'ek', ETCDCTL_WATCH_RANGE_END: 'ez' })).code, 5);
  assert.deepEqual(
    created.map((c) => [c.key.toString('latin1'), c.rangeEnd.toString('latin1')]),
    [['a', 'c'], ['ab', 'ac'], ['\0', '\0'], ['ek', 'ez']],
  );
});

test('watch argument errors: exit 128 with etcdctl messages, no stream opened', async () => {
  const streams: FakeStream[] = [];
  const conn = watchServer(() => [], streams);
  const cases: Array<[string[], Record<string, string>, string]> = [
    [[], {}, 'bad number of arguments'],
    [['a', '--'], {}, 'bad number of arguments (found separator --, but no commands)'],
    [['a'], { ETCDCTL_WATCH_KEY: 'k' }, 'bad number of arguments (found conflicting environment key)'],
    [['a'], { ETCDCTL_WATCH_RANGE_END: 'x' }, 'ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="x"'],
    [['a', 'b', '--prefix'], {}, '`range_end` and `--prefix` are mutually exclusive'],
  ];
  for (const [argv, env, msg] of cases) {
    const r = await runFake(['watch', ...argv], { clientExtra: { conn }, env });
    assert.deepEqual([r.stdout, r.stderr, r.code], ['', `Error: ${msg}\n`, 128], argv.join(' '));
  }
  assert.equal(streams.length, 0);
  const flagErr = await runFake(['watch', 'a', '--rev=x'], { clientExtra: { conn } });
  const msg = 'Error: invalid argument "x" for "--rev" flag: strconv.ParseInt: parsing "x": invalid syntax\n';
  assert.deepEqual([flagErr.stdout, flagErr.stderr, flagErr.code], [helpGolden('watch'), `${msg}\n${msg}`, 1]);
});

test('watch -w table: the format is refused when the first response is printed (exit 4)', async () => {
  const conn = watchServer(() => [goldenResponse(WatchResponse, 'watch_put')]);
  const r = await runFake(['watch', 'w1', '-w', 'table'], { clientExtra: { conn } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', golden('table', 'watch_put').err, golden('table', 'watch_put').code]);
});

test('watch: a stream the server ends with etcdserver: no leader cancels the watch', async () => {
  const conn = fakeConn({
    [WATCH]: (s) => {
      s.onRequest = () => {
        s.send(WatchResponse.fromPartial({ header, watchId: 1n, created: true }));
        s.end(14, 'etcdserver: no leader');
      };
    },
  });
  const r = await runFake(['watch', 'k'], { clientExtra: { conn } });
  assert.deepEqual(
    [r.stdout, r.stderr, r.code],
    ['', 'watch was canceled (etcdserver: no leader)\nError: watch is canceled by the server\n', 5],
  );
});

test('watch -- cmd: runs the command per event with ETCD_WATCH_* set', async () => {
  const conn = watchServer(() => [goldenResponse(WatchResponse, 'watch_put'), goldenResponse(WatchResponse, 'watch_compacted')]);
  const argv = ['watch', 'w1', '--', 'sh', '-c', 'echo "$ETCD_WATCH_REVISION $ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_KEY $ETCD_WATCH_VALUE"'];
  const r = await runFake(argv, { clientExtra: { conn }, env: { PATH: process.env.PATH } });
  assert.equal(r.stdout, golden('simple', 'watch_put').out.toString() + '14 "PUT" "w1" "new"\n');
  assert.equal(r.code, 5);
  const failing = await runFake(['watch', 'w1', '--', 'sh', '-c', 'exit 3'], { clientExtra: { conn }, env: { PATH: process.env.PATH } });
  assert.equal(failing.stderr, 'command ["sh" "-c" "exit 3"] error (exit status 3)\n');
  assert.equal(failing.code, 1);
});

test('watch -i: watch lines start watches, other lines are reported, end of input is exit 3', async () => {
  const created: CreateRequest[] = [];
  const conn = watchServer((_id, req) => {
    created.push(req);
    return [];
  });
  const stdin = 'watch a --rev=3\nbogus\n\nwatch\nwatch x y --prefix\nwatch p --prefix --prev-kv\n';
  const r = await runFake(['watch', '-i'], { clientExtra: { conn }, stdin });
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    'Invalid command bogus (only support watch)\n' +
      'Invalid command:  (watch and progress supported)\n' +
      'Invalid command watch (command type or key is not provided)\n' +
      'Invalid command watch x y --prefix (`range_end` and `--prefix` are mutually exclusive)\n' +
      'Error: Error reading watch request line: EOF\n',
  );
  assert.equal(r.code, 3);
  assert.deepEqual(
    created.map((c) => [c.key.toString(), c.rangeEnd.toString(), c.startRevision, c.prevKv]),
    [['a', '', 3n, false], ['p', 'q', 0n, true]],
  );
});
