// role add|delete|get|list|grant-permission|revoke-permission through runV3 with a fake client:
// permission ranges (etcdctl's permRange) and types in the requests, the argument errors (exit
// 128), the printed responses (etcdctl 3.4.23's golden captures), server errors (exit 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as rpc from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newRoleCommand, parseGrantOptions, parseRevokeOptions, permRange, runRoleGrantPermission } from '../../../../commands/v3/role.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { assertGolden, directFactory, goldenInput, goldenResponse, grpcError, helpGolden, parseContext, requests, runFake } from '../../../helpers/fake-v3.js';

const b = (s: string) => Buffer.from(s);
const NUL = Buffer.from([0]);
const sub = (name: string) => newRoleCommand().subcommands.find((c) => c.name() === name)!;
const granted = { roleGrantPermission: () => goldenResponse(rpc.AuthRoleGrantPermissionResponse, 'role_grant') };

test('role add/delete/get/list: requests and output (golden captures)', async () => {
  for (const format of ['simple', 'json', 'protobuf', 'table'] as const) {
    const add = await runFake(['role', 'add', 'r1', '-w', format], { handlers: { roleAdd: () => goldenResponse(rpc.AuthRoleAddResponse, 'role_add') } });
    assert.deepEqual(requests(add, 'roleAdd'), [{ name: 'r1' }]);
    assertGolden(add, format, 'role_add');
    const del = await runFake(['role', 'delete', 'r0', '-w', format], { handlers: { roleDelete: () => goldenResponse(rpc.AuthRoleDeleteResponse, 'role_delete') } });
    assert.deepEqual(requests(del, 'roleDelete'), [{ role: 'r0' }]);
    assertGolden(del, format, 'role_delete');
  }
  for (const format of ['simple', 'json', 'fields', 'protobuf'] as const) {
    const get = await runFake(['role', 'get', 'r1', '-w', format], { handlers: { roleGet: () => goldenInput(rpc.AuthRoleGetResponse, format, 'role_get') } });
    assert.deepEqual(requests(get, 'roleGet'), [{ role: 'r1' }]);
    assertGolden(get, format, 'role_get');
    const list = await runFake(['role', 'list', '-w', format], { handlers: { roleList: () => goldenInput(rpc.AuthRoleListResponse, format, 'role_list') } });
    assertGolden(list, format, 'role_list');
  }
});

test('role grant-permission: types case-insensitive, keys, ranges, --prefix, --from-key', async () => {
  const perm = async (...argv: string[]) => {
    const r = await runFake(['role', 'grant-permission', 'r1', ...argv], { handlers: granted });
    assert.equal(r.code, 0, r.stderr);
    return (requests(r, 'roleGrantPermission')[0] as { name: string; perm: unknown });
  };
  assert.deepEqual(await perm('read', 'k1'), { name: 'r1', perm: { permType: 0, key: b('k1'), rangeEnd: b('') } });
  assert.deepEqual((await perm('Write', 'a', 'b')).perm, { permType: 1, key: b('a'), rangeEnd: b('b') });
  // a third key argument is ignored
  assert.deepEqual((await perm('readwrite', 'a', 'b', 'c')).perm, { permType: 2, key: b('a'), rangeEnd: b('b') });
  assert.deepEqual((await perm('read', 'ab', '--prefix')).perm, { permType: 0, key: b('ab'), rangeEnd: b('ac') });
  assert.deepEqual((await perm('read', 'm', '--from-key')).perm, { permType: 0, key: b('m'), rangeEnd: NUL });
  assert.deepEqual((await perm('read', '', '--prefix')).perm, { permType: 0, key: NUL, rangeEnd: NUL });
  assert.deepEqual((await perm('read', '')).perm, { permType: 0, key: NUL, rangeEnd: b('') });
  for (const format of ['simple', 'json', 'table'] as const) {
    assertGolden(await runFake(['role', 'grant-permission', 'r1', 'read', 'k1', '-w', format], { handlers: granted }), format, 'role_grant');
  }
});

test('role revoke-permission: the key as given printed back, with the range', async () => {
  const cases = [
    [['k1'], { role: 'r1', key: b('k1'), rangeEnd: b('') }, 'role_revoke_key'],
    [['/a', '/b'], { role: 'r1', key: b('/a'), rangeEnd: b('/b') }, 'role_revoke_range'],
    [['/z', '--from-key'], { role: 'r1', key: b('/z'), rangeEnd: NUL }, 'role_revoke_from'],
  ] as const;
  for (const [argv, request, name] of cases) {
    for (const format of ['simple', 'json'] as const) {
      const r = await runFake(['role', 'revoke-permission', 'r1', ...argv, '-w', format], {
        handlers: { roleRevokePermission: () => goldenResponse(rpc.AuthRoleRevokePermissionResponse, name) },
      });
      assert.deepEqual(requests(r, 'roleRevokePermission'), [request]);
      assertGolden(r, format, name);
    }
  }
});

test('role argument errors: exit 128 with etcdctl messages, nothing sent', async () => {
  const cases: Array<[string[], string]> = [
    [['add'], 'role add command requires role name as its argument'],
    [['add', 'a', 'b'], 'role add command requires role name as its argument'],
    [['delete'], 'role delete command requires role name as its argument'],
    [['get'], 'role get command requires role name as its argument'],
    [['list', 'x'], 'role list command requires no arguments'],
    [['grant-permission', 'r1', 'read'], 'role grant command requires role name, permission type, and key [endkey] as its argument'],
    [['grant-permission', 'r1', 'bogus', 'k'], 'invalid permission type: bogus'],
    [['grant-permission', 'r1', 'read', 'k', '--prefix', '--from-key'], '--from-key and --prefix flags are mutually exclusive'],
    [['grant-permission', 'r1', 'read', '', '--prefix', '--from-key'], '--from-key and --prefix flags are mutually exclusive'],
    [['grant-permission', 'r1', 'read', 'a', 'b', '--prefix'], 'unexpected endkey argument with --prefix flag'],
    [['grant-permission', 'r1', 'read', 'a', 'b', '--from-key'], 'unexpected endkey argument with --from-key flag'],
    [['revoke-permission', 'r1'], 'role revoke-permission command requires role name and key [endkey] as its argument'],
    [['revoke-permission', 'r1', 'a', 'b', '--prefix'], 'unexpected endkey argument with --prefix flag'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['role', ...argv], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, 128, 0], argv.join(' '));
  }
  const bare = await runFake(['role']);
  assert.deepEqual([bare.stdout, bare.code], [helpGolden('role'), 0]);
});

test('role: server errors are Error: <desc>, exit 1', async () => {
  const r = await runFake(['role', 'get', 'nobody'], { handlers: { roleGet: () => { throw grpcError('etcdserver: role name not found', 9); } } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: etcdserver: role name not found\n', 1]);
  const notGranted = await runFake(['role', 'revoke-permission', 'r1', 'zz'], { handlers: { roleRevokePermission: () => { throw grpcError('etcdserver: permission is not granted to the role', 9); } } });
  assert.deepEqual([notGranted.stderr, notGranted.code], ['Error: etcdserver: permission is not granted to the role\n', 1]);
});

test('role parse functions and runRoleGrantPermission called directly', async () => {
  assert.deepEqual(permRange(['a', 'z'], false, false), { key: b('a'), rangeEnd: b('z') });
  assert.deepEqual(parseGrantOptions(parseContext(sub('grant-permission'), ['r', 'READ', 'p'], { prefix: 'true' })), { role: 'r', permType: 0, key: b('p'), rangeEnd: b('q') });
  assert.deepEqual(parseRevokeOptions(parseContext(sub('revoke-permission'), ['r', 'k'])), { role: 'r', keyArg: 'k', key: b('k'), rangeEnd: b('') });
  assert.throws(() => parseGrantOptions(parseContext(sub('grant-permission'), ['r', 'x', 'k'])), { exitCode: 128, message: 'invalid permission type: x' });
  const io = new BufferIO();
  await runRoleGrantPermission({ role: 'r1', permType: 0, key: b('k1'), rangeEnd: b('') }, directFactory(io, granted));
  assert.equal(io.stdoutText, 'Role r1 updated\n');
});
