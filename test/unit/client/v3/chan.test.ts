// Chan's flow control: the producer is told to stop once `high` values wait unread, and to go on
// once the reader has taken them all; values are never lost or reordered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chan } from '../../../../src/client/v3/chan.js';

test('full at the high mark, not full once read empty', async () => {
  const calls: boolean[] = [];
  const ch = new Chan<number>({ high: 3, onFull: (full) => calls.push(full) });
  for (let i = 0; i < 5; i++) ch.push(i);
  assert.deepEqual(calls, [true], 'once, at the third unread value');
  assert.equal(await ch.recv(), 0);
  assert.equal(await ch.recv(), 1);
  assert.equal(await ch.recv(), 2);
  assert.equal(await ch.recv(), 3);
  assert.deepEqual(calls, [true]);
  assert.equal(await ch.recv(), 4);
  assert.deepEqual(calls, [true, false]);
  // a value handed to a waiting reader is never buffered: no pressure
  const next = ch.recv();
  ch.push(5);
  assert.equal(await next, 5);
  ch.close();
  assert.equal(await ch.recv(), undefined);
  assert.deepEqual(calls, [true, false]);
});
