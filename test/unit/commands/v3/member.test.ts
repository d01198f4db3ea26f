// member add|remove|update|list|promote through runV3 with a fake client: ids (hex uint64 as
// bigint) and peer URLs in the requests, the argument errors (exit 128) and the client-side URL
// check (exit 1) before any request, the printed responses (etcdctl 3.4.23's golden captures),
// server errors (exit 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemberAddResponse, MemberListResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newMemberCommand, parseMemberAddOptions, parseMemberId, parseMemberUpdateOptions, runMemberList } from '../../../../commands/v3/member.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { golden, headerFromJson, memberFromJson, parseJson, type JsonValue } from '../../printer/golden.js';
import { assertGolden, directFactory, goldenInput, grpcError, helpGolden, parseContext, requests, runFake } from '../../../helpers/fake-v3.js';

const sub = (name: string) => newMemberCommand().subcommands.find((c) => c.name() === name)!;

/** A member change response as the json run printed it (its ids are that run's). */
function fromJson(name: string): MemberAddResponse {
  const text = golden('json', name).out.toString();
  // member promote panics in etcdctl's json printer: its run printed nothing
  if (text === '') return MemberAddResponse.fromPartial({});
  const o = parseJson(text) as { [k: string]: JsonValue };
  return {
    header: headerFromJson(o.header),
    members: ((o.members as JsonValue[] | undefined) ?? []).map(memberFromJson),
    member: o.member === undefined ? undefined : memberFromJson(o.member),
  };
}

/** The same response in the simple run: its ids from the simple output, the json run's members. */
function simpleResponse(name: string, verb: string): { id: bigint; resp: MemberAddResponse } {
  const m = new RegExp(`Member +([0-9a-f]+) ${verb} cluster +([0-9a-f]+)`).exec(golden('simple', name).out.toString())!;
  const id = BigInt('0x' + m[1]);
  const json = fromJson(name);
  json.header ??= { clusterId: 0n, memberId: 0n, revision: 0n, raftTerm: 0n };
  const jsonNew = json.member?.ID;
  const members = json.members.map((x) => (x.ID === jsonNew ? { ...x, ID: id } : x));
  return { id, resp: { ...json, header: { ...json.header, clusterId: BigInt('0x' + m[2]) }, members, member: json.member ? { ...json.member, ID: id } : undefined } };
}

test('member add: the request, the new member and the ETCD_* block (simple), the response (json)', async () => {
  const { resp } = simpleResponse('member_add', 'added to');
  const argv = ['member', 'add', 'm2', '--learner', '--peer-urls=http://127.0.0.1:21382'];
  const r = await runFake(argv, { handlers: { memberAdd: () => resp } });
  assert.deepEqual(requests(r, 'memberAdd'), [{ peerURLs: ['http://127.0.0.1:21382'], isLearner: true }]);
  assertGolden(r, 'simple', 'member_add');
  assertGolden(await runFake([...argv, '-w', 'json'], { handlers: { memberAdd: () => fromJson('member_add') } }), 'json', 'member_add');
  // fields and table refuse after the member was added
  const t = await runFake([...argv, '-w', 'table'], { handlers: { memberAdd: () => resp } });
  assert.equal(requests(t, 'memberAdd').length, 1);
  assertGolden(t, 'table', 'member_add');
  // several URLs, split at commas
  const two = await runFake(['member', 'add', 'x', '--peer-urls', 'http://a:1,https://b:2'], { handlers: { memberAdd: () => resp } });
  assert.deepEqual(requests(two, 'memberAdd'), [{ peerURLs: ['http://a:1', 'https://b:2'], isLearner: false }]);
});

test('member remove/update/promote: the id as a uint64, the printed result', async () => {
  const cases = [
    ['remove', 'member_remove', 'removed from', 'memberRemove'],
    ['update', 'member_update', 'updated in', 'memberUpdate'],
    ['promote', 'member_promote', 'promoted in', 'memberPromote'],
  ] as const;
  for (const [verb, name, words, method] of cases) {
    const { id, resp } = simpleResponse(name, words);
    const urls = verb === 'update' ? ['--peer-urls=http://127.0.0.1:21382'] : [];
    const r = await runFake(['member', verb, id.toString(16), ...urls], { handlers: { [method]: () => resp } });
    assert.deepEqual(requests(r, method), [verb === 'update' ? { ID: id, peerURLs: ['http://127.0.0.1:21382'] } : { ID: id }], verb);
    assertGolden(r, 'simple', name);
    // json: the json run's response (remove and update; promote panics in etcdctl, exit 2)
    const jr = await runFake(['member', verb, id.toString(16), ...urls, '-w', 'json'], { handlers: { [method]: () => fromJson(name) } });
    assertGolden(jr, 'json', name);
  }
  const big = await runFake(['member', 'remove', 'ffffffffffffffff'], { handlers: { memberRemove: () => ({ header: undefined, members: [] }) } });
  assert.deepEqual(requests(big, 'memberRemove'), [{ ID: 0xffffffffffffffffn }]);
});

test('member list: every member printed (golden captures)', async () => {
  for (const format of ['simple', 'json', 'fields', 'table', 'protobuf'] as const) {
    for (const name of ['member_list', 'member_list_learner']) {
      const r = await runFake(['member', 'list', '-w', format], { handlers: { memberList: () => goldenInput(MemberListResponse, format, name) } });
      assertGolden(r, format, name);
    }
  }
  // extra arguments are ignored, as by etcdctl
  assert.equal((await runFake(['member', 'list', 'extra'], { handlers: { memberList: () => MemberListResponse.fromPartial({}) } })).code, 0);
});

test('member argument errors: exit 128 before any request; bad URLs exit 1, checked by the client', async () => {
  const badId = 'bad member ID arg (strconv.ParseUint: parsing "zz": invalid syntax), expecting ID in Hex';
  const cases: Array<[string[], string, number]> = [
    [['add'], 'member name not provided', 128],
    [['add', 'a', 'b'], 'too many arguments', 128],
    [['add', 'a', 'http://x'], 'too many arguments, did you mean --peer-urls=http://x', 128],
    [['add', 'a'], 'member peer urls not provided', 128],
    [['add', 'a', '--peer-urls=::'], 'parse "::": missing protocol scheme', 1],
    [['remove'], 'member ID is not provided', 128],
    [['remove', '1', '2'], 'member ID is not provided', 128],
    [['remove', 'zz'], badId, 128],
    [['update', '1'], 'member peer urls not provided', 128],
    [['update', 'zz', '--peer-urls=http://a:1'], badId, 128],
    [['update', '1', '--peer-urls=x'], 'URL scheme must be http, https, unix, or unixs: x', 1],
    [['promote'], 'member ID is not provided', 128],
    [['promote', 'zz'], badId, 128],
  ];
  for (const [argv, msg, code] of cases) {
    const r = await runFake(['member', ...argv], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, code, 0], argv.join(' '));
  }
  const flag = await runFake(['member', 'promote', '-1']);
  const msg = "Error: unknown shorthand flag: '1' in -1\n";
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('member promote'), `${msg}\n${msg}`, 1]);
});

test('member: server errors are Error: <desc>, exit 1', async () => {
  const r = await runFake(['member', 'remove', '1'], { handlers: { memberRemove: () => { throw grpcError('etcdserver: member not found', 5); } } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: etcdserver: member not found\n', 1]);
  const l = await runFake(['member', 'list'], { handlers: { memberList: () => { throw grpcError('context deadline exceeded', 4); } } });
  assert.deepEqual([l.stderr, l.code], ['Error: context deadline exceeded\n', 1]);
});

test('member parse functions and runMemberList called directly', async () => {
  assert.equal(parseMemberId('A4C62E5055F0434'), 0xa4c62e5055f0434n);
  assert.throws(() => parseMemberId('-1'), { exitCode: 128, message: 'bad member ID arg (strconv.ParseUint: parsing "-1": invalid syntax), expecting ID in Hex' });
  assert.deepEqual(parseMemberAddOptions(parseContext(sub('add'), ['n'], { 'peer-urls': 'http://a:1' })), { name: 'n', peerURLs: 'http://a:1', isLearner: false });
  assert.deepEqual(parseMemberUpdateOptions(parseContext(sub('update'), ['1f'], { 'peer-urls': 'http://a:1,http://b:2' })), { id: 31n, peerURLs: ['http://a:1', 'http://b:2'] });
  const io = new BufferIO();
  await runMemberList(directFactory(io, { memberList: () => goldenInput(MemberListResponse, 'simple', 'member_list') }));
  assert.equal(io.stdoutText, golden('simple', 'member_list').out.toString());
});
