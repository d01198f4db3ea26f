// alarm list|disarm through runV3 with a fake client: the GET and DEACTIVATE requests, no
// arguments allowed (exit 128), the printed alarms (etcdctl 3.4.23's golden captures, the fields
// panic included), server errors (exit 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlarmRequest_AlarmAction, AlarmResponse, type AlarmRequest } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { runAlarmList } from '../../../../commands/v3/alarm.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { golden } from '../../printer/golden.js';
import { assertGolden, directFactory, goldenInput, goldenResponse, grpcError, helpGolden, requests, runFake } from '../../../helpers/fake-v3.js';

const GET = { action: 0, memberID: 0n, alarm: 0 };

test('alarm list: one GET for every member and alarm; printed as etcdctl did', async () => {
  for (const format of ['simple', 'json', 'protobuf', 'fields', 'table'] as const) {
    for (const name of ['alarm_list', 'alarm_list_none']) {
      const r = await runFake(['alarm', 'list', '-w', format], { handlers: { alarm: () => goldenInput(AlarmResponse, format, name) } });
      assert.deepEqual(requests(r, 'alarm'), [GET]);
      assertGolden(r, format, name);
    }
  }
});

test('alarm disarm: lists the alarms, deactivates each, prints what was deactivated', async () => {
  const raised = goldenResponse(AlarmResponse, 'alarm_disarm').alarms;
  const handlers = {
    alarm: (req: Partial<AlarmRequest>) => AlarmResponse.fromPartial({ header: { revision: 1n }, alarms: req.action === AlarmRequest_AlarmAction.GET ? raised : raised.filter((a) => a.memberID === req.memberID) }),
  };
  for (const format of ['simple', 'json', 'protobuf', 'fields', 'table'] as const) {
    const r = await runFake(['alarm', 'disarm', '-w', format], { handlers });
    assert.deepEqual(requests(r, 'alarm'), [GET, { action: 2, memberID: raised[0]!.memberID, alarm: raised[0]!.alarm }]);
    assertGolden(r, format, 'alarm_disarm');
  }
  // nothing raised: nothing to deactivate
  const none = await runFake(['alarm', 'disarm', '-w', 'json'], { handlers: { alarm: () => AlarmResponse.fromPartial({}) } });
  assert.deepEqual([none.stdout, none.code, none.calls.length], [golden('json', 'alarm_list_none').out.toString(), 0, 1]);
});

test('alarm: arguments refused (exit 128); server errors exit 1', async () => {
  for (const sub of ['list', 'disarm']) {
    const r = await runFake(['alarm', sub, 'x'], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: alarm ${sub} command accepts no arguments\n`, 128, 0]);
    const failed = await runFake(['alarm', sub], { handlers: { alarm: () => { throw grpcError('etcdserver: permission denied', 7); } } });
    assert.deepEqual([failed.stdout, failed.stderr, failed.code], ['', 'Error: etcdserver: permission denied\n', 1]);
  }
  const bare = await runFake(['alarm']);
  assert.deepEqual([bare.stdout, bare.code], [helpGolden('alarm'), 0]);
});

test('runAlarmList called directly', async () => {
  const io = new BufferIO();
  await runAlarmList(directFactory(io, { alarm: () => goldenInput(AlarmResponse, 'simple', 'alarm_list') }));
  assert.equal(io.stdoutText, golden('simple', 'alarm_list').out.toString());
});
