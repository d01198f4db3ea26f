// check perf (and the check parent) through runV3 with a fake client: the run itself takes a
// minute against a real member (test/e2e/check.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCheckCommand } from '../../../../commands/v3/check.js';
import { parseCheckOptions } from '../../../../src/check/options.js';
import { parseContext, runFake } from '../../../helpers/fake-v3.js';
import { assertKeysUnderPrefixStop } from '../../check/prefix-guard.js';

test('check perf: an unknown --load is exit 4 before any request; aliases name the four models', async () => {
  const r = await runFake(['check', 'perf', '--load=x', 'extra'], { handlers: {} });
  assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', 'Error: unknown load option x\n', 4, 0]);
  const perf = newCheckCommand().subcommands.find((c) => c.name() === 'perf')!;
  const models = ['s', 'small', 'm', 'medium', 'l', 'large', 'xl', 'xLarge'].map((load) => parseCheckOptions(parseContext(perf, [], { load }), 0).model);
  assert.deepEqual(models, ['s', 's', 'm', 'm', 'l', 'l', 'xl', 'xl']);
  // case matters, as in etcdctl's map lookup
  assert.throws(() => parseCheckOptions(parseContext(perf, [], { load: 'XL' }), 0), { message: 'unknown load option XL', exitCode: 4 });
  assert.deepEqual(parseCheckOptions(parseContext(perf, [], { prefix: '/p/', 'auto-compact': 'true' }), 80), {
    model: 's', prefix: '/p/', autoCompact: true, autoDefrag: false, barWidth: 80,
  });
});

test('check perf: keys under the prefix stop it before any write (exit 3); -w is checked first', async () => {
  await assertKeysUnderPrefixStop('perf', '/etcdctl-check-perf/');
  const format = await runFake(['check', 'perf', '--load=xLarge', '-w', 'xml'], { handlers: {} });
  assert.deepEqual([format.stdout, format.stderr, format.code, format.calls.length], ['', 'Error: unsupported output format\n', 4, 0]);
});
