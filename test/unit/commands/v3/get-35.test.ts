// get's --count-only (etcdctl 3.5): the check against --keys-only before the request, countOnly in
// the request, and the fields-only check after it (as etcdctl 3.5.16 orders them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../../../src/cli/v3/cobra.js';
import { CliError } from '../../../../src/cli/core/errors.js';
import type { V3Factory } from '../../../../src/cli/v3/factory.js';
import { getRequest, newGetCommand, runGet, type GetOptions } from '../../../../commands/v3/get.js';

function request(args: string[]) {
  const p = parseFlags(newGetCommand(), args);
  return getRequest(p.positionals.map((a) => Buffer.from(a)), p.flags);
}

test('--count-only is sent as countOnly; absent, it is false', () => {
  assert.equal(request(['k', '--prefix', '--count-only']).countOnly, true);
  assert.equal(request(['k']).countOnly, false);
});

test('--count-only with --keys-only: etcdctl 3.5.16\'s error, exit 128, before any request', () => {
  assert.throws(
    () => request(['k', '--keys-only', '--count-only']),
    (e) => e instanceof CliError && e.exitCode === 128 && e.message === '`--keys-only` and `--count-only` cannot be set at the same time, choose one',
  );
  // the --prefix/--from-key check comes first, as in getGetOp
  assert.throws(() => request(['k', '--prefix', '--from-key', '--keys-only', '--count-only']), /--prefix` and `--from-key`/);
});

function fakeFactory(format: string, sent: unknown[], printed: unknown[]): V3Factory {
  return {
    client: async () => ({ range: async (req: unknown) => (sent.push(req), { header: undefined, kvs: [], more: false, count: 5n }) }),
    printer: async () => ({ format, get: (resp: unknown) => printed.push(resp) }),
    commandDeadline: () => new Date(Date.now() + 5000),
  } as unknown as V3Factory;
}

const opts = (countOnly: boolean): GetOptions => ({ ...request(['k', '--prefix', ...(countOnly ? ['--count-only'] : [])]), printValueOnly: false });

test('-w fields prints the count-only response', async () => {
  const sent: unknown[] = [];
  const printed: unknown[] = [];
  await runGet(opts(true), fakeFactory('fields', sent, printed));
  assert.equal((sent[0] as { countOnly: boolean }).countOnly, true);
  assert.equal(printed.length, 1);
});

test('another format: the request runs, then `--count-only is only for `--write-out=fields``, exit 128', async () => {
  for (const format of ['simple', 'json', 'protobuf', 'table']) {
    const sent: unknown[] = [];
    const printed: unknown[] = [];
    await assert.rejects(runGet(opts(true), fakeFactory(format, sent, printed)), (e) => e instanceof CliError && e.exitCode === 128 && e.message === '--count-only is only for `--write-out=fields`');
    assert.equal(sent.length, 1, format);
    assert.equal(printed.length, 0, format);
  }
  // without --count-only any format prints
  const printed: unknown[] = [];
  await runGet(opts(false), fakeFactory('simple', [], printed));
  assert.equal(printed.length, 1);
});
