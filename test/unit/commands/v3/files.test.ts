// Every v3 command file has its unit test file here (issue 12: the unit tests alone cover every
// command's argument errors, without etcd). argify.ts is tested through txn.test.ts and
// watch.test.ts; index.ts is runV3 itself, which every file here drives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';

const COMMANDS = new URL('../../../../commands/v3/', import.meta.url);
const HERE = new URL('./', import.meta.url);
/** not-implemented.ts: dead code (no command uses it; issue 12 item 5 removes it) */
const NOT_COMMANDS = new Set(['index.ts', 'argify.ts', 'not-implemented.ts']);

test('every commands/v3 file has test/unit/commands/v3/<name>.test.ts', () => {
  const files = readdirSync(COMMANDS).filter((f) => f.endsWith('.ts') && !NOT_COMMANDS.has(f));
  assert.ok(files.length >= 25, `only ${files.length} command files found`);
  const missing = files.filter((f) => !existsSync(new URL(f.replace(/\.ts$/, '.test.ts'), HERE)));
  assert.deepEqual(missing, []);
});
