// endpoint health|status|hashkv [--cluster] through runV3 with fake clients, one per endpoint:
// which endpoints are asked (--endpoints as given, or the member list's client URLs), what each is
// asked, the printed rows (etcdctl 3.4.23's golden captures), and how failures end the command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemberListResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { RangeResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { goldenFile, hashKVFromJson, parseJson, statusFromJson, type Format, type JsonValue } from '../../printer/golden.js';
import { assertGolden, grpcError, helpGolden, requests, runFake, type Handlers } from '../../../helpers/fake-v3.js';

const EP = '127.0.0.1:21379';
const DEAD = '127.0.0.1:21999';
/** the capture ran etcdctl with --endpoints=EP before the command's own flags */
const ctl = (...argv: string[]) => [`--endpoints=${EP}`, ...argv];

const inJson = (f: Format, name: string) => parseJson(goldenFile(f, `${name}.in.json`).toString()) as Array<{ [k: string]: JsonValue }>;
const deadline = () => { throw grpcError('context deadline exceeded', 4); };

test('endpoint status: one status call per endpoint, the rows printed (golden captures)', async () => {
  for (const format of ['simple', 'json', 'fields', 'table'] as const) {
    const status = statusFromJson(inJson(format, 'endpoint_status')[0]!.Status!);
    const r = await runFake(ctl('endpoint', 'status', '-w', format), { endpointHandlers: { [EP]: { status: () => status } } });
    assert.deepEqual(r.clientForCalls, [{ endpoints: [EP], opts: { shareAuth: true } }]);
    assert.equal(requests(r, 'status').length, 1);
    assertGolden(r, format, 'endpoint_status');
  }
  const p = await runFake(ctl('endpoint', 'status', '-w', 'protobuf'), { endpointHandlers: { [EP]: { status: () => statusFromJson(inJson('simple', 'endpoint_status')[0]!.Status!) } } });
  assertGolden(p, 'protobuf', 'endpoint_status');
});

test('endpoint status: a failing endpoint is reported on stderr, the others printed, exit 1 without Error:', async () => {
  for (const format of ['simple', 'json'] as const) {
    const status = statusFromJson(inJson(format, 'endpoint_status_dead')[0]!.Status!);
    const r = await runFake(ctl('endpoint', 'status', `--endpoints=${EP},${DEAD}`, '--command-timeout=1s', '-w', format), {
      endpointHandlers: { [EP]: { status: () => status }, [DEAD]: { status: deadline } },
    });
    assert.deepEqual(r.clientForCalls.map((c) => c.endpoints), [[EP], [EP], [DEAD]]);
    assertGolden(r, format, 'endpoint_status_dead');
  }
});

test('endpoint hashkv [--rev]: the revision asked, the rows printed; a failure is Error: <last error>', async () => {
  for (const format of ['simple', 'json', 'fields', 'table'] as const) {
    const hash = hashKVFromJson(inJson(format, 'endpoint_hashkv')[0]!.HashKV!);
    const r = await runFake(ctl('endpoint', 'hashkv', '-w', format), { endpointHandlers: { [EP]: { hashKV: () => hash } } });
    assert.deepEqual(requests(r, 'hashKV'), [{ revision: 0n }]);
    assertGolden(r, format, 'endpoint_hashkv');
  }
  const future = () => { throw grpcError('etcdserver: mvcc: required revision is a future revision', 11); };
  const r = await runFake(ctl('endpoint', 'hashkv', '--rev=1000'), { endpointHandlers: { [EP]: { hashKV: future } } });
  assert.deepEqual(requests(r, 'hashKV'), [{ revision: 1000n }]);
  const line = 'Failed to get the hash of endpoint 127.0.0.1:21379 (etcdserver: mvcc: required revision is a future revision)\n';
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', `${line}Error: etcdserver: mvcc: required revision is a future revision\n`, 1]);
  const flag = await runFake(ctl('endpoint', 'hashkv', '--rev=x'));
  const msg = 'Error: invalid argument "x" for "--rev" flag: strconv.ParseInt: parsing "x": invalid syntax\n';
  assert.deepEqual([flag.stdout, flag.stderr, flag.code, flag.calls.length], [helpGolden('endpoint hashkv'), `${msg}\n${msg}`, 1, 0]);
});

test('endpoint health: a linearizable get of "health" per endpoint; unhealthy ones end in exit 1', async () => {
  const ok: Handlers = { range: () => RangeResponse.fromPartial({}) };
  const r = await runFake(ctl('endpoint', 'health'), { endpointHandlers: { [EP]: ok } });
  assert.deepEqual(requests(r, 'range'), [{ key: Buffer.from('health') }]);
  assert.deepEqual(r.clientForCalls, [{ endpoints: [EP], opts: {} }]);
  // the health line goes to stderr (etcdctl's simple printer), with the time it took
  assert.match(r.stderr, /^127\.0\.0\.1:21379 is healthy: successfully committed proposal: took = \d+(\.\d+)?(ns|µs|ms|s)\n$/);
  assert.deepEqual([r.stdout, r.code], ['', 0]);
  // permission denied means the proposal was committed
  const denied = await runFake(ctl('endpoint', 'health'), { endpointHandlers: { [EP]: { range: () => { throw grpcError('etcdserver: permission denied', 7); } } } });
  assert.equal(denied.code, 0);
  const dead = await runFake(ctl('endpoint', 'health', `--endpoints=${DEAD}`), { endpointHandlers: { [EP]: ok, [DEAD]: { range: deadline } } });
  const lines = dead.stderr.split('\n');
  assert.equal(lines.filter((l) => l.startsWith('127.0.0.1:21379 is healthy: successfully committed proposal: took = ')).length, 1);
  assert.ok(lines.includes('127.0.0.1:21999 is unhealthy: failed to commit proposal: context deadline exceeded'));
  assert.ok(dead.stderr.endsWith('Error: unhealthy cluster\n'));
  assert.equal(dead.code, 1);
  const json = await runFake(ctl('endpoint', 'health', '-w', 'json'), { endpointHandlers: { [EP]: ok } });
  assert.match(json.stdout, /^\[\{"endpoint":"127\.0\.0\.1:21379","health":true,"took":"[0-9.]+(ns|µs|ms|s)"\}\]\n$/);
  assertGolden(await runFake(ctl('endpoint', 'health', '-w', 'protobuf'), { endpointHandlers: { [EP]: ok } }), 'protobuf', 'endpoint_health');
});

test('endpoint --cluster: the members client URLs, asked without credentials; a failed list is exit 1', async () => {
  const members = MemberListResponse.fromPartial({ members: [{ ID: 1n, clientURLs: ['http://a:1'] }, { ID: 2n, clientURLs: ['http://b:2', 'http://c:3'] }] });
  const status = statusFromJson(inJson('simple', 'endpoint_status')[0]!.Status!);
  const r = await runFake(ctl('endpoint', 'status', '--cluster'), {
    endpointHandlers: { [EP]: { memberList: () => members }, 'http://a:1': { status: () => status }, 'http://b:2': { status: () => status }, 'http://c:3': { status: () => status } },
  });
  assert.deepEqual(r.clientForCalls, [
    { endpoints: [EP], opts: { noAuth: true } },
    { endpoints: ['http://a:1'], opts: { shareAuth: true } },
    { endpoints: ['http://b:2'], opts: { shareAuth: true } },
    { endpoints: ['http://c:3'], opts: { shareAuth: true } },
  ]);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('http://')).length, 3);
  const fail = await runFake(ctl('endpoint', 'health', '--cluster'), { endpointHandlers: { [EP]: { memberList: deadline } } });
  assert.deepEqual([fail.stdout, fail.stderr, fail.code], ['', 'Error: failed to fetch endpoints from etcd cluster member list: context deadline exceeded\n', 1]);
  // `endpoint` alone prints its help
  const bare = await runFake(['endpoint']);
  assert.deepEqual([bare.stdout, bare.code], [helpGolden('endpoint'), 0]);
});
