// `etcdctl ls` (v2) through runV2 with a fake etcd: the request each flag makes, the listing
// (depth-first, -p), every output format, flag errors, server errors. Expected bytes are Debian's
// etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, dirNode, errorReply, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

/** /t as etcd answers a sorted, recursive GET: a key, a directory with two keys, an empty directory */
const tree = () =>
  keysReply(
    'get',
    dirNode('/t', 21n, [keyNode('/t/a', 'a', 24n), dirNode('/t/b', 21n, [keyNode('/t/b/1', 'one', 22n), keyNode('/t/b/2', 'two', 21n)]), dirNode('/t/e', 23n)]),
    24n,
  );
/** the same, not recursive: the directories come without their nodes */
const flat = () => keysReply('get', dirNode('/t', 21n, [keyNode('/t/a', 'a', 24n), dirNode('/t/b', 21n), dirNode('/t/e', 23n)]), 24n);

test('ls [key]: the root by default, then the given key; flags into the query', async () => {
  const f = new FakeV2(keysReply('get', dirNode('/', 0n, []), 24n), flat(), tree(), flat());
  assert.deepEqual(await f.run(['ls']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['ls', '--sort', '/t']), { stdout: '/t/a\n/t/b\n/t/e\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['ls', '--sort', '-r', '-p', '/t']), { stdout: '/t/a\n/t/b/\n/t/b/1\n/t/b/2\n/t/e/\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['ls', '-p', '--quorum', '/t']), { stdout: '/t/a\n/t/b/\n/t/e/\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), [
    'GET /v2/keys/?quorum=false&recursive=false&sorted=false',
    'GET /v2/keys/t?quorum=false&recursive=false&sorted=true',
    'GET /v2/keys/t?quorum=false&recursive=true&sorted=true',
    'GET /v2/keys/t?quorum=true&recursive=false&sorted=false',
  ]);
});

test('ls with an empty key lists /v2/keys itself', async () => {
  const f = new FakeV2(keysReply('get', dirNode('/', 0n, []), 24n));
  assert.deepEqual(await f.run(['ls', '']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/keys?quorum=false&recursive=false&sorted=false']);
});

test('ls of a key lists the key itself; of an empty directory nothing', async () => {
  const f = new FakeV2(keysReply('get', keyNode('/t/a', 'a', 24n), 24n), keysReply('get', dirNode('/t/e', 23n), 24n));
  assert.deepEqual(await f.run(['ls', '/t/a']), { stdout: '/t/a\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['ls', '/t/e']), { stdout: '', stderr: '', code: 0 });
});

test('ls -o json and extended print the response as the key printer does', async () => {
  const f = new FakeV2(flat(), flat());
  assert.deepEqual(await f.run(['-o', 'json', 'ls', '--sort', '/t']), {
    stdout:
      '{"action":"get","node":{"key":"/t","dir":true,"value":"","nodes":[{"key":"/t/a","value":"a","nodes":null,"createdIndex":24,"modifiedIndex":24},{"key":"/t/b","dir":true,"value":"","nodes":null,"createdIndex":21,"modifiedIndex":21},{"key":"/t/e","dir":true,"value":"","nodes":null,"createdIndex":23,"modifiedIndex":23}],"createdIndex":21,"modifiedIndex":21},"prevNode":null}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['-o', 'extended', 'ls', '--sort', '/t']), {
    stdout: 'Key: /t\nCreated-Index: 21\nModified-Index: 21\nTTL: 0\nIndex: 24\n\n\n',
    stderr: '',
    code: 0,
  });
});

test('ls: a flag after the key is an argument (Debian reorders only up to the first positional)', async () => {
  const f = new FakeV2(tree());
  await f.run(['ls', '-r', '/t', '--sort']);
  assert.deepEqual(f.lines(), ['GET /v2/keys/t?quorum=false&recursive=true&sorted=false']);
});

test('ls flag errors: Incorrect Usage and the help, no client', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['ls', '--sort=x']), incorrectUsage('invalid boolean value "x" for -sort: parse error', goldenHelp('ls')));
  assert.deepEqual(await f.run(['ls', '-r', '--recursive', '/t']), incorrectUsage('Cannot use two forms of the same flag: r recursive', goldenHelp('ls')));
  assert.deepEqual(await f.run(['ls', '-x']), incorrectUsage('flag provided but not defined: -x', goldenHelp('ls')));
  assert.deepEqual(f.calls, []);
});

test('ls server error: Key not found, exit 4', async () => {
  const f = new FakeV2(errorReply(100, 'Key not found', '/t/nothing', 24n));
  assert.deepEqual(await f.run(['ls', '/t/nothing']), { stdout: '', stderr: 'Error:  100: Key not found (/t/nothing) [24]\n', code: 4 });
});
