// `etcdctl set` (v2) through runV2 with a fake etcd: the request each argument and flag makes,
// every output format, argument and flag errors, server errors. Expected bytes are Debian's
// etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { V2ExitCode } from '../../../../src/cli/core/exit-codes.js';
import { ALL_REFUSED_STDERR, FakeV2, allRefused, errorReply, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

test('set <key> <value>: PUT with the value in the form, each output format', async () => {
  const reply = () => keysReply('set', keyNode('/s/k', 'v1', 7n), 7n);
  const json = new FakeV2(reply());
  assert.deepEqual(await json.run(['-o', 'json', 'set', '/s/k', 'v1']), {
    stdout: '{"action":"set","node":{"key":"/s/k","value":"v1","nodes":null,"createdIndex":7,"modifiedIndex":7},"prevNode":null}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(json.lines(), ['PUT /v2/keys/s/k value=v1']);
  assert.deepEqual(json.calls, ['client']);

  const simple = new FakeV2(reply());
  assert.deepEqual(await simple.run(['set', '/s/k', 'v1']), { stdout: 'v1\n', stderr: '', code: 0 });

  // with a previous node and a TTL
  const ext = new FakeV2(keysReply('set', keyNode('/s/k', 'v4', 11n, 11n, { ttl: 100n, expiration: '2026-12-07T18:02:32.872238001Z' }), 11n, keyNode('/s/k', 'v', 10n)));
  assert.deepEqual(await ext.run(['-o', 'extended', 'set', '--ttl', '100', '/s/k', 'v4']), {
    stdout: 'Key: /s/k\nCreated-Index: 11\nModified-Index: 11\nPrevNode.Value: v\nTTL: 100\nIndex: 11\n\nv4\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(ext.lines(), ['PUT /v2/keys/s/k ttl=100&value=v4']);

  const json2 = new FakeV2(
    keysReply('set', keyNode('/s/k', 'v2', 8n, 8n, { ttl: 100n, expiration: '2026-12-07T18:02:32.872238001Z' }), 8n, keyNode('/s/k', 'v1', 7n)),
  );
  assert.equal(
    (await json2.run(['-o', 'json', 'set', '--ttl', '100', '/s/k', 'v2'])).stdout,
    '{"action":"set","node":{"key":"/s/k","value":"v2","nodes":null,"createdIndex":8,"modifiedIndex":8,"expiration":"2026-12-07T18:02:32.872238001Z","ttl":100},"prevNode":{"key":"/s/k","value":"v1","nodes":null,"createdIndex":7,"modifiedIndex":7}}\n',
  );
});

test('set flags: --ttl, --swap-with-value, --swap-with-index go into the request', async () => {
  const f = new FakeV2(keysReply('compareAndSwap', keyNode('/s/k', 'v5', 10n, 12n), 12n, keyNode('/s/k', 'v4', 10n, 11n)));
  const r = await f.run(['set', '--ttl', '100', '--swap-with-value', 'v4', '--swap-with-index', '11', '/s/k', 'v5']);
  assert.deepEqual(r, { stdout: 'v5\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/s/k?prevIndex=11&prevValue=v4 ttl=100&value=v5']);
  // a TTL of 0 or below is not sent; flags may follow the positionals
  const g = new FakeV2(keysReply('set', keyNode('/s/k4', 'x', 3n), 3n), keysReply('set', keyNode('/s/k4', 'x', 4n), 4n));
  await g.run(['set', '--ttl', '-5', '/s/k4', 'x']);
  await g.run(['set', '/s/k4', 'x', '--ttl', '0']);
  assert.deepEqual(g.lines(), ['PUT /v2/keys/s/k4 value=x', 'PUT /v2/keys/s/k4 value=x']);
});

test('set: the value from stdin (byte for byte), `--` before a value that starts with -, extra arguments ignored', async () => {
  const f = new FakeV2(
    keysReply('set', keyNode('/s/k3', 'line1\nline2\n', 5n), 5n),
    keysReply('set', keyNode('/s/dash', '-v', 6n), 6n),
    keysReply('set', keyNode('/s/k', 'v', 7n), 7n),
  );
  assert.deepEqual(await f.run(['set', '/s/k3'], { stdin: 'line1\nline2\n' }), { stdout: 'line1\nline2\n\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['set', '--', '/s/dash', '-v']), { stdout: '-v\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['set', '/s/k', 'v', 'extra']), { stdout: 'v\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/s/k3 value=line1%0Aline2%0A', 'PUT /v2/keys/s/dash value=-v', 'PUT /v2/keys/s/k value=v']);
  const bytes = new FakeV2(keysReply('set', keyNode('/b', '', 2n), 2n));
  await bytes.run(['set', '/b'], { stdin: Buffer.from([0xff, 0x41, 0x0a]) });
  assert.deepEqual(bytes.lines(), ['PUT /v2/keys/b value=%FFA%0A']);
});

test('set: the key escaped in the path, the value form-encoded', async () => {
  const f = new FakeV2(keysReply('set', keyNode('/é%/k', 'a&b=c d/é+', 5n), 5n));
  assert.deepEqual(await f.run(['set', '/é%/k', 'a&b=c d/é+']), { stdout: 'a&b=c d/é+\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/%C3%A9%25/k value=a%26b%3Dc+d%2F%C3%A9%2B']);
});

test('set argument errors: key required, value required (after the client), exit 1', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['set']), { stdout: '', stderr: 'Error:  key required\n', code: V2ExitCode.BadArgs });
  assert.deepEqual(await f.run(['set', '/s/k']), { stdout: '', stderr: 'Error:  value required\n', code: 1 });
  assert.deepEqual(await f.run(['set', '/s/k'], { stdin: '' }), { stdout: '', stderr: 'Error:  value required\n', code: 1 });
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client', 'client', 'client']);
  // the client (and its sync) comes first: a failed sync wins over a missing key, exit 2
  const dead = new FakeV2();
  dead.clientError = (fac) => fac.handleError(V2ExitCode.BadConnection, allRefused());
  assert.deepEqual(await dead.run(['set']), {
    stdout: '',
    stderr: ALL_REFUSED_STDERR,
    code: 2,
  });
});

test('set flag errors: Incorrect Usage and the command help, before any client', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['set', '--ttl', 'x', '/s/k', 'v']), incorrectUsage('invalid value "x" for flag -ttl: parse error', goldenHelp('set')));
  assert.deepEqual(
    await f.run(['set', '--swap-with-index', 'abc', '/k', 'v']),
    incorrectUsage('invalid value "abc" for flag -swap-with-index: parse error', goldenHelp('set')),
  );
  // Debian's urfave/cli moves a trailing flag to the front, so it takes the key as its value
  assert.deepEqual(await f.run(['set', '/k', 'v', '--ttl']), incorrectUsage('invalid value "/k" for flag -ttl: parse error', goldenHelp('set')));
  assert.deepEqual(await f.run(['set', '--bogus', '/k', 'v']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('set')));
  assert.deepEqual(f.calls, []);
});

test('set server errors: handleError with exit 4, whatever -o says', async () => {
  const cases: Array<[string[], ReturnType<typeof errorReply>, string]> = [
    [['set', '--swap-with-value', 'v1', '/s/k', 'v3'], errorReply(101, 'Compare failed', '[v1 != v2]', 8n), 'Error:  101: Compare failed ([v1 != v2]) [8]\n'],
    [['set', '--swap-with-index', '1', '/s/k', 'v3'], errorReply(101, 'Compare failed', '[1 != 8]', 8n), 'Error:  101: Compare failed ([1 != 8]) [8]\n'],
    [['-o', 'json', 'set', '/', 'v'], errorReply(107, 'Root is read only', '/', 10n), 'Error:  107: Root is read only (/) [10]\n'],
    [['set', '/s/k/under', 'v'], errorReply(104, 'Not a directory', '/s/k', 10n), 'Error:  104: Not a directory (/s/k) [10]\n'],
  ];
  for (const [args, reply, stderr] of cases) {
    assert.deepEqual(await new FakeV2(reply).run(args), { stdout: '', stderr, code: V2ExitCode.ServerError }, args.join(' '));
  }
  const down = new FakeV2(allRefused());
  assert.deepEqual(await down.run(['--no-sync', 'set', '/k', 'v']), {
    stdout: '',
    stderr: ALL_REFUSED_STDERR,
    code: 4,
  });
});

test("set --swap-with-index below zero is sent as Go's uint64 of it", async () => {
  const f = new FakeV2(errorReply(101, 'Compare failed', '[18446744073709551615 != 6]', 138n));
  assert.deepEqual(await f.run(['set', '--swap-with-index', '-1', '/k', 'v']), {
    stdout: '',
    stderr: 'Error:  101: Compare failed ([18446744073709551615 != 6]) [138]\n',
    code: 4,
  });
  assert.deepEqual(f.lines(), ['PUT /v2/keys/k?prevIndex=18446744073709551615 value=v']);
});

test('set with an unsupported -o: the write happens, a line on stderr, exit 0', async () => {
  const f = new FakeV2(keysReply('set', keyNode('/s/k', 'v', 9n), 9n));
  assert.deepEqual(await f.run(['-o', 'bogus', 'set', '/s/k', 'v']), { stdout: '', stderr: 'Unsupported output format: bogus\n', code: 0 });
  assert.equal(f.requests.length, 1);
});
