// Hints for people (issue 10): etcdctl's exact error bytes for scripts, plus one line on a
// terminal's stderr (or under --debug for v3): a single-dash long flag, a command typed as a flag,
// and, with ETCDCTL_API unset, a v2 command of both sets that failed. Completion follows the set
// that would run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runV3 } from '../../../commands/v3/index.js';
import { runV2 } from '../../../commands/v2/index.js';
import { CliError } from '../../../src/cli/core/errors.js';
import { BufferIO } from '../../../src/cli/core/io.js';
import type { V2Factory } from '../../../src/cli/v2/factory.js';

function io(tty: boolean): BufferIO {
  const b = new BufferIO();
  b.stderrIsTTY = tty;
  return b;
}

async function failure(run: Promise<void>): Promise<CliError> {
  let err: unknown;
  await run.catch((e: unknown) => {
    err = e;
  });
  assert.ok(err instanceof CliError, String(err));
  return err;
}

const KEYS_ONLY = "unknown shorthand flag: 'k' in -keys-only";

test('v3 `get / --prefix -keys-only`: etcdctl\'s error; `did you mean --keys-only?` on a terminal or under --debug', async () => {
  const plain = await failure(runV3(['get', '/', '--prefix', '-keys-only'], io(false), {}));
  assert.equal(plain.stderrText, `Error: ${KEYS_ONLY}\n\nError: ${KEYS_ONLY}\n`);
  assert.equal(plain.exitCode, 1);
  const tty = await failure(runV3(['get', '/', '--prefix', '-keys-only'], io(true), {}));
  assert.equal(tty.stderrText, `Error: ${KEYS_ONLY}\n\nError: ${KEYS_ONLY}\ndid you mean --keys-only?\n`);
  assert.equal(tty.stdoutText, plain.stdoutText, 'stdout (the usage) never changes');
  const debug = await failure(runV3(['--debug', 'get', '/', '--prefix', '-keys-only'], io(false), {}));
  assert.match(debug.stderrText, /\ndid you mean --keys-only\?\n$/);
  // a shorthand group that names no flag gets no hint
  const other = await failure(runV3(['get', '/', '-zzz'], io(true), {}));
  assert.equal(other.stderrText, "Error: unknown shorthand flag: 'z' in -zzz\n\nError: unknown shorthand flag: 'z' in -zzz\n");
});

test('v3 `--version`: etcdctl\'s error; `did you mean "etcdctl version"?` on a terminal only', async () => {
  const plain = await failure(runV3(['--version'], io(false), {}));
  assert.equal(plain.stderrText, 'Error: unknown flag: --version\n\nError: unknown flag: --version\n');
  const tty = await failure(runV3(['--version'], io(true), {}));
  assert.equal(tty.stderrText, 'Error: unknown flag: --version\n\nError: unknown flag: --version\ndid you mean "etcdctl version"?\n');
});

const V2_HINT = (cmd: string) => `(ETCDCTL_API is unset, so this was the v2 "${cmd}"; for the v3 command set, run it with ETCDCTL_API=3)\n`;

test('v2 with ETCDCTL_API unset: a failing command of both sets names the set on a terminal', async () => {
  const usage = 'flag provided but not defined: -w';
  const plain = await failure(runV2(['member', 'list', '-w', 'table'], io(false), {}, { apiUnset: true }));
  assert.equal(plain.stderrText, `${usage}\n`);
  const tty = await failure(runV2(['member', 'list', '-w', 'table'], io(true), {}, { apiUnset: true }));
  assert.equal(tty.stderrText, `${usage}\n${V2_HINT('member')}`);
  assert.equal(tty.exitCode, 1);
  // ETCDCTL_API=2 chosen on purpose: no hint
  const chosen = await failure(runV2(['member', 'list', '-w', 'table'], io(true), {}, { apiUnset: false }));
  assert.equal(chosen.stderrText, `${usage}\n`);
  // a v2-only command: no hint either (there is no v3 one to mean)
  const v2only = await failure(runV2(['mk'], io(true), {}, { apiUnset: true }));
  assert.doesNotMatch(v2only.stderrText, /ETCDCTL_API is unset/);
  // `get` of a key only v3 has: v2's "Key not found" (exit 4), then the line
  const notFound = new CliError('100: Key not found (/foo) [7]', 4, 'Error:  100: Key not found (/foo) [7]\n');
  const fake = () => ({ client: () => Promise.reject(notFound), output: () => 'simple' }) as unknown as V2Factory;
  const get = await failure(runV2(['get', '/foo'], io(true), {}, { apiUnset: true, makeFactory: fake }));
  assert.equal(get.stderrText, `Error:  100: Key not found (/foo) [7]\n${V2_HINT('get')}`);
  assert.equal(get.exitCode, 4);
});

test('completion with ETCDCTL_API unset asks the v2 set: its commands, subcommands and flags', async () => {
  const ask = async (...words: string[]) => {
    const b = new BufferIO();
    await runV2(['__complete', ...words], b, {});
    return b.stdoutText;
  };
  assert.equal(await ask('mk'), 'mk\tmake a new key with a given value\nmkdir\tmake a new directory\n:4\n');
  assert.equal(await ask('member', 'l'), 'list\tenumerate existing cluster members\n:4\n');
  assert.match(await ask('ls', '--so'), /^--sort\t[^\n]*\n:4\n$/);
  assert.equal(await ask('--endpoints', 'x', 'cluster-h'), 'cluster-health\tcheck the health of the etcd cluster\n:4\n');
  assert.equal(await ask('get', '/k'), ':0\n');
  const script = new BufferIO();
  await runV3(['completion', 'bash'], script, {});
  assert.doesNotMatch(script.stdoutText, /ETCDCTL_API/, 'the script keeps the user\'s ETCDCTL_API');
});
