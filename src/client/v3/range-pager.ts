// A large range read in pages at one pinned revision, so that it can be printed as it arrives
// instead of held whole. Pure over a `range` function: no gRPC is loaded here.
//
// What a single Range would have returned is rebuilt exactly: the first page is sent as the whole
// request with a page-sized limit; etcd fills its `count` with the number of keys in the whole
// range at that revision (whatever the limit) and its header is the one a single Range sent at that
// moment gets. Later pages ask for the keys after the last one received, at the first page's
// header revision (or --rev), with the same serializable setting. `more` of the whole is
// `count > limit` when a limit was asked for (etcd's own rule), false otherwise. A compaction past
// the pinned revision makes the next page fail with etcd's `required revision has been compacted`
// error, which ends the read: pages never mix revisions.
//
// Paging keeps etcd's order only when that order is ascending by key (sort order NONE, which is
// how clientv3 sends ASCEND by KEY); any other sort needs the whole range on the server, and is
// sent as one Range (`pageable` says which).
//
// A page is handed on in batches of BATCH key-values, decoded as they are handed on when the
// range function leaves them encoded (range-decode.ts EncodedKeyValues; docs/memory.md).
import type { RangeRequest, RangeResponse, ResponseHeader } from '../../proto/gen/etcdserverpb/rpc.js';
import type { KeyValue } from '../../proto/gen/mvccpb/kv.js';

/** RangeRequest_SortOrder.NONE / RangeRequest_SortTarget.KEY */
const SORT_NONE = 0;
const SORT_KEY = 0;

export interface PagingOptions {
  /** keys asked for by the first page */
  firstPage: number;
  /** largest number of keys asked for by a later page */
  maxPage: number;
  /** bytes a later page aims at (its key count is sized from the bytes per key seen so far) */
  pageBytes: number;
  /**
   * test hook: awaited before each later page is requested (page numbers from 2): lets an
   * end-to-end test compact the store between pages without timing
   */
  beforePage?: (page: number) => Promise<void>;
  /** called with a page's size in bytes once it has been consumed (a command's young GC pacing) */
  afterPage?: (bytes: number) => void;
}

export const DEFAULT_PAGING: PagingOptions = { firstPage: 1000, maxPage: 100_000, pageBytes: 4 << 20 };

/** the fields of a RangeRequest that are set (proto3 defaults for the others) */
export type RangeFields = { [K in keyof RangeRequest]?: RangeRequest[K] };

/** A response's key-values: an array, or EncodedKeyValues (decoded by slice, sized by approxBytes). */
export interface KeyValueList {
  readonly length: number;
  slice(from: number, to: number): KeyValue[];
  readonly approxBytes?: number;
}
type RangeCall = (req: RangeFields) => Promise<Omit<RangeResponse, 'kvs'> & { kvs: KeyValueList }>;

/**
 * key-values handed on at a time: their decoded objects die in V8's young generation. 5000 gave
 * the lowest peaks over the bench's ranges (docs/memory.md).
 */
const BATCH = 5000;

/** The whole range's header, more and count (as one Range returns them), and its keys page by page. */
export interface PagedRange {
  header: ResponseHeader | undefined;
  more: boolean;
  count: bigint;
  /** the key-values in key order, a batch (of BATCH at most) at a time; a page is released when the loop moves past its last batch */
  pages: AsyncIterable<KeyValue[]>;
}

/** Whether `req` can be read in pages with the same result as one Range. */
export function pageable(req: RangeFields, opts: PagingOptions): boolean {
  const limit = req.limit ?? 0n;
  return (
    (req.rangeEnd?.length ?? 0) > 0 &&
    (req.sortOrder ?? SORT_NONE) === SORT_NONE &&
    (req.sortTarget ?? SORT_KEY) === SORT_KEY &&
    !req.countOnly &&
    !req.minModRevision &&
    !req.maxModRevision &&
    !req.minCreateRevision &&
    !req.maxCreateRevision &&
    (limit === 0n || limit > BigInt(opts.firstPage))
  );
}

/** The smallest key after `key` (key + "\x00"). */
function keyAfter(key: Uint8Array): Buffer {
  const next = Buffer.allocUnsafe(key.length + 1);
  next.set(key, 0);
  next[key.length] = 0;
  return next;
}

function approxBytes(kvs: KeyValueList): number {
  if (kvs.approxBytes !== undefined) return kvs.approxBytes;
  let n = 0;
  for (const kv of kvs.slice(0, kvs.length)) n += kv.key.length + kv.value.length + 24;
  return n;
}

/** The first `n` key-values of a list, BATCH at a time. */
function* batches(kvs: KeyValueList, n = kvs.length): Generator<KeyValue[]> {
  for (let i = 0; i < n; i += BATCH) yield kvs.slice(i, Math.min(n, i + BATCH));
}

/**
 * Reads `req` in pages (see the top of this file). The first page is read before this returns (its
 * errors are the Range's errors); later pages are requested while the previous one is consumed,
 * so at most two pages are held.
 */
export async function pagedRange(range: RangeCall, req: RangeFields, opts: PagingOptions = DEFAULT_PAGING): Promise<PagedRange> {
  if (!pageable(req, opts)) {
    const whole = await range(req);
    return { header: whole.header, more: whole.more, count: whole.count, pages: single(whole.kvs) };
  }
  const limit = req.limit ?? 0n;
  const first = await range({ ...req, limit: BigInt(opts.firstPage) });
  const wanted = limit > 0n && limit < first.count ? limit : first.count;
  const more = limit > 0n && first.count > limit;
  if (!first.more || BigInt(first.kvs.length) >= wanted) {
    const n = BigInt(first.kvs.length) > wanted ? Number(wanted) : first.kvs.length;
    return { header: first.header, more, count: first.count, pages: single(first.kvs, n) };
  }
  const revision = (req.revision ?? 0n) > 0n ? req.revision! : (first.header?.revision ?? 0n);
  return { header: first.header, more, count: first.count, pages: laterPages(range, req, opts, first.kvs, revision, wanted) };
}

/** The pages of a range that came whole: the same shape as laterPages for the printers. */
// eslint-disable-next-line @typescript-eslint/require-await -- one page already here, nothing to wait for
async function* single(kvs: KeyValueList, n = kvs.length): AsyncGenerator<KeyValue[]> {
  yield* batches(kvs, n);
}

async function* laterPages(
  range: RangeCall,
  req: RangeFields,
  opts: PagingOptions,
  firstKvs: KeyValueList,
  revision: bigint,
  wanted: bigint,
): AsyncGenerator<KeyValue[]> {
  let got = BigInt(firstKvs.length);
  let bytes = approxBytes(firstKvs);
  let pageNo = 1;
  const next = (last: KeyValueList): ReturnType<RangeCall> | undefined => {
    if (got >= wanted || last.length === 0) return undefined;
    const perKey = Math.max(1, bytes / Number(got));
    const size = Math.max(1, Math.min(opts.maxPage, Math.floor(opts.pageBytes / perKey), Number(wanted - got)));
    const key = keyAfter(last.slice(last.length - 1, last.length)[0]!.key);
    pageNo++;
    const page = pageNo;
    const call = (async () => {
      if (opts.beforePage) await opts.beforePage(page);
      return range({ ...req, key, revision, limit: BigInt(size) });
    })();
    call.catch(() => {}); // awaited below; not unhandled if the consumer stops first
    return call;
  };
  let pending = next(firstKvs);
  try {
    yield* batches(firstKvs);
    opts.afterPage?.(approxBytes(firstKvs));
    while (pending !== undefined) {
      const page = await pending;
      got += BigInt(page.kvs.length);
      const pageBytes = approxBytes(page.kvs);
      bytes += pageBytes;
      // the range at a pinned revision does not change: a page that ends early means it has ended
      pending = page.more ? next(page.kvs) : undefined;
      yield* batches(page.kvs, got > wanted ? page.kvs.length - Number(got - wanted) : page.kvs.length);
      opts.afterPage?.(pageBytes);
    }
  } finally {
    pending = undefined;
  }
}

/**
 * Paging as the environment sets it for tests: ETCD_TS_TEST_PAGE_SIZE=<n> pages of n keys;
 * ETCD_TS_TEST_PAGE_GATE=1 writes `page gate <n>` to stderr before page n (from 2) is requested
 * and waits for a line on stdin, so that a test can change the store between two pages.
 */
export function pagingFromEnv(
  io: {
    env: Record<string, string | undefined>;
    stderr: { write(s: string): void };
    stdin: NodeJS.ReadableStream;
  },
  defaults: PagingOptions = DEFAULT_PAGING,
): PagingOptions {
  const size = Number(io.env.ETCD_TS_TEST_PAGE_SIZE ?? '');
  const paging = Number.isInteger(size) && size > 0 ? { ...defaults, firstPage: size, maxPage: size } : defaults;
  if (io.env.ETCD_TS_TEST_PAGE_GATE !== '1') return paging;
  let lines: AsyncIterator<unknown> | undefined;
  return {
    ...paging,
    beforePage: async (page) => {
      io.stderr.write(`page gate ${page}\n`);
      lines ??= (await import('node:readline')).createInterface({ input: io.stdin })[Symbol.asyncIterator]();
      await lines.next();
    },
  };
}
