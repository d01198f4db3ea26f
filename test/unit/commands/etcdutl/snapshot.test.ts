// etcdutl snapshot status|restore|save (commands/etcdutl/snapshot.ts): help, argument and flag
// errors, the restore log mapped to etcdutl 3.5.16's lines. The commands' work is tested against
// etcdutl 3.5.16 in test/e2e/etcdutl.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restoreLog } from '../../../../commands/etcdutl/snapshot.js';
import type { ConsoleEntry } from '../../../../src/etcdutl/logger.js';
import { caseTests, helpTests } from './golden.js';

helpTests([['snapshot'], ['snapshot', 'restore'], ['snapshot', 'status']]);
caseTests('snapshot');

test("restore's log: etcd 3.5's callers and fields, the membership trim line, no mvcc lines", () => {
  const got: ConsoleEntry[] = [];
  const log = restoreLog((e) => got.push(e), 10n);
  const paths = [['path', 's.db'], ['wal-dir', 'd/member/wal'], ['data-dir', 'd'], ['snap-dir', 'd/member/snap']] as const;
  log({ level: 'info', msg: 'restoring snapshot', caller: 'snapshot/v3_snapshot.go:296', fields: paths });
  log({ level: 'info', msg: 'restored last compact revision', caller: 'mvcc/kvstore.go:388', fields: [] });
  log({ level: 'info', msg: 'added member', caller: 'membership/cluster.go:392', fields: [['cluster-id', 'c']] });
  log({ level: 'info', msg: 'added member', caller: 'membership/cluster.go:392', fields: [['cluster-id', 'c']] });
  log({ level: 'info', msg: 'restored snapshot', caller: 'snapshot/v3_snapshot.go:309', fields: paths });
  assert.deepEqual(
    got.map((e) => [e.caller, e.msg, e.fields.length]),
    [
      ['snapshot/v3_snapshot.go:265', 'restoring snapshot', 5],
      ['membership/store.go:141', 'Trimming membership information from the backend...', 0],
      ['membership/cluster.go:421', 'added member', 1],
      ['membership/cluster.go:421', 'added member', 1],
      ['snapshot/v3_snapshot.go:293', 'restored snapshot', 5],
    ],
  );
  assert.deepEqual(got[0]!.fields[4], ['initial-memory-map-size', 10n]);
});
