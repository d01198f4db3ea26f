// version: the client's version, whatever the arguments and -w; no client is made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helpGolden, runFake } from '../../../helpers/fake-v3.js';

test('version prints etcdctl 3.4.23 and API 3.4, ignores arguments and -w, asks no server', async () => {
  for (const argv of [['version'], ['version', 'x', '-w', 'json'], ['version', '-w', 'bogus']]) {
    const r = await runFake(argv, { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['etcdctl version: 3.4.23\nAPI version: 3.4\n', '', 0, 0], argv.join(' '));
  }
  const flag = await runFake(['version', '--bogus']);
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('version'), 'Error: unknown flag: --bogus\n\nError: unknown flag: --bogus\n', 1]);
});
