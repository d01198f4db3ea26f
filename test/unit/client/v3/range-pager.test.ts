// The pager over a fake Range that behaves as etcd's (count = keys in the whole range at the
// revision, more = keys left beyond the limit, compaction errors): pages are asked for at the
// pinned revision, the whole range's header/count/more are those of one Range, and requests that
// paging cannot reproduce are sent as one Range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagedRange, pageable, DEFAULT_PAGING, type PagingOptions, type RangeFields } from '../../../../src/client/v3/range-pager.js';
import { RangeResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { decodeRangeResponseEncoded } from '../../../../src/client/v3/range-decode.js';
import type { KeyValue } from '../../../../src/proto/gen/mvccpb/kv.js';

const kvOf = (k: string, rev: bigint): KeyValue => ({ key: Buffer.from(k), value: Buffer.from(`v${k}`), createRevision: rev, modRevision: rev, version: 1n, lease: 0n });

/** keys k00..k(n-1) written at revisions 2..n+1; the store is at revision n+1 */
class FakeEtcd {
  calls: RangeFields[] = [];
  compacted = 0n;
  readonly kvs: KeyValue[];
  constructor(
    n: number,
    readonly current = BigInt(n + 1),
  ) {
    this.kvs = Array.from({ length: n }, (_, i) => kvOf(`k${String(i).padStart(2, '0')}`, BigInt(i + 2)));
  }
  range = async (req: RangeFields): Promise<RangeResponse> => {
    this.calls.push(req);
    const rev = req.revision && req.revision > 0n ? req.revision : this.current;
    if (rev < this.compacted) throw new Error('etcdserver: mvcc: required revision has been compacted');
    const key = req.key!;
    const end = req.rangeEnd ?? Buffer.alloc(0);
    const all = this.kvs.filter((kv) => kv.modRevision <= rev && Buffer.compare(kv.key, key) >= 0 && (end.length === 0 ? kv.key.equals(key) : end.equals(Buffer.from([0])) || Buffer.compare(kv.key, end) < 0));
    const limit = Number(req.limit ?? 0n);
    const kvs = limit > 0 ? all.slice(0, limit) : all;
    return { header: { clusterId: 1n, memberId: 2n, revision: this.current, raftTerm: 3n }, kvs, more: limit > 0 && all.length > limit, count: BigInt(all.length) };
  };
}

const small: PagingOptions = { firstPage: 3, maxPage: 4, pageBytes: 1 << 20 };
const prefix = { key: Buffer.from('k'), rangeEnd: Buffer.from('l') };

async function collect(pages: AsyncIterable<readonly KeyValue[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const p of pages) out.push(p.map((kv) => kv.key.toString()));
  return out;
}

test('a range larger than a page: pages after the first at the first header revision, header and count of the whole', async () => {
  const etcd = new FakeEtcd(10);
  const r = await pagedRange(etcd.range, prefix, small);
  assert.deepEqual(r.header, { clusterId: 1n, memberId: 2n, revision: 11n, raftTerm: 3n });
  assert.equal(r.count, 10n);
  assert.equal(r.more, false);
  assert.deepEqual(await collect(r.pages), [['k00', 'k01', 'k02'], ['k03', 'k04', 'k05', 'k06'], ['k07', 'k08', 'k09']]);
  assert.deepEqual(
    etcd.calls.map((c) => [c.key!.toString('latin1'), c.revision ?? 0n, c.limit]),
    [['k', 0n, 3n], ['k02\x00', 11n, 4n], ['k06\x00', 11n, 3n]],
  );
  assert.ok(etcd.calls.every((c) => c.rangeEnd!.equals(Buffer.from('l'))));
});

test('writes after the first page are not seen: every page reads the pinned revision', async () => {
  const etcd = new FakeEtcd(10);
  const r = await pagedRange(etcd.range, prefix, small);
  // a later write at revision 12 (a new key in the range)
  etcd.kvs.push(kvOf('k05a', 12n));
  etcd.kvs.sort((a, b) => Buffer.compare(a.key, b.key));
  (etcd as { current: bigint }).current = 12n;
  assert.deepEqual((await collect(r.pages)).flat(), etcd.kvs.filter((kv) => kv.modRevision <= 11n).map((kv) => kv.key.toString()));
});

test('--rev pins the pages to it; the header is the first response\'s', async () => {
  const etcd = new FakeEtcd(10);
  const r = await pagedRange(etcd.range, { ...prefix, revision: 7n }, small);
  assert.equal(r.count, 6n);
  assert.equal(r.header?.revision, 11n);
  assert.deepEqual((await collect(r.pages)).flat(), ['k00', 'k01', 'k02', 'k03', 'k04', 'k05']);
  assert.ok(etcd.calls.every((c) => c.revision === 7n));
});

test('--limit above a page: keys up to the limit, count of the whole range, more as etcd sets it', async () => {
  const etcd = new FakeEtcd(10);
  const r = await pagedRange(etcd.range, { ...prefix, limit: 6n }, small);
  assert.equal(r.count, 10n);
  assert.equal(r.more, true);
  assert.deepEqual(await collect(r.pages), [['k00', 'k01', 'k02'], ['k03', 'k04', 'k05']]);
  assert.equal(etcd.calls[1]!.limit, 3n, 'a later page asks for no more than the limit leaves');
  const all = await pagedRange(new FakeEtcd(10).range, { ...prefix, limit: 10n }, small);
  assert.equal(all.more, false);
  assert.equal((await collect(all.pages)).flat().length, 10);
});

test('a range that fits the first page is one request, returned as etcd answered it', async () => {
  const etcd = new FakeEtcd(3);
  const r = await pagedRange(etcd.range, prefix, small);
  assert.deepEqual(await collect(r.pages), [['k00', 'k01', 'k02']]);
  assert.equal(r.count, 3n);
  assert.equal(r.more, false);
  assert.equal(etcd.calls.length, 1);
});

test('what paging cannot reproduce is one Range with the request as given', async () => {
  const cases: RangeFields[] = [
    { ...prefix, sortOrder: 2 }, // DESCEND by key
    { ...prefix, sortOrder: 1, sortTarget: 4 }, // by value
    { ...prefix, sortTarget: 1 }, // by version: etcd sorts ascending
    { key: Buffer.from('k01') }, // one key
    { ...prefix, limit: 2n }, // a limit within the first page
    { ...prefix, countOnly: true },
    { ...prefix, minModRevision: 3n },
  ];
  for (const [i, req] of cases.entries()) {
    assert.equal(pageable(req, small), false, `case ${i}`);
    const etcd = new FakeEtcd(10);
    await pagedRange(etcd.range, req, small);
    assert.deepEqual(etcd.calls, [req]);
  }
  assert.equal(pageable(prefix, DEFAULT_PAGING), true);
  // get sends ASCEND by key as NONE (clientv3 does); an explicit ASCEND would make etcd read the
  // whole rest of the range for every page, so it is one Range
  assert.equal(pageable({ ...prefix, sortOrder: 1, sortTarget: 0 }, small), false);
});

test('a compaction past the pinned revision ends the read with the compaction error, no later keys', async () => {
  const etcd = new FakeEtcd(10);
  const opts: PagingOptions = {
    ...small,
    beforePage: async (n) => {
      if (n === 2) etcd.compacted = 12n;
    },
  };
  const r = await pagedRange(etcd.range, prefix, opts);
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const p of r.pages) seen.push(...p.map((kv) => kv.key.toString()));
  }, /required revision has been compacted/);
  assert.deepEqual(seen, ['k00', 'k01', 'k02']);
});

test('the next page is requested while the current one is consumed, and only one ahead', async () => {
  const etcd = new FakeEtcd(20);
  const r = await pagedRange(etcd.range, prefix, small);
  const it = r.pages[Symbol.asyncIterator]();
  await it.next();
  assert.equal(etcd.calls.length, 2, 'page 2 asked for while page 1 is printed');
  await it.next();
  assert.equal(etcd.calls.length, 3);
  await it.return?.();
});

test('pages are handed on in batches of 5000, decoded from the message as they are handed on', async () => {
  const keys = Array.from({ length: 12_000 }, (_, i) => kvOf(`k${String(i).padStart(5, '0')}`, 2n));
  const calls: RangeFields[] = [];
  // etcd's answers as the client receives them: key-values left encoded in the message
  const range = async (req: RangeFields) => {
    calls.push(req);
    const from = keys.findIndex((kv) => Buffer.compare(kv.key, req.key!) >= 0);
    const limit = Number(req.limit ?? 0n);
    const kvs = keys.slice(from, from + limit);
    const resp = { header: { clusterId: 1n, memberId: 2n, revision: 5n, raftTerm: 3n }, kvs, more: from + limit < keys.length, count: BigInt(keys.length - from) };
    return decodeRangeResponseEncoded(Buffer.from(RangeResponse.encode(resp).finish()));
  };
  const r = await pagedRange(range, prefix, { firstPage: 3000, maxPage: 9000, pageBytes: 1 << 30 });
  const sizes: number[] = [];
  const seen: string[] = [];
  for await (const batch of r.pages) {
    sizes.push(batch.length);
    for (const kv of batch) seen.push(kv.key.toString());
  }
  assert.deepEqual(sizes, [3000, 5000, 4000]);
  assert.deepEqual(seen, keys.map((kv) => kv.key.toString()));
  assert.deepEqual(calls.map((c) => c.limit), [3000n, 9000n]);
  assert.equal(r.count, 12_000n);
});
