// clientv3/mirror's Syncer: the state of a key range at one revision, then every change after that
// revision, from an ordinary watch (clientv3's SyncUpdates is a c.Watch of the prefix from the next
// revision; see watch.ts for how it resumes and ends).
//
// clientv3 reads the base state in pages of 1000 keys into a channel of 1024 pages, as fast as
// the server sends them, whatever the consumer does with them. Here the pages come from the paged
// reader (range-pager.ts) at the base revision: the next page is requested while the current one
// is consumed, so at most about two pages are held, sized in bytes. A compaction past the base
// revision during the read fails the next page with etcd's compaction error, as clientv3's Get does.
import type { KeyValue } from '../../proto/gen/mvccpb/kv.js';
import type { Chan } from './chan.js';
import type { EtcdClient } from './client.js';
import { NUL, prefixEnd } from './range.js';
import { pagedRange, type PagingOptions } from './range-pager.js';
import type { WatchResult, Watcher } from './watch.js';

/** clientv3's batchLimit for the first page; later pages of about 1 MiB (at most 10^4 keys) */
export const MIRROR_PAGING: PagingOptions = { firstPage: 1000, maxPage: 10_000, pageBytes: 1 << 20 };

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

  /**
   * The key-values under the prefix (every key when it is empty) at the base revision, page by
   * page; a page is released when the loop moves past it.
   */
  async *syncBase(paging: PagingOptions = MIRROR_PAGING): AsyncGenerator<readonly KeyValue[]> {
    const revision = await this.baseRevision();
    const [key, rangeEnd] = this.range();
    const paged = await pagedRange((req) => this.client.rangeEncoded(req), { key, rangeEnd, revision }, paging);
    yield* paged.pages;
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
