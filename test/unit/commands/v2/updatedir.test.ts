// `etcdctl updatedir` (v2) through runV2 with a fake etcd: PUT ?dir=true&prevExist=true, --ttl,
// nothing printed in simple; argument and flag errors; server errors. Expected bytes are Debian's
// etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, dirNode, errorReply, goldenHelp, incorrectUsage, keysReply } from '../../../helpers/fake-v2.js';

test('updatedir <key>: PUT ?dir=true&prevExist=true; json with the TTL, extended, nothing in simple', async () => {
  const exp = { ttl: 100n, expiration: '2026-12-07T18:11:52.28925919Z' };
  const f = new FakeV2(
    keysReply('update', { ...dirNode('/md/s2', 93n, null, 95n), ...exp }, 95n, dirNode('/md/s2', 93n)),
    keysReply('update', dirNode('/md/s3', 94n, null, 96n), 96n, dirNode('/md/s3', 94n)),
    keysReply('update', dirNode('/md/s3', 94n, null, 97n), 97n, dirNode('/md/s3', 94n, null, 96n)),
  );
  assert.deepEqual(await f.run(['-o', 'json', 'updatedir', '--ttl', '100', '/md/s2']), {
    stdout:
      '{"action":"update","node":{"key":"/md/s2","dir":true,"value":"","nodes":null,"createdIndex":93,"modifiedIndex":95,"expiration":"2026-12-07T18:11:52.28925919Z","ttl":100},"prevNode":{"key":"/md/s2","dir":true,"value":"","nodes":null,"createdIndex":93,"modifiedIndex":93}}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['-o', 'extended', 'updatedir', '/md/s3']), {
    stdout: 'Key: /md/s3\nCreated-Index: 94\nModified-Index: 96\nPrevNode.Value: \nTTL: 0\nIndex: 96\n\n\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['updatedir', '/md/s3']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/md/s2?dir=true&prevExist=true ttl=100', 'PUT /v2/keys/md/s3?dir=true&prevExist=true', 'PUT /v2/keys/md/s3?dir=true&prevExist=true']);
});

test('updatedir argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['updatedir']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(await f.run(['updatedir', '--ttl=x', '/md/s3']), incorrectUsage('invalid value "x" for flag -ttl: parse error', goldenHelp('updatedir')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client']);
});

test('updatedir of a missing key: 100, exit 4', async () => {
  assert.deepEqual(await new FakeV2(errorReply(100, 'Key not found', '/md/nope', 98n)).run(['updatedir', '/md/nope']), {
    stdout: '',
    stderr: 'Error:  100: Key not found (/md/nope) [98]\n',
    code: 4,
  });
});
