// `etcdctl user add|get|list|remove|grant|revoke|passwd` (v2) through runV2 with a fake etcd: the
// requests (JSON bodies as Go writes them), the password prompt on a non-terminal stdin, every
// argument error (bare, exit 1) and the server's messages. Expected bytes are Debian's etcdctl
// 3.4.23's for the same server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { FAKE_ENDPOINT, FakeV2, emptyReply, goldenHelp, incorrectUsage, objectReply } from '../../../helpers/fake-v2.js';

const STTY = "stty: 'standard input': Inappropriate ioctl for device\n";
const rootRole = { role: 'root', permissions: { kv: { read: ['/*'], write: ['/*'] } } };

test('user add <user>:<password> and user add <user> with the password asked on stdin', async () => {
  const f = new FakeV2(emptyReply(201), emptyReply(201));
  assert.deepEqual(await f.run(['user', 'add', 'bob:pw']), { stdout: 'User bob created\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['user', 'add', 'alice'], { stdin: 'secret\n' }), { stdout: 'New password: \nUser alice created\n', stderr: STTY + STTY, code: 0 });
  assert.deepEqual(f.lines(), [
    'PUT /v2/auth/users/bob {"user":"bob","password":"pw","roles":null}',
    'PUT /v2/auth/users/alice {"user":"alice","password":"secret","roles":null}',
  ]);
  assert.deepEqual(f.calls, ['client', 'client']);
});

test('user add/passwd with nothing on stdin: an empty password (omitted from the JSON) is refused by the server', async () => {
  for (const sub of ['add', 'passwd']) {
    const f = new FakeV2(objectReply(400, { message: 'auth: Cannot create user carol with an empty password' }));
    assert.deepEqual(await f.run(['user', sub, 'carol'], { stdin: '' }), {
      stdout: 'New password: \n',
      stderr: `${STTY}${STTY}auth: Cannot create user carol with an empty password\n`,
      code: 1,
    });
    assert.deepEqual(f.lines(), ['PUT /v2/auth/users/carol {"user":"carol","roles":null}']);
  }
});

test('user add/passwd on a terminal: no stty lines; Ctrl-C at the prompt ends it with exit 255 and no message', async () => {
  const tty = (stdin: string) => Object.assign(new BufferIO({ stdin }), { stdinIsTTY: true });
  const f = new FakeV2(emptyReply(201));
  assert.deepEqual(await f.run(['user', 'add', 'erin'], { io: tty('pw9\r') }), { stdout: 'New password: \nUser erin created\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/auth/users/erin {"user":"erin","password":"pw9","roles":null}']);
  // etcdctl (speakeasy) exits 255 from its signal handler; the prompt line's "\n" is ours
  for (const sub of ['add', 'passwd']) {
    const g = new FakeV2();
    assert.deepEqual(await g.run(['user', sub, 'dave'], { io: tty('\u0003') }), { stdout: 'New password: \n', stderr: '', code: 255 }, sub);
    assert.deepEqual(g.requests, []);
  }
});

test('user get: roles as the server sends them (objects: two spaces, a Go client quirk) or none', async () => {
  const f = new FakeV2(objectReply(200, { user: 'root', roles: [rootRole] }), objectReply(200, { user: 'alice', roles: null }));
  assert.deepEqual(await f.run(['user', 'get', 'root']), { stdout: 'User: root\nRoles:  root\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['user', 'get', 'alice']), { stdout: 'User: alice\nRoles: \n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/auth/users/root', 'GET /v2/auth/users/alice']);
});

test('user list: one name a line; --debug adds the endpoints line of the auth API', async () => {
  const users = { users: [{ user: 'alice', roles: [] }, { user: 'root', roles: [rootRole] }] };
  const f = new FakeV2(objectReply(200, users), objectReply(200, users));
  assert.deepEqual(await f.run(['user', 'list']), { stdout: 'alice\nroot\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/auth/users']);
  assert.deepEqual(await f.run(['--debug', 'user', 'list']), { stdout: 'alice\nroot\n', stderr: `Cluster-Endpoints: ${FAKE_ENDPOINT}\n`, code: 0 });
});

test('user grant/revoke --roles: PUT with grant or revoke', async () => {
  const f = new FakeV2(objectReply(200, { user: 'bob', roles: ['r1', 'r2'] }), objectReply(200, { user: 'bob', roles: ['r2'] }));
  assert.deepEqual(await f.run(['user', 'grant', '--roles', 'r1', '--roles', 'r2', 'bob']), { stdout: 'User bob updated\n', stderr: '', code: 0 });
  assert.deepEqual(await f.run(['user', 'revoke', '--roles', 'r1', 'bob']), { stdout: 'User bob updated\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/auth/users/bob {"user":"bob","roles":null,"grant":["r1","r2"]}', 'PUT /v2/auth/users/bob {"user":"bob","roles":null,"revoke":["r1"]}']);
});

test('user passwd and remove', async () => {
  const f = new FakeV2(objectReply(200, { user: 'bob', roles: null }), emptyReply(200));
  assert.deepEqual(await f.run(['user', 'passwd', 'bob'], { stdin: 'pw2\n' }), { stdout: 'New password: \nPassword updated\n', stderr: STTY + STTY, code: 0 });
  assert.deepEqual(await f.run(['user', 'remove', 'bob']), { stdout: 'User bob removed\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['PUT /v2/auth/users/bob {"user":"bob","password":"pw2","roles":null}', 'DELETE /v2/auth/users/bob']);
});

test('user argument errors: bare messages, exit 1, before any client', async () => {
  const f = new FakeV2();
  for (const sub of ['add', 'get', 'remove', 'passwd']) {
    for (const args of [[], ['a', 'b']]) {
      assert.deepEqual(await f.run(['user', sub, ...args]), { stdout: '', stderr: 'Please provide a username\n', code: 1 }, `${sub} ${args.join(' ')}`);
    }
  }
  assert.deepEqual(await f.run(['user', 'list', 'x']), { stdout: '', stderr: 'No arguments accepted\n', code: 1 });
  for (const sub of ['grant', 'revoke']) {
    assert.deepEqual(await f.run(['user', sub, 'alice']), { stdout: '', stderr: 'No roles specified; please use `--roles`\n', code: 1 });
    for (const args of [[], ['a', 'b']]) {
      assert.deepEqual(await f.run(['user', sub, '--roles', 'r1', ...args]), { stdout: '', stderr: 'Please provide a username\n', code: 1 });
    }
  }
  assert.deepEqual(f.calls, []);
  assert.deepEqual(await f.run(['user', 'grant', '--roles=r1', '--bogus', 'bob']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('user', 'grant')));
  assert.deepEqual(f.requests, []);
});

test("user server errors: the server's message, exit 1", async () => {
  const cases: Array<[string[], number, string]> = [
    [['user', 'get', 'nobody'], 404, 'auth: User nobody does not exist.'],
    [['user', 'grant', '--roles', 'r1', '--roles', 'root', 'alice'], 409, 'auth: Granting duplicate role r1 for user alice'],
    [['user', 'revoke', '--roles', 'r1', 'alice'], 409, 'auth: Revoking ungranted role r1 for user alice'],
    [['user', 'remove', 'alice'], 404, 'auth: User alice does not exist'],
  ];
  for (const [args, status, message] of cases) {
    assert.deepEqual(await new FakeV2(objectReply(status, { message })).run(args), { stdout: '', stderr: `${message}\n`, code: 1 }, args.join(' '));
  }
});
