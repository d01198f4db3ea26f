// The database rewrite of `etcdctl snapshot restore` (clientv3/snapshot/v3_snapshot.go saveDB):
// etcd opens the copied db as an mvcc store with a lessor, deletes old member names from the
// user key space and saves the consistent index. The logical effects, reproduced here while
// streaming the source into a fresh compact database (bolt/writer.ts):
//
// - buckets `key`, `meta`, `lease` exist (created empty when missing);
// - mvcc restore: compactMainRev = meta/finishedCompactRev ("restored last compact revision");
//   currentRev = main revision of the last `key` entry (1 when empty), at least compactMainRev;
//   a meta/scheduledCompactRev R > compactMainRev is resumed ("resume scheduled compaction"):
//   when R <= currentRev, for every user key the newest revision with main <= R is kept if it is
//   a put, every other `key` entry with main <= R is deleted, finishedCompactRev = R;
// - keys whose final state has a lease the `lease` bucket lacks: "failed to attach a lease";
// - for every key name of buckets `members` then `members_removed` (old member IDs in hex),
//   DeleteRange(name) on the user key space, all in one txn: a user key with that exact name
//   that currently exists gets a tombstone {currentRev+1, sub i} with value KeyValue{key};
// - meta/consistent_index = u64 BE (number of members of the new cluster);
// - everything else (members, members_removed, cluster, auth*, alarm, lease entries) unchanged;
// - etcd 3.5's --bump-revision N --mark-compacted (etcdutl/snapshot/v3_snapshot.go
//   modifyLatestRevision), last: latest = the greatest `key` entry's revision; an entry
//   {latest.main+N, 0} (17 bytes, empty value) is added to `key` and meta/scheduledCompactRev set
//   to it, so the member starts at that revision with everything below it compacted.
// etcd keeps the original page layout; the result here has the same logical content, hence the
// same `snapshot status` hash, in fewer pages.
import { DiskError } from '../errors.js';
import type { LogSink } from '../log.js';
import type { BoltReader, BucketRef } from '../bolt/reader.js';
import { BoltWriter, type BoltWriteResult } from '../bolt/writer.js';
import { copyBucket } from '../bolt/copy.js';
import { BUCKET_LEAF_FLAG } from '../bolt/page.js';
import { decodeKeyValueHead, decodeLease, encodeTombstoneKeyValue } from '../proto/mvccpb.js';
import { ProtoDecodeError } from '../proto/wire.js';
import { Bucket, MetaKey, u64be } from './schema.js';
import { REV_BYTES_LEN, bytesToRev, compareRev, isTombstone, revToBytes, type Revision } from './revision.js';

export interface RestoreDbOptions {
  /** number of members of the new cluster: the new consistent_index */
  memberCount: number;
  log?: LogSink;
  /** etcd 3.5's --bump-revision with --mark-compacted (0 or absent: neither) */
  bumpRevision?: bigint;
}

export interface RestoreDbResult extends BoltWriteResult {
  /** tombstones written for user keys named like old member IDs */
  tombstones: number;
  /** revision the resumed compaction ran at, if one did */
  compactedAt?: bigint;
  /** currentRev of the mvcc store before the restore txn */
  currentRev: bigint;
  /** the revision --bump-revision made the latest and marked compacted */
  bumpedTo?: bigint;
}

interface TopBucket {
  name: Buffer;
  ref: BucketRef;
}

function decodeKv(v: Buffer, k: Buffer): ReturnType<typeof decodeKeyValueHead> {
  try {
    return decodeKeyValueHead(v);
  } catch (err) {
    if (err instanceof ProtoDecodeError) {
      throw new DiskError(`bucket "key": cannot unmarshal value of ${k.toString('hex')}: ${err.message}`, 'BOLT_CORRUPT');
    }
    throw err;
  }
}

/** Rewrites `src` into a new database file `out` with the restore's changes. */
export function rewriteDbForRestore(src: BoltReader, out: string, opts: RestoreDbOptions): RestoreDbResult {
  const log = opts.log;
  const tops: TopBucket[] = [];
  for (const el of src.topLevel()) {
    if (!(el.flags & BUCKET_LEAF_FLAG)) continue;
    tops.push({ name: Buffer.from(el.key), ref: src.openBucket(el.value, `bucket ${JSON.stringify(el.key.toString('latin1'))}`) });
  }
  const find = (name: string): TopBucket | undefined => tops.find((t) => t.name.toString('latin1') === name);

  // meta bucket (small): read it whole
  const meta = new Map<string, Buffer>();
  const metaB = find(Bucket.meta);
  if (metaB) for (const kv of src.iterate(metaB.ref)) if (!(kv.flags & BUCKET_LEAF_FLAG)) meta.set(kv.key.toString('latin1'), Buffer.from(kv.value));

  let compactMainRev = -1n;
  const finished = meta.get(MetaKey.finishedCompactRev);
  if (finished && finished.length > 0) {
    compactMainRev = bytesToRev(finished).main;
    log?.({
      level: 'info', msg: 'restored last compact revision', caller: 'mvcc/kvstore.go:388',
      fields: [['meta-bucket-name', 'meta'], ['meta-bucket-name-key', MetaKey.finishedCompactRev], ['restored-compact-revision', compactMainRev]],
    });
  }
  let scheduled = 0n;
  const sched = meta.get(MetaKey.scheduledCompactRev);
  if (sched && sched.length > 0) scheduled = bytesToRev(sched).main;

  // candidate user keys: old member IDs (members, then members_removed), in that order
  const candidates: string[] = [];
  for (const name of [Bucket.members, Bucket.membersRemoved]) {
    const b = find(name);
    if (!b) continue;
    for (const kv of src.iterate(b.ref)) candidates.push(kv.key.toString('latin1'));
  }
  const candidateSet = new Set(candidates);

  // leases the lessor knows (IDs from the values, as lessor.initAndRecover reads them)
  const leases = new Set<bigint>();
  const leaseB = find(Bucket.lease);
  if (leaseB) {
    for (const kv of src.iterate(leaseB.ref)) {
      try {
        leases.add(decodeLease(kv.value).id);
      } catch {
        throw new DiskError(`failed to Unmarshal lease proto item; lease ID=${kv.key.toString('hex').padStart(16, '0')}`, 'BOLT_CORRUPT');
      }
    }
  }

  // pass 1 over `key`: current revision, final state of candidates and leased keys, and (when a
  // compaction may run) the newest revision <= scheduled of every user key
  const keyB = find(Bucket.key);
  let currentRev = 1n;
  const candidateLive = new Map<string, boolean>();
  const keyToLease = new Map<string, bigint>();
  const newestAtOrBelow = new Map<string, { rev: Revision; tomb: boolean }>();
  const mayCompact = scheduled > compactMainRev && scheduled !== 0n;
  let latest: Revision = { main: 0n, sub: 0n };
  if (keyB) {
    for (const kv of src.iterate(keyB.ref)) {
      if (kv.key.length < REV_BYTES_LEN) {
        throw new DiskError(`bucket "key": invalid revision key ${kv.key.toString('hex')}`, 'BOLT_CORRUPT');
      }
      const rev = bytesToRev(kv.key);
      latest = rev;
      if (rev.main < 1n) continue; // etcd ranges from revision {1, 0}
      currentRev = rev.main;
      const tomb = isTombstone(kv.key);
      const head = decodeKv(kv.value, kv.key);
      const k = head.key.toString('latin1');
      if (candidateSet.has(k)) candidateLive.set(k, !tomb);
      if (tomb || head.lease === 0n) keyToLease.delete(k);
      else keyToLease.set(k, head.lease);
      if (mayCompact && rev.main <= scheduled) newestAtOrBelow.set(k, { rev, tomb });
    }
  }
  if (currentRev < compactMainRev) currentRev = compactMainRev;
  if (scheduled <= compactMainRev) scheduled = 0n;

  for (const lid of keyToLease.values()) {
    if (!leases.has(lid)) {
      log?.({
        level: 'warn', msg: 'failed to attach a lease', caller: 'mvcc/kvstore.go:451',
        fields: [['lease-id', BigInt.asUintN(64, lid).toString(16).padStart(16, '0')], ['error', 'lease not found']],
      });
    }
  }

  // resumed compaction: keep set = newest revision <= R of each key, when it is a put
  let compactAt: bigint | undefined;
  const keep: Revision[] = [];
  if (scheduled !== 0n) {
    log?.({
      level: 'info', msg: 'resume scheduled compaction', caller: 'mvcc/kvstore.go:468',
      fields: [['meta-bucket-name', 'meta'], ['meta-bucket-name-key', MetaKey.scheduledCompactRev], ['scheduled-compact-revision', scheduled]],
    });
    if (scheduled <= currentRev) {
      compactAt = scheduled;
      for (const { rev, tomb } of newestAtOrBelow.values()) if (!tomb) keep.push(rev);
      keep.sort(compareRev);
      log?.({ level: 'info', msg: 'compact tree index', caller: 'mvcc/index.go:189', fields: [['revision', scheduled]] });
    }
  }
  newestAtOrBelow.clear();

  // the restore txn: tombstones for live user keys named like old members
  const tombKeys: Buffer[] = [];
  const deleted = new Set<string>();
  for (const c of candidates) {
    if (candidateLive.get(c) === true && !deleted.has(c)) {
      deleted.add(c);
      tombKeys.push(Buffer.from(c, 'latin1'));
    }
  }

  // meta updates
  meta.set(MetaKey.consistentIndex, u64be(BigInt(opts.memberCount)));
  if (compactAt !== undefined) {
    meta.set(MetaKey.scheduledCompactRev, revToBytes({ main: compactAt, sub: 0n }));
    meta.set(MetaKey.finishedCompactRev, revToBytes({ main: compactAt, sub: 0n }));
  }
  // --bump-revision: from the latest entry after the restore txn's tombstones
  const bump = opts.bumpRevision ?? 0n;
  let bumped: Revision | undefined;
  if (bump > 0n) {
    if (tombKeys.length > 0) latest = { main: currentRev + 1n, sub: BigInt(tombKeys.length - 1) };
    bumped = { main: BigInt.asIntN(64, latest.main + bump), sub: 0n };
    log?.({
      level: 'info', msg: 'bumping latest revision', caller: 'snapshot/v3_snapshot.go:356',
      fields: [['latest-revision', latest.main], ['bump-amount', BigInt.asIntN(64, bump)], ['new-latest-revision', bumped.main]],
    });
    log?.({ level: 'info', msg: 'marking revision compacted', caller: 'snapshot/v3_snapshot.go:373', fields: [['revision', bumped.main]] });
    meta.set(MetaKey.scheduledCompactRev, revToBytes({ main: bumped.main, sub: 0n }));
  }

  // pass 2: write
  const names = new Map<string, TopBucket | undefined>();
  for (const t of tops) names.set(t.name.toString('latin1'), t);
  for (const n of [Bucket.key, Bucket.meta, Bucket.lease]) if (!names.has(n)) names.set(n, undefined);
  const order = [...names.keys()].sort((a, b) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')));

  const started = Date.now();
  const w = new BoltWriter(out, { pageSize: src.pageSize, mode: 0o600 });
  try {
    for (const name of order) {
      const t = names.get(name);
      const nameBytes = Buffer.from(name, 'latin1');
      const seq = t?.ref.sequence ?? 0n;
      if (name === Bucket.key) {
        const b = w.bucket(nameBytes, seq);
        if (t) {
          let ki = 0;
          for (const kv of src.iterate(t.ref)) {
            if (kv.flags & BUCKET_LEAF_FLAG) {
              copyBucket(src, src.openBucket(kv.value, 'nested bucket'), b.bucket(kv.key));
              continue;
            }
            if (compactAt !== undefined && kv.key.length >= REV_BYTES_LEN) {
              const rev = bytesToRev(kv.key);
              if (rev.main >= 0n && rev.main <= compactAt) {
                while (ki < keep.length && compareRev(keep[ki]!, rev) < 0) ki++;
                if (!(ki < keep.length && compareRev(keep[ki]!, rev) === 0)) continue;
              }
            }
            b.put(kv.key, kv.value);
          }
        }
        tombKeys.forEach((k, i) => {
          b.put(revToBytes({ main: currentRev + 1n, sub: BigInt(i) }, true), encodeTombstoneKeyValue(k));
        });
        if (bumped) b.put(revToBytes(bumped), Buffer.alloc(0));
        b.finish();
      } else if (name === Bucket.meta) {
        const b = w.bucket(nameBytes, seq);
        const keys = [...meta.keys()].sort((a, c) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(c, 'latin1')));
        for (const k of keys) b.put(Buffer.from(k, 'latin1'), meta.get(k)!);
        b.finish();
      } else if (t) {
        copyBucket(src, t.ref, w.bucket(nameBytes, seq));
      } else {
        w.bucket(nameBytes, 0n).finish();
      }
    }
    const r = w.finish();
    if (compactAt !== undefined) {
      log?.({
        level: 'info', msg: 'finished scheduled compaction', caller: 'mvcc/kvstore_compaction.go:56',
        fields: [['compact-revision', compactAt], ['took', { seconds: (Date.now() - started) / 1000 }]],
      });
    }
    return { ...r, tombstones: tombKeys.length, compactedAt: compactAt, currentRev, ...(bumped ? { bumpedTo: bumped.main } : {}) };
  } catch (err) {
    w.abort();
    throw err;
  }
}
