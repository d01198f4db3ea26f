// completion bash|fish|powershell|zsh through runV3: each prints its script (ours, built on
// cobra's __complete protocol: see commands/v3/completion.ts), asking with __completeNoDesc under
// --no-descriptions; arguments are cobra's unknown-command error; `completion` alone is its help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bashScript, fishScript, powershellScript, zshScript } from '../../../../commands/v3/completion.js';
import { helpGolden, runFake } from '../../../helpers/fake-v3.js';

const SCRIPTS = { bash: bashScript, fish: fishScript, powershell: powershellScript, zsh: zshScript };

test('completion <shell> prints the script for that shell, asking etcdctl __complete', async () => {
  for (const [shell, script] of Object.entries(SCRIPTS)) {
    const r = await runFake(['completion', shell], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], [script('etcdctl', '__complete'), '', 0, 0], shell);
    assert.ok(r.stdout.includes('__complete'), shell);
    assert.ok(!r.stdout.includes('__completeNoDesc'), shell);
    const noDesc = await runFake(['completion', shell, '--no-descriptions']);
    assert.equal(noDesc.stdout, script('etcdctl', '__completeNoDesc'), shell);
    assert.ok(noDesc.stdout.includes('__completeNoDesc'), shell);
  }
});

test('completion errors and help as etcdctl 3.4.23: an argument is an unknown command (usage, exit 1)', async () => {
  const r = await runFake(['completion', 'bash', 'x']);
  const msg = 'Error: unknown command "x" for "etcdctl completion bash"\n';
  assert.deepEqual([r.stdout, r.stderr, r.code], [helpGolden('completion bash'), `${msg}\n${msg}`, 1]);
  const bare = await runFake(['completion']);
  assert.deepEqual([bare.stdout, bare.stderr, bare.code], [helpGolden('completion'), '', 0]);
});
