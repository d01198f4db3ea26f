// compaction through runV3 with a fake client against the printer golden capture
// (test/unit/printer/golden/<format>/compaction.out): every output format prints the same fixed line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, requests, runFake } from '../../../helpers/fake-v3.js';
import { FORMATS } from '../../printer/golden.js';

test('compaction <rev> prints what etcdctl 3.4.23 printed, on every output format (golden captures)', async () => {
  for (const format of FORMATS) {
    const r = await runFake(['compaction', '3', '-w', format], { handlers: { compact: () => ({ header: undefined }) } });
    assert.deepEqual(requests(r, 'compact'), [{ revision: 3n, physical: false }], format);
    assertGolden(r, format, 'compaction');
  }
});
