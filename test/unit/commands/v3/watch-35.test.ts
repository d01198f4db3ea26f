// watch's --progress-notify (etcdctl 3.5): on the command line and on an interactive line (whose
// fresh flag set starts without it, as etcdctl's new watch command resets the flag variable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../../../src/cli/v3/cobra.js';
import { newWatchCommand, parseWatchArgs, watchSpec } from '../../../../commands/v3/watch.js';

const utf8 = (s: string): Buffer => Buffer.from(s);

const os = (...a: string[]) => ['etcdctl', ...a];

test('the flag parses and asks the watch for progress notifications', () => {
  const p = parseFlags(newWatchCommand(), ['k', '--progress-notify']);
  assert.equal(p.flags.bool('progress-notify'), true);
  const spec = watchSpec(['k'], { prefix: false, rev: 0n, prevKv: false, progressNotify: true }, utf8);
  assert.equal(spec.progressNotify, true);
  assert.equal(watchSpec(['k'], { prefix: false, rev: 0n, prevKv: false }, utf8).progressNotify, undefined);
});

test('interactive lines carry their own --progress-notify', () => {
  const on = parseWatchArgs(os('watch', '-i'), ['watch', '--progress-notify', 'k'], '', '', true);
  assert.equal(on.lineFlags?.progressNotify, true);
  assert.deepEqual(on.watchArgs, ['k']);
  const off = parseWatchArgs(os('watch', '-i', '--progress-notify'), ['watch', 'k'], '', '', true);
  assert.equal(off.lineFlags?.progressNotify, undefined);
});
