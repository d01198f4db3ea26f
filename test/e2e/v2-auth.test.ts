// v2 user, role and auth commands, and --username/-u credentials (given or prompted for on
// stdin), side by side with Debian's etcdctl 3.4.23, each on its own twin etcd receiving the
// same requests in the same order (test/helpers/v2.ts).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireEtcd } from '../helpers/etcd.js';
import { same, startTwins, type Twins } from '../helpers/v2.js';

let t: Twins;

before(async () => {
  requireEtcd();
  t = await startTwins();
});

after(async () => {
  await t?.stop();
});

const STTY = "stty: 'standard input': Inappropriate ioctl for device\n";

test('users: add (password given or read from stdin), get, list, grant, revoke, passwd, remove', async () => {
  await same(t, ['user', 'list']);
  await same(t, ['user', 'add', 'alice:pw1']);
  await same(t, ['user', 'add', 'alice:pw1']); // "created" again
  const prompted = await same(t, ['user', 'add', 'bob'], { input: 'secret\nnot read\n' });
  assert.deepEqual([prompted.ours.stdout, prompted.ours.stderr], ['New password: \nUser bob created\n', STTY + STTY]);
  await same(t, ['user', 'add', 'eve'], { input: '' }); // empty password: the server refuses
  await same(t, ['user', 'add', 'frank'], { input: '  spaced pw  \r\n' }); // trimmed
  await same(t, ['user', 'add', 'c:d:e']); // the password is "d:e"
  await same(t, ['--debug', 'user', 'add', 'dave:x<&>']);
  await same(t, ['user', 'list']);
  await same(t, ['user', 'get', 'alice']);
  await same(t, ['user', 'get', 'nobody']);
  await same(t, ['role', 'add', 'r1']);
  await same(t, ['role', 'add', 'r2']);
  await same(t, ['user', 'grant', '--roles', 'r1', 'alice']);
  await same(t, ['user', 'grant', '--roles', 'r1', 'alice']); // duplicate
  await same(t, ['user', 'grant', '--roles', 'r2', '--roles', 'root', 'alice']);
  await same(t, ['user', 'grant', '--roles', 'r1,r2', 'bob']); // one role named "r1,r2"
  await same(t, ['user', 'get', 'alice']); // Roles with the client's extra spaces
  await same(t, ['user', 'revoke', '--roles', 'r2', 'alice']);
  await same(t, ['user', 'revoke', '--roles', 'r2', 'alice']); // not granted
  await same(t, ['--debug', 'user', 'revoke', '--roles', 'root', 'alice']);
  await same(t, ['user', 'passwd', 'alice'], { input: 'newpw\n' });
  await same(t, ['user', 'passwd', 'nobody'], { input: 'pw\n' });
  await same(t, ['user', 'remove', 'dave']);
  await same(t, ['user', 'remove', 'dave']);
  // argument checks (before any request)
  await same(t, ['user', 'add']);
  await same(t, ['user', 'get', 'a', 'b']);
  await same(t, ['user', 'list', 'x']);
  await same(t, ['user', 'grant', 'alice']); // no roles
  await same(t, ['user', 'grant', '--roles', 'r1']); // no user
  await same(t, ['user', 'passwd']);
  await same(t, ['user', 'remove']);
});

test('roles: add, get, list, grant, revoke (unchanged), remove and their checks', async () => {
  await same(t, ['role', 'add', 'r3']);
  await same(t, ['role', 'add', 'r3']); // already exists
  await same(t, ['role', 'get', 'r3']);
  await same(t, ['role', 'grant', '--path', '/foo', '--read', 'r3']);
  await same(t, ['role', 'grant', '--path', '/foo', '--read', 'r3']); // duplicate
  await same(t, ['role', 'grant', '--path', '/bar/*', '--rw', 'r3']);
  await same(t, ['role', 'grant', '--write', '--path=/baz', 'r3']);
  await same(t, ['--debug', 'role', 'grant', '--path', '/q', '--readwrite', 'r3']);
  await same(t, ['role', 'get', 'r3']);
  await same(t, ['role', 'get', 'root']);
  await same(t, ['role', 'revoke', '--path', '/foo', '--write', 'r3']); // not granted
  await same(t, ['role', 'revoke', '--path', '/foo', '--read', 'r3']);
  await same(t, ['role', 'revoke', '--path', '/bar/*', '--readwrite', 'r3']);
  await same(t, ['role', 'get', 'r3']);
  await same(t, ['role', 'get', 'nope']);
  await same(t, ['role', 'list']);
  await same(t, ['role', 'remove', 'r3']);
  await same(t, ['role', 'remove', 'r3']);
  await same(t, ['role', 'remove', 'root']);
  // checks before any request
  await same(t, ['role', 'add']);
  await same(t, ['role', 'list', 'x']);
  await same(t, ['role', 'grant', 'r1']); // no path
  await same(t, ['role', 'grant', '--path', 'foo', '--read', 'r1']); // not canonical
  await same(t, ['role', 'grant', '--path', '/a/../b/', '--read', 'r1']);
  await same(t, ['role', 'grant', '--path', '/a', 'r1']); // no permission
  await same(t, ['role', 'revoke', '--path', '/a', '--read', '--write', 'r1']);
  await same(t, ['role', 'grant', '--path', '/a', '--read']); // no role
});

test('auth enable/disable, requests with and without credentials, the Password: prompt', async () => {
  await same(t, ['auth', 'enable', 'x']);
  await same(t, ['auth', 'enable']); // no root user
  await same(t, ['user', 'add', 'root:rootpw']);
  await same(t, ['--debug', 'auth', 'enable']);
  await same(t, ['set', '/a/k', 'v']); // anonymous: no write access
  await same(t, ['-u', 'root:rootpw', 'set', '/a/k', 'v']);
  await same(t, ['-u', 'root:wrong', 'get', '/a/k']);
  await same(t, ['--username', 'alice:newpw', 'get', '/a/k']);
  const prompted = await same(t, ['-u', 'root', 'get', '/a/k'], { input: 'rootpw\n' });
  assert.deepEqual([prompted.ours.stdout, prompted.ours.stderr], ['Password: \nv\n', STTY + STTY]);
  await same(t, ['-u', 'root', 'set', '/a/k2'], { input: 'rootpw\nvalue from the rest of stdin' }); // the value after the password line
  await same(t, ['-u', 'root:rootpw', 'get', '/a/k2']);
  await same(t, ['get', '/a/k'], { env: { ETCDCTL_USERNAME: 'root:rootpw' } });
  await same(t, ['-u', 'alice:newpw', 'get', '/a/k'], { env: { ETCDCTL_USERNAME: 'root:rootpw' } });
  await same(t, ['user', 'list']); // Insufficient credentials
  await same(t, ['role', 'list']); // unexpected status code 401
  await same(t, ['-u', 'root:rootpw', 'user', 'list']);
  await same(t, ['-u', 'root:rootpw', 'role', 'list']);
  await same(t, ['-u', 'root:rootpw', 'user', 'get', 'root']);
  await same(t, ['-u', 'root:rootpw', 'member', 'list'], { normalise: (s) => s.replace(/^\w+: name=m1 peerURLs=\S+/gm, '<member>') });
  await same(t, ['auth', 'disable']);
  await same(t, ['-u', 'root:rootpw', 'auth', 'disable']);
  await same(t, ['-u', 'root:rootpw', 'auth', 'disable']); // already disabled
  await same(t, ['auth', 'disable', 'x']);
});
