// The command runner of `watch -- cmd` and `lock <name> cmd` (commands/v3/exec.ts): Go's os/exec
// behaviour and error texts, as etcdctl 3.4.23 reports them (`lock mylock -- <cmd>` printed these
// after `Error: `): lookup in $PATH, relative entries refused, exit status, signals, spawn errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environ, runCommand } from '../../../../commands/v3/exec.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { tmp } from '../../../helpers/disk-helpers.js';

const root = tmp('exec-cmd-');
after(() => fs.rmSync(root, { recursive: true, force: true }));
const PATH = process.env.PATH ?? '';
const io = (env: Record<string, string> = { PATH }) => new BufferIO({ env, cwd: root });

test('environ: later entries win, undefined values are left out', () => {
  assert.deepEqual(environ({ A: '1', B: '2', C: undefined }, [['A', '3']], { B: '4' }), { A: '3', B: '4' });
  // the order of names follows the last setting (Go's dedupEnv keeps the last)
  assert.deepEqual(Object.keys(environ({ A: '1', B: '2' }, [['A', '3']])), ['B', 'A']);
});

test('runCommand: output through the IO (no inherited stdio), the environment given, exit 0', async () => {
  const out = io();
  assert.equal(await runCommand(['sh', '-c', 'echo "out $FOO"; echo err >&2'], { PATH, FOO: 'bar' }, out), undefined);
  assert.deepEqual([out.stdoutText, out.stderrText], ['out bar\n', 'err\n']);
});

test('runCommand: Go\'s error texts for failures', async () => {
  const notExec = path.join(root, 'notexec');
  fs.writeFileSync(notExec, '');
  const rel = path.join(root, 'relx');
  fs.writeFileSync(rel, '#!/bin/sh\necho hi\n', { mode: 0o755 });
  const cases: Array<[string[], Record<string, string>, string]> = [
    [['sh', '-c', 'exit 3'], { PATH }, 'exit status 3'],
    [['sh', '-c', 'kill -TERM $$'], { PATH }, 'signal: terminated'],
    [['nonexistent-cmd'], { PATH }, 'exec: "nonexistent-cmd": executable file not found in $PATH'],
    [['./nope'], { PATH }, 'fork/exec ./nope: no such file or directory'],
    [['./notexec'], { PATH }, 'fork/exec ./notexec: permission denied'],
    // a relative $PATH entry (looked up from the process's working directory, as Go does)
    [['relx'], { PATH: `${path.relative(process.cwd(), root)}:${PATH}` }, 'exec: "relx": cannot run executable found relative to current directory'],
  ];
  for (const [argv, env, want] of cases) {
    assert.equal(await runCommand(argv, env, io(env)), want, argv.join(' '));
  }
  // an absolute $PATH entry is fine
  const ok = io({ PATH: `${root}:${PATH}` });
  assert.equal(await runCommand(['relx'], { PATH }, ok), undefined);
  assert.equal(ok.stdoutText, 'hi\n');
});
