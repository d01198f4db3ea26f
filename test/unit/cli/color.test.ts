import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stderrColor } from '../../../src/cli/core/color.js';

test('colour conventions: NO_COLOR, FORCE_COLOR, TERM=dumb', () => {
  const cases: Array<[Record<string, string>, boolean, boolean]> = [
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'xterm-256color' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '1', TERM: 'dumb' }, true, true],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '' }, true, true],
  ];
  for (const [env, tty, want] of cases) assert.equal(stderrColor(env, tty), want, `${JSON.stringify(env)} tty=${tty}`);
});
