// `etcdctl rm` (v2) through runV2 with a fake etcd: DELETE (one-shot) with --dir, -r,
// --with-value, --with-index; what each output format prints for a key, a compare-and-delete and
// a directory; argument and flag errors; server errors. Expected bytes are Debian's etcdctl
// 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, dirNode, errorReply, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

const deleted = () => keysReply('delete', keyNode('/r/k', '', 33n, 34n), 34n, keyNode('/r/k', 'v', 33n));
const deletedDir = () => keysReply('delete', dirNode('/r/d', 43n, null, 44n), 44n, dirNode('/r/d', 43n));

test('rm <key>: DELETE, sent once; PrevNode.Value in simple, the response in extended and json', async () => {
  const f = new FakeV2(deleted(), deleted(), deleted());
  assert.deepEqual(await f.run(['rm', '/r/k']), { stdout: 'PrevNode.Value: v\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['-o', 'extended', 'rm', '/r/k']), {
    stdout: 'Key: /r/k\nCreated-Index: 33\nModified-Index: 34\nPrevNode.Value: v\nTTL: 0\nIndex: 34\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run(['-o', 'json', 'rm', '/r/k']), {
    stdout:
      '{"action":"delete","node":{"key":"/r/k","value":"","nodes":null,"createdIndex":33,"modifiedIndex":34},"prevNode":{"key":"/r/k","value":"v","nodes":null,"createdIndex":33,"modifiedIndex":33}}\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(f.lines(), Array(3).fill('DELETE /v2/keys/r/k (one-shot)'));
});

test('rm flags into the query: --dir, -r, --with-value, --with-index', async () => {
  const f = new FakeV2(errorReply(100, 'Key not found', '/r/zz', 44n), deletedDir());
  assert.deepEqual(await f.run(['rm', '-r', '--dir', '--with-value', 'a', '--with-index', '3', '/r/zz']), {
    stdout: '',
    stderr: 'Error:  100: Key not found (/r/zz) [44]\n',
    code: 4,
  });
  await f.run(['rm', '--recursive', '/r/d']);
  assert.deepEqual(f.lines(), ['DELETE /v2/keys/r/zz?dir=true&prevIndex=3&prevValue=a&recursive=true (one-shot)', 'DELETE /v2/keys/r/d?recursive=true (one-shot)']);
});

test("rm --with-index below zero is sent as Go's uint64 of it", async () => {
  const f = new FakeV2(errorReply(101, 'Compare failed', '[18446744073709551614 != 6]', 138n));
  assert.deepEqual(await f.run(['rm', '--with-index', '-2', '/k']), { stdout: '', stderr: 'Error:  101: Compare failed ([18446744073709551614 != 6]) [138]\n', code: 4 });
  assert.deepEqual(f.lines(), ['DELETE /v2/keys/k?prevIndex=18446744073709551614 (one-shot)']);
});

test('rm --with-value: compareAndDelete prints the (empty) node value in simple', async () => {
  const f = new FakeV2(keysReply('compareAndDelete', keyNode('/r/k', '', 45n, 46n), 46n, keyNode('/r/k', 'v', 45n)));
  assert.deepEqual(await f.run(['rm', '--with-value', 'v', '/r/k']), { stdout: '\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['DELETE /v2/keys/r/k?prevValue=v (one-shot)']);
});

test('rm of a directory prints nothing in simple, the response otherwise', async () => {
  const f = new FakeV2(deletedDir(), deletedDir());
  assert.deepEqual(await f.run(['rm', '--dir', '/r/d']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['-o', 'json', 'rm', '--dir', '/r/d']), {
    stdout:
      '{"action":"delete","node":{"key":"/r/d","dir":true,"value":"","nodes":null,"createdIndex":43,"modifiedIndex":44},"prevNode":{"key":"/r/d","dir":true,"value":"","nodes":null,"createdIndex":43,"modifiedIndex":43}}\n',
    stderr: '',
    code: 0,
  });
});

test('rm argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['rm']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(f.calls, ['client']);
  assert.deepEqual(await f.run(['rm', '--with-index', 'q', '/r/k']), incorrectUsage('invalid value "q" for flag -with-index: parse error', goldenHelp('rm')));
  assert.deepEqual(await f.run(['rm', '---r', '/k']), incorrectUsage('bad flag syntax: ---r', goldenHelp('rm')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client']);
});

test('rm server errors, exit 4: not found, not a file, directory not empty', async () => {
  const cases: Array<[string[], ReturnType<typeof errorReply>, string]> = [
    [['rm', '/r/gone'], errorReply(100, 'Key not found', '/r/gone', 44n), 'Error:  100: Key not found (/r/gone) [44]\n'],
    [['rm', '/r/d2'], errorReply(102, 'Not a file', '/r/d2', 47n), 'Error:  102: Not a file (/r/d2) [47]\n'],
    [['-o', 'json', 'rm', '--dir', '/r/d2'], errorReply(108, 'Directory not empty', '/r/d2', 47n), 'Error:  108: Directory not empty (/r/d2) [47]\n'],
  ];
  for (const [args, reply, stderr] of cases) assert.deepEqual(await new FakeV2(reply).run(args), { stdout: '', stderr, code: 4 }, args.join(' '));
});
