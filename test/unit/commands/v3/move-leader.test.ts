// move-leader through runV3 with fake clients per endpoint: the endpoints asked for their status in
// order until the leader is found, the transfer asked of the leader, the argument errors (exit
// 128), no leader among the endpoints (exit 128), server errors (exit 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MoveLeaderResponse, StatusResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newMoveLeaderCommand, parseMoveLeaderTarget } from '../../../../commands/v3/move-leader.js';
import { assertGolden, goldenResponse, grpcError, parseContext, requests, runFake, type Handlers } from '../../../helpers/fake-v3.js';

const LEADER = 0xa4c62e5055f0434n;
const status = (memberId: bigint, leader = LEADER) => StatusResponse.fromPartial({ header: { memberId }, leader });
const leaderHandlers: Handlers = { status: () => status(LEADER), moveLeader: () => goldenResponse(MoveLeaderResponse, 'move_leader') };

test('move-leader <id>: the leader found by status, the transfer asked of it (golden output)', async () => {
  for (const format of ['simple', 'json', 'table'] as const) {
    const r = await runFake(['move-leader', 'a4c62e5055f0434', '--endpoints=f:1,l:2', '-w', format], {
      endpointHandlers: { 'f:1': { status: () => status(7n) }, 'l:2': leaderHandlers },
    });
    assert.deepEqual(r.clientForCalls.map((c) => c.endpoints), [['f:1'], ['l:2']]);
    assert.deepEqual(r.calls.map((c) => [c.endpoint, c.method]), [['f:1', 'status'], ['l:2', 'status'], ['l:2', 'moveLeader']]);
    assert.deepEqual(requests(r, 'moveLeader'), [{ targetID: LEADER }]);
    assertGolden(r, format, 'move_leader');
  }
  // an id with the top bit set is a uint64
  const big = await runFake(['move-leader', 'ffffffffffffffff'], { endpointHandlers: { '127.0.0.1:2379': leaderHandlers } });
  assert.deepEqual(requests(big, 'moveLeader'), [{ targetID: 0xffffffffffffffffn }]);
});

test('move-leader errors: arguments (128), no leader (128), status or transfer failures (1)', async () => {
  const cases: Array<[string[], string]> = [
    [[], 'move-leader command needs 1 argument'],
    [['1', '2'], 'move-leader command needs 1 argument'],
    [['zz'], 'strconv.ParseUint: parsing "zz": invalid syntax'],
    [['10000000000000000000'], 'strconv.ParseUint: parsing "10000000000000000000": value out of range'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['move-leader', ...argv], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.clientForCalls.length], ['', `Error: ${msg}\n`, 128, 0], argv.join(' '));
  }
  const none = await runFake(['move-leader', '1', '--endpoints=f:1,g:2'], { endpointHandlers: { 'f:1': { status: () => status(7n) }, 'g:2': { status: () => status(8n) } } });
  assert.deepEqual([none.stdout, none.stderr, none.code], ['', 'Error: no leader endpoint given at [f:1 g:2]\n', 128]);
  const bad = await runFake(['move-leader', '1'], { endpointHandlers: { '127.0.0.1:2379': { ...leaderHandlers, moveLeader: () => { throw grpcError('etcdserver: bad leader transferee', 9); } } } });
  assert.deepEqual([bad.stdout, bad.stderr, bad.code], ['', 'Error: etcdserver: bad leader transferee\n', 1]);
  const down = await runFake(['move-leader', '1'], { endpointHandlers: { '127.0.0.1:2379': { status: () => { throw grpcError('context deadline exceeded', 4); } } } });
  assert.deepEqual([down.stderr, down.code], ['Error: context deadline exceeded\n', 1]);
});

test('parseMoveLeaderTarget called directly', () => {
  assert.equal(parseMoveLeaderTarget(parseContext(newMoveLeaderCommand(), ['A4C62E5055F0434'])), LEADER);
  assert.throws(() => parseMoveLeaderTarget(parseContext(newMoveLeaderCommand(), [])), { exitCode: 128 });
});
