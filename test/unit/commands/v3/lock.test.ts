// lock through runV3 with a fake client: the argument errors (exit 128) before any request; with a
// command, the session lease, the mutex txn on `<name>/<lease %x>`, the command run with
// ETCD_LOCK_KEY/ETCD_LOCK_REV, the unlock, and a failing command's error (exit 1).
//
// The session's keep-alive loops run until the process exits (src/cli/core/main.ts ends it); here
// setTimeout is mocked in each test so those loops stay parked instead of keeping the test alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaseKeepAliveResponse, PutResponse, RangeResponse, TxnResponse, type TxnRequest } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newLockCommand, parseLockOptions } from '../../../../commands/v3/lock.js';
import { fakeConn, helpGolden, parseContext, requests, runFake, type FakeStream, type Handlers } from '../../../helpers/fake-v3.js';

const LEASE = 0xaca251a8e9353en;
const KEY = Buffer.from(`mylock/${LEASE.toString(16)}`);

/** A server where the lock is free: the txn puts the own key at revision 11, which is the owner. */
function freeLock(seen: FakeStream[] = []): { handlers: Handlers; clientExtra: Record<string, unknown> } {
  return {
    handlers: {
      leaseGrant: (req) => ({ header: undefined, ID: LEASE, TTL: req.TTL ?? 0n, error: '' }),
      txn: () => ({
        ...TxnResponse.fromPartial({ header: { revision: 11n }, succeeded: true }),
        responses: [
          { response: { $case: 'responsePut', responsePut: PutResponse.fromPartial({}) } },
          { response: { $case: 'responseRange', responseRange: RangeResponse.fromPartial({ kvs: [{ key: KEY, createRevision: 11n }], count: 1n }) } },
        ],
      }),
      deleteRange: () => ({ header: undefined, deleted: 1n, prevKvs: [] }),
    },
    clientExtra: {
      conn: fakeConn({
        '/etcdserverpb.Lease/LeaseKeepAlive': (s) => {
          seen.push(s);
          s.onRequest = (req) => s.send(LeaseKeepAliveResponse.fromPartial({ ID: (req as { ID: bigint }).ID, TTL: 10n }));
        },
      }),
    },
  };
}

test('lock <name> -- cmd: the mutex taken, the command run with its key and revision, then unlocked', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const seen: FakeStream[] = [];
  const r = await runFake(['lock', 'mylock', '--ttl', '7', '--', 'sh', '-c', 'echo $ETCD_LOCK_KEY $ETCD_LOCK_REV'], { ...freeLock(seen), env: { PATH: process.env.PATH } });
  assert.deepEqual([r.stdout, r.stderr, r.code], [`mylock/${LEASE.toString(16)} 11\n`, '', 0]);
  assert.deepEqual(requests(r, 'leaseGrant'), [{ TTL: 7n }]);
  assert.deepEqual(seen[0]!.requests[0], { ID: LEASE });
  const [txn] = requests(r, 'txn') as TxnRequest[];
  // create revision of the own key = 0: put it with the session lease, else read it
  assert.deepEqual(txn!.compare.map((c) => [c.key, c.result, c.targetUnion]), [[KEY, 0, { $case: 'createRevision', createRevision: 0n }]]);
  const put = txn!.success[0]!.request;
  assert.ok(put?.$case === 'requestPut');
  assert.deepEqual([put.requestPut.key, put.requestPut.lease], [KEY, LEASE]);
  assert.deepEqual(requests(r, 'deleteRange'), [{ key: KEY }]);
});

test('lock: a failing command is Error: <Go exec error>, exit 1, after unlocking', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const env = { PATH: process.env.PATH };
  const failed = await runFake(['lock', 'mylock', '--', 'sh', '-c', 'exit 3'], { ...freeLock(), env });
  assert.deepEqual([failed.stdout, failed.stderr, failed.code], ['', 'Error: exit status 3\n', 1]);
  assert.equal(requests(failed, 'deleteRange').length, 1);
  const missing = await runFake(['lock', 'mylock', '--', 'nonexistent-cmd'], { ...freeLock(), env });
  assert.deepEqual([missing.stderr, missing.code], ['Error: exec: "nonexistent-cmd": executable file not found in $PATH\n', 1]);
});

test('lock argument errors: exit 128 (or a flag error), nothing sent; -w checked before the session', async () => {
  const none = await runFake(['lock'], { handlers: {} });
  assert.deepEqual([none.stdout, none.stderr, none.code, none.calls.length], ['', 'Error: lock takes a lock name argument and an optional command to execute\n', 128, 0]);
  const ttl = await runFake(['lock', '--ttl=x', 'l']);
  const msg = 'Error: invalid argument "x" for "--ttl" flag: strconv.ParseInt: parsing "x": invalid syntax\n';
  assert.deepEqual([ttl.stdout, ttl.stderr, ttl.code], [helpGolden('lock'), `${msg}\n${msg}`, 1]);
  const format = await runFake(['lock', 'l', '-w', 'xml'], { handlers: {} });
  assert.deepEqual([format.stdout, format.stderr, format.code, format.calls.length], ['', 'Error: unsupported output format\n', 4, 0]);
  assert.deepEqual(parseLockOptions(parseContext(newLockCommand(), ['l', 'echo', 'x'], { ttl: '3' })), { name: 'l', command: ['echo', 'x'], ttl: 3 });
});
