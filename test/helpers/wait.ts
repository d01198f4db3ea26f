// Waiting on an event that nothing announces (a key copied, a member's state, a counter in
// /metrics): the condition is checked until it holds, and the wait fails, naming what it waited
// for, when it does not hold in time. The wait ends with the event itself, never after a guess.
import assert from 'node:assert/strict';
import { sleep } from './etcd.js';

export async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}
