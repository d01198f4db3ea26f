// `etcdctl exec-watch` (v2) through runV2 with a fake etcd: the long-poll requests, a child process
// per non-directory event with ETCD_WATCH_* in its environment, `Ignored dir` lines, until Ctrl-C;
// the two argument orders; a command that cannot start; argument and flag errors. Expected bytes
// are Debian's etcdctl 3.4.23's for the same events (the children's lines are what they echo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeV2, SignalIO, dirNode, goldenHelp, incorrectUsage, keyNode, keysReply } from '../../../helpers/fake-v2.js';

// prints the variables etcdctl sets, then its own arguments
const SHOW = ['/bin/sh', '-c', 'echo "$ETCD_WATCH_ACTION $ETCD_WATCH_KEY $ETCD_WATCH_VALUE $ETCD_WATCH_MODIFIED_INDEX $*"', 'sh', 'arg1'];

/**
 * Three events under /x (a key, a directory, a key), each sent only once the previous child has
 * printed, then a wait that Ctrl-C ends.
 */
async function watchThree(argv: string[]) {
  const io = new SignalIO({ argv });
  const f = new FakeV2(
    keysReply('set', keyNode('/x/a', '1', 123n), 122n),
    io.stdoutIncludes('set /x/a 1 123 arg1\n').then(() => keysReply('create', dirNode('/x/d1970', 124n), 122n)),
    keysReply('set', keyNode('/x/b', '2', 125n), 122n),
    'hang',
  );
  f.onHang = () => void io.stdoutIncludes('set /x/b 2 125 arg1\n').then(() => io.emit('SIGINT'));
  const r = await f.run(argv, { io });
  return { r, f };
}

test('exec-watch -r <key> -- <command>: a child per key event, directories ignored, until Ctrl-C', async () => {
  const { r, f } = await watchThree(['exec-watch', '-r', '/x', '--', ...SHOW]);
  assert.deepEqual(r, { stdout: 'set /x/a 1 123 arg1\nset /x/b 2 125 arg1\n', stderr: 'Ignored dir /x/d1970 change\n', code: 0 });
  assert.deepEqual(f.lines(), [
    'GET /v2/keys/x?recursive=true&wait=true&waitIndex=0',
    'GET /v2/keys/x?recursive=true&wait=true&waitIndex=124',
    'GET /v2/keys/x?recursive=true&wait=true&waitIndex=125',
    'GET /v2/keys/x?recursive=true&wait=true&waitIndex=126',
  ]);
  assert.deepEqual(f.calls, ['client']);
});

test('exec-watch <command> [args...] <key>: without `--` the key is the last argument', async () => {
  const { r, f } = await watchThree(['exec-watch', '-r', ...SHOW, '/x']);
  assert.deepEqual(r, { stdout: 'set /x/a 1 123 arg1\nset /x/b 2 125 arg1\n', stderr: 'Ignored dir /x/d1970 change\n', code: 0 });
  assert.equal(f.lines()[0], 'GET /v2/keys/x?recursive=true&wait=true&waitIndex=0');
});

// A deliberate difference (README): Debian's etcdctl moves a `--` written after the key to the front
// and watches the command's first word; we honour the documented `<key> -- <command>`.
test('exec-watch <key> -- <command>: the key is the first argument (ours; see the README)', async () => {
  const io = new SignalIO();
  const f = new FakeV2('hang');
  f.onHang = () => io.emit('SIGINT');
  assert.deepEqual(await f.run(['exec-watch', '--after-index', '7', '/x', '--', 'true'], { io }), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/keys/x?recursive=false&wait=true&waitIndex=8']);
});

test('exec-watch --after-index N waits from N+1', async () => {
  const io = new SignalIO();
  const f = new FakeV2('hang');
  f.onHang = () => io.emit('SIGINT');
  assert.deepEqual(await f.run(['exec-watch', '--after-index', '7', '-r', '/x', '--', 'true'], { io }), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/keys/x?recursive=true&wait=true&waitIndex=8']);
});

test('exec-watch: a command that cannot start ends it, exit 1, the message without a newline', async () => {
  const cases: Array<[string, string]> = [
    ['nosuchcmd', 'exec: "nosuchcmd": executable file not found in $PATH'],
    ['/nonexistent/cmd', 'fork/exec /nonexistent/cmd: no such file or directory'],
  ];
  for (const [cmd, stderr] of cases) {
    const f = new FakeV2(keysReply('set', keyNode('/x/a', '1', 123n), 122n), 'hang');
    assert.deepEqual(await f.run(['exec-watch', '-r', '/x', '--', cmd], { env: { PATH: '/nonexistent' } }), { stdout: '', stderr, code: 1 }, cmd);
  }
});

test('exec-watch argument and flag errors', async () => {
  const f = new FakeV2();
  for (const args of [[], ['/x']]) {
    assert.deepEqual(await f.run(['exec-watch', ...args]), { stdout: '', stderr: 'Error:  key and command to exec required\n', code: 1 });
  }
  assert.deepEqual(f.calls, ['client', 'client']);
  assert.deepEqual(await f.run(['exec-watch', '--after-index', 'q', '/x', 'cmd']), incorrectUsage('invalid value "q" for flag -after-index: parse error', goldenHelp('exec-watch')));
  assert.deepEqual(f.requests, []);
  assert.deepEqual(f.calls, ['client', 'client']);
});
