// `etcdctl rmdir` (v2) through runV2 with a fake etcd: DELETE ?dir=true (one-shot), printed like
// rm; argument and flag errors; server errors. Expected bytes are Debian's etcdctl 3.4.23's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, dirNode, errorReply, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

test('rmdir <key>: DELETE ?dir=true; nothing in simple for a directory, the response in extended', async () => {
  const f = new FakeV2(keysReply('delete', dirNode('/r/e', 51n, null, 52n), 52n, dirNode('/r/e', 51n)), keysReply('delete', dirNode('/r/e', 51n, null, 52n), 52n, dirNode('/r/e', 51n)));
  assert.deepEqual(await f.run(['rmdir', '/r/e']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['-o', 'extended', 'rmdir', '/r/e']), {
    stdout: 'Key: /r/e\nCreated-Index: 51\nModified-Index: 52\nPrevNode.Value: \nTTL: 0\nIndex: 52\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(f.lines(), Array(2).fill('DELETE /v2/keys/r/e?dir=true (one-shot)'));
});

test('rmdir of a key removes it like rm (dir=true accepts a key)', async () => {
  const f = new FakeV2(keysReply('delete', keyNode('/r/k', '', 49n, 50n), 50n, keyNode('/r/k', 'v', 49n)));
  assert.deepEqual(await f.run(['rmdir', '/r/k']), { stdout: 'PrevNode.Value: v\n', stderr: '', code: 0 });
});

test('rmdir argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['rmdir']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(await f.run(['rmdir', '--bogus', '/r/e']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('rmdir')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client']);
});

test('rmdir server errors, exit 4', async () => {
  assert.deepEqual(await new FakeV2(errorReply(108, 'Directory not empty', '/r/d2', 47n)).run(['rmdir', '/r/d2']), {
    stdout: '',
    stderr: 'Error:  108: Directory not empty (/r/d2) [47]\n',
    code: 4,
  });
  assert.deepEqual(await new FakeV2(errorReply(100, 'Key not found', '/r/gone', 48n)).run(['rmdir', '/r/gone']), {
    stdout: '',
    stderr: 'Error:  100: Key not found (/r/gone) [48]\n',
    code: 4,
  });
});
