// `etcdctl get` (v2) through runV2 with a fake etcd: the request, every output format, a
// directory, argument and flag errors, server errors. Expected bytes are Debian's etcdctl 3.4.23's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { V2ExitCode } from '../../../../src/cli/core/exit-codes.js';
import { FakeV2, dirNode, errorReply, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

const reply = () => keysReply('get', keyNode('/g/a', 'va', 18n), 20n);

test('get <key>: GET with recursive, sorted, quorum false; each output format', async () => {
  const f = new FakeV2(reply(), reply(), reply());
  assert.deepEqual(await f.run(['get', '/g/a']), { stdout: 'va\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['-o', 'extended', 'get', '/g/a']), {
    stdout: 'Key: /g/a\nCreated-Index: 18\nModified-Index: 18\nTTL: 0\nIndex: 20\n\nva\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['-o', 'json', 'get', '/g/a']), {
    stdout: '{"action":"get","node":{"key":"/g/a","value":"va","nodes":null,"createdIndex":18,"modifiedIndex":18},"prevNode":null}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(f.lines(), Array(3).fill('GET /v2/keys/g/a?quorum=false&recursive=false&sorted=false'));
  assert.deepEqual(f.calls, ['client', 'client', 'client']);
});

test('get flags: --sort, --quorum/-q; extra arguments and flags after the key are ignored', async () => {
  const f = new FakeV2(reply(), reply(), reply(), reply());
  await f.run(['get', '--sort', '-q', '/g/a']);
  await f.run(['get', '--quorum', '/g/a']);
  assert.deepEqual(await f.run(['get', '/g/a', 'extra']), { stdout: 'va\n', stderr: '', code: 0 });
  // `-o json` after the key is an argument of get, not the global flag
  assert.deepEqual(await f.run(['get', '/g/a', '-o', 'json']), { stdout: 'va\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), [
    'GET /v2/keys/g/a?quorum=true&recursive=false&sorted=true',
    'GET /v2/keys/g/a?quorum=true&recursive=false&sorted=false',
    'GET /v2/keys/g/a?quorum=false&recursive=false&sorted=false',
    'GET /v2/keys/g/a?quorum=false&recursive=false&sorted=false',
  ]);
});

test("get: the key path cleaned and escaped as Go's client does", async () => {
  const f = new FakeV2(errorReply(100, 'Key not found', '/dbg', 140n), errorReply(100, 'Key not found', '/no', 140n));
  assert.deepEqual(await f.run(['get', '/dbg/k?x #y']), { stdout: '', stderr: 'Error:  100: Key not found (/dbg) [140]\n', code: 4 });
  await f.run(['get', 'no/leading/../slash/']);
  assert.deepEqual(f.lines(), [
    'GET /v2/keys/dbg/k%3Fx%20%23y?quorum=false&recursive=false&sorted=false',
    'GET /v2/keys/no/slash/?quorum=false&recursive=false&sorted=false',
  ]);
});

test('get of a directory: `<key>: is a directory`, exit 1, in every format', async () => {
  for (const o of ['simple', 'json']) {
    const f = new FakeV2(keysReply('get', dirNode('/g/d', 19n, [keyNode('/g/d/x', 'vx', 20n)]), 20n));
    assert.deepEqual(await f.run(['-o', o, 'get', '/g/d']), { stdout: '', stderr: '/g/d: is a directory\n', code: V2ExitCode.BadArgs });
  }
});

test('get argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['get']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(f.calls, ['client']);
  assert.deepEqual(await f.run(['get', '--sort=maybe', '/g/a']), incorrectUsage('invalid boolean value "maybe" for -sort: parse error', goldenHelp('get')));
  assert.deepEqual(await f.run(['get', '-q', '--quorum', '/g/a']), incorrectUsage('Cannot use two forms of the same flag: q quorum', goldenHelp('get')));
  assert.deepEqual(await f.run(['get', '--bogus', '/g/a']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('get')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client']);
});

test('get server errors: Key not found, exit 4 (text even with -o json); unsupported -o', async () => {
  for (const o of ['simple', 'json']) {
    const f = new FakeV2(errorReply(100, 'Key not found', '/g/missing', 20n));
    assert.deepEqual(await f.run(['-o', o, 'get', '/g/missing']), { stdout: '', stderr: 'Error:  100: Key not found (/g/missing) [20]\n', code: 4 });
  }
  const bogus = new FakeV2(reply());
  assert.deepEqual(await bogus.run(['-o', 'bogus', 'get', '/g/a']), { stdout: '', stderr: 'Unsupported output format: bogus\n', code: 0 });
});
