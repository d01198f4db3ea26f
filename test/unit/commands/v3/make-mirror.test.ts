// make-mirror through runV3 with fake clients: the source's base read at one revision and its
// watch from the next, the destination's puts and per-revision txns with keys renamed by
// --prefix/--dest-prefix/--no-dest-prefix, the end on compaction (exit 1), the argument errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RangeResponse, WatchResponse, type TxnRequest } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newMakeMirrorCommand, parseMakeMirrorOptions, putPipelined, replaceFirst } from '../../../../commands/v3/make-mirror.js';
import { fakeConn, parseContext, requests, runFake, type Handlers } from '../../../helpers/fake-v3.js';

const b = (s: string) => Buffer.from(s);
const DEST = '127.0.0.1:22379';
const kv = (key: string, value: string, modRevision: bigint) => ({ key: b(key), value: b(value), modRevision, createRevision: modRevision, version: 1n, lease: 0n });

/** A source at revision 10 holding /p/a, whose watch then brings two revisions and a compaction. */
function source(created: unknown[] = []) {
  const handlers: Handlers = {
    range: (req) =>
      RangeResponse.fromPartial(req.revision ? { header: { revision: 10n }, kvs: [kv('/p/a', '1', 5n)], count: 1n } : { header: { revision: 10n } }),
  };
  const conn = fakeConn({
    '/etcdserverpb.Watch/Watch': (s) => {
      s.onRequest = (req) => {
        const u = (req as { requestUnion: { $case: string; createRequest?: unknown } }).requestUnion;
        if (u.$case !== 'createRequest') return;
        created.push(u.createRequest);
        const header = { revision: 10n };
        s.send(WatchResponse.fromPartial({ header, watchId: 1n, created: true }));
        s.send(WatchResponse.fromPartial({ header: { revision: 12n }, watchId: 1n, events: [{ type: 0, kv: kv('/p/b', '2', 12n) }, { type: 1, kv: { key: b('/p/a'), modRevision: 12n } }] }));
        s.send(WatchResponse.fromPartial({ header: { revision: 13n }, watchId: 1n, events: [{ type: 0, kv: kv('/p/c', '3', 13n) }] }));
        s.send(WatchResponse.fromPartial({ header: { revision: 13n }, watchId: 1n, canceled: true, compactRevision: 12n }));
      };
    },
  });
  return { handlers, clientExtra: { conn } };
}

const destHandlers = (): Handlers => ({ put: () => ({ header: undefined, prevKv: undefined }), txn: () => ({ header: undefined, succeeded: true, responses: [] }) });

test('make-mirror: base keys put, each revision one txn, keys renamed; a compaction ends it (exit 1)', async () => {
  const created: unknown[] = [];
  const r = await runFake(['make-mirror', '--prefix', '/p/', '--dest-prefix', '/q/', DEST], { ...source(created), endpointHandlers: { [DEST]: destHandlers() } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: etcdserver: mvcc: required revision has been compacted\n', 1]);
  // the base revision (a get of "foo"), then the prefix at that revision
  assert.deepEqual(requests(r, 'range'), [{ key: b('foo') }, { key: b('/p/'), rangeEnd: b('/p0'), limit: 1000n, revision: 10n }]);
  assert.deepEqual(created.map((c) => { const w = c as { key: Buffer; rangeEnd: Buffer; startRevision: bigint }; return [w.key, w.rangeEnd, w.startRevision]; }), [[b('/p/'), b('/p0'), 11n]]);
  const dest = r.calls.filter((c) => c.endpoint === DEST);
  assert.deepEqual(dest.map((c) => c.method), ['put', 'txn', 'txn']);
  assert.deepEqual(dest[0]!.args[0], { key: b('/q/a'), value: b('1') });
  const txns = dest.slice(1).map((c) => (c.args[0] as TxnRequest).success.map((op) => [op.request?.$case, (op.request as { [k: string]: { key: Buffer } } | undefined)?.[op.request!.$case]?.key.toString()]));
  assert.deepEqual(txns, [[['requestPut', '/q/b'], ['requestDeleteRange', '/q/a']], [['requestPut', '/q/c']]]);
  // the destination: no credentials, the --dest-* TLS settings
  assert.deepEqual(r.clientForCalls, [{
    endpoints: [DEST],
    opts: { noAuth: true, secure: { cert: '', key: '', cacert: '', serverName: '', insecure: true, skipVerify: false } },
  }]);
});

test('make-mirror: --no-dest-prefix mirrors to the root; without --prefix every key', async () => {
  const r = await runFake(['make-mirror', '--prefix', '/p/', '--no-dest-prefix', DEST], { ...source(), endpointHandlers: { [DEST]: destHandlers() } });
  assert.deepEqual(r.calls.find((c) => c.endpoint === DEST)!.args[0], { key: b('a'), value: b('1') });
  const all = await runFake(['make-mirror', DEST], { ...source(), endpointHandlers: { [DEST]: destHandlers() } });
  assert.deepEqual(requests(all, 'range')[1], { key: Buffer.from([0]), rangeEnd: Buffer.from([0]), limit: 1000n, revision: 10n });
  assert.deepEqual(all.calls.find((c) => c.endpoint === DEST)!.args[0], { key: b('/p/a'), value: b('1') });
});

test('make-mirror argument errors: exit 128', async () => {
  for (const argv of [[], ['a', 'b']]) {
    const r = await runFake(['make-mirror', ...argv], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', 'Error: make-mirror takes one destination argument\n', 128, 0]);
  }
  // checked once the base revision is known, as by etcdctl
  const both = await runFake(['make-mirror', '--no-dest-prefix', '--dest-prefix=x', DEST], { ...source(), endpointHandlers: { [DEST]: destHandlers() } });
  assert.deepEqual(
    [both.stdout, both.stderr, both.code, both.calls.map((c) => c.method)],
    ['', 'Error: `--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one\n', 128, ['range']],
  );
});

test('make-mirror parse and key renaming called directly', () => {
  const o = parseMakeMirrorOptions(parseContext(newMakeMirrorCommand(), [DEST], { prefix: 'a', 'dest-insecure-transport': 'false' }));
  assert.deepEqual([o.destination, o.prefix, o.destPrefix, o.noDestPrefix, o.destInsecureTransport, o.reportIntervalMs], [DEST, b('a'), b(''), false, false, 30000]);
  assert.deepEqual(replaceFirst(b('xaxa'), b('a'), b('b')), b('xbxa'));
  assert.deepEqual(replaceFirst(b('k'), b(''), b('p/')), b('p/k'));
  assert.deepEqual(replaceFirst(b('k'), b('z'), b('y')), b('k'));
});

/** pages of numbered keys, optionally failing instead of yielding page `failAt` */
async function* pagesOf(sizes: number[], failAt = -1): AsyncGenerator<ReturnType<typeof kv>[]> {
  let n = 0;
  for (const [p, size] of sizes.entries()) {
    await Promise.resolve();
    if (p === failAt) throw new Error('etcdserver: mvcc: required revision has been compacted');
    yield Array.from({ length: size }, () => kv(`k${n++}`, 'v', 1n));
  }
}

test('base copy puts: every key once, never more than the bound in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const done: string[] = [];
  let counted = 0;
  await putPipelined(
    pagesOf([3, 10, 1]),
    async (x) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      done.push(x.key.toString());
    },
    4,
    () => counted++,
  );
  assert.equal(most, 4);
  assert.equal(inFlight, 0, 'all puts completed before it resolves');
  assert.deepEqual(done.sort(), Array.from({ length: 14 }, (_, i) => `k${i}`).sort());
  assert.equal(counted, 14);
});

test('base copy puts: the earliest failed put wins over later ones and over a failed page read; sending stops', async () => {
  const sent: string[] = [];
  const put = async (x: { key: Buffer }) => {
    sent.push(x.key.toString());
    // k3 fails after k5 has failed
    await new Promise((r) => setTimeout(r, x.key.toString() === 'k3' ? 20 : 1));
    if (x.key.toString() === 'k3' || x.key.toString() === 'k5') throw new Error(`put ${x.key.toString()} failed`);
  };
  await assert.rejects(putPipelined(pagesOf([4, 4, 4], 2), put, 3, () => {}), /put k3 failed/);
  assert.ok(!sent.includes('k11'), 'no put after the failure was seen');
  // a failed read after puts that all succeeded: the read's error, once the puts are done
  let completed = 0;
  await assert.rejects(
    putPipelined(pagesOf([2, 2], 1), async () => {
      await new Promise((r) => setTimeout(r, 5));
      completed++;
    }, 8, () => {}),
    /required revision has been compacted/,
  );
  assert.equal(completed, 2);
});
