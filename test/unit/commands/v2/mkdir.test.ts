// `etcdctl mkdir` (v2) through runV2 with a fake etcd: PUT ?dir=true&prevExist=false (one-shot),
// --ttl, nothing printed in simple, extended and json; argument and flag errors; server errors.
// Expected bytes are Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, errorReply, goldenHelp, incorrectUsage } from '../../../helpers/fake-v2.js';
import { newDirOutputs } from './new-dir.js';

test('mkdir <key>: PUT ?dir=true&prevExist=false, sent once; nothing in simple', async () => {
  const f = await newDirOutputs('mkdir', 'create', ['/md/x', '/md/y', '/md/z', '/md/t'], 86n, '100');
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
