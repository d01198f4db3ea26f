// Our v2 help (urfave/cli's) must equal etcdctl 3.4.23's byte for byte: the expected files in
// test/golden/v2/help were captured from Debian's etcdctl by test/golden/capture-v2-help.sh,
// one per invocation, named after its arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BufferIO } from '../../../src/cli/core/io.js';
import { runV2 } from '../../../commands/v2/index.js';

const dir = fileURLToPath(new URL('../../golden/v2/help/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

test('the golden v2 help files are there', () => {
  assert.ok(files.length >= 80, `only ${files.length} golden files`);
});

for (const file of files) {
  const args = file === 'etcdctl.txt' ? [] : file.replace(/\.txt$/, '').split('_');
  test(`"etcdctl ${args.join(' ')}" (v2) prints what etcdctl 3.4.23 prints`, async () => {
    const io = new BufferIO({ argv: args });
    await runV2(args, io, {});
    assert.equal(io.stdoutText, readFileSync(dir + file, 'utf8'));
    assert.equal(io.stderrText, '');
  });
}
