// Conventions a person's terminal sets (issue 10 items 8 and 9): colour only where wanted
// (NO_COLOR, FORCE_COLOR=0, TERM=dumb turn it off), and SIGINT left ignored when the command was
// started with it ignored (a background job of a non-interactive shell), as a Go program does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOnPty } from '../helpers/pty.js';
import { OUR_ETCDCTL } from '../helpers/run.js';

const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', ETCDCTL_API: '3', TERM: 'xterm' };

test('the Error: prefix on a terminal is coloured unless NO_COLOR, FORCE_COLOR=0 or TERM=dumb', async () => {
  const cases: Array<[Record<string, string>, boolean]> = [
    [{}, true],
    [{ NO_COLOR: '1' }, false],
    [{ FORCE_COLOR: '0' }, false],
    [{ TERM: 'dumb' }, false],
  ];
  for (const [env, coloured] of cases) {
    const r = await runOnPty([OUR_ETCDCTL, 'put'], { ...base, ...env }, []);
    assert.equal(r.code, 128, JSON.stringify(env));
    assert.match(r.output, /Error:.*put command needs 1 argument and input from stdin or 2 arguments\r\n$/, JSON.stringify(env));
    assert.equal(r.output.includes('\x1b['), coloured, `${JSON.stringify(env)}: ${JSON.stringify(r.output)}`);
  }
});
