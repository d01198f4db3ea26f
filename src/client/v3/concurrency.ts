// Sessions, mutexes and elections with clientv3/concurrency's semantics (session.go, mutex.go,
// election.go, key.go), which `etcdctl lock` and `etcdctl elect` use (not the v3lock/v3election
// gRPC services):
// * a Session is a lease (default TTL 60 s) kept alive until the process stops or the lease is
//   lost; `done` settles when the keep-alive channel closes;
// * Mutex(pfx): the own key `<pfx>/<lease %x>` is created in a txn that also reads the oldest key
//   under the prefix; the lock is held once every key created before the own one is deleted;
// * Election(pfx): the same queue; the leader's value is its key's value; observe() follows the
//   oldest key and reports each value it takes.
// Waiting watches do not require a leader (clientv3 uses the caller's plain context there).
import type { RangeResponse, ResponseHeader } from '../../proto/gen/etcdserverpb/rpc.js';
import type { Event_EventType, KeyValue } from '../../proto/gen/mvccpb/kv.js';
import type { EtcdClient } from './client.js';
import { CANCELED, EtcdError } from './errors.js';
import type { LeaseKeepAliver } from './lease-keepalive.js';
import { CompareResult, cmpCreateRevision, firstOrLastCreate, opDelete, opGet, opPut, txnRequest } from './ops.js';
import { prefixEnd } from './range.js';
import type { Watcher } from './watch.js';

const DEFAULT_SESSION_TTL = 60;
const EVENT_PUT: Event_EventType = 0;
const EVENT_DELETE: Event_EventType = 1;
const EMPTY: Buffer = Buffer.alloc(0);

export const ERR_ELECTION_NOT_LEADER = 'election: not leader';

/** An AbortController that also aborts when `parent` does (a child context). */
function childSignal(parent: AbortSignal): AbortController {
  const ac = new AbortController();
  if (parent.aborted) ac.abort();
  else parent.addEventListener('abort', () => ac.abort(), { once: true });
  return ac;
}

function canceled(): EtcdError {
  return new EtcdError(CANCELED, 1);
}

export class Session {
  private constructor(
    readonly client: EtcdClient,
    readonly watcher: Watcher,
    private readonly keeper: LeaseKeepAliver,
    /** the session's lease */
    readonly lease: bigint,
    readonly ttl: number,
    /** settles when the lease is no longer kept alive (expired, revoked, lost) */
    readonly done: Promise<void>,
  ) {}

  /** NewSession: grants a lease of `ttl` seconds (<= 0: 60) and keeps it alive. */
  static async create(client: EtcdClient, watcher: Watcher, keeper: LeaseKeepAliver, ttl = DEFAULT_SESSION_TTL): Promise<Session> {
    const t = ttl > 0 ? ttl : DEFAULT_SESSION_TTL;
    const resp = await client.leaseGrant({ TTL: BigInt(t) });
    const ch = keeper.keepAlive(resp.ID);
    const done = (async () => {
      for await (const _ of ch) {
        // answers are only eaten; the session ends when the channel closes
      }
    })();
    return new Session(client, watcher, keeper, resp.ID, t, done);
  }

  /** Stops renewing the lease (it expires on its own). */
  orphan(): void {
    this.keeper.forget(this.lease);
  }

  /** Orphans the session and revokes its lease (within the TTL). */
  async close(): Promise<void> {
    this.orphan();
    await this.client.leaseRevoke({ ID: this.lease }, { deadline: new Date(Date.now() + this.ttl * 1000) });
  }
}

/**
 * waitDeletes: waits until no key under `pfx` created at or before `maxCreateRev` is left,
 * watching the newest such key for its deletion each time.
 */
async function waitDeletes(session: Session, signal: AbortSignal, pfx: Buffer, maxCreateRev: bigint): Promise<ResponseHeader | undefined> {
  const { client } = session;
  for (;;) {
    if (signal.aborted) throw canceled();
    const resp = await client.range({ ...firstOrLastCreate(pfx, prefixEnd(pfx), true), maxCreateRevision: maxCreateRev });
    if (resp.kvs.length === 0) return resp.header;
    await waitDelete(session, signal, resp.kvs[0]!.key, resp.header?.revision ?? 0n);
  }
}

async function waitDelete(session: Session, signal: AbortSignal, key: Buffer, rev: bigint): Promise<void> {
  const ac = childSignal(signal);
  try {
    const ch = await session.watcher.watch({ key, rangeEnd: EMPTY, startRevision: rev }, ac.signal);
    let last;
    for await (const wr of ch) {
      last = wr;
      if ((wr.events ?? []).some((ev) => ev.type === EVENT_DELETE)) return;
    }
    if (last?.err !== undefined) throw new EtcdError(last.err, 2);
    if (signal.aborted) throw canceled();
    throw new EtcdError('lost watcher waiting for delete', 2);
  } finally {
    ac.abort();
  }
}

export class Mutex {
  private readonly pfx: Buffer;
  private myKey: Buffer = EMPTY;
  private myRev = -1n;
  private hdr: ResponseHeader | undefined;

  constructor(
    private readonly s: Session,
    pfx: string | Buffer,
  ) {
    this.pfx = Buffer.concat([Buffer.from(pfx), Buffer.from('/')]);
  }

  /** Acquires the lock; aborting gives up (the own key is deleted) with `context canceled`. */
  async lock(signal: AbortSignal): Promise<void> {
    const { client, lease } = this.s;
    this.myKey = Buffer.concat([this.pfx, Buffer.from(lease.toString(16))]);
    const getOwner = opGet(firstOrLastCreate(this.pfx, prefixEnd(this.pfx), false));
    const resp = await client.txn(
      txnRequest(
        [cmpCreateRevision(this.myKey, CompareResult.EQUAL, 0n)],
        [opPut({ key: this.myKey, value: EMPTY, lease }), getOwner],
        [opGet({ key: this.myKey }), getOwner],
      ),
    );
    this.myRev = resp.header?.revision ?? 0n;
    if (!resp.succeeded) this.myRev = rangeOf(resp.responses[0]?.response)?.kvs[0]?.createRevision ?? 0n;
    const ownerKey = rangeOf(resp.responses[1]?.response)?.kvs ?? [];
    if (ownerKey.length === 0 || ownerKey[0]!.createRevision === this.myRev) {
      this.hdr = resp.header;
      return;
    }
    try {
      this.hdr = await waitDeletes(this.s, signal, this.pfx, this.myRev - 1n);
    } catch (e) {
      await this.unlock().catch(() => {});
      throw e;
    }
  }

  async unlock(): Promise<void> {
    await this.s.client.deleteRange({ key: this.myKey });
    this.myKey = Buffer.from([0]);
    this.myRev = -1n;
  }

  /** the own key, `<pfx>/<lease %x>` */
  get key(): Buffer {
    return this.myKey;
  }

  /** the header of the response that gave the lock */
  get header(): ResponseHeader | undefined {
    return this.hdr;
  }
}

function rangeOf(r: { $case: string; responseRange?: RangeResponse } | undefined): RangeResponse | undefined {
  return r?.$case === 'responseRange' ? r.responseRange : undefined;
}

export class Election {
  private readonly keyPrefix: Buffer;
  private leaderKey: Buffer = EMPTY;
  private leaderRev = 0n;
  private leaderSession: Session | undefined;
  private hdr: ResponseHeader | undefined;

  constructor(
    private readonly s: Session,
    pfx: string | Buffer,
  ) {
    this.keyPrefix = Buffer.concat([Buffer.from(pfx), Buffer.from('/')]);
  }

  /** Campaign: queues `val` and waits to be the oldest key; aborting resigns (`context canceled`). */
  async campaign(val: Buffer, signal: AbortSignal): Promise<void> {
    const { client, lease } = this.s;
    const k = Buffer.concat([this.keyPrefix, Buffer.from(lease.toString(16))]);
    const resp = await client.txn(
      txnRequest([cmpCreateRevision(k, CompareResult.EQUAL, 0n)], [opPut({ key: k, value: val, lease })], [opGet({ key: k })]),
    );
    this.leaderKey = k;
    this.leaderRev = resp.header?.revision ?? 0n;
    this.leaderSession = this.s;
    if (!resp.succeeded) {
      const kv = rangeOf(resp.responses[0]?.response)?.kvs[0];
      this.leaderRev = kv?.createRevision ?? 0n;
      if (kv && !kv.value.equals(val)) {
        try {
          await this.proclaim(val);
        } catch (e) {
          await this.resign().catch(() => {});
          throw e;
        }
      }
    }
    try {
      await waitDeletes(this.s, signal, this.keyPrefix, this.leaderRev - 1n);
    } catch (e) {
      if (signal.aborted) await this.resign().catch(() => {});
      else this.leaderSession = undefined;
      throw e;
    }
    this.hdr = resp.header;
  }

  /** Proclaim: a new value without a new election. */
  async proclaim(val: Buffer): Promise<void> {
    const ls = this.leaderSession;
    if (!ls) throw new EtcdError(ERR_ELECTION_NOT_LEADER, 2);
    const resp = await this.s.client.txn(
      txnRequest([cmpCreateRevision(this.leaderKey, CompareResult.EQUAL, this.leaderRev)], [opPut({ key: this.leaderKey, value: val, lease: ls.lease })]),
    );
    if (!resp.succeeded) {
      this.leaderKey = EMPTY;
      throw new EtcdError(ERR_ELECTION_NOT_LEADER, 2);
    }
    this.hdr = resp.header;
  }

  /** Resign: deletes the own key if it is still the one this campaign created. */
  async resign(): Promise<void> {
    if (!this.leaderSession) return;
    try {
      const resp = await this.s.client.txn(
        txnRequest([cmpCreateRevision(this.leaderKey, CompareResult.EQUAL, this.leaderRev)], [opDelete({ key: this.leaderKey })]),
      );
      this.hdr = resp.header;
    } finally {
      this.leaderKey = EMPTY;
      this.leaderSession = undefined;
    }
  }

  /** the own key once elected */
  get key(): Buffer {
    return this.leaderKey;
  }

  get header(): ResponseHeader | undefined {
    return this.hdr;
  }

  /**
   * Observe: the leader's key-value now and on every change, as range responses (the first of
   * each leader holds only header and kv; later ones keep the count of the initial read, as
   * clientv3 reuses that response). Ends when the signal aborts or the watch is lost.
   */
  async *observe(signal: AbortSignal): AsyncGenerator<RangeResponse> {
    const { client, watcher } = this.s;
    const pfxEnd = prefixEnd(this.keyPrefix);
    for (;;) {
      if (signal.aborted) return;
      let resp: RangeResponse;
      try {
        resp = await client.range(firstOrLastCreate(this.keyPrefix, pfxEnd, false));
      } catch {
        return;
      }
      if (signal.aborted) return;
      let kv: KeyValue | undefined;
      let hdr: ResponseHeader | undefined;
      if (resp.kvs.length === 0) {
        const ac = childSignal(signal);
        try {
          const wch = await watcher.watch({ key: this.keyPrefix, rangeEnd: pfxEnd, startRevision: resp.header?.revision ?? 0n }, ac.signal);
          while (kv === undefined) {
            const wr = await wch.recv();
            if (wr === undefined || wr.err !== undefined) return;
            // only puts: a delete would make observe spin
            const put = (wr.events ?? []).find((ev) => ev.type === EVENT_PUT);
            if (put?.kv) {
              kv = put.kv;
              hdr = { ...wr.header, revision: put.kv.modRevision };
            }
          }
        } finally {
          ac.abort();
        }
      } else {
        hdr = resp.header;
        kv = resp.kvs[0]!;
      }
      if (signal.aborted) return;
      yield { header: hdr, kvs: [kv], more: false, count: 0n };

      const ac = childSignal(signal);
      try {
        const wch = await watcher.watch({ key: kv.key, rangeEnd: EMPTY, startRevision: (hdr?.revision ?? 0n) + 1n }, ac.signal);
        let keyDeleted = false;
        while (!keyDeleted) {
          const wr = await wch.recv();
          if (wr === undefined) return;
          for (const ev of wr.events ?? []) {
            if (ev.type === EVENT_DELETE) {
              keyDeleted = true;
              break;
            }
            resp = { ...resp, header: wr.header, kvs: ev.kv ? [ev.kv] : [] };
            if (signal.aborted) return;
            yield resp;
          }
        }
      } finally {
        ac.abort();
      }
    }
  }
}
