// etcdutl backup (commands/etcdutl/backup.ts): required flags, --with-v3's default, help; the
// library's messages mapped to etcdutl's log entries. The backup itself is tested against
// etcdutl 3.5.16 in test/e2e/etcdutl.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupEntry, backupFatal } from '../../../../commands/etcdutl/backup.js';
import { formatEntryGo } from '../../../../src/disk/index.js';
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
  // without a step (not a library failure of a known step): a generic fatal line
  assert.equal(backupFatal('wal: crc mismatch', 'b/member/snap').msg, 'backup failed');
});

test("a library failure's step picks etcdutl's fatal line (message and backup_command.go line)", () => {
  const at = (step: Parameters<typeof backupFatal>[2], message = 'x', errno?: string) => {
    const e = backupFatal(message, 'b/member/snap', step, errno, 'd/member/snap/db');
    return [e.msg, e.caller, e.fields];
  };
  assert.deepEqual(at('snap-load', 'open d/member/snap: no such file or directory'),
    ['saveSnap(Snapshoter.Load) failed', 'etcdutl/backup_command.go:154', [['error', 'open d/member/snap: no such file or directory']]]);
  assert.deepEqual(at('wal-open', 'wal: file not found'), ['wal.OpenForRead failed', 'etcdutl/backup_command.go:191', [['error', 'wal: file not found']]]);
  assert.deepEqual(at('wal-read', 'walpb: crc mismatch'), ['unexpected error while reading WAL', 'etcdutl/backup_command.go:201', [['error', 'walpb: crc mismatch']]]);
  assert.deepEqual(at('db-open', 'invalid database'), ['bolt.Open FAILED', 'etcdutl/backup_command.go:277', [['error', 'invalid database']]]);
  // bbolt's answer to a missing file opened read-only with O_CREATE
  assert.deepEqual(at('db-open', 'open d/member/snap/db: no such file or directory', 'ENOENT'),
    ['bolt.Open FAILED', 'etcdutl/backup_command.go:277', [['error', 'write d/member/snap/db: bad file descriptor']]]);
  assert.deepEqual(at('wal-create', 'file already exists'), ['wal.Create failed', 'etcdutl/backup_command.go:131', [['error', 'file already exists']]]);
});

test("a dropped member attribute update carries etcdutl's entry field (Go's text form of the raft entry) before the path", () => {
  // a v2 PUT of /0/members/<id>/attributes as etcd 3.5.16 wrote it to its WAL (term 2, index 3)
  const data = Buffer.from(
    '0882d0d6bca3cae8fc6012035055541a262f302f6d656d626572732f633234623835633265343333363066392f61747472696275746573223a7b226e616d65223a' +
      '2264656661756c74222c22636c69656e7455524c73223a5b22687474703a2f2f3132372e302e302e313a3231393930225d7d2800320038004800500058006000680070007800800100',
    'hex',
  );
  // etcdutl 3.5.16's field for that entry (its backup of that data dir, JSON-decoded)
  const want =
    'Term:2 Index:3 Data:"\\010\\202\\320\\326\\274\\243\\312\\350\\374`\\022\\003PUT\\032&/0/members/c24b85c2e43360f9/attributes' +
    '\\":{\\"name\\":\\"default\\",\\"clientURLs\\":[\\"http://127.0.0.1:21990\\"]}(\\0002\\0008\\000H\\000P\\000X\\000`\\000h\\000p\\000x\\000\\200\\001\\000" ';
  const text = formatEntryGo({ type: 0, term: 2n, index: 3n, data });
  assert.equal(text, want);
  assert.deepEqual(backupEntry('ignoring member attribute update on /0/members/c24b85c2e43360f9/attributes', 'I', text), {
    level: 'info', msg: 'ignoring member attribute update on', caller: 'etcdutl/backup_command.go:231',
    fields: [['entry', want], ['v2Req.Path', '/0/members/c24b85c2e43360f9/attributes']],
  });
  // zero fields are left out (non-pointer proto2 fields count as set when non-zero); Type by its name
  assert.equal(formatEntryGo({ type: 0, term: 0n, index: 0n }), '');
  assert.equal(formatEntryGo({ type: 2, term: 1n, index: 9n }), 'Term:1 Index:9 Type:EntryConfChangeV2 ');
});

test('a missing snapshot record: the record looked for as encoding/json writes walpb.Snapshot, and the WAL dir', async () => {
  const { formatZapConsole } = await import('../../../../src/disk/log.js');
  const msg = 'Failed to find the match snapshot record {Index:12 Term:2 XXX_unrecognized:[]} in wal d/member/wal.';
  const walsnap = { index: 12n, term: 2n };
  const fromSnap = backupEntry(msg, 'I', undefined, { walsnap, srcWal: 'd/member/wal', nodeId: 178474498056961n, fromSnapshot: true });
  assert.equal(
    formatZapConsole(fromSnap, new Date(0)).split('\t').slice(1).join('\t'),
    'warn\tetcdutl/backup_command.go:198\tfailed to find the match snapshot record\t' +
      '{"walsnap": {"index":12,"term":2,"conf_state":{"voters":[178474498056961],"auto_leave":false}}, "srcWAL": "d/member/wal"}',
  );
  // without a .snap etcdutl's walsnap has no conf state (a nil pointer, omitted)
  const none = backupEntry(msg, 'I', undefined, { walsnap: { index: 0n, term: 0n }, srcWal: 'w', nodeId: 1n, fromSnapshot: false });
  assert.equal(formatZapConsole(none, new Date(0)).split('\t').slice(-1)[0], '{"walsnap": {"index":0,"term":0}, "srcWAL": "w"}');
});
