// `etcdctl mkdir` (v2) through runV2 with a fake etcd: PUT ?dir=true&prevExist=false (one-shot),
// --ttl, nothing printed in simple, extended and json; argument and flag errors; server errors.
// Expected bytes are Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, dirNode, errorReply, goldenHelp, incorrectUsage, keysReply } from '../../../helpers/fake-v2.js';

test('mkdir <key>: PUT ?dir=true&prevExist=false, sent once; nothing in simple', async () => {
  const f = new FakeV2(
    keysReply('create', dirNode('/md/x', 86n), 86n),
    keysReply('create', dirNode('/md/y', 87n), 87n),
    keysReply('create', dirNode('/md/z', 88n), 88n),
    keysReply('create', dirNode('/md/t', 89n), 89n),
  );
  assert.deepEqual(await f.run(['-o', 'json', 'mkdir', '/md/x']), {
    stdout: '{"action":"create","node":{"key":"/md/x","dir":true,"value":"","nodes":null,"createdIndex":86,"modifiedIndex":86},"prevNode":null}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['-o', 'extended', 'mkdir', '/md/y']), { stdout: 'Key: /md/y\nCreated-Index: 87\nModified-Index: 87\nTTL: 0\nIndex: 87\n\n\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['mkdir', '/md/z']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['mkdir', '--ttl', '100', '/md/t']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), [
    'PUT /v2/keys/md/x?dir=true&prevExist=false (one-shot)',
    'PUT /v2/keys/md/y?dir=true&prevExist=false (one-shot)',
    'PUT /v2/keys/md/z?dir=true&prevExist=false (one-shot)',
    'PUT /v2/keys/md/t?dir=true&prevExist=false ttl=100 (one-shot)',
  ]);
});

test('mkdir argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['mkdir']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(f.calls, ['client']);
  assert.deepEqual(await f.run(['mkdir', '--ttl', 'q', '/md/q']), incorrectUsage('invalid value "q" for flag -ttl: parse error', goldenHelp('mkdir')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client']);
});

test('mkdir of an existing key: 105, exit 4', async () => {
  assert.deepEqual(await new FakeV2(errorReply(105, 'Key already exists', '/md/x', 88n)).run(['mkdir', '/md/x']), {
    stdout: '',
    stderr: 'Error:  105: Key already exists (/md/x) [88]\n',
    code: 4,
  });
});
