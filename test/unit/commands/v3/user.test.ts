// user add|delete|get|list|passwd|grant-role|revoke-role through runV3 with a fake client: the
// requests (names, passwords from every source), the argument errors (exit 128), the printed
// responses (etcdctl 3.4.23's golden captures), server errors (exit 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as rpc from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newUserCommand, parseUserAddOptions, runUserList, scanfToken } from '../../../../commands/v3/user.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { golden } from '../../printer/golden.js';
import { assertGolden, directFactory, goldenInput, goldenResponse, grpcError, helpGolden, parseContext, requests, runFake } from '../../../helpers/fake-v3.js';

const sub = (name: string) => newUserCommand().subcommands.find((c) => c.name() === name)!;

test('user add: the password from --new-user-password, name:password, stdin, or none', async () => {
  const added = { userAdd: () => goldenResponse(rpc.AuthUserAddResponse, 'user_add') };
  for (const format of ['simple', 'json', 'protobuf', 'table'] as const) {
    const r = await runFake(['user', 'add', 'u1', '--new-user-password=pw', '-w', format], { handlers: added });
    assert.deepEqual(requests(r, 'userAdd'), [{ name: 'u1', password: 'pw', options: { noPassword: false } }]);
    assertGolden(r, format, 'user_add');
  }
  const req = async (argv: string[], stdin?: string) => requests(await runFake(['user', 'add', ...argv], { handlers: added, ...(stdin === undefined ? {} : { stdin }) }), 'userAdd')[0];
  assert.deepEqual(await req(['u2:p:w']), { name: 'u2', password: 'p:w', options: { noPassword: false } });
  // --new-user-password wins over the name's password; the name keeps its colon
  assert.deepEqual(await req(['u2:pw', '--new-user-password=other']), { name: 'u2:pw', password: 'other', options: { noPassword: false } });
  assert.deepEqual(await req(['u3', '--no-password']), { name: 'u3', password: '', options: { noPassword: true } });
  // --interactive=false: one white-space delimited token from stdin (fmt.Scanf("%s"))
  assert.deepEqual(await req(['u4', '--interactive=false'], '  secret rest\n'), { name: 'u4', password: 'secret', options: { noPassword: false } });
  assert.deepEqual(await req(['u4', '--interactive=false'], '\nsecret\n'), { name: 'u4', password: '', options: { noPassword: false } });
});

test('user add without a terminal: the password is read from stdin as etcdctl reads it (empty: an error, nothing sent)', async () => {
  const r = await runFake(['user', 'add', 'u1'], { handlers: {} });
  const stty = "stty: 'standard input': Inappropriate ioctl for device\n";
  assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['Password of u1: \n', `${stty}${stty}Error: empty password\n`, 128, 0]);
});

test('user get [--detail], list, delete, passwd, grant-role, revoke-role: requests and output', async () => {
  for (const format of ['simple', 'json', 'protobuf'] as const) {
    const get = await runFake(['user', 'get', 'u1', '-w', format], { handlers: { userGet: () => goldenInput(rpc.AuthUserGetResponse, format, 'user_get') } });
    assert.deepEqual(requests(get, 'userGet'), [{ name: 'u1' }]);
    assertGolden(get, format, 'user_get');
    const list = await runFake(['user', 'list', '-w', format], { handlers: { userList: () => goldenInput(rpc.AuthUserListResponse, format, 'user_list') } });
    assertGolden(list, format, 'user_list');
  }
  assertGolden(await runFake(['user', 'get', 'u1', '-w', 'fields'], { handlers: { userGet: () => goldenInput(rpc.AuthUserGetResponse, 'fields', 'user_get') } }), 'fields', 'user_get');
  const one = [
    [['delete', 'u0'], 'userDelete', { name: 'u0' }, rpc.AuthUserDeleteResponse, 'user_delete'],
    [['grant-role', 'u1', 'r1'], 'userGrantRole', { user: 'u1', role: 'r1' }, rpc.AuthUserGrantRoleResponse, 'user_grant'],
    [['revoke-role', 'u1', 'r1'], 'userRevokeRole', { name: 'u1', role: 'r1' }, rpc.AuthUserRevokeRoleResponse, 'user_revoke'],
  ] as const;
  for (const [argv, method, request, codec, name] of one) {
    for (const format of ['simple', 'json', 'table'] as const) {
      const r = await runFake(['user', ...argv, '-w', format], { handlers: { [method]: () => goldenResponse(codec as never, name) } });
      assert.deepEqual(requests(r, method), [request]);
      assertGolden(r, format, name);
    }
  }
  const passwd = await runFake(['user', 'passwd', 'u1', '--interactive=false'], {
    stdin: 'newpw\n',
    handlers: { userChangePassword: () => goldenResponse(rpc.AuthUserChangePasswordResponse, 'user_passwd') },
  });
  assert.deepEqual(requests(passwd, 'userChangePassword'), [{ name: 'u1', password: 'newpw' }]);
  assertGolden(passwd, 'simple', 'user_passwd');
});

test('user get --detail: each role fetched and printed after the user line', async () => {
  const role = goldenInput(rpc.AuthRoleGetResponse, 'simple', 'role_get');
  const r = await runFake(['user', 'get', 'u1', '--detail'], {
    handlers: { userGet: () => goldenInput(rpc.AuthUserGetResponse, 'simple', 'user_get'), roleGet: () => role },
  });
  assert.deepEqual(requests(r, 'roleGet'), [{ role: 'r1' }]);
  assert.deepEqual([r.stdout, r.code], [`User: u1\n\n${golden('simple', 'role_get').out.toString()}`, 0]);
  const none = await runFake(['user', 'get', 'u1', '--detail'], { handlers: { userGet: () => rpc.AuthUserGetResponse.fromPartial({}) } });
  assert.deepEqual([none.stdout, none.code], ['User: u1\n', 0]);
});

test('user argument errors: exit 128 with etcdctl messages, nothing sent', async () => {
  const cases: Array<[string[], string]> = [
    [['add'], 'user add command requires user name as its argument'],
    [['add', 'a', 'b'], 'user add command requires user name as its argument'],
    [['add', ':pw'], 'empty user name is not allowed'],
    [['delete'], 'user delete command requires user name as its argument'],
    [['get'], 'user get command requires user name as its argument'],
    [['grant-role', 'a'], 'user grant command requires user name and role name as its argument'],
    [['list', 'x'], 'user list command requires no arguments'],
    [['passwd'], 'user passwd command requires user name as its argument'],
    [['revoke-role', 'a'], 'user revoke-role requires user name and role name as its argument'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['user', ...argv], { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, 128, 0], argv.join(' '));
  }
  const flag = await runFake(['user', 'add', 'u', '--no-password=x']);
  const msg = 'Error: invalid argument "x" for "--no-password" flag: strconv.ParseBool: parsing "x": invalid syntax\n';
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('user add'), `${msg}\n${msg}`, 1]);
});

test('user: server errors are Error: <desc>, exit 1', async () => {
  const notFound = () => { throw grpcError('etcdserver: user name not found', 9); };
  for (const [argv, method] of [[['get', 'nobody'], 'userGet'], [['delete', 'nobody'], 'userDelete'], [['grant-role', 'nobody', 'r'], 'userGrantRole']] as const) {
    const r = await runFake(['user', ...argv], { handlers: { [method]: notFound } });
    assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: etcdserver: user name not found\n', 1], argv.join(' '));
  }
});

test('user parse functions and runUserList called directly', async () => {
  assert.equal(scanfToken('\t a b'), 'a');
  assert.equal(scanfToken('\r\nx'), '');
  assert.equal(scanfToken(''), '');
  assert.deepEqual(await parseUserAddOptions(parseContext(sub('add'), ['n:p'])), { user: 'n', password: 'p', noPassword: false });
  await assert.rejects(parseUserAddOptions(parseContext(sub('add'), [])), { exitCode: 128 });
  const io = new BufferIO();
  await runUserList(directFactory(io, { userList: () => goldenInput(rpc.AuthUserListResponse, 'simple', 'user_list') }));
  assert.equal(io.stdoutText, golden('simple', 'user_list').out.toString());
});
