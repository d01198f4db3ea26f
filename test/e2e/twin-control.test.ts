// The twin scenarios' positive control: per-step files only compare ours with etcdctl, so a twin
// that stops in the middle must still fail the file (both sides would print the same error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { twinScenario, type Step } from '../helpers/twin.js';

const steps: Step[] = [
  { args: ['--endpoints={{ep}}', 'put', 'a', '1'], opts: { api: '3' } },
  { args: ['--endpoints={{ep}}', 'get', 'a'], opts: { api: '3' } },
];

test('a scenario on healthy twins passes its control and compares equal', async () => {
  const results = await twinScenario(steps);
  assert.deepEqual(
    results.map((r) => [r.ours.code, r.ours.stdout, r.real.code, r.real.stdout]),
    [
      [0, 'OK\n', 0, 'OK\n'],
      [0, 'a\n1\n', 0, 'a\n1\n'],
    ],
  );
});

test('a twin stopped after the first step fails the scenario', async () => {
  await assert.rejects(
    twinScenario(steps, {}, async (member, index) => {
      if (index === 0) await member.stop();
    }),
    /the ours twin failed its control after the steps/,
  );
});
