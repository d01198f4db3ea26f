// etcd 3.5's `snapshot restore --bump-revision N --mark-compacted` in the db rewrite
// (etcdutl/snapshot/v3_snapshot.go modifyLatestRevision): an empty-valued `key` entry at
// {latest.main + N, 0} and meta/scheduledCompactRev at that revision; without it, neither.
// (e2e against etcdctl 3.5.16 and etcd 3.5.16: test/e2e/etcdctl35-additions.test.ts)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BoltReader } from '../../../src/disk/bolt/reader.js';
import { BoltWriter } from '../../../src/disk/bolt/writer.js';
import { rewriteDbForRestore } from '../../../src/disk/etcd/restore-db.js';
import { revToBytes } from '../../../src/disk/etcd/revision.js';
import { encodeTombstoneKeyValue } from '../../../src/disk/proto/mvccpb.js';
import { tmp } from '../../helpers/disk-helpers.js';

const root = tmp('bump-');
after(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A db whose `key` bucket holds revisions {1,0}, {2,0}, {3,1} (a KeyValue{key} each) and an empty meta. */
function sourceDb(): string {
  const file = path.join(root, `src-${n++}.db`);
  const w = new BoltWriter(file);
  const key = w.bucket(Buffer.from('key'), 0n);
  for (const [main, sub, k] of [[1n, 0n, 'a'], [2n, 0n, 'b'], [3n, 1n, 'c']] as const) key.put(revToBytes({ main, sub }), encodeTombstoneKeyValue(Buffer.from(k)));
  key.finish();
  w.bucket(Buffer.from('meta'), 0n).finish();
  w.finish();
  return file;
}

function buckets(file: string): Map<string, Map<string, Buffer>> {
  const r = BoltReader.open(file);
  const out = new Map<string, Map<string, Buffer>>();
  for (const t of r.topLevel()) {
    const m = new Map<string, Buffer>();
    for (const e of r.iterate(r.openBucket(t.value, 'x'))) m.set(e.key.toString('hex'), Buffer.from(e.value));
    out.set(t.key.toString('latin1'), m);
  }
  r.close();
  return out;
}

test('--bump-revision 100: a key entry at {103, 0} with an empty value, scheduledCompactRev 103, log lines as etcdutl names them', () => {
  const src = BoltReader.open(sourceDb());
  const out = path.join(root, `out-${n++}.db`);
  const logs: string[] = [];
  const r = rewriteDbForRestore(src, out, { memberCount: 1, bumpRevision: 100n, log: (e) => logs.push(`${e.msg} ${JSON.stringify(e.fields, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`) });
  src.close();
  assert.equal(r.bumpedTo, 103n);
  const b = buckets(out);
  const keys = [...b.get('key')!.keys()];
  assert.equal(keys.length, 4);
  assert.equal(keys[3], revToBytes({ main: 103n, sub: 0n }).toString('hex'));
  assert.equal(b.get('key')!.get(keys[3])!.length, 0);
  assert.deepEqual(b.get('meta')!.get(Buffer.from('scheduledCompactRev').toString('hex')), revToBytes({ main: 103n, sub: 0n }));
  assert.equal(b.get('meta')!.get(Buffer.from('finishedCompactRev').toString('hex')), undefined);
  assert.deepEqual(logs.filter((l) => !l.startsWith('restored') && !l.startsWith('resume')), [
    'bumping latest revision [["latest-revision",3],["bump-amount",100],["new-latest-revision",103]]',
    'marking revision compacted [["revision",103]]',
  ]);
});

test('without --bump-revision: no extra entry, no scheduled compaction', () => {
  const src = BoltReader.open(sourceDb());
  const out = path.join(root, `out-${n++}.db`);
  const r = rewriteDbForRestore(src, out, { memberCount: 1 });
  src.close();
  assert.equal(r.bumpedTo, undefined);
  const b = buckets(out);
  assert.equal(b.get('key')!.size, 3);
  assert.equal(b.get('meta')!.get(Buffer.from('scheduledCompactRev').toString('hex')), undefined);
});
