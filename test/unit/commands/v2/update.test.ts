// `etcdctl update` (v2) through runV2 with a fake etcd: PUT ?prevExist=true with the value (an
// argument or stdin) and --ttl, every output format, argument and flag errors, server errors.
// Expected bytes are Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, errorReply, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

test('update <key> <value>: PUT ?prevExist=true; each output format', async () => {
  const f = new FakeV2(
    keysReply('update', keyNode('/u/k', 'v1', 102n, 103n), 103n, keyNode('/u/k', 'v0', 102n)),
    keysReply('update', keyNode('/u/k', 'v2', 102n, 104n), 104n, keyNode('/u/k', 'v1', 102n, 103n)),
    keysReply('update', keyNode('/u/k', 'v3', 102n, 105n), 105n, keyNode('/u/k', 'v2', 102n, 104n)),
  );
  assert.deepEqual(await f.run(['-o', 'json', 'update', '/u/k', 'v1']), {
    stdout:
      '{"action":"update","node":{"key":"/u/k","value":"v1","nodes":null,"createdIndex":102,"modifiedIndex":103},"prevNode":{"key":"/u/k","value":"v0","nodes":null,"createdIndex":102,"modifiedIndex":102}}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['-o', 'extended', 'update', '/u/k', 'v2']), {
    stdout: 'Key: /u/k\nCreated-Index: 102\nModified-Index: 104\nPrevNode.Value: v1\nTTL: 0\nIndex: 104\n\nv2\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['update', '/u/k', 'v3']), { stdout: 'v3\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/u/k?prevExist=true value=v1', 'PUT /v2/keys/u/k?prevExist=true value=v2', 'PUT /v2/keys/u/k?prevExist=true value=v3']);
});

test('update --ttl, the value from stdin', async () => {
  const f = new FakeV2(keysReply('update', keyNode('/u/k', 'v4', 102n, 106n), 106n), keysReply('update', keyNode('/u/k', 'updated', 102n, 107n), 107n));
  await f.run(['update', '--ttl', '100', '/u/k', 'v4']);
  assert.deepEqual(await f.run(['update', '/u/k'], { stdin: 'updated' }), { stdout: 'updated\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/u/k?prevExist=true ttl=100&value=v4', 'PUT /v2/keys/u/k?prevExist=true value=updated']);
});

test('update argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['update']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(await f.run(['update', '/u/k']), { stdout: '', stderr: 'Error:  value required\n', code: 1 });
  assert.deepEqual(f.calls, ['client', 'client']);
  assert.deepEqual(await f.run(['update', '--ttl', 'x', '/u/k', 'v']), incorrectUsage('invalid value "x" for flag -ttl: parse error', goldenHelp('update')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client', 'client']);
});

test('update of a missing key: 100, exit 4', async () => {
  assert.deepEqual(await new FakeV2(errorReply(100, 'Key not found', '/u/nope', 107n)).run(['update', '/u/nope', 'v']), {
    stdout: '',
    stderr: 'Error:  100: Key not found (/u/nope) [107]\n',
    code: 4,
  });
});
