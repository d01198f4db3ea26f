// `etcdctl member list|add|remove|update` (v2) through runV2 with a fake etcd: the requests, the
// output, every argument error (printed bare, exit 1) and the server's errors. Expected bytes are
// Debian's etcdctl 3.4.23's, captured against a server giving the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ClusterError } from '../../../../src/client/v2/errors.js';
import { FakeV2, emptyReply, goldenHelp, incorrectUsage, member, memberReply, membersReply, objectReply } from '../../../helpers/fake-v2.js';

const u2 = member('55209a07e772ae46', 'u2', ['http://127.0.0.1:15380'], ['http://127.0.0.1:15379']);
const unstarted = member('9a1f2c3d4e5f6071', '', ['http://127.0.0.1:15390'], []);
const both = () => membersReply([u2, unstarted]);

test('member list: the members, [unstarted] ones without a name, the leader marked', async () => {
  const f = new FakeV2(both(), memberReply(u2));
  assert.deepEqual(await f.run(['member', 'list']), {
    stdout:
      '55209a07e772ae46: name=u2 peerURLs=http://127.0.0.1:15380 clientURLs=http://127.0.0.1:15379 isLeader=true\n' +
      '9a1f2c3d4e5f6071[unstarted]: peerURLs=http://127.0.0.1:15390\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(f.lines(), ['GET /v2/members', 'GET /v2/members/leader']);
  assert.deepEqual(f.calls, ['client']);
});

test('member list errors: arguments, the list, the leader', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['member', 'list', 'x']), { stdout: '', stderr: 'No arguments accepted\n', code: 1 });
  assert.deepEqual(f.calls, []);
  const noLeader = new ClusterError([new Error('client: etcd member http://127.0.0.1:2379 has no leader')]);
  assert.deepEqual(await new FakeV2(both(), noLeader).run(['member', 'list']), {
    stdout: '',
    stderr: 'Failed to get leader:  client: etcd cluster is unavailable or misconfigured; error #0: client: etcd member http://127.0.0.1:2379 has no leader\n\n',
    code: 1,
  });
  assert.deepEqual(await new FakeV2(noLeader).run(['member', 'list']), {
    stdout: '',
    stderr: 'client: etcd cluster is unavailable or misconfigured; error #0: client: etcd member http://127.0.0.1:2379 has no leader\n\n',
    code: 1,
  });
});

test('member add <name> <peerURL>: POST, then the environment for the new member', async () => {
  const f = new FakeV2(memberReply(unstarted, 201), both());
  assert.deepEqual(await f.run(['member', 'add', 'newm', 'http://127.0.0.1:15390']), {
    stdout:
      'Added member named newm with ID 9a1f2c3d4e5f6071 to cluster\n\n' +
      'ETCD_NAME="newm"\nETCD_INITIAL_CLUSTER="u2=http://127.0.0.1:15380,newm=http://127.0.0.1:15390"\nETCD_INITIAL_CLUSTER_STATE="existing"\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(f.lines(), ['POST /v2/members {"peerURLs":["http://127.0.0.1:15390"]}', 'GET /v2/members']);
});

test('member add errors: argument count, a bad URL (before any request), a conflict', async () => {
  const f = new FakeV2();
  for (const args of [['newm'], ['a', 'http://127.0.0.1:1', 'x'], []]) {
    assert.deepEqual(await f.run(['member', 'add', ...args]), { stdout: '', stderr: 'Provide a name and a single member peerURL\n', code: 1 }, args.join(' '));
  }
  assert.deepEqual(f.calls, []);
  assert.deepEqual(await f.run(['member', 'add', 'a', 'not a url']), { stdout: '', stderr: 'URL scheme must be http, https, unix, or unixs: not a url\n', code: 1 });
  assert.deepEqual(f.requests, []);
  const conflict = new FakeV2(objectReply(409, { message: 'membership: peerURL exists' }));
  assert.deepEqual(await conflict.run(['member', 'add', 'a', 'http://127.0.0.1:15380']), { stdout: '', stderr: 'membership: peerURL exists\n', code: 1 });
});

test('member remove <id>: checked against the list, then DELETE', async () => {
  const f = new FakeV2(both(), emptyReply(204));
  assert.deepEqual(await f.run(['member', 'remove', '9a1f2c3d4e5f6071']), { stdout: 'Removed member 9a1f2c3d4e5f6071 from cluster\n', stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/members', 'DELETE /v2/members/9a1f2c3d4e5f6071']);
});

test('member remove errors: argument count, a name instead of an ID, an unknown ID, the server', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['member', 'remove']), { stdout: '', stderr: 'Provide a single member ID\n', code: 1 });
  assert.deepEqual(await f.run(['member', 'remove', 'a', 'b']), { stdout: '', stderr: 'Provide a single member ID\n', code: 1 });
  assert.deepEqual(f.calls, []);
  assert.deepEqual(await new FakeV2(both()).run(['member', 'remove', 'u2']), {
    stdout: '',
    stderr:
      'Found a member named u2; if this is correct, please use its ID, eg:\n\tetcdctl member remove 55209a07e772ae46\n' +
      'For more details, read the documentation at https://github.com/etcd-io/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member\n\n' +
      "Couldn't find a member in the cluster with an ID of u2.\n",
    code: 1,
  });
  assert.deepEqual(await new FakeV2(both()).run(['member', 'remove', 'nope']), {
    stdout: '',
    stderr: "Couldn't find a member in the cluster with an ID of nope.\n",
    code: 1,
  });
  const noLeader = new ClusterError([new Error('client: etcd member http://127.0.0.1:15410 has no leader')]);
  assert.deepEqual(await new FakeV2(both(), noLeader).run(['member', 'remove', '55209a07e772ae46']), {
    stdout: '',
    stderr:
      'Received an error trying to remove member 55209a07e772ae46: client: etcd cluster is unavailable or misconfigured; error #0: client: etcd member http://127.0.0.1:15410 has no leader\n',
    code: 1,
  });
});

test('member update <id> <peerURLs>: PUT with the comma-separated URLs', async () => {
  const f = new FakeV2(emptyReply(204));
  assert.deepEqual(await f.run(['member', 'update', '9a1f2c3d4e5f6071', 'http://127.0.0.1:15391,http://127.0.0.1:15392']), {
    stdout: 'Updated member with ID 9a1f2c3d4e5f6071 in cluster\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(f.lines(), ['PUT /v2/members/9a1f2c3d4e5f6071 {"peerURLs":["http://127.0.0.1:15391","http://127.0.0.1:15392"]}']);
});

test('member update errors: argument count, no such member, a conflict', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['member', 'update', 'x']), {
    stdout: '',
    stderr: 'Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)\n',
    code: 1,
  });
  assert.deepEqual(f.calls, []);
  assert.deepEqual(await new FakeV2(objectReply(404, { message: 'No such member: abc' })).run(['member', 'update', 'abc', 'http://x:1']), {
    stdout: '',
    stderr: 'No such member: abc\n',
    code: 1,
  });
  assert.deepEqual(await new FakeV2(objectReply(409, { message: 'peerURL exists' })).run(['member', 'update', '55209a07e772ae46', 'http://127.0.0.1:15380']), {
    stdout: '',
    stderr: 'peerURL exists\n',
    code: 1,
  });
});

test('member without a subcommand prints its help; an unknown one is exit 3; flag errors', async () => {
  const f = new FakeV2();
  const help = readFileSync(new URL('../../../golden/v2/help/member.txt', import.meta.url), 'utf8');
  assert.deepEqual(await f.run(['member']), { stdout: help, stderr: '', code: 0 });
  assert.deepEqual(await f.run(['member', 'bogus']), { stdout: '', stderr: "No help topic for 'bogus'\n", code: 3 });
  assert.deepEqual(await f.run(['member', 'list', '--bogus']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('member', 'list')));
  assert.deepEqual(f.calls, []);
});
