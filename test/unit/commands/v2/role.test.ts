// `etcdctl role add|get|list|remove|grant|revoke` (v2) through runV2 with a fake etcd: the
// requests (JSON bodies as Go writes them), the output, the --path/--read/--write/--readwrite
// checks, every argument error (bare, exit 1) and the server's messages. Expected bytes are
// Debian's etcdctl 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterError } from '../../../../src/client/v2/errors.js';
import { FakeV2, emptyReply, goldenHelp, incorrectUsage, objectReply } from '../../../helpers/fake-v2.js';

const role = (name: string, read: string[] | null, write: string[] | null) => ({ role: name, permissions: { kv: { read, write } } });
const notFound = (name: string) => objectReply(404, { message: `auth: Role ${name} does not exist.` });

test('role add: GET to check it does not exist, then PUT', async () => {
  const f = new FakeV2(notFound('r4'), emptyReply(201));
  assert.deepEqual(await f.run(['role', 'add', 'r4']), { stdout: 'Role r4 created\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/auth/roles/r4', 'PUT /v2/auth/roles/r4 {"role":"r4","permissions":{"kv":{"read":null,"write":null}}}']);
  assert.deepEqual(await new FakeV2(objectReply(200, role('r2', null, null))).run(['role', 'add', 'r2']), {
    stdout: '',
    stderr: 'Role r2 already exists\n',
    code: 1,
  });
  // any failure of the check means "try to create it"
  const g = new FakeV2(new ClusterError([new Error('client: etcd member http://127.0.0.1:2379 has no leader')]), objectReply(404, { message: 'no route' }));
  assert.deepEqual(await g.run(['role', 'add', 'ry']), { stdout: '', stderr: 'no route\n', code: 1 });
});

test('role get: the read and write paths, one a line after a tab', async () => {
  const f = new FakeV2(objectReply(200, role('r1', null, null)), objectReply(200, role('root', ['/*'], ['/*'])));
  assert.deepEqual(await f.run(['role', 'get', 'r1']), { stdout: 'Role: r1\nKV Read:\nKV Write:\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['role', 'get', 'root']), { stdout: 'Role: root\nKV Read:\n\t/*\nKV Write:\n\t/*\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/auth/roles/r1', 'GET /v2/auth/roles/root']);
  assert.deepEqual(await new FakeV2(notFound('nope')).run(['role', 'get', 'nope']), { stdout: '', stderr: 'auth: Role nope does not exist.\n', code: 1 });
});

test('role list and remove', async () => {
  const f = new FakeV2(objectReply(200, { roles: [role('r1', null, null), role('r2', ['/foo/*'], null), role('root', ['/*'], ['/*'])] }), emptyReply(200));
  assert.deepEqual(await f.run(['role', 'list']), { stdout: 'r1\nr2\nroot\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['role', 'remove', 'r2']), { stdout: 'Role r2 removed\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/auth/roles', 'DELETE /v2/auth/roles/r2']);
  assert.deepEqual(await new FakeV2(objectReply(404, { message: "auth: Role r2 doesn't exist." })).run(['role', 'remove', 'r2']), {
    stdout: '',
    stderr: "auth: Role r2 doesn't exist.\n",
    code: 1,
  });
});

test('role grant/revoke: GET the role, PUT the change; read, write, readwrite', async () => {
  const f = new FakeV2(
    objectReply(200, role('r3', null, null)),
    objectReply(200, role('r3', ['/foo/*'], ['/foo/*'])),
    objectReply(200, role('r3', ['/foo/*'], ['/foo/*'])),
    objectReply(200, role('r3', null, ['/foo/*'])),
  );
  assert.deepEqual(await f.run(['role', 'grant', '--path', '/foo/*', '--readwrite', 'r3']), { stdout: 'Role r3 updated\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['role', 'revoke', '--path', '/foo/*', '--read', 'r3']), { stdout: 'Role r3 updated\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), [
    'GET /v2/auth/roles/r3',
    'PUT /v2/auth/roles/r3 {"role":"r3","permissions":{"kv":{"read":null,"write":null}},"grant":{"kv":{"read":["/foo/*"],"write":["/foo/*"]}}}',
    'GET /v2/auth/roles/r3',
    'PUT /v2/auth/roles/r3 {"role":"r3","permissions":{"kv":{"read":null,"write":null}},"revoke":{"kv":{"read":["/foo/*"],"write":null}}}',
  ]);
  const w = new FakeV2(objectReply(200, role('r3', null, null)), objectReply(200, role('r3', null, ['/w'])));
  await w.run(['role', 'grant', '--path', '/w', '--write', 'r3']);
  assert.equal(w.lines()[1], 'PUT /v2/auth/roles/r3 {"role":"r3","permissions":{"kv":{"read":null,"write":null}},"grant":{"kv":{"read":null,"write":["/w"]}}}');
});

test('role grant/revoke of what is already there: "Role unchanged" glued to the next line', async () => {
  const same = () => objectReply(200, role('rx', ['/a'], null));
  assert.deepEqual(await new FakeV2(same(), same()).run(['role', 'grant', '--path', '/a', '--read', 'rx']), {
    stdout: 'Role unchanged; already grantedRole rx updated\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await new FakeV2(same(), same()).run(['role', 'revoke', '--path', '/a', '--read', 'rx']), {
    stdout: 'Role unchanged; already revokedRole rx updated\n',
    stderr: '',
    code: 0,
  });
});

test('role grant/revoke server errors', async () => {
  const cases: Array<[string[], ReturnType<typeof objectReply>[], string]> = [
    [['role', 'grant', '--path', '/foo/*', '--read', 'r2'], [objectReply(200, role('r2', ['/foo/*'], null)), objectReply(409, { message: 'auth: Granting duplicate read permission /foo/*' })], 'auth: Granting duplicate read permission /foo/*\n'],
    [['role', 'revoke', '--path', '/foo/*', '--write', 'r2'], [objectReply(200, role('r2', ['/foo/*'], null)), objectReply(409, { message: 'auth: Role not updated. Use grant/revoke to update the role.' })], 'auth: Role not updated. Use grant/revoke to update the role.\n'],
    [['role', 'grant', '--path', '/x', '--read', 'root'], [objectReply(200, role('root', ['/*'], ['/*'])), objectReply(403, { message: 'auth: Cannot modify role root: is root role.' })], 'auth: Cannot modify role root: is root role.\n'],
    [['role', 'grant', '--path', '/a', '--read', 'nope'], [notFound('nope')], 'auth: Role nope does not exist.\n'],
  ];
  for (const [args, replies, stderr] of cases) assert.deepEqual(await new FakeV2(...replies).run(args), { stdout: '', stderr, code: 1 }, args.join(' '));
});

test('role grant --path must be canonical (a trailing slash is kept)', async () => {
  const cases: Array<[string, string]> = [
    ['a', 'Not canonical path; please use `--path=/a`\n'],
    ['/a//b', 'Not canonical path; please use `--path=/a/b`\n'],
    ['/.', 'Not canonical path; please use `--path=/`\n'],
    ['/a/./b//', 'Not canonical path; please use `--path=/a/b/`\n'],
    ['', 'No path specified; please use `--path`\n'],
  ];
  for (const [p, stderr] of cases) assert.deepEqual(await new FakeV2().run(['role', 'grant', '--path', p, '--read', 'nope']), { stdout: '', stderr, code: 1 }, p);
  const ok = new FakeV2(notFound('nope'));
  assert.deepEqual(await ok.run(['role', 'grant', '--path', '/a/', '--read', 'nope']), { stdout: '', stderr: 'auth: Role nope does not exist.\n', code: 1 });
  assert.deepEqual(ok.lines(), ['GET /v2/auth/roles/nope']);
});

test('role argument errors: bare messages, exit 1, before any client', async () => {
  const f = new FakeV2();
  for (const sub of ['add', 'get', 'remove']) {
    for (const args of [[], ['a', 'b']]) {
      assert.deepEqual(await f.run(['role', sub, ...args]), { stdout: '', stderr: 'Please provide a role name\n', code: 1 }, `${sub} ${args.join(' ')}`);
    }
  }
  assert.deepEqual(await f.run(['role', 'list', 'x']), { stdout: '', stderr: 'No arguments accepted\n', code: 1 });
  for (const sub of ['grant', 'revoke']) {
    const cases: Array<[string[], string]> = [
      [['r2'], 'No path specified; please use `--path`\n'],
      [['--path', '/a/../b', '--read', 'r2'], 'Not canonical path; please use `--path=/b`\n'],
      [['--path', '/a', 'r2'], 'Please specify exactly one of --read, --write or --readwrite\n'],
      [['--path', '/a', '--read', '--write', 'r2'], 'Please specify exactly one of --read, --write or --readwrite\n'],
      [['--path', '/a', '--read'], 'Please provide a role name\n'],
    ];
    for (const [args, stderr] of cases) assert.deepEqual(await f.run(['role', sub, ...args]), { stdout: '', stderr, code: 1 }, `${sub} ${args.join(' ')}`);
  }
  assert.deepEqual(f.calls, []);
  assert.deepEqual(await f.run(['role', 'grant', '--readwrite', '--rw', '--path', '/q', 'r3']), incorrectUsage('Cannot use two forms of the same flag: rw readwrite', goldenHelp('role', 'grant')));
  assert.deepEqual(f.requests, []);
});
