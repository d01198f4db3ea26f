// The v3 global options: flags, ETCDCTL_* variables and `.env` resolved once, before the command
// runs, into one read-only object (etcdctl's GlobalFlags), with the precedence table of the
// README; what the client configuration is built from; nothing mutated in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runV3 } from '../../../commands/v3/index.js';
import { CliError } from '../../../src/cli/core/errors.js';
import { loadEnvLayers, type Env } from '../../../src/cli/core/env.js';
import type { V3GlobalOptions } from '../../../src/cli/v3/global-options.js';
import { newV3Factory, type V3Factory } from '../../../src/cli/v3/factory.js';
import type { ParsedFlags } from '../../../src/cli/v3/command.js';
import { BufferIO } from '../../../src/cli/core/io.js';

class Stop extends Error {}

interface Seen {
  globals: V3GlobalOptions;
  flags: ParsedFlags;
  factory: V3Factory;
  io: BufferIO;
}

/** Parses argv as `etcdctl` v3 would and returns what the command would be given. */
async function resolve(argv: string[], env: Env = {}, fromFile: string[] = []): Promise<Seen> {
  const io = new BufferIO({ argv });
  let seen: Omit<Seen, 'io'> | undefined;
  await assert.rejects(
    runV3(argv, io, env, {
      envFromFile: new Set(fromFile),
      makeFactory: (ctx, e, globals) => {
        seen = { globals, flags: ctx.flags, factory: newV3Factory(ctx, e, globals) };
        throw new Stop();
      },
    }),
    Stop,
  );
  return { ...seen!, io };
}

test('README precedence table: default, flag, environment, .env', async () => {
  const eps = async (argv: string[], env: Env, fromFile: string[] = []) => (await resolve([...argv, 'get', 'k'], env, fromFile)).globals.strings('endpoints');
  assert.deepEqual(await eps([], {}), ['127.0.0.1:2379']);
  assert.deepEqual(await eps(['--endpoints=a'], {}), ['a']);
  assert.deepEqual(await eps([], { ETCDCTL_ENDPOINTS: 'b' }), ['b']);
  assert.deepEqual(await eps([], { ETCDCTL_ENDPOINTS: 'c' }, ['ETCDCTL_ENDPOINTS']), ['c']);
  // flag and .env: the flag, silently
  const s = await resolve(['--endpoints=a', 'get', 'k'], { ETCDCTL_ENDPOINTS: 'c' }, ['ETCDCTL_ENDPOINTS']);
  assert.deepEqual(s.globals.strings('endpoints'), ['a']);
  assert.deepEqual(s.globals.envEvents, []);
  assert.deepEqual((await s.factory.clientConfig()).endpoints, ['a']);
  assert.equal(s.io.stderrText, '');
});

test('flag and real environment: the fatal conflict, when the client configuration is built', async () => {
  const s = await resolve(['--endpoints=a', 'get', 'k'], { ETCDCTL_ENDPOINTS: 'b' });
  assert.deepEqual(s.globals.envEvents, [{ kind: 'conflict', key: 'ETCDCTL_ENDPOINTS', value: 'b' }]);
  assert.equal(s.io.stderrText, '', 'nothing printed before the command asks for its configuration');
  await assert.rejects(s.factory.clientConfig(), (e: unknown) => e instanceof CliError && e.exitCode === 1 && e.stderrText === '');
  assert.match(
    s.io.stderrText,
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} C \| pkg\/flags: conflicting environment variable "ETCDCTL_ENDPOINTS" is shadowed by corresponding command-line flag \(either unset environment variable or disable flag\)\n$/,
  );
});

test('.env below the real environment: loadEnvLayers says which variables came from the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-env-'));
  try {
    writeFileSync(join(dir, '.env'), 'ETCDCTL_API=3\nETCDCTL_ENDPOINTS=c\nETCDCTL_CACERT=/ca.crt\n');
    const { env, fromFile } = await loadEnvLayers({ ETCDCTL_ENDPOINTS: 'b', PATH: '/bin' }, dir);
    assert.deepEqual(env, { ETCDCTL_ENDPOINTS: 'b', PATH: '/bin', ETCDCTL_API: '3', ETCDCTL_CACERT: '/ca.crt' });
    assert.deepEqual([...fromFile].sort(), ['ETCDCTL_API', 'ETCDCTL_CACERT']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown ETCDCTL_* variables are warned about; unparsable values are ignored', async () => {
  const s = await resolve(['get', 'k'], { ETCDCTL_BOGUS: 'x', ETCDCTL_DIAL_TIMEOUT: '3' });
  assert.equal(s.globals.duration('dial-timeout'), 2_000_000_000n);
  assert.equal(s.globals.changed('dial-timeout'), false);
  assert.deepEqual(s.globals.envEvents, [{ kind: 'unknown', key: 'ETCDCTL_BOGUS', value: 'x' }]);
  await s.factory.clientConfig();
  assert.match(s.io.stderrText, / W \| pkg\/flags: unrecognized environment variable ETCDCTL_BOGUS=x\n$/);
});

test('resolved once, nothing mutated: the parsed flags keep the command line, the options add the environment', async () => {
  const s = await resolve(['snapshot', 'save', 'f.db'], { ETCDCTL_COMMAND_TIMEOUT: '7s', ETCDCTL_WRITE_OUT: 'json' });
  // no call order: the options are complete before any factory method runs
  assert.equal(s.globals.changed('command-timeout'), true);
  assert.equal(s.globals.duration('command-timeout'), 7_000_000_000n);
  assert.equal(s.globals.string('write-out'), 'json');
  assert.equal(s.flags.changed('command-timeout'), false);
  assert.equal(s.flags.string('write-out'), 'simple');
  await s.factory.clientConfig();
  assert.equal(s.flags.string('write-out'), 'simple');
  assert.equal(s.factory.globals(), s.globals);
  assert.equal((s.flags as unknown as { set?: unknown }).set, undefined, 'parsed flags have no setter');
});

test('clientConfig and healthConfig are built and cached separately', async () => {
  const s = await resolve(['--endpoints= a:1', 'endpoint', 'health']);
  const health = await s.factory.healthConfig();
  const command = await s.factory.clientConfig();
  assert.deepEqual(health.endpoints, [' a:1'], 'health keeps --endpoints as given');
  assert.deepEqual(command.endpoints, ['a:1'], 'the command configuration trims them');
  assert.equal(await s.factory.clientConfig(), command);
});

test('--debug prints the resolved options (environment applied) in etcdctl\'s order', async () => {
  const s = await resolve(['--debug', 'get', 'k'], { ETCDCTL_ENDPOINTS: 'x:1,y:2' });
  await s.factory.clientConfig();
  const lines = s.io.stderrText.split('\n');
  assert.ok(lines.includes('ETCDCTL_ENDPOINTS=[x:1,y:2]'), s.io.stderrText);
  assert.ok(lines.includes('ETCDCTL_DEBUG=true'), s.io.stderrText);
});
