// auth enable|disable through runV3 with a fake client: no arguments allowed (exit 128), the root
// role repaired by `auth enable` when etcd asks for it, fixed output whatever -w, server errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAuthDisable, runAuthEnable } from '../../../../commands/v3/auth.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { directFactory, grpcError, helpGolden, requests, runFake } from '../../../helpers/fake-v3.js';

const ok = () => ({ header: undefined });

test('auth enable / disable: one request each, fixed text in every format', async () => {
  for (const format of ['simple', 'json', 'table']) {
    const on = await runFake(['auth', 'enable', '-w', format], { handlers: { authEnable: ok } });
    assert.deepEqual([on.stdout, on.stderr, on.code, on.calls.map((c) => c.method)], ['Authentication Enabled\n', '', 0, ['authEnable']]);
    const off = await runFake(['auth', 'disable', '-w', format], { handlers: { authDisable: ok } });
    assert.deepEqual([off.stdout, off.stderr, off.code, off.calls.map((c) => c.method)], ['Authentication Disabled\n', '', 0, ['authDisable']]);
  }
  // -w is still validated (exit 4, nothing sent)
  const bad = await runFake(['auth', 'enable', '-w', 'xml'], { handlers: { authEnable: ok } });
  assert.deepEqual([bad.stdout, bad.stderr, bad.code, bad.calls.length], ['', 'Error: unsupported output format\n', 4, 0]);
});

test('auth enable: a root user without the root role gets it, then enabling is tried again', async () => {
  let tries = 0;
  const r = await runFake(['auth', 'enable'], {
    handlers: {
      authEnable: () => {
        if (tries++ === 0) throw grpcError('etcdserver: root user does not have root role', 9);
        return ok();
      },
      roleAdd: ok,
      userGrantRole: ok,
    },
  });
  assert.deepEqual(r.calls.map((c) => c.method), ['authEnable', 'roleAdd', 'userGrantRole', 'authEnable']);
  assert.deepEqual(requests(r, 'roleAdd'), [{ name: 'root' }]);
  assert.deepEqual(requests(r, 'userGrantRole'), [{ user: 'root', role: 'root' }]);
  assert.deepEqual([r.stdout, r.code], ['Authentication Enabled\n', 0]);
  // a role root that exists but is not granted stays an error
  const stuck = await runFake(['auth', 'enable'], {
    handlers: {
      authEnable: () => { throw grpcError('etcdserver: root user does not have root role', 9); },
      roleAdd: () => { throw grpcError('etcdserver: role name already exists', 9); },
    },
  });
  assert.deepEqual([stuck.stdout, stuck.stderr, stuck.code], ['', 'Error: etcdserver: role name already exists\n', 1]);
});

test('auth: server errors exit 1; arguments are refused with exit 128', async () => {
  const noRoot = await runFake(['auth', 'enable'], { handlers: { authEnable: () => { throw grpcError('etcdserver: root user does not exist', 9); } } });
  assert.deepEqual([noRoot.stdout, noRoot.stderr, noRoot.code], ['', 'Error: etcdserver: root user does not exist\n', 1]);
  const denied = await runFake(['auth', 'disable'], { handlers: { authDisable: () => { throw grpcError('etcdserver: permission denied', 7); } } });
  assert.deepEqual([denied.stderr, denied.code], ['Error: etcdserver: permission denied\n', 1]);
  for (const sub of ['enable', 'disable']) {
    const r = await runFake(['auth', sub, 'x'], { handlers: { authEnable: ok, authDisable: ok } });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: auth ${sub} command does not accept any arguments\n`, 128, 0]);
  }
  const bare = await runFake(['auth']);
  assert.deepEqual([bare.stdout, bare.code], [helpGolden('auth'), 0]);
});

test('runAuthEnable and runAuthDisable called directly', async () => {
  const io = new BufferIO();
  await runAuthEnable(directFactory(io, { authEnable: ok }), io);
  await runAuthDisable(directFactory(io, { authDisable: ok }), io);
  assert.equal(io.stdoutText, 'Authentication Enabled\nAuthentication Disabled\n');
});
