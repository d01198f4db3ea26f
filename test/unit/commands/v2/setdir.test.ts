// `etcdctl setdir` (v2) through runV2 with a fake etcd: PUT ?dir=true (no existence check, retried
// like any request), --ttl, nothing printed in simple; argument and flag errors; server errors.
// Expected bytes are Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, errorReply, goldenHelp, incorrectUsage } from '../../../helpers/fake-v2.js';
import { newDirOutputs } from './new-dir.js';

test('setdir <key>: PUT ?dir=true; nothing in simple, the response in json and extended', async () => {
  const f = await newDirOutputs('setdir', 'set', ['/md/s2', '/md/s3', '/md/file', '/md/s'], 93n, '50');
  assert.deepEqual(f.lines(), ['PUT /v2/keys/md/s2?dir=true', 'PUT /v2/keys/md/s3?dir=true', 'PUT /v2/keys/md/file?dir=true', 'PUT /v2/keys/md/s?dir=true ttl=50']);
});

test('setdir argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['setdir']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(await f.run(['setdir', '--bogus', '/md/q']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('setdir')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client']);
});

test('setdir on an existing directory: 102 Not a file, exit 4 (text even with -o json)', async () => {
  assert.deepEqual(await new FakeV2(errorReply(102, 'Not a file', '/md/x', 89n)).run(['-o', 'json', 'setdir', '/md/x']), {
    stdout: '',
    stderr: 'Error:  102: Not a file (/md/x) [89]\n',
    code: 4,
  });
});
