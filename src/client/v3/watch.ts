// Watches over one Watch stream, as clientv3's watcher (clientv3/watch.go) runs them:
// * creates are sent one at a time; a watch's responses are handed out once its `created`
//   response arrived (the created response itself is not handed out);
// * fragments of one response are joined; a progress notification for watch id -1 (the answer
//   to a progress request) goes to every watch on the stream;
// * a response whose Err() is set (compacted, canceled with a reason) is the watch's last;
//   a cancel from the server without a compact revision ends the watch silently;
// * a failed stream is reopened and the watches resumed from the revision after the last event
//   seen, unless the error is final (any code but Unavailable/Internal, or "no leader" on a
//   require-leader stream): then every watch gets a last canceled response carrying the error.
// Watches created with requireLeader carry `hasleader` metadata (clientv3.WithRequireLeader).
// * Flow control: clientv3 buffers a watch's responses without limit while its reader is slow;
//   here the stream stops reading while a watch has UNREAD_HIGH responses waiting (a replay of a
//   long history into a slow stdout), and the server holds the rest.
import {
  WatchService,
  type ResponseHeader,
  type WatchCreateRequest,
  type WatchRequest,
  type WatchResponse,
} from '../../proto/gen/etcdserverpb/rpc.js';
import type { Event } from '../../proto/gen/mvccpb/kv.js';
import { BidiCall, isHaltCode, streamErrorText, type StreamStatus } from './bidi.js';
import { Chan, sleep } from './chan.js';
import type { Connection } from './connection.js';
import { isInvalidTokenCancel } from './errors.js';
import { decodeWatchResponse } from './range-decode.js';

/** Watch with the lean decoder (range-decode.ts): event keys and values are views on the response */
const WATCH = { ...WatchService.watch, responseDeserialize: decodeWatchResponse };

export const ERR_COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
export const ERR_FUTURE_REV = 'etcdserver: mvcc: required revision is a future revision';
export const ERR_NO_LEADER = 'etcdserver: no leader';

const INVALID_WATCH_ID = -1n;

export const ZERO_HEADER: ResponseHeader = { clusterId: 0n, memberId: 0n, revision: 0n, raftTerm: 0n };

export interface WatchSpec {
  key: Buffer;
  rangeEnd: Buffer;
  /** 0: from the next revision */
  startRevision: bigint;
  prevKv?: boolean;
  progressNotify?: boolean;
}

/** clientv3.WatchResponse. */
export interface WatchResult {
  header: ResponseHeader;
  /** null for the response clientv3 makes up when a stream fails (json prints `null`) */
  events: Event[] | null;
  compactRevision: bigint;
  canceled: boolean;
  created: boolean;
  /** Err(): set on the response that ends the watch */
  err: string | undefined;
}

/** clientv3's IsProgressNotify. */
export function isProgressNotify(r: WatchResult): boolean {
  return (r.events?.length ?? 0) === 0 && !r.canceled && !r.created && r.compactRevision === 0n && r.header.revision !== 0n;
}

/** Err() of a server response (the reason a canceled watch carries, else the compaction). */
function responseErr(resp: WatchResponse): string | undefined {
  if (resp.compactRevision !== 0n) return ERR_COMPACTED;
  if (resp.canceled) {
    if (resp.cancelReason === '') return ERR_FUTURE_REV;
    return resp.cancelReason.startsWith('etcdserver: ')
      ? resp.cancelReason
      : `rpc error: code = FailedPrecondition desc = ${resp.cancelReason}`;
  }
  return undefined;
}

/** responses a watch's reader may leave unread before the stream stops reading */
const UNREAD_HIGH = 4;

class Sub {
  id = INVALID_WATCH_ID;
  /** the channel was handed out (clientv3's retc consumed) */
  returned = false;
  closed = false;
  readonly ch: Chan<WatchResult>;
  readonly createdPromise: Promise<void>;
  resolveCreated!: () => void;

  constructor(
    readonly req: WatchCreateRequest,
    onFull: (sub: Sub, full: boolean) => void,
  ) {
    this.createdPromise = new Promise((resolve) => (this.resolveCreated = resolve));
    this.ch = new Chan<WatchResult>({ high: UNREAD_HIGH, onFull: (full) => onFull(this, full) });
  }
}

export class Watcher {
  private call: BidiCall<WatchRequest, WatchResponse> | undefined;
  private opening: Promise<void> | undefined;
  private substreams = new Map<bigint, Sub>();
  private resuming: Array<Sub | null> = [];
  private cancelSet = new Set<bigint>();
  private cur: WatchResponse | undefined;
  private backoffMs = 1;
  private closed = false;
  /** watches whose reader is behind: the stream is paused while there is one */
  private readonly behind = new Set<Sub>();

  constructor(
    private readonly conn: Connection,
    private readonly opts: { requireLeader: boolean },
  ) {}

  /**
   * Starts a watch; resolves with its channel once the server created it (or with a channel
   * holding the failure). Aborting the signal ends the watch: the channel closes without a
   * further response.
   */
  async watch(spec: WatchSpec, signal?: AbortSignal): Promise<Chan<WatchResult>> {
    const sub = new Sub({
      key: spec.key,
      rangeEnd: spec.rangeEnd,
      startRevision: spec.startRevision,
      progressNotify: spec.progressNotify ?? false,
      filters: [],
      prevKv: spec.prevKv ?? false,
      watchId: 0n,
      fragment: false,
    }, (s, full) => this.setBehind(s, full));
    if (signal?.aborted || this.closed) {
      sub.ch.close();
      return sub.ch;
    }
    signal?.addEventListener('abort', () => this.abortSub(sub), { once: true });
    this.resuming.push(sub);
    if (this.call) {
      if (this.resuming.length === 1) this.sendCreate(sub);
    } else {
      void this.ensureStream();
    }
    await sub.createdPromise;
    return sub.ch;
  }

  /** Asks the server for a progress notification on every watch of this stream. */
  async requestProgress(): Promise<void> {
    await this.ensureStream();
    this.call?.write({ requestUnion: { $case: 'progressRequest', progressRequest: {} } });
  }

  /** Ends every watch (their channels close) and the stream. */
  close(): void {
    this.closed = true;
    this.call?.cancel();
    this.call = undefined;
    for (const sub of this.allSubs()) this.finishSub(sub);
    this.substreams.clear();
    this.resuming = [];
  }

  private setBehind(sub: Sub, behind: boolean): void {
    const was = this.behind.size > 0;
    if (behind) this.behind.add(sub);
    else this.behind.delete(sub);
    if (this.behind.size > 0 !== was) this.applyFlow();
  }

  private applyFlow(): void {
    if (this.behind.size > 0) this.call?.pause();
    else this.call?.resume();
  }

  private allSubs(): Sub[] {
    return [...this.substreams.values(), ...this.resuming.filter((s): s is Sub => s !== null)];
  }

  private ensureStream(): Promise<void> {
    if (this.call) return Promise.resolve();
    this.opening ??= this.openStream().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openStream(): Promise<void> {
    let call: BidiCall<WatchRequest, WatchResponse>;
    try {
      call = await BidiCall.open(this.conn, WATCH, { requireLeader: this.opts.requireLeader }, {
        onMessage: (resp) => this.onResponse(resp),
        onClose: (s) => this.onStreamClosed(call, s),
      });
    } catch (e) {
      // no member became ready (a connection never established waits --dial-timeout at most):
      // every watch ends with that error instead of waiting forever
      this.failAll((e as Error).message);
      return;
    }
    if (this.closed) {
      call.cancel();
      return;
    }
    this.call = call;
    this.cur = undefined;
    if (this.behind.size > 0) call.pause();
    const head = this.nextResume();
    if (head) this.sendCreate(head);
  }

  private sendCreate(sub: Sub): void {
    this.call?.write({ requestUnion: { $case: 'createRequest', createRequest: sub.req } });
  }

  private sendCancel(id: bigint): void {
    this.call?.write({ requestUnion: { $case: 'cancelRequest', cancelRequest: { watchId: id } } });
  }

  /** The first resuming watch still wanted (aborted ones are dropped from the queue's head). */
  private nextResume(): Sub | undefined {
    while (this.resuming.length > 0) {
      const head = this.resuming[0];
      if (head) return head;
      this.resuming.shift();
    }
    return undefined;
  }

  private onResponse(resp: WatchResponse): void {
    const cur = this.cur;
    // a response is decoded afresh for this watcher: it is used as it is unless fragments follow
    if (cur === undefined || resp.created || resp.canceled) this.cur = resp.fragment ? { ...resp, events: [...resp.events] } : resp;
    else if (cur.watchId === resp.watchId) {
      for (const ev of resp.events) cur.events.push(ev);
      cur.fragment = resp.fragment;
    }

    if (resp.created) {
      this.cur = undefined;
      const reason = resp.cancelReason;
      if (isInvalidTokenCancel(reason) || reason.includes('etcdserver: revision of auth store is old')) {
        // clientv3's shouldRetryWatch: a fresh stream (which opens with a fresh token), the same create again
        this.restartStream();
        return;
      }
      const head = this.resuming[0];
      if (head) {
        this.addSubstream(resp, head);
        this.resuming[0] = null;
      } else if (head === null && resp.watchId !== INVALID_WATCH_ID && !resp.canceled) {
        // the watch was given up while its create was in flight: cancel it on the server too
        this.sendCancel(resp.watchId);
      }
      const next = this.nextResume();
      if (next) this.sendCreate(next);
      return;
    }

    if (resp.canceled && resp.compactRevision === 0n) {
      this.cur = undefined;
      this.cancelSet.delete(resp.watchId);
      const sub = this.substreams.get(resp.watchId);
      if (sub) this.closeSub(sub, false);
      return;
    }

    if (this.cur!.fragment) return;
    const whole = this.cur!;
    this.cur = undefined;
    if (this.dispatch(whole)) return;
    if (this.cancelSet.has(whole.watchId)) return;
    this.cancelSet.add(whole.watchId);
    this.sendCancel(whole.watchId);
  }

  private addSubstream(resp: WatchResponse, sub: Sub): void {
    if (resp.watchId === INVALID_WATCH_ID || (resp.canceled && resp.cancelReason !== '')) {
      // creation failed: one canceled response carrying the reason, then the channel closes
      sub.returned = true;
      sub.resolveCreated();
      sub.ch.push({ header: ZERO_HEADER, events: null, compactRevision: 0n, canceled: true, created: false, err: resp.cancelReason });
      this.finishSub(sub);
      this.maybeCloseStream();
      return;
    }
    sub.id = resp.watchId;
    this.substreams.set(sub.id, sub);
    if (!sub.returned) {
      sub.returned = true;
      if (sub.req.startRevision === 0n) sub.req.startRevision = resp.header?.revision ?? 0n;
      sub.resolveCreated();
    }
  }

  private toResult(resp: WatchResponse): WatchResult {
    return {
      header: resp.header ?? ZERO_HEADER,
      events: resp.events,
      compactRevision: resp.compactRevision,
      canceled: resp.canceled,
      created: resp.created,
      err: responseErr(resp),
    };
  }

  private dispatch(resp: WatchResponse): boolean {
    const wr = this.toResult(resp);
    if (isProgressNotify(wr) && resp.watchId === INVALID_WATCH_ID) {
      for (const sub of [...this.substreams.values()]) this.deliver(sub, wr);
      return true;
    }
    const sub = this.substreams.get(resp.watchId);
    if (!sub) return false;
    this.deliver(sub, wr);
    return true;
  }

  /** serveSubstream: remember where to resume, hand the response out, end on an error. */
  private deliver(sub: Sub, wr: WatchResult): void {
    let nextRev = wr.header.revision;
    const evs = wr.events ?? [];
    if (evs.length > 0) nextRev = (evs[evs.length - 1]!.kv?.modRevision ?? 0n) + 1n;
    sub.req.startRevision = nextRev;
    sub.ch.push(wr);
    if (wr.err !== undefined) this.closeSub(sub, true);
  }

  /** Ends a watch whose channel is done; optionally tells the server. */
  private closeSub(sub: Sub, sendCancel: boolean): void {
    if (sub.id !== INVALID_WATCH_ID) {
      if (sendCancel) {
        this.cancelSet.add(sub.id);
        this.sendCancel(sub.id);
      }
      this.substreams.delete(sub.id);
    }
    this.finishSub(sub);
    this.maybeCloseStream();
  }

  private abortSub(sub: Sub): void {
    if (sub.closed) return;
    const idx = this.resuming.indexOf(sub);
    if (idx >= 0) this.resuming[idx] = null;
    this.closeSub(sub, true);
  }

  private finishSub(sub: Sub): void {
    if (sub.closed) return;
    sub.closed = true;
    // a closed watch's unread responses no longer hold the stream back
    this.setBehind(sub, false);
    sub.resolveCreated();
    sub.ch.close();
  }

  /** clientv3 shuts a stream down when its last watch is gone. */
  private maybeCloseStream(): void {
    if (this.substreams.size > 0 || this.resuming.some((s) => s !== null)) return;
    this.resuming = [];
    this.cancelSet.clear();
    this.call?.cancel();
    this.call = undefined;
  }

  private restartStream(): void {
    this.call?.cancel();
    this.call = undefined;
    this.requeueAll();
    void this.ensureStream();
  }

  /** newWatchClient: every established watch goes back to the resume queue. */
  private requeueAll(): void {
    for (const sub of this.substreams.values()) {
      sub.id = INVALID_WATCH_ID;
      this.resuming.push(sub);
    }
    this.substreams.clear();
    this.resuming = this.resuming.filter((s) => s !== null);
    this.cancelSet.clear();
    this.cur = undefined;
  }

  /** Every watch gets a last canceled response carrying err, and ends. */
  private failAll(err: string): void {
    for (const sub of this.allSubs()) {
      sub.returned = true;
      sub.resolveCreated();
      sub.ch.push({ header: ZERO_HEADER, events: null, compactRevision: 0n, canceled: true, created: false, err });
      this.finishSub(sub);
    }
    this.substreams.clear();
    this.resuming = [];
    this.cancelSet.clear();
  }

  private onStreamClosed(call: BidiCall<WatchRequest, WatchResponse>, s: StreamStatus): void {
    if (this.call !== call) return;
    this.call = undefined;
    if (isHaltCode(s.code) || s.details === ERR_NO_LEADER) {
      this.failAll(streamErrorText(s));
      return;
    }
    this.requeueAll();
    if (this.resuming.length === 0) return;
    void (async () => {
      if (s.code === 14) {
        this.backoffMs = Math.min(100, this.backoffMs + this.backoffMs / 4);
        await sleep(this.backoffMs);
      }
      if (!this.closed) await this.ensureStream();
    })();
  }
}
