// Lease keep-alives as clientv3's lessor (clientv3/lease.go) sends them:
// * one LeaseKeepAlive stream (require-leader) for all kept leases, reopened 500 ms after it fails;
// * every 500 ms, a request for each lease whose next renewal is due; the first is due at once,
//   later ones a third of the TTL the server last granted after its answer: the first tick at or
//   after TTL/3 (TTL 3: renewals at 0, 1, 2 s...; TTL 5 and 6: 0, 2, 4 s...; TTL 10: every
//   3.5 s). Ticks are counted from the stream's start, so timer jitter does not shift them. (In
//   Go, a tick landing exactly on TTL/3 races with the answer's arrival: etcdctl's first renewal
//   at TTL 3 comes after 1 or 1.5 s.);
// * a lease's channel closes when the server answers TTL <= 0 (expired or revoked), or when no
//   answer came before its deadline (the first: dial timeout + 1 s; then the granted TTL),
//   checked every second;
// * keepAliveOnce uses a stream of its own for a single request and answer.
import { LeaseService, type LeaseKeepAliveRequest, type LeaseKeepAliveResponse } from '../../proto/gen/etcdserverpb/rpc.js';
import { BidiCall, isHaltCode } from './bidi.js';
import { Chan, sleep } from './chan.js';
import type { Connection } from './connection.js';
import { EtcdError } from './errors.js';

const RETRY_CONN_WAIT_MS = 500;
const DEADLINE_CHECK_MS = 1000;
/** clientv3's defaultTTL, used when the first-keep-alive timeout would be exactly 1 s */
const DEFAULT_TTL_MS = 5000;

export const ERR_LEASE_NOT_FOUND = 'etcdserver: requested lease not found';

interface KeptLease {
  ch: Chan<LeaseKeepAliveResponse>;
  /** when the channel closes unless an answer arrives first (ms since epoch) */
  deadline: number;
  /** the send-loop tick at which the next request is due */
  dueTick: number;
  /** the tick of the last request sent */
  sentTick: number;
}

export class LeaseKeepAliver {
  private readonly leases = new Map<bigint, KeptLease>();
  private call: BidiCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> | undefined;
  private started = false;
  private stopped = false;
  private readonly stop = new AbortController();
  private readonly firstTimeoutMs: number;
  /** ticks of the current stream's send loop so far */
  private tick = 0;

  /** dialTimeoutMs: the client's dial timeout; the first answer may take that plus a second */
  constructor(
    private readonly conn: Connection,
    dialTimeoutMs: number,
  ) {
    const t = dialTimeoutMs + 1000;
    this.firstTimeoutMs = t === 1000 ? DEFAULT_TTL_MS : t;
  }

  /**
   * Keeps the lease alive until it expires, is revoked or the keeper is closed: the channel gets
   * every answer and closes then.
   */
  keepAlive(id: bigint): Chan<LeaseKeepAliveResponse> {
    const ch = new Chan<LeaseKeepAliveResponse>();
    if (this.stopped) {
      ch.close();
      return ch;
    }
    const existing = this.leases.get(id);
    if (existing) return existing.ch;
    this.leases.set(id, { ch, deadline: Date.now() + this.firstTimeoutMs, dueTick: 0, sentTick: -1 });
    if (!this.started) {
      this.started = true;
      void this.recvLoop();
      void this.deadlineLoop();
    }
    return ch;
  }

  /** Stops keeping `id` alive (its channel closes). */
  forget(id: bigint): void {
    const ka = this.leases.get(id);
    if (!ka) return;
    this.leases.delete(id);
    ka.ch.close();
  }

  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stop.abort();
    this.call?.cancel();
    this.call = undefined;
    for (const ka of this.leases.values()) ka.ch.close();
    this.leases.clear();
  }

  /** recvKeepAliveLoop: (re)opens the stream, handles answers, waits 500 ms after a failure. */
  private async recvLoop(): Promise<void> {
    while (!this.stopped) {
      const ended = new Promise<void>((resolve) => {
        void BidiCall.open(this.conn, LeaseService.leaseKeepAlive, { requireLeader: true }, {
          onMessage: (resp) => this.recvKeepAlive(resp),
          onClose: () => resolve(),
        }).then(
          (call) => {
            if (this.stopped) {
              call.cancel();
              resolve();
              return;
            }
            this.call = call;
            void this.sendLoop(call);
          },
          () => resolve(),
        );
      });
      await ended;
      this.call = undefined;
      if (this.stopped) return;
      await sleep(RETRY_CONN_WAIT_MS, this.stop.signal);
    }
  }

  private recvKeepAlive(resp: LeaseKeepAliveResponse): void {
    const ka = this.leases.get(resp.ID);
    if (!ka) return;
    if (resp.TTL <= 0n) {
      // expired or revoked
      this.leases.delete(resp.ID);
      ka.ch.close();
      return;
    }
    // the next request: TTL/3 after this answer, on the 500 ms grid of the send loop
    const ticks = (Number(resp.TTL) * 1000) / 3 / RETRY_CONN_WAIT_MS;
    // an answer that came after the next tick already ran counts from that tick
    ka.dueTick = this.tick > ka.sentTick ? this.tick + Math.floor(ticks) + 1 : ka.sentTick + Math.ceil(ticks);
    ka.deadline = Date.now() + Number(resp.TTL) * 1000;
    ka.ch.push(resp);
  }

  /** sendKeepAliveLoop: every 500 ms, a request for each lease that is due. */
  private async sendLoop(call: BidiCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse>): Promise<void> {
    // a new stream: ticks count from 0 again, and every lease is due at once
    this.tick = 0;
    for (const ka of this.leases.values()) ka.dueTick = 0;
    // ticks are scheduled from the loop's start, so a late timer does not delay the next ones
    const start = Date.now();
    while (!this.stopped && !call.closed) {
      for (const [id, ka] of this.leases) {
        if (this.tick >= ka.dueTick) {
          ka.sentTick = this.tick;
          call.write({ ID: id });
        }
      }
      await sleep(Math.max(0, start + (this.tick + 1) * RETRY_CONN_WAIT_MS - Date.now()), this.stop.signal);
      this.tick++;
    }
  }

  /** deadlineLoop: closes the channels of leases that got no answer in time. */
  private async deadlineLoop(): Promise<void> {
    while (!this.stopped) {
      await sleep(DEADLINE_CHECK_MS, this.stop.signal);
      const now = Date.now();
      for (const [id, ka] of this.leases) {
        if (ka.deadline < now) {
          this.leases.delete(id);
          ka.ch.close();
        }
      }
    }
  }
}

/**
 * clientv3's KeepAliveOnce: one request on a stream of its own, retried while the failure is
 * transient. An answer with TTL <= 0 is `etcdserver: requested lease not found`.
 */
export async function keepAliveOnce(conn: Connection, id: bigint): Promise<LeaseKeepAliveResponse> {
  for (;;) {
    const result = await new Promise<{ resp?: LeaseKeepAliveResponse; code?: number; details?: string }>((resolve) => {
      let call: BidiCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> | undefined;
      BidiCall.open(conn, LeaseService.leaseKeepAlive, {}, {
        onMessage: (resp) => {
          call?.cancel();
          resolve({ resp });
        },
        onClose: (s) => resolve({ code: s.code, details: s.details }),
      }).then(
        (c) => {
          call = c;
          c.write({ ID: id });
        },
        (e: EtcdError) => resolve({ code: e.code, details: e.message }),
      );
    });
    if (result.resp) {
      if (result.resp.TTL <= 0n) throw new EtcdError(ERR_LEASE_NOT_FOUND, 5);
      return result.resp;
    }
    if (isHaltCode(result.code!)) throw new EtcdError(result.details || 'EOF', result.code!);
    await sleep(10);
  }
}
