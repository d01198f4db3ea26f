// elect through runV3 with a fake client: the argument errors (exit 128) and -w (exit 4) before
// any session; a campaign won at once (the own key put with the session lease, printed as get
// output), held until the session is lost (`Error: elect: session expired`, exit 1).
//
// setTimeout is mocked in the campaign test: the session's keep-alive loops run until the process
// exits (src/cli/core/main.ts ends it) and would otherwise keep the test alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaseKeepAliveResponse, RangeResponse, TxnResponse, type RangeRequest, type TxnRequest } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { fakeConn, helpGolden, requests, runFake } from '../../../helpers/fake-v3.js';

const LEASE = 0x694d8a2b1d6e0c11n;
const KEY = Buffer.from(`e1/${LEASE.toString(16)}`);

test('elect <name> <proposal>: the campaign txn, the own key-value printed, then the session lost', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const kv = { key: KEY, value: Buffer.from('p1'), createRevision: 20n, modRevision: 20n, version: 1n, lease: LEASE };
  const r = await runFake(['elect', 'e1', 'p1'], {
    handlers: {
      leaseGrant: (req) => ({ header: undefined, ID: LEASE, TTL: req.TTL ?? 0n, error: '' }),
      txn: () => TxnResponse.fromPartial({ header: { revision: 20n }, succeeded: true, responses: [{ response: { $case: 'responsePut', responsePut: {} } }] }),
      // waitDeletes finds no older candidate; then the own key is read back
      range: (req) => RangeResponse.fromPartial(req.maxCreateRevision !== undefined && req.maxCreateRevision > 0n ? {} : { kvs: [kv], count: 1n }),
    },
    clientExtra: {
      conn: fakeConn({
        '/etcdserverpb.Lease/LeaseKeepAlive': (s) => {
          // the lease is gone (expired or revoked): the session ends
          s.onRequest = (req) => s.send(LeaseKeepAliveResponse.fromPartial({ ID: (req as { ID: bigint }).ID, TTL: 0n }));
        },
      }),
    },
  });
  // no proposal TTL flag: clientv3's default session TTL of 60 s
  assert.deepEqual(requests(r, 'leaseGrant'), [{ TTL: 60n }]);
  const [txn] = requests(r, 'txn') as TxnRequest[];
  const put = txn!.success[0]!.request;
  assert.ok(put?.$case === 'requestPut');
  assert.deepEqual([put.requestPut.key, put.requestPut.value, put.requestPut.lease], [KEY, Buffer.from('p1'), LEASE]);
  const ranges = requests(r, 'range') as RangeRequest[];
  assert.equal(ranges[0]!.maxCreateRevision, 19n);
  assert.deepEqual(ranges[1], { key: KEY });
  assert.equal(r.stdout, `${KEY.toString()}\np1\n`);
  assert.deepEqual([r.stderr, r.code], ['Error: elect: session expired\n', 1]);
});

test('elect argument errors: exit 128 with etcdctl messages; -w checked first (exit 4)', async () => {
  const cases: Array<[string[], string]> = [
    [[], 'elect takes one election name argument and an optional proposal argument'],
    [['a', 'b', 'c'], 'elect takes one election name argument and an optional proposal argument'],
    [['a'], 'no proposal argument but -l not set'],
    [['a', 'b', '-l'], 'proposal given but -l is set'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['elect', ...argv], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, 128, 0], argv.join(' '));
  }
  const format = await runFake(['elect', 'a', '-l', '-w', 'xml'], { handlers: {} });
  assert.deepEqual([format.stdout, format.stderr, format.code, format.calls.length], ['', 'Error: unsupported output format\n', 4, 0]);
  const flag = await runFake(['elect', 'a', '--listen=x']);
  const msg = 'Error: invalid argument "x" for "-l, --listen" flag: strconv.ParseBool: parsing "x": invalid syntax\n';
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('elect'), `${msg}\n${msg}`, 1]);
});
