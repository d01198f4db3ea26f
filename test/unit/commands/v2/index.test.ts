// The v2 registry and app (commands/v2/index.ts) through runV2: every command is registered under
// its file's name, an unknown command is exit 3, a v3-only one names the fix (our deliberate
// difference, see the README), and global flag errors print the app's help. Expected bytes are
// Debian's etcdctl 3.4.23's unless said otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FakeV2 } from '../../../helpers/fake-v2.js';

const appHelp = () => readFileSync(new URL('../../../golden/v2/help/etcdctl.txt', import.meta.url), 'utf8');

test('every command file is a registered command (its help is etcdctl\'s) and has a unit test file', async () => {
  const files = readdirSync(new URL('../../../../commands/v2/', import.meta.url))
    .filter((f) => f.endsWith('.ts') && !['index.ts', 'util.ts', 'ttl.ts', 'complete.ts'].includes(f))
    .map((f) => f.replace(/\.ts$/, ''));
  assert.equal(files.length, 18);
  const tests = readdirSync(new URL('./', import.meta.url));
  for (const name of files) {
    const r = await new FakeV2().run(['help', name]);
    assert.deepEqual(r, { stdout: readFileSync(new URL(`../../../golden/v2/help/help_${name}.txt`, import.meta.url), 'utf8'), stderr: '', code: 0 }, name);
    assert.ok(tests.includes(`${name}.test.ts`), `test/unit/commands/v2/${name}.test.ts`);
  }
  assert.ok(tests.includes('ttl.test.ts'));
  assert.ok(tests.includes('complete.test.ts'));
});

test('an unknown command: No help topic, exit 3; a v3-only command: a hint, exit 1 (ours)', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['bogus']), { stdout: '', stderr: "No help topic for 'bogus'\n", code: 3 });
  for (const cmd of ['put', 'version']) {
    assert.deepEqual(await f.run([cmd, 'k', 'v']), { stdout: '', stderr: `Error: "${cmd}" is an API v3 command; run it with ETCDCTL_API=3\n`, code: 1 });
  }
  assert.deepEqual(f.calls, []);
});

test('global flag errors: Incorrect Usage. and the app help, exit 1, no client', async () => {
  const f = new FakeV2();
  const cases: Array<[string[], string]> = [
    [['--bogus', 'get', '/k'], 'flag provided but not defined: -bogus'],
    [['--timeout', 'soon', 'get', '/k'], 'invalid value "soon" for flag -timeout: parse error'],
    [['--debug=nope', 'get', '/k'], 'invalid boolean value "nope" for -debug: parse error'],
  ];
  for (const [args, msg] of cases) {
    assert.deepEqual(await f.run(args), { stdout: `Incorrect Usage. ${msg}\n\n${appHelp()}`, stderr: `${msg}\n`, code: 1 }, args.join(' '));
  }
  // two forms of one flag: the message, then the help without a blank line
  assert.deepEqual(await f.run(['-o', 'json', '--output', 'simple', 'get', '/k']), {
    stdout: `Cannot use two forms of the same flag: o output\n${appHelp()}`,
    stderr: 'Cannot use two forms of the same flag: o output\n',
    code: 1,
  });
  assert.deepEqual(f.calls, []);
});
