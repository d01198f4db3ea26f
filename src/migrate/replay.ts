// `etcdctl migrate`'s rebuildStoreV2: the v2 store of a data directory, from its newest raft
// snapshot plus the WAL entries after it, replayed as etcd 3.4's v2 applier and membership code
// would (etcdctl/ctlv3/command/migrate_command.go, etcdserver/apply_v2.go, api/membership).
//
// Membership changes write to the store under /0 and log through zap.NewExample() (JSON lines on
// etcdctl's stdout): "added member", "removed member", "updated member", "set initial cluster
// version", "updated cluster version", "enabled capabilities for version", and on recovery from a
// snapshot "recovered/added member from store" and "set cluster version from store".
import * as path from 'node:path';
import { loadNewestSnapshot } from '../disk/snap/snapshotter.js';
import { readWal } from '../disk/wal/reader.js';
import { decodeConfChange, EntryType, ConfChangeType } from '../disk/proto/raftpb.js';
import { decodeV2Request, probeInternalRaftRequest, type V2Request } from '../disk/proto/etcdserverpb.js';
import type { LogEntry } from '../disk/log.js';
import { raftAttributesJson } from '../disk/etcd/membership.js';
import { goJsonString, goMarshal } from '../format/go-json.js';
import { V2Store, V2StoreError, type TtlOptions } from './v2store.js';

const MEMBERS = '/0/members';
const REMOVED = '/0/removed_members';
const VERSION_KEY = '/0/version';
const MEMBER_ATTRIBUTES = /^\/0\/members\/[0-9a-fA-F]+\/attributes$/;

/** A Go panic: etcdctl dies with exit 2. */
export class ReplayPanic extends Error {}

interface RaftAttributes {
  peerURLs: string[];
  isLearner: boolean;
}

const hex = (id: bigint) => id.toString(16);

/** semver's major.minor of a version string ("3.4.0" -> "3.4"). */
function clusterVersion(v: string): string {
  return v.split('.').slice(0, 2).join('.');
}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export interface ReplayResult {
  store: V2Store;
  /** the last raft index applied (or the snapshot's) */
  index: bigint;
}

export interface ReplayOptions {
  dataDir: string;
  walDir: string;
  log: (e: LogEntry) => void;
}

/** The cluster membership the v2 applier maintains while replaying (RaftCluster). */
class Cluster {
  members = new Map<bigint, RaftAttributes & { id: bigint }>();
  removed = new Set<bigint>();
  version: string | undefined;
  capability: string | undefined;

  constructor(
    private readonly st: V2Store,
    private readonly log: (e: LogEntry) => void,
  ) {}

  private info(msg: string, fields: Array<[string, string | string[]]>): void {
    this.log({ level: 'info', msg, fields });
  }

  /** membersFromStore */
  private fromStore(): { members: Map<bigint, RaftAttributes>; removed: Set<bigint> } {
    const members = new Map<bigint, RaftAttributes>();
    const removed = new Set<bigint>();
    try {
      for (const n of this.st.get(MEMBERS).children?.values() ?? []) {
        const raw = n.children?.get('raftAttributes')?.value;
        if (raw === undefined) throw new ReplayPanic('failed to nodeToMember: raftAttributes key doesn\'t exist');
        const a = JSON.parse(raw) as { peerURLs?: string[]; isLearner?: boolean };
        members.set(BigInt('0x' + n.name), { peerURLs: a.peerURLs ?? [], isLearner: a.isLearner ?? false });
      }
    } catch (e) {
      if (!(e instanceof V2StoreError)) throw e;
    }
    try {
      for (const n of this.st.get(REMOVED).children?.values() ?? []) removed.add(BigInt('0x' + n.name));
    } catch (e) {
      if (!(e instanceof V2StoreError)) throw e;
    }
    return { members, removed };
  }

  recover(): void {
    const { members, removed } = this.fromStore();
    this.members = new Map([...members].map(([id, a]) => [id, { ...a, id }]));
    this.removed = removed;
    try {
      this.version = this.st.get(VERSION_KEY).value;
    } catch (e) {
      if (!(e instanceof V2StoreError)) throw e;
    }
    if (this.version) this.updateCapability(this.version);
    for (const m of this.members.values()) {
      this.info('recovered/added member from store', [
        ['cluster-id', '0'],
        ['local-member-id', '0'],
        ['recovered-remote-peer-id', hex(m.id)],
        ['recovered-remote-peer-urls', m.peerURLs],
      ]);
    }
    if (this.version) this.info('set cluster version from store', [['cluster-version', clusterVersion(this.version)]]);
  }

  private updateCapability(v: string): void {
    if (this.capability !== undefined && compareSemver(this.capability, v) >= 0) return;
    this.capability = v;
    this.info('enabled capabilities for version', [['cluster-version', clusterVersion(v)]]);
  }

  setVersion(v: string): void {
    if (this.version !== undefined) {
      // etcd 3.4 logs both versions under the key "from"
      this.info('updated cluster version', [
        ['cluster-id', '0'],
        ['local-member-id', '0'],
        ['from', clusterVersion(this.version)],
        ['from', clusterVersion(v)],
      ]);
    } else {
      this.info('set initial cluster version', [['cluster-id', '0'], ['local-member-id', '0'], ['cluster-version', clusterVersion(v)]]);
    }
    this.version = v;
    this.st.set(VERSION_KEY, false, v);
    this.updateCapability(v);
  }

  updateAttributes(id: bigint, attrJson: string): void {
    const a = JSON.parse(attrJson) as { name?: string; clientURLs?: string[] | null };
    if (this.members.has(id)) {
      const json = `{${a.name ? `"name":${goJsonString(a.name)}` : ''}${a.clientURLs?.length ? `${a.name ? ',' : ''}"clientURLs":${goMarshal(a.clientURLs)}` : ''}}`;
      this.st.set(`${MEMBERS}/${hex(id)}/attributes`, false, json);
      return;
    }
    if (!this.removed.has(id)) throw new ReplayPanic(`failed to update; member unknown: ${hex(id)}`);
    this.log({
      level: 'warn',
      msg: 'skipped attributes update of removed member',
      fields: [['cluster-id', '0'], ['local-member-id', '0'], ['updated-peer-id', hex(id)]],
    });
  }

  /** applyConf: validated against the store's membership, as ValidateConfigurationChange does. */
  applyConf(type: number, nodeId: bigint, context: Buffer | undefined): void {
    const { members, removed } = this.fromStore();
    if (removed.has(nodeId)) return;
    const parse = (): { id: bigint; peerURLs: string[]; isLearner: boolean; isPromote: boolean } => {
      const text = (context ?? Buffer.alloc(0)).toString();
      let j: { id?: unknown; peerURLs?: string[]; isLearner?: boolean; isPromote?: boolean };
      try {
        j = JSON.parse(text.replace(/"id":(\d+)/, '"id":"$1"')) as typeof j;
      } catch (e) {
        throw new ReplayPanic(`failed to unmarshal confChangeContext: ${(e as Error).message}`);
      }
      return { id: BigInt((j.id as string | undefined) ?? 0), peerURLs: j.peerURLs ?? [], isLearner: j.isLearner ?? false, isPromote: j.isPromote ?? false };
    };
    const urlsOf = (except?: bigint) => new Set([...members].filter(([id]) => id !== except).flatMap(([, m]) => m.peerURLs));
    switch (type) {
      case ConfChangeType.AddNode:
      case ConfChangeType.AddLearnerNode: {
        const ctx = parse();
        if (ctx.isPromote) {
          if (!members.get(nodeId)?.isLearner) return;
        } else {
          if (members.has(nodeId)) return;
          const urls = urlsOf();
          if (ctx.peerURLs.some((u) => urls.has(u))) return;
          if (ctx.isLearner && [...members.values()].filter((m) => m.isLearner).length + 1 > 1) return;
        }
        // migrate's applyConf then handles AddNode only (a learner addition is validated, not applied)
        if (type !== ConfChangeType.AddNode) return;
        const m = { id: ctx.id, peerURLs: ctx.peerURLs, isLearner: ctx.isLearner };
        try {
          this.st.create(`${MEMBERS}/${hex(m.id)}/raftAttributes`, false, raftAttributesJson(m), false);
        } catch (e) {
          if (e instanceof V2StoreError) throw new ReplayPanic(`create raftAttributes should never fail: ${e.message}`);
          throw e;
        }
        this.members.set(m.id, m);
        this.info('added member', [
          ['cluster-id', '0'],
          ['local-member-id', '0'],
          ['added-peer-id', hex(m.id)],
          ['added-peer-peer-urls', m.peerURLs],
        ]);
        return;
      }
      case ConfChangeType.RemoveNode: {
        if (!members.has(nodeId)) return;
        try {
          this.st.delete(`${MEMBERS}/${hex(nodeId)}`, true, true);
          this.st.create(`${REMOVED}/${hex(nodeId)}`, false, '', false);
        } catch (e) {
          if (e instanceof V2StoreError) throw new ReplayPanic(`delete member should never fail: ${e.message}`);
          throw e;
        }
        const m = this.members.get(nodeId);
        this.members.delete(nodeId);
        this.removed.add(nodeId);
        if (m) {
          this.info('removed member', [
            ['cluster-id', '0'],
            ['local-member-id', '0'],
            ['removed-remote-peer-id', hex(nodeId)],
            ['removed-remote-peer-urls', m.peerURLs],
          ]);
        } else {
          this.log({
            level: 'warn',
            msg: 'skipped removing already removed member',
            fields: [['cluster-id', '0'], ['local-member-id', '0'], ['removed-remote-peer-id', hex(nodeId)]],
          });
        }
        return;
      }
      case ConfChangeType.UpdateNode: {
        if (!members.has(nodeId)) return;
        const ctx = parse();
        const urls = urlsOf(nodeId);
        if (ctx.peerURLs.some((u) => urls.has(u))) return;
        const m = this.members.get(ctx.id);
        if (!m) throw new ReplayPanic('runtime error: invalid memory address or nil pointer dereference');
        m.peerURLs = ctx.peerURLs;
        m.isLearner = ctx.isLearner;
        try {
          this.st.update(`${MEMBERS}/${hex(m.id)}/raftAttributes`, raftAttributesJson(m));
        } catch (e) {
          if (e instanceof V2StoreError) throw new ReplayPanic(`update raftAttributes should never fail: ${e.message}`);
          throw e;
        }
        this.info('updated member', [
          ['cluster-id', '0'],
          ['local-member-id', '0'],
          ['updated-remote-peer-id', hex(m.id)],
          ['updated-remote-peer-urls', m.peerURLs],
        ]);
        return;
      }
      default:
        throw new ReplayPanic(`unknown ConfChange type: ${type}`);
    }
  }
}

/** One v2 request through etcd's v2 applier (errors are results, not failures). */
function applyRequest(r: V2Request, st: V2Store, cl: Cluster): void {
  const ttl: TtlOptions = { expire: r.expiration, refresh: r.refresh ?? false };
  try {
    switch (r.method) {
      case 'POST':
        st.create(r.path, r.dir, r.val, true, ttl);
        return;
      case 'PUT': {
        if (r.prevExist !== undefined) {
          if (r.prevExist) {
            if (r.prevIndex === 0n && r.prevValue === '') st.update(r.path, r.val, ttl);
            else st.compareAndSwap(r.path, r.prevValue, r.prevIndex, r.val, ttl);
          } else {
            st.create(r.path, r.dir, r.val, false, ttl);
          }
          return;
        }
        if (r.prevIndex > 0n || r.prevValue !== '') {
          st.compareAndSwap(r.path, r.prevValue, r.prevIndex, r.val, ttl);
          return;
        }
        if (MEMBER_ATTRIBUTES.test(r.path)) {
          const id = BigInt('0x' + r.path.split('/')[3]);
          cl.updateAttributes(id, r.val);
          return;
        }
        if (r.path === VERSION_KEY) {
          cl.setVersion(r.val);
          return;
        }
        st.set(r.path, r.dir, r.val, ttl);
        return;
      }
      case 'DELETE':
        if (r.prevIndex > 0n || r.prevValue !== '') st.compareAndDelete(r.path, r.prevValue, r.prevIndex);
        else st.delete(r.path, r.dir, r.recursive);
        return;
      case 'QGET':
        st.get(r.path);
        return;
      case 'SYNC':
        st.deleteExpiredKeys(r.time);
        return;
      default:
        throw new ReplayPanic('unknown command');
    }
  } catch (e) {
    if (e instanceof V2StoreError) return;
    throw e;
  }
}

/** Snapshot + WAL replay. Errors are thrown as they read (DiskError with etcd's wording). */
export function rebuildStoreV2(opts: ReplayOptions): ReplayResult {
  const st = new V2Store();
  const snapDir = path.join(opts.dataDir, 'member', 'snap');
  const loaded = loadNewestSnapshot(snapDir).loaded;
  let index = 0n;
  const walSnap = { index: 0n, term: 0n };
  if (loaded) {
    walSnap.index = loaded.snapshot.metadata.index;
    walSnap.term = loaded.snapshot.metadata.term;
    index = walSnap.index;
  }
  const wal = readWal(opts.walDir, walSnap);
  if (!wal.snapshotFound) throw new Error('wal: snapshot not found');
  if (loaded) st.recover((loaded.snapshot.data ?? Buffer.alloc(0)).toString());
  const cl = new Cluster(st, opts.log);
  cl.recover();
  for (const ent of wal.entries) {
    if (ent.type === EntryType.ConfChange) {
      const cc = decodeConfChange(ent.data ?? Buffer.alloc(0));
      cl.applyConf(cc.type, cc.nodeId, cc.context);
    } else {
      const data = ent.data ?? Buffer.alloc(0);
      const probe = probeInternalRaftRequest(data);
      if (!probe.ok) applyRequest(decodeV2Request(data), st, cl);
      else if (probe.v2) applyRequest(probe.v2, st, cl);
    }
    if (ent.index > index) index = ent.index;
  }
  return { store: st, index };
}
