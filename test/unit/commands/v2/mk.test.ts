// `etcdctl mk` (v2) through runV2 with a fake etcd: create (PUT prevExist=false, one-shot) or
// --in-order (POST), --ttl, every output format, argument and flag errors, server errors.
// Expected bytes are Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, errorReply, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

test('mk <key> <value>: PUT ?prevExist=false, sent once (not retried); each output format', async () => {
  const f = new FakeV2(
    keysReply('create', keyNode('/m/a', 'va', 25n), 25n),
    keysReply('create', keyNode('/m/b', 'vb', 26n), 26n),
    keysReply('create', keyNode('/m/c', 'vc', 27n), 27n),
  );
  assert.deepEqual(await f.run(['-o', 'json', 'mk', '/m/a', 'va']), {
    stdout: '{"action":"create","node":{"key":"/m/a","value":"va","nodes":null,"createdIndex":25,"modifiedIndex":25},"prevNode":null}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['-o', 'extended', 'mk', '/m/b', 'vb']), {
    stdout: 'Key: /m/b\nCreated-Index: 26\nModified-Index: 26\nTTL: 0\nIndex: 26\n\nvb\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['mk', '/m/c', 'vc']), { stdout: 'vc\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), [
    'PUT /v2/keys/m/a?prevExist=false value=va (one-shot)',
    'PUT /v2/keys/m/b?prevExist=false value=vb (one-shot)',
    'PUT /v2/keys/m/c?prevExist=false value=vc (one-shot)',
  ]);
});

test('mk --ttl, the value from stdin', async () => {
  const f = new FakeV2(keysReply('create', keyNode('/m/d', 'vd', 28n), 28n), keysReply('create', keyNode('/in/m', 'made', 29n), 29n));
  await f.run(['mk', '--ttl', '50', '/m/d', 'vd']);
  assert.deepEqual(await f.run(['mk', '/in/m'], { stdin: 'made' }), { stdout: 'made\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/m/d?prevExist=false ttl=50&value=vd (one-shot)', 'PUT /v2/keys/in/m?prevExist=false value=made (one-shot)']);
});

test('mk --in-order: POST to the directory, the new key printed', async () => {
  const f = new FakeV2(
    keysReply('create', keyNode('/m/q/00000000000000000029', 'j1', 29n), 29n),
    keysReply('create', keyNode('/m/q/00000000000000000030', 'j2', 30n), 30n),
    keysReply('create', keyNode('/m/q/00000000000000000031', '--ttl', 31n), 31n),
  );
  assert.deepEqual(await f.run(['-o', 'json', 'mk', '--in-order', '/m/q', 'j1']), {
    stdout: '{"action":"create","node":{"key":"/m/q/00000000000000000029","value":"j1","nodes":null,"createdIndex":29,"modifiedIndex":29},"prevNode":null}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['mk', '--in-order', '--ttl', '50', '/m/q', 'j2']), { stdout: 'j2\n', stderr: '', code: 0 });
  // Debian's quirk: a flag after the first positional is moved before the second one, so the value is "--ttl" (and no TTL is sent)
  assert.deepEqual(await f.run(['mk', '--in-order', '/m/q', 'j3', '--ttl', '10']), { stdout: '--ttl\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['POST /v2/keys/m/q value=j1', 'POST /v2/keys/m/q ttl=50&value=j2', 'POST /v2/keys/m/q value=--ttl']);
});

test('mk argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['mk']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(await f.run(['mk', '/m/x']), { stdout: '', stderr: 'Error:  value required\n', code: 1 });
  assert.deepEqual(f.calls, ['client', 'client']);
  assert.deepEqual(await f.run(['mk', '--ttl=z', '/m/x', 'v']), incorrectUsage('invalid value "z" for flag -ttl: parse error', goldenHelp('mk')));
  assert.deepEqual(await f.run(['mk', '--in-order=2', '/m/x', 'v']), incorrectUsage('invalid boolean value "2" for -in-order: parse error', goldenHelp('mk')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client', 'client']);
});

test('mk of an existing key: 105 Key already exists, exit 4, as text even with -o json', async () => {
  for (const o of ['simple', 'json']) {
    const f = new FakeV2(errorReply(105, 'Key already exists', '/m/a', 27n));
    assert.deepEqual(await f.run(['-o', o, 'mk', '/m/a', 'again']), { stdout: '', stderr: 'Error:  105: Key already exists (/m/a) [27]\n', code: 4 });
  }
});
