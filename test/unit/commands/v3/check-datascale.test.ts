// check datascale through runV3 with a fake client: the run itself needs a real member's
// /metrics (test/e2e/check.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCheckDatascaleCommand } from '../../../../commands/v3/check-datascale.js';
import { parseCheckOptions } from '../../../../src/check/options.js';
import { parseContext, runFake } from '../../../helpers/fake-v3.js';
import { assertKeysUnderPrefixStop } from '../../check/prefix-guard.js';

test('check datascale: an unknown --load is exit 4 before any request; its own default prefix', async () => {
  const r = await runFake(['check', 'datascale', '--load=x', 'extra'], { handlers: {} });
  assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', 'Error: unknown load option x\n', 4, 0]);
  const opts = parseCheckOptions(parseContext(newCheckDatascaleCommand(), [], { load: 'medium', 'auto-defrag': 'true' }), 0);
  assert.deepEqual(opts, { model: 'm', prefix: '/etcdctl-check-datascale/', autoCompact: false, autoDefrag: true, barWidth: 0 });
});

test('check datascale: keys under the prefix stop it before any write or metrics read (exit 3)', async () => {
  await assertKeysUnderPrefixStop('datascale', '/etcdctl-check-datascale/');
});
