// Both checks stop before any write when keys exist under their prefix (exit 3): one range, limit 1.
import assert from 'node:assert/strict';
import { RangeResponse } from '../../../src/proto/gen/etcdserverpb/rpc.js';
import { prefixEnd } from '../../../src/client/v3/range.js';
import { requests, runFake } from '../../helpers/fake-v3.js';

export async function assertKeysUnderPrefixStop(sub: 'perf' | 'datascale', prefix: string): Promise<void> {
  const r = await runFake(['check', sub], { handlers: { range: () => RangeResponse.fromPartial({ kvs: [{ key: Buffer.from(`${prefix}x`) }], count: 1n }) } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', `Error: prefix "${prefix}" has keys. Delete with etcdctl del --prefix ${prefix} first\n`, 3]);
  const key = Buffer.from(prefix);
  assert.deepEqual(requests(r, 'range'), [{ key, rangeEnd: prefixEnd(key), limit: 1n }]);
  assert.deepEqual(r.calls.map((c) => c.method), ['range']);
}
