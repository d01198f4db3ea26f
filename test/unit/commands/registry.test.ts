// One registry per API set (commands/registry.ts): every command file's constructor is bound to a
// registry name, the trees are built from the registry alone, and help order, suggestions and the
// cross-set hints come from it. A command defined in a file but left out cannot pass this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { V2_COMMAND_NAMES, V2_ONLY_COMMANDS, V3_COMMAND_NAMES, V3_ONLY_COMMANDS } from '../../../commands/registry.js';
import { newV3Root, SUGGESTION_ORDER } from '../../../commands/v3/index.js';
import { HELP_ORDER, runV2, v2Commands } from '../../../commands/v2/index.js';
import { runV3 } from '../../../commands/v3/index.js';
import { CliError } from '../../../src/cli/core/errors.js';
import { BufferIO } from '../../../src/cli/core/io.js';

/** The names of the commands the files of a set construct (`export function newXCommand`). */
async function definedIn(set: 'v2' | 'v3'): Promise<Map<string, string>> {
  const dir = fileURLToPath(new URL(`../../../commands/${set}/`, import.meta.url));
  const out = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const src = readFileSync(dir + file, 'utf8');
    for (const m of src.matchAll(/export function (new\w+Command)\(/g)) {
      const mod = (await import(`../../../commands/${set}/${file}`)) as Record<string, () => { name(): string }>;
      out.set(mod[m[1]!]!().name(), `${file}:${m[1]}`);
    }
  }
  return out;
}

test('v3: every command a file defines is in the registry, and the tree is the registry', async () => {
  const defined = await definedIn('v3');
  assert.ok(defined.size >= 23, `found ${defined.size} command constructors`);
  const root = newV3Root();
  // a file may also define a verb of another command's group (check-cluster.ts: `check cluster`)
  const verbs = new Set(root.subcommands.flatMap((c) => c.subcommands.map((s) => s.name())));
  for (const [name, where] of defined) {
    assert.ok((V3_COMMAND_NAMES as readonly string[]).includes(name) || verbs.has(name), `${where} defines "${name}", which the registry lacks`);
  }
  assert.deepEqual(root.subcommands.map((c) => c.name()), [...V3_COMMAND_NAMES]);
  assert.deepEqual(SUGGESTION_ORDER, [...V3_COMMAND_NAMES]);
});

test('v2: every command a file defines is in the registry, in help order', async () => {
  const defined = await definedIn('v2');
  assert.equal(defined.size, 18);
  for (const [name, where] of defined) assert.ok((V2_COMMAND_NAMES as readonly string[]).includes(name), `${where} defines "${name}", which the registry lacks`);
  assert.deepEqual(v2Commands().map((c) => c.spec.name), [...V2_COMMAND_NAMES]);
  assert.deepEqual(HELP_ORDER, [...V2_COMMAND_NAMES]);
  // the help lists them all (a command missing from the help order cannot silently disappear)
  const io = new BufferIO();
  await runV2(['--help'], io, {});
  for (const name of V2_COMMAND_NAMES) assert.match(io.stdoutText, new RegExp(`^   ${name}(, |\\s)`, 'm'), name);
});

test('cross-set hints come from the other set\'s registry', async () => {
  assert.deepEqual([...V2_ONLY_COMMANDS].sort(), ['backup', 'cluster-health', 'exec-watch', 'ls', 'mk', 'mkdir', 'rm', 'rmdir', 'set', 'setdir', 'update', 'updatedir']);
  assert.ok(!V3_ONLY_COMMANDS.includes('help') && V3_ONLY_COMMANDS.includes('put') && !V3_ONLY_COMMANDS.includes('get'));
  for (const name of V2_ONLY_COMMANDS) {
    await assert.rejects(runV3([name, 'x'], new BufferIO(), {}), (e: unknown) => e instanceof CliError && e.message === `"${name}" is an API v2 command; run it with ETCDCTL_API=2`);
  }
  for (const name of V3_ONLY_COMMANDS) {
    await assert.rejects(runV2([name, 'x'], new BufferIO(), {}), (e: unknown) => e instanceof CliError && e.message === `"${name}" is an API v3 command; run it with ETCDCTL_API=3`);
  }
});
