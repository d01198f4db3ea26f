// etcdutl completion <shell> and the hidden __complete requests (commands/etcdutl/completion.ts):
// help, argument errors and completion answers as etcdutl 3.5.16 gives them (hidden commands
// left out, required flags first); the scripts are ours and ask etcdutl itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseTests, helpTests, ours } from './golden.js';

helpTests([['completion'], ['completion', 'bash'], ['completion', 'fish'], ['completion', 'powershell'], ['completion', 'zsh']]);
caseTests('completion');

test('each script asks etcdutl, with or without descriptions', async () => {
  for (const shell of ['bash', 'fish', 'powershell', 'zsh']) {
    const r = await ours(['completion', shell]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /etcdutl/);
    assert.match(r.stdout, /__complete\b/);
    assert.match((await ours(['completion', shell, '--no-descriptions'])).stdout, /__completeNoDesc/);
  }
});
