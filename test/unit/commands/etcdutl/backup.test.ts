// etcdutl backup (commands/etcdutl/backup.ts): required flags, --with-v3's default, help; the
// library's messages mapped to etcdutl's log entries. The backup itself is tested against
// etcdutl 3.5.16 in test/e2e/etcdutl.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupEntry, backupFatal } from '../../../../commands/etcdutl/backup.js';
import { caseTests, helpTests } from './golden.js';

helpTests([['backup']]);
caseTests('backup');

test('the library messages become etcdutl log entries with its callers and fields', () => {
  assert.deepEqual(backupEntry('ignoring EntryConfChange raft entry'), {
    level: 'info', msg: 'ignoring EntryConfChange raft entry', caller: 'etcdutl/backup_command.go:216', fields: [],
  });
  assert.deepEqual(backupEntry('ignoring member attribute update on /0/members/1/attributes').fields, [['v2Req.Path', '/0/members/1/attributes']]);
  assert.deepEqual(
    backupEntry('pkg/fileutil: check file permission: directory "d" exist, but the permission is "drwxr-xr-x". The recommended permission is "-rwx------" to prevent possible unprivileged access to the data.', 'W'),
    {
      level: 'warn', msg: 'check file permission', caller: 'fileutil/fileutil.go:53',
      fields: [['error', 'directory "d" exist, but the permission is "drwxr-xr-x". The recommended permission is "-rwx------" to prevent possible unprivileged access to the data']],
    },
  );
});

test('library failures become the fatal entry of the step that failed', () => {
  assert.deepEqual(backupFatal('failed creating backup snapshot dir b/member/snap: expected "b/member/snap" to be empty, got ["db"]', 'b/member/snap'), {
    level: 'fatal', msg: 'failed creating backup snapshot dir', caller: 'etcdutl/backup_command.go:118',
    fields: [['dest-snap', 'b/member/snap'], ['error', 'expected "b/member/snap" to be empty, got ["db"]']],
  });
  assert.equal(backupFatal('open x/member/snap: no such file or directory', 'b/member/snap').msg, 'saveSnap(Snapshoter.Load) failed');
  assert.equal(backupFatal('wal: crc mismatch', 'b/member/snap').msg, 'wal.OpenForRead failed');
});
