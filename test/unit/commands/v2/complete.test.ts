// `etcdctl __complete ...` under the v2 set (ETCDCTL_API unset or 2): the completion scripts ask
// the set that would run the line, on cobra's protocol (candidates, then ":<directive>" on stdout,
// the directive's name on stderr), as commands/v2/complete.ts answers it. No etcd involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runV2 } from '../../../../commands/v2/index.js';
import { BufferIO } from '../../../../src/cli/core/io.js';

async function complete(words: string[], hidden = '__complete'): Promise<{ stdout: string; stderr: string }> {
  const io = new BufferIO();
  await runV2([hidden, ...words], io, {});
  return { stdout: io.stdoutText, stderr: io.stderrText };
}

const NO_FILE = 'Completion ended with directive: ShellCompDirectiveNoFileComp\n';

test('command names at the command position, with their usage, in help order', async () => {
  assert.deepEqual(await complete(['se']), {
    stdout: 'set\tset the value of a key\nsetdir\tcreate a new directory or update an existing directory TTL\n:4\n',
    stderr: NO_FILE,
  });
  const all = (await complete([''])).stdout.split('\n').slice(0, 3);
  assert.deepEqual(all, ['backup\tbackup an etcd directory', 'cluster-health\tcheck the health of the etcd cluster', 'mk\tmake a new key with a given value']);
});

test("a command's flags for a word starting with -", async () => {
  assert.deepEqual(await complete(['set', '--t']), { stdout: '--ttl\tkey time-to-live in seconds\n:4\n', stderr: NO_FILE });
});

test('__completeNoDesc answers the same candidates', async () => {
  const r = await complete(['se'], '__completeNoDesc');
  assert.match(r.stdout, /^set/);
  assert.match(r.stdout, /:4\n$/);
});
