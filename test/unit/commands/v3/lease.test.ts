// lease grant|revoke|timetolive|list|keep-alive through runV3 with a fake client: TTLs and lease
// ids (hex arguments, int64 bigints) in the requests, the argument errors (exit 128), etcdctl's
// wrapping of server errors (grant/revoke exit 1, timetolive/list/keep-alive exit 2), and the
// printed responses compared with etcdctl 3.4.23's golden captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaseGrantResponse, LeaseKeepAliveResponse, ResponseHeader } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { leaseFromArg, newLeaseCommand, parseLeaseGrantOptions, parseLeaseKeepAliveOptions, runLeaseRevoke } from '../../../../commands/v3/lease.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { golden, goldenFile, headerFromJson, parseJson, type Format } from '../../printer/golden.js';
import { assertGolden, directFactory, fakeConn, grpcError, helpGolden, parseContext, requests, runFake, type FakeStream } from '../../../helpers/fake-v3.js';

const KEEPALIVE = '/etcdserverpb.Lease/LeaseKeepAlive';
/** The header of a lease response: the json run's (the same in every run of the capture). */
const header = (name: string) => headerFromJson(parseJson(golden('json', name).out.toString()));
/** lease revoke's json nests the header */
const revokeHeader = () => headerFromJson((parseJson(golden('json', 'lease_revoke').out.toString()) as { header: never }).header);
const hexId = (f: Format, file: string) => BigInt('0x' + goldenFile(f, file).toString().trim());
const sub = (name: string) => newLeaseCommand().subcommands.find((c) => c.name() === name)!;

test('lease grant <ttl>: the TTL as int64, the lease printed as etcdctl did', async () => {
  for (const format of ['simple', 'json'] as const) {
    const out = golden(format, 'lease_grant').out.toString();
    const ID = format === 'simple' ? BigInt('0x' + /lease ([0-9a-f]{16})/.exec(out)![1]) : BigInt(/"ID":(\d+)/.exec(out)![1]!);
    const resp = LeaseGrantResponse.fromPartial({ header: ResponseHeader.decode(golden('protobuf', 'lease_grant').out), ID, TTL: 100n });
    const r = await runFake(['lease', 'grant', '100', '-w', format], { handlers: { leaseGrant: () => resp } });
    assert.deepEqual(requests(r, 'leaseGrant'), [{ TTL: 100n }]);
    assertGolden(r, format, 'lease_grant');
  }
  const r = await runFake(['lease', 'grant', '100', '-w', 'table'], { handlers: { leaseGrant: () => LeaseGrantResponse.fromPartial({ TTL: 100n }) } });
  assertGolden(r, 'table', 'lease_grant');
  // a negative TTL goes to the server (etcd grants its minimum TTL)
  const neg = await runFake(['lease', 'grant', '--', '-5'], { handlers: { leaseGrant: () => LeaseGrantResponse.fromPartial({ ID: 0xaca251a8e93518n, TTL: 2n }) } });
  assert.deepEqual(requests(neg, 'leaseGrant'), [{ TTL: -5n }]);
  assert.deepEqual([neg.stdout, neg.code], ['lease 00aca251a8e93518 granted with TTL(2s)\n', 0]);
  const big = await runFake(['lease', 'grant', '99999999999'], { handlers: { leaseGrant: () => { throw grpcError('etcdserver: too large lease TTL', 11); } } });
  assert.deepEqual([big.stdout, big.stderr, big.code], ['', 'Error: failed to grant lease (etcdserver: too large lease TTL)\n', 1]);
});

test('lease revoke <id>: the hex id as a bigint; server errors wrapped, exit 1', async () => {
  for (const format of ['simple', 'json'] as const) {
    const r = await runFake(['lease', 'revoke', goldenFile(format, 'lease_gone_id.txt').toString().trim(), '-w', format], {
      handlers: { leaseRevoke: () => ({ header: revokeHeader() }) },
    });
    assert.deepEqual(requests(r, 'leaseRevoke'), [{ ID: hexId(format, 'lease_gone_id.txt') }]);
    assertGolden(r, format, 'lease_revoke');
  }
  const missing = await runFake(['lease', 'revoke', '1'], { handlers: { leaseRevoke: () => { throw grpcError('etcdserver: requested lease not found', 5); } } });
  assert.deepEqual([missing.stdout, missing.stderr, missing.code], ['', 'Error: failed to revoke lease (etcdserver: requested lease not found)\n', 1]);
});

test('lease timetolive <id> [--keys]: the request, the three printed forms; errors exit 2', async () => {
  for (const format of ['simple', 'json'] as const) {
    const ID = hexId(format, 'lease_id.txt');
    const argv = ['lease', 'timetolive', goldenFile(format, 'lease_id.txt').toString().trim(), '-w', format];
    const live = { header: header('lease_timetolive'), ID, TTL: 299n, grantedTTL: 300n, keys: [] };
    const r = await runFake(argv, { handlers: { leaseTimeToLive: () => live } });
    assert.deepEqual(requests(r, 'leaseTimeToLive'), [{ ID, keys: false }]);
    assertGolden(r, format, 'lease_timetolive');
    const keys = await runFake([...argv, '--keys'], {
      handlers: { leaseTimeToLive: () => ({ ...live, header: header('lease_timetolive_keys'), keys: [Buffer.from('lk1'), Buffer.from('lk2')] }) },
    });
    assert.deepEqual(requests(keys, 'leaseTimeToLive'), [{ ID, keys: true }]);
    assertGolden(keys, format, 'lease_timetolive_keys');
    const goneId = hexId(format, 'lease_gone_id.txt');
    const gone = await runFake(['lease', 'timetolive', goneId.toString(16).padStart(16, '0'), '-w', format], {
      handlers: { leaseTimeToLive: () => ({ header: header('lease_timetolive_expired'), ID: goneId, TTL: -1n, grantedTTL: 0n, keys: [] }) },
    });
    assertGolden(gone, format, 'lease_timetolive_expired');
  }
  const err = await runFake(['lease', 'timetolive', '1'], { handlers: { leaseTimeToLive: () => { throw grpcError('etcdserver: permission denied', 7); } } });
  assert.deepEqual([err.stderr, err.code], ['Error: etcdserver: permission denied\n', 2]);
});

test('lease list: every lease printed; errors exit 2', async () => {
  for (const format of ['simple', 'json'] as const) {
    const ids = format === 'simple'
      ? golden(format, 'lease_list').out.toString().split('\n').slice(1, -1).map((h) => BigInt('0x' + h))
      : [...golden(format, 'lease_list').out.toString().matchAll(/"id":(\d+)/g)].map((m) => BigInt(m[1]!));
    const r = await runFake(['lease', 'list', '-w', format], { handlers: { leaseLeases: () => ({ header: header('lease_list'), leases: ids.map((ID) => ({ ID })) }) } });
    assert.equal(requests(r, 'leaseLeases').length, 1);
    assertGolden(r, format, 'lease_list');
  }
  const err = await runFake(['lease', 'list'], { handlers: { leaseLeases: () => { throw grpcError('context deadline exceeded', 4); } } });
  assert.deepEqual([err.stderr, err.code], ['Error: context deadline exceeded\n', 2]);
});

/** A keep-alive server answering each request with `answer(id)`. */
function keepAliveServer(answer: (id: bigint) => Partial<LeaseKeepAliveResponse>, seen: FakeStream[] = []) {
  return fakeConn({
    [KEEPALIVE]: (s) => {
      seen.push(s);
      s.onRequest = (req) => s.send(LeaseKeepAliveResponse.fromPartial(answer((req as { ID: bigint }).ID)));
    },
  });
}

test('lease keep-alive --once: one renewal printed; a lease gone is exit 2', async () => {
  for (const format of ['simple', 'json'] as const) {
    const ID = hexId(format, 'lease_id.txt');
    const seen: FakeStream[] = [];
    const conn = keepAliveServer((id) => ({ header: header('lease_keepalive'), ID: id, TTL: 300n }), seen);
    const r = await runFake(['lease', 'keep-alive', '--once', ID.toString(16).padStart(16, '0'), '-w', format], { clientExtra: { conn } });
    assert.deepEqual(seen[0]!.requests, [{ ID }]);
    assertGolden(r, format, 'lease_keepalive');
  }
  const gone = await runFake(['lease', 'keep-alive', '--once', '1'], { clientExtra: { conn: keepAliveServer((ID) => ({ ID, TTL: 0n })) } });
  assert.deepEqual([gone.stdout, gone.stderr, gone.code], ['', 'Error: etcdserver: requested lease not found\n', 2]);
});

test('lease keep-alive: renewals until the lease is gone, then `expired or revoked` (simple only)', async () => {
  const conn = keepAliveServer((ID) => ({ header: { clusterId: 1n, memberId: 2n, revision: 3n, raftTerm: 4n }, ID, TTL: 0n }));
  const r = await runFake(['lease', 'keep-alive', '1f'], { clientExtra: { conn } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['lease 000000000000001f expired or revoked.\n', '', 0]);
  const json = await runFake(['lease', 'keep-alive', '1f', '-w', 'json'], { clientExtra: { conn } });
  assert.deepEqual([json.stdout, json.code], ['', 0]);
});

test('lease argument errors: exit 128 with etcdctl messages, nothing sent', async () => {
  const badId = 'bad lease ID arg (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex';
  const cases: Array<[string[], string]> = [
    [['grant'], 'lease grant command needs TTL argument'],
    [['grant', '1', '2'], 'lease grant command needs TTL argument'],
    [['grant', 'x'], 'bad TTL (strconv.ParseInt: parsing "x": invalid syntax)'],
    [['revoke'], 'lease revoke command needs 1 argument'],
    [['revoke', 'zz'], badId],
    [['timetolive'], 'lease timetolive command needs lease ID as argument'],
    [['timetolive', 'zz'], badId],
    [['keep-alive'], 'lease keep-alive command needs lease ID as argument'],
    [['keep-alive', 'zz'], badId],
    [['revoke', '8000000000000000'], 'bad lease ID arg (strconv.ParseInt: parsing "8000000000000000": value out of range), expecting ID in Hex'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['lease', ...argv], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, 128, 0], argv.join(' '));
  }
  const flag = await runFake(['lease', 'grant', '-5']);
  const msg = "Error: unknown shorthand flag: '5' in -5\n";
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('lease grant'), `${msg}\n${msg}`, 1]);
  // `lease` alone prints its help, exit 0
  const bare = await runFake(['lease']);
  assert.deepEqual([bare.stdout, bare.stderr, bare.code], [helpGolden('lease'), '', 0]);
});

test('lease parse functions and runLeaseRevoke called directly', async () => {
  assert.equal(leaseFromArg('-1'), -1n);
  assert.equal(leaseFromArg('7fffffffffffffff'), 0x7fffffffffffffffn);
  assert.deepEqual(parseLeaseGrantOptions(parseContext(sub('grant'), ['60'])), { ttl: 60n });
  assert.deepEqual(parseLeaseKeepAliveOptions(parseContext(sub('keep-alive'), ['a'], { once: 'true' })), { id: 10n, once: true });
  const io = new BufferIO();
  await runLeaseRevoke({ id: 0x0434a21d6e2f0d29n }, directFactory(io, { leaseRevoke: () => ({ header: revokeHeader() }) }));
  assert.equal(io.stdoutText, golden('simple', 'lease_revoke').out.toString());
});
