// etcdctl's parseWatchArgs (raw argv, cobra's args, the ETCDCTL_WATCH_* key) and getWatchChan's
// checks, ported as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWatchArgs, watchSpec, ERR_BAD_ARGS_NUM, ERR_BAD_ARGS_NUM_CONFLICT_ENV, ERR_BAD_ARGS_NUM_SEPARATOR } from '../../../../commands/v3/watch.js';

const utf8 = (s: string): Buffer => Buffer.from(s);

const os = (...a: string[]) => ['etcdctl', '--endpoints=x', ...a];

test('non-interactive: key, range and the command after --', () => {
  assert.deepEqual(parseWatchArgs(os('watch', 'foo'), ['foo'], '', '', false), { watchArgs: ['foo'], execArgs: [] });
  assert.deepEqual(parseWatchArgs(os('watch', 'foo', 'bar', '--rev', '1', '--', 'echo', 'hi'), ['foo', 'bar', 'echo', 'hi'], '', '', false), {
    watchArgs: ['foo', 'bar'],
    execArgs: ['echo', 'hi'],
  });
  // the command's first word also appearing as the key
  assert.deepEqual(parseWatchArgs(os('watch', 'echo', '--', 'echo', 'x'), ['echo', 'echo', 'x'], '', '', false).watchArgs, ['echo']);
});

test('non-interactive errors', () => {
  assert.throws(() => parseWatchArgs(os('watch'), [], '', '', false), { message: ERR_BAD_ARGS_NUM });
  assert.throws(() => parseWatchArgs(os('watch', 'a', '--'), ['a'], '', '', false), { message: ERR_BAD_ARGS_NUM_SEPARATOR });
  assert.throws(() => parseWatchArgs(os('watch', 'foo'), ['foo'], 'k', '', false), { message: ERR_BAD_ARGS_NUM_CONFLICT_ENV });
  assert.throws(() => parseWatchArgs(os('watch', 'foo', '--', 'echo', '1'), ['foo', 'echo', '1'], 'k', '', false), { message: ERR_BAD_ARGS_NUM_CONFLICT_ENV });
  // no positional key: found later, by getWatchChan
  assert.deepEqual(parseWatchArgs(os('watch', '--prefix'), [], '', '', false), { watchArgs: [], execArgs: [] });
  assert.throws(() => watchSpec([], { prefix: true, rev: 0n, prevKv: false }, utf8), { message: ERR_BAD_ARGS_NUM });
});

test('the environment key goes first', () => {
  assert.deepEqual(parseWatchArgs(os('watch'), [], 'k', 'l', false), { watchArgs: ['k', 'l'], execArgs: [] });
  assert.deepEqual(parseWatchArgs(os('watch', '--rev', '1', '--', 'echo', 'hi'), ['echo', 'hi'], 'k', '', false), { watchArgs: ['k'], execArgs: ['echo', 'hi'] });
});

test('interactive lines carry their own flags', () => {
  assert.deepEqual(parseWatchArgs(os('watch', '-i', '--prefix'), ['watch', 'a', '--rev=3', '--prev-kv', '--', 'sh', '-c', 'x'], '', '', true), {
    watchArgs: ['a'],
    execArgs: ['sh', '-c', 'x'],
    lineFlags: { prefix: false, rev: 3n, prevKv: true },
  });
  assert.throws(() => parseWatchArgs(os('watch', '-i'), ['watch', '--prefix'], '', '', true), { message: ERR_BAD_ARGS_NUM });
  assert.throws(() => parseWatchArgs(os('watch', '-i'), ['watch', 'a', '--'], '', '', true), { message: ERR_BAD_ARGS_NUM_SEPARATOR });
  assert.throws(() => parseWatchArgs(os('watch', '-i'), ['watch', 'a', '--bogus'], '', '', true), { message: 'unknown flag: --bogus' });
  assert.throws(() => parseWatchArgs(os('watch', '-i'), ['watch', 'a', '-h'], '', '', true), { message: 'pflag: help requested' });
  assert.throws(() => parseWatchArgs(os('watch', '-i'), ['watch', 'a'], 'k', '', true), { message: ERR_BAD_ARGS_NUM_CONFLICT_ENV });
});

test('getWatchChan: a range, a prefix, and a third argument that is ignored', () => {
  const f = { prefix: false, rev: 7n, prevKv: true };
  assert.deepEqual(watchSpec(['a', 'c'], f, utf8), { key: Buffer.from('a'), rangeEnd: Buffer.from('c'), startRevision: 7n, prevKv: true });
  assert.deepEqual(watchSpec(['a', 'c', 'd'], f, utf8).rangeEnd, Buffer.alloc(0));
  assert.deepEqual(watchSpec(['ab'], { ...f, prefix: true }, utf8).rangeEnd, Buffer.from('ac'));
  assert.deepEqual(watchSpec([''], { ...f, prefix: true }, utf8).key, Buffer.from([0]));
  assert.throws(() => watchSpec(['a', 'b'], { ...f, prefix: true }, utf8), { message: '`range_end` and `--prefix` are mutually exclusive' });
});
