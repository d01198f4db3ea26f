// clientv3/mirror's Syncer: the state of a key range at one revision (read in pages of 1000 keys),
// then every change after that revision, as a watch delivers it.
//
// The watch here is a minimal private loop over the Watch bidi stream, enough for make-mirror:
// one watcher, created events skipped, the stream resumed from the next revision after a transport
// failure, as clientv3's watcher does. (The general watch client lives in watch.ts on the kvstream
// branch; this loop can move onto it once both are merged.)
import { status, type StatusObject } from '@grpc/grpc-js';
import { WatchRequest, WatchService, type RangeResponse, type WatchResponse } from '../../proto/gen/etcdserverpb/rpc.js';
import type { EtcdClient } from './client.js';
import { EtcdError, fromServiceError } from './errors.js';
import { NUL, prefixEnd } from './range.js';

const BATCH_LIMIT = 1000n;

/** Why a watch ended without a response to deliver (clientv3 closes its channel then). */
export class WatchClosed extends Error {
  constructor(override readonly cause: EtcdError | undefined) {
    super(cause ? cause.message : 'watch closed');
    this.name = 'WatchClosed';
  }
}

export class Syncer {
  private rev: bigint;

  constructor(
    private readonly client: EtcdClient,
    private readonly prefix: Buffer,
    rev = 0n,
  ) {
    this.rev = rev;
  }

  /** The revision the base state is read at: the current one (a get of "foo"), unless given. */
  async baseRevision(): Promise<bigint> {
    if (this.rev === 0n) {
      const resp = await this.client.range({ key: Buffer.from('foo') });
      this.rev = resp.header?.revision ?? 0n;
    }
    return this.rev;
  }

  /** The key-values under the prefix (every key when it is empty) at the base revision, page by page. */
  async *syncBase(): AsyncGenerator<RangeResponse> {
    const rev = await this.baseRevision();
    let key: Buffer;
    let rangeEnd: Buffer;
    if (this.prefix.length === 0) [key, rangeEnd] = [NUL, NUL];
    else [key, rangeEnd] = [this.prefix, prefixEnd(this.prefix)];
    for (;;) {
      const resp = await this.client.range({ key, rangeEnd, limit: BATCH_LIMIT, revision: rev });
      yield resp;
      if (!resp.more || resp.kvs.length === 0) return;
      key = Buffer.concat([resp.kvs[resp.kvs.length - 1]!.key, NUL]);
    }
  }

  /**
   * Watch responses for the prefix from the revision after the base one. Ends (returns) when the
   * server cancels the watch, after yielding that response (e.g. one carrying compactRevision);
   * throws WatchClosed when the stream ends or fails with an error that retrying cannot cure.
   */
  async *syncUpdates(signal?: AbortSignal): AsyncGenerator<WatchResponse> {
    if (this.rev === 0n) throw new Error('unexpected revision = 0. Calling SyncUpdates before SyncBase finishes?');
    const key = this.prefix.length === 0 ? NUL : this.prefix;
    const rangeEnd = this.prefix.length === 0 ? NUL : prefixEnd(this.prefix);
    let nextRev = this.rev + 1n;
    let backoffMs = 100;
    while (!signal?.aborted) {
      const stream = await this.client.conn.bidiStream(WatchService.watch);
      const queue: Array<WatchResponse | { error: EtcdError } | { end: true }> = [];
      let wake: (() => void) | undefined;
      const push = (item: (typeof queue)[number]) => {
        queue.push(item);
        wake?.();
      };
      stream.on('data', (r: WatchResponse) => push(r));
      // the call's final status says how it ended ('end' may come before the 'error')
      stream.on('error', () => {});
      stream.on('status', (st: StatusObject) =>
        push(st.code === status.OK ? { end: true } : { error: fromServiceError(Object.assign(new Error(st.details), st)) }),
      );
      const onAbort = () => stream.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      stream.write(
        WatchRequest.fromPartial({
          requestUnion: {
            $case: 'createRequest',
            createRequest: { key, rangeEnd, startRevision: nextRev },
          },
        }),
      );
      let failure: EtcdError | undefined;
      try {
        for (;;) {
          while (queue.length === 0) await new Promise<void>((r) => (wake = r));
          wake = undefined;
          const item = queue.shift()!;
          if ('error' in item) {
            failure = item.error;
            break;
          }
          if ('end' in item) throw new WatchClosed(undefined);
          backoffMs = 100;
          if (item.created && item.events.length === 0 && !item.canceled) continue;
          if (item.events.length > 0) nextRev = item.events[item.events.length - 1]!.kv!.modRevision + 1n;
          if (item.compactRevision !== 0n || item.canceled) {
            yield item;
            return;
          }
          if (item.events.length > 0) yield item;
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        stream.removeAllListeners('data');
        stream.removeAllListeners('status');
        stream.cancel();
      }
      if (signal?.aborted) return;
      // clientv3 resumes after transport failures; any other error halts the watch
      if (failure && !isRetriable(failure)) throw new WatchClosed(failure);
      await new Promise((r) => setTimeout(r, backoffMs));
      backoffMs = Math.min(backoffMs * 2, 2000);
    }
  }
}

/** Stream errors after which clientv3's watcher reconnects and resumes (not isHaltErr). */
function isRetriable(e: EtcdError): boolean {
  return (e.code === status.UNAVAILABLE || e.code === status.INTERNAL) && e.message !== 'etcdserver: no leader';
}
