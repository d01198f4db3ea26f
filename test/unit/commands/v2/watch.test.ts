// `etcdctl watch` (v2) through runV2 with a fake etcd: the long-poll requests (wait, waitIndex,
// recursive), the first event or every event with --forever until Ctrl-C, directory events
// skipped, `[action] key` lines with -r, each output format, argument and flag errors, a failing
// request. Expected bytes are Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_REFUSED_STDERR, FakeV2, SignalIO, allRefused, dirNode, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

/** Runs a watch whose fake ends in a waiting request, answered by Ctrl-C. */
async function untilCtrlC(f: FakeV2, argv: string[]) {
  const io = new SignalIO({ argv });
  f.onHang = () => io.emit('SIGINT');
  return f.run(argv, { io });
}

test('watch <key>: one GET ?wait=true, the first event printed, then exit 0', async () => {
  const f = new FakeV2(keysReply('set', keyNode('/w/k', 'v1', 109n), 108n, keyNode('/w/k', 'v0', 100n)));
  assert.deepEqual(await f.run(['watch', '/w/k']), { stdout: 'v1\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/keys/w/k?recursive=false&wait=true&waitIndex=0']);
  assert.deepEqual(f.calls, ['client']);
  const json = new FakeV2(keysReply('set', keyNode('/w/k', 'v2', 110n), 109n, keyNode('/w/k', 'v1', 109n)));
  assert.deepEqual(await json.run(['-o', 'json', 'watch', '/w/k']), {
    stdout:
      '{"action":"set","node":{"key":"/w/k","value":"v2","nodes":null,"createdIndex":110,"modifiedIndex":110},"prevNode":{"key":"/w/k","value":"v1","nodes":null,"createdIndex":109,"modifiedIndex":109}}\n',
    stderr: '',
    code: 0,
  });
});

test('watch --after-index N waits from N+1', async () => {
  const f = new FakeV2(keysReply('set', keyNode('/w/k', 'v1', 109n), 108n));
  assert.deepEqual(await f.run(['watch', '--after-index', '5', '/w/k']), { stdout: 'v1\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/keys/w/k?recursive=false&wait=true&waitIndex=6']);
});

test('watch -r: directory events skipped, `[action] key` before each event', async () => {
  const f = new FakeV2(keysReply('create', dirNode('/w/d', 111n), 110n), keysReply('set', keyNode('/w/a', 'va', 112n), 110n));
  assert.deepEqual(await f.run(['watch', '-r', '/w']), { stdout: '[set] /w/a\nva\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/keys/w?recursive=true&wait=true&waitIndex=0', 'GET /v2/keys/w?recursive=true&wait=true&waitIndex=112']);
});

test('watch --forever: every event, each request after the last index, until Ctrl-C (exit 0)', async () => {
  const f = new FakeV2(
    keysReply('set', keyNode('/w/a', 'vb', 114n), 113n, keyNode('/w/a', 'va', 112n)),
    keysReply('delete', keyNode('/w/k', '', 113n, 115n), 114n, keyNode('/w/k', 'v3', 113n)),
    'hang',
  );
  assert.deepEqual(await untilCtrlC(f, ['-o', 'extended', 'watch', '--forever', '-r', '/w']), {
    stdout:
      '[set] /w/a\nKey: /w/a\nCreated-Index: 114\nModified-Index: 114\nPrevNode.Value: va\nTTL: 0\nIndex: 113\n\nvb\n' +
      '[delete] /w/k\nKey: /w/k\nCreated-Index: 113\nModified-Index: 115\nPrevNode.Value: v3\nTTL: 0\nIndex: 114\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(f.lines(), [
    'GET /v2/keys/w?recursive=true&wait=true&waitIndex=0',
    'GET /v2/keys/w?recursive=true&wait=true&waitIndex=115',
    'GET /v2/keys/w?recursive=true&wait=true&waitIndex=116',
  ]);
  // -f is --forever; Ctrl-C before any event prints nothing
  const quiet = new FakeV2('hang');
  assert.deepEqual(await untilCtrlC(quiet, ['watch', '-f', '/w/k']), { stdout: '', stderr: '', code: 0 });
});

test('watch argument and flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['watch']), { stdout: '', stderr: 'Error:  key required\n', code: 1 });
  assert.deepEqual(f.calls, ['client']);
  assert.deepEqual(await f.run(['watch', '--after-index', 'x', '/w']), incorrectUsage('invalid value "x" for flag -after-index: parse error', goldenHelp('watch')));
  assert.deepEqual(await f.run(['watch', '-f', '--forever', '/w']), incorrectUsage('Cannot use two forms of the same flag: f forever', goldenHelp('watch')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client']);
});

test('watch: a failing request ends it with handleError, exit 4', async () => {
  const f = new FakeV2(allRefused());
  assert.deepEqual(await f.run(['watch', '/w/k']), {
    stdout: '',
    stderr: ALL_REFUSED_STDERR,
    code: 4,
  });
});
