// Our help text must equal etcdctl 3.4.23's byte for byte (plus the lines etcdctl 3.5.16 added,
// put in by test/golden/capture-v3-help-35.sh; auth status is 3.5.16's whole): the expected files in
// test/golden/v3/help were captured from Debian's etcdctl by test/golden/capture-v3-help.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findCommand } from '../../../src/cli/v3/cobra.js';
import { usageText } from '../../../src/cli/v3/usage.js';
import { newV3Root } from '../../../commands/v3/index.js';

const dir = fileURLToPath(new URL('../../golden/v3/help/', import.meta.url));

for (const file of readdirSync(dir).sort()) {
  const path = file === 'etcdctl.txt' ? [] : file.replace(/\.txt$/, '').split('_');
  test(`help for "etcdctl ${path.join(' ')}" matches etcdctl 3.4.23`, () => {
    const root = newV3Root();
    const found = findCommand(root, path);
    assert.equal(found.error, undefined);
    assert.equal(found.command.commandPath, ['etcdctl', ...path].join(' '));
    assert.equal(usageText(found.command), readFileSync(dir + file, 'utf8'));
  });
}
