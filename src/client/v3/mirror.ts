// clientv3/mirror's Syncer: the state of a key range at one revision (read in pages of 1000 keys),
// then every change after that revision, from an ordinary watch (clientv3's SyncUpdates is a
// c.Watch of the prefix from the next revision; see watch.ts for how it resumes and ends).
import type { RangeResponse } from '../../proto/gen/etcdserverpb/rpc.js';
import type { Chan } from './chan.js';
import type { EtcdClient } from './client.js';
import { NUL, prefixEnd } from './range.js';
import type { WatchResult, Watcher } from './watch.js';

const BATCH_LIMIT = 1000n;

export class Syncer {
  private rev: bigint;

  constructor(
    private readonly client: EtcdClient,
    private readonly prefix: Buffer,
    rev = 0n,
  ) {
    this.rev = rev;
  }

  /** The prefix as a key range; an empty prefix is every key ("\x00" onwards). */
  private range(): [Buffer, Buffer] {
    return this.prefix.length === 0 ? [NUL, NUL] : [this.prefix, prefixEnd(this.prefix)];
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
    let [key, rangeEnd] = this.range();
    for (;;) {
      const resp = await this.client.range({ key, rangeEnd, limit: BATCH_LIMIT, revision: rev });
      yield resp;
      if (!resp.more || resp.kvs.length === 0) return;
      key = Buffer.concat([resp.kvs[resp.kvs.length - 1]!.key, NUL]);
    }
  }

  /**
   * The watch of the prefix (every key when it is empty) from the revision after the base one, on
   * the given watcher: its responses until the watch ends (a compaction's response is the last).
   */
  syncUpdates(watcher: Watcher, signal?: AbortSignal): Promise<Chan<WatchResult>> {
    if (this.rev === 0n) throw new Error('unexpected revision = 0. Calling SyncUpdates before SyncBase finishes?');
    const [key, rangeEnd] = this.range();
    return watcher.watch({ key, rangeEnd, startRevision: this.rev + 1n }, signal);
  }
}
