// `etcdctl auth enable|disable` (v2) through runV2 with a fake etcd: PUT / DELETE /v2/auth/enable,
// the argument check, the server's messages (exit 1), the help of the bare noun. Expected bytes
// are Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FAKE_ENDPOINT, FakeV2, emptyReply, goldenHelp, incorrectUsage, objectReply } from '../../../helpers/fake-v2.js';

test('auth enable / disable: PUT and DELETE /v2/auth/enable', async () => {
  const f = new FakeV2(emptyReply(200), emptyReply(200));
  assert.deepEqual(await f.run(['auth', 'enable']), { stdout: 'Authentication Enabled\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['auth', 'disable']), { stdout: 'Authentication Disabled\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/auth/enable', 'DELETE /v2/auth/enable']);
  assert.deepEqual(f.calls, ['client', 'client']);
  const debug = new FakeV2(emptyReply(200));
  assert.deepEqual(await debug.run(['--debug', 'auth', 'enable']), { stdout: 'Authentication Enabled\n', stderr: `Cluster-Endpoints: ${FAKE_ENDPOINT}\n`, code: 0 });
});

test("auth server errors: the server's message, exit 1", async () => {
  const cases: Array<[string, number, string]> = [
    ['enable', 401, 'Insufficient credentials'],
    ['disable', 401, 'Insufficient credentials'],
    ['disable', 409, 'auth: already disabled'],
    ['enable', 409, 'auth: No root user available, please create one'],
  ];
  for (const [sub, status, message] of cases) {
    assert.deepEqual(await new FakeV2(objectReply(status, { message })).run(['auth', sub]), { stdout: '', stderr: `${message}\n`, code: 1 }, `${sub} ${message}`);
  }
});

test('auth argument errors, the noun alone, an unknown subcommand', async () => {
  const f = new FakeV2();
  for (const sub of ['enable', 'disable']) {
    assert.deepEqual(await f.run(['auth', sub, 'x']), { stdout: '', stderr: 'No arguments accepted\n', code: 1 });
  }
  assert.deepEqual(f.calls, []);
  assert.deepEqual(await f.run(['auth']), { stdout: readFileSync(new URL('../../../golden/v2/help/auth.txt', import.meta.url), 'utf8'), stderr: '', code: 0 });
  assert.deepEqual(await f.run(['auth', 'bogus']), { stdout: '', stderr: "No help topic for 'bogus'\n", code: 3 });
  assert.deepEqual(await f.run(['auth', 'enable', '--bogus']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('auth', 'enable')));
  assert.deepEqual(f.calls, []);
});
