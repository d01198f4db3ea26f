// commands/v2/ttl.ts is a helper, not a command: `--ttl N` as etcdctl passes it on,
// time.Duration(N) * time.Second (int64 nanoseconds that wrap), sent only when positive, in whole
// seconds. Checked directly and through `set`, whose request shows what is sent (Debian's
// etcdctl 3.4.23 sends the same: `ttl=1` for 18446744075, nothing for 9223372037).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ttlSeconds } from '../../../../commands/v2/ttl.js';
import { FakeV2, keyNode, keysReply } from '../../../helpers/fake-v2.js';

test('ttlSeconds: positive seconds as given, zero and below not sent, int64 nanoseconds wrap', () => {
  assert.equal(ttlSeconds(5n), 5n);
  assert.equal(ttlSeconds(0n), 0n);
  assert.equal(ttlSeconds(-5n), 0n);
  assert.equal(ttlSeconds(9223372036n), 9223372036n); // the largest that fits
  assert.equal(ttlSeconds(9223372037n), 0n); // wraps to a negative duration
  assert.equal(ttlSeconds(18446744074n), 0n); // wraps to 0.29 s
  assert.equal(ttlSeconds(18446744075n), 1n); // wraps to 1.29 s
});

test('the TTL each --ttl value puts in a request', async () => {
  const cases: Array<[string, string]> = [
    ['18446744075', 'PUT /v2/keys/ttlk ttl=1&value=v'],
    ['9223372037', 'PUT /v2/keys/ttlk value=v'],
    ['9223372036', 'PUT /v2/keys/ttlk ttl=9223372036&value=v'],
  ];
  for (const [ttl, line] of cases) {
    const f = new FakeV2(keysReply('set', keyNode('/ttlk', 'v', 3n), 3n));
    assert.deepEqual(await f.run(['set', '--ttl', ttl, '/ttlk', 'v']), { stdout: 'v\n', stderr: '', code: 0 });
    assert.deepEqual(f.lines(), [line], ttl);
  }
});
