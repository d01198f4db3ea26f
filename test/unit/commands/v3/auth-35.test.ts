// auth status (etcdctl 3.5): one AuthStatus request, printed by the printer of -w (simple: two
// lines; json: Go's encoding of the response, zero fields omitted; fields and table: exit 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { CliError } from '../../../../src/cli/core/errors.js';
import type { V3Factory } from '../../../../src/cli/v3/factory.js';
import { newPrinter } from '../../../../src/printer/v3/printer.js';
import { runAuthStatus } from '../../../../commands/v3/auth.js';

const header = { clusterId: 1n, memberId: 18446744073709551615n, revision: 4n, raftTerm: 2n };

async function status(format: string, resp: { enabled: boolean; authRevision: bigint }): Promise<string> {
  const io = new BufferIO();
  let calls = 0;
  const f = {
    client: async () => ({ authStatus: async () => (calls++, { header, ...resp }) }),
    printer: () => newPrinter(format, { hex: false }, io),
    commandDeadline: () => new Date(Date.now() + 5000),
  } as unknown as V3Factory;
  await runAuthStatus(f);
  assert.equal(calls, 1);
  return io.stdoutText;
}

test('simple: Authentication Status and AuthRevision', async () => {
  assert.equal(await status('simple', { enabled: true, authRevision: 7n }), 'Authentication Status: true\nAuthRevision: 7\n');
  assert.equal(await status('simple', { enabled: false, authRevision: 0n }), 'Authentication Status: false\nAuthRevision: 0\n');
});

test('json: the header as decimal numbers, enabled and authRevision omitted when zero', async () => {
  assert.equal(
    await status('json', { enabled: false, authRevision: 3n }),
    '{"header":{"cluster_id":1,"member_id":18446744073709551615,"revision":4,"raft_term":2},"authRevision":3}\n',
  );
  assert.match(await status('json', { enabled: true, authRevision: 3n }), /,"enabled":true,"authRevision":3\}\n$/);
});

test('fields and table are not supported (exit 4)', async () => {
  for (const format of ['fields', 'table']) {
    await assert.rejects(status(format, { enabled: true, authRevision: 1n }), (e) => e instanceof CliError && e.exitCode === 4 && e.message === `${format} not supported as output format`);
  }
});
