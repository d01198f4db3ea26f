// Runs every golden scenario for one output format (each format's test file calls this).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { print, type Format } from './golden.js';
import { SCENARIOS, expected } from './scenarios.js';

/** Bytes as text for assertion messages (binary kept visible). */
const show = (b: Buffer) => JSON.stringify(b.toString('latin1'));

export function runGoldenScenarios(format: Format): void {
  for (const s of SCENARIOS) {
    if (s.formats !== undefined && !s.formats.includes(format)) continue;
    test(`${s.name} -w ${format} prints what etcdctl printed`, async () => {
      const want = expected(s, format);
      const got = await print(format, s.call(format), { hex: s.hex ?? false });
      assert.equal(show(got.stdout), show(want.stdout), 'stdout');
      assert.equal(got.stderr, want.stderr, 'stderr');
      assert.equal(got.error?.exitCode ?? 0, want.code, 'exit code');
      if (want.code !== 0) assert.equal(got.error!.stderrText.split('\n')[0], want.errorLine, 'error line');
    });
  }
}
