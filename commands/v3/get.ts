// etcdctl get [options] <key> [range_end]
import { argBytes } from '../../src/cli/core/arg-bytes.js';
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, badFeature, orExitError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { keyRange } from '../../src/client/v3/range.js';
import { DEFAULT_PAGING, pagedRange, pagingFromEnv, type PagingOptions } from '../../src/client/v3/range-pager.js';
import type { RangeRequest } from '../../src/proto/gen/etcdserverpb/rpc.js';
import { SortOrder, SortTarget } from '../../src/client/v3/ops.js';
import { goQuote } from '../../src/format/go-quote.js';

// --order and --sort-by values (case-insensitive); empty means the default
const SORT_ORDER: Record<string, number> = { '': SortOrder.NONE, ASCEND: SortOrder.ASCEND, DESCEND: SortOrder.DESCEND };
const SORT_TARGET: Record<string, number> = {
  '': SortTarget.KEY, KEY: SortTarget.KEY, VERSION: SortTarget.VERSION, CREATE: SortTarget.CREATE, MODIFY: SortTarget.MOD, VALUE: SortTarget.VALUE,
};

export interface GetOptions {
  key: Buffer;
  rangeEnd: Buffer;
  limit: bigint;
  revision: bigint;
  sortOrder: number;
  sortTarget: number;
  serializable: boolean;
  keysOnly: boolean;
  /** etcdctl 3.5's --count-only */
  countOnly: boolean;
  printValueOnly: boolean;
}

export function parseGetOptions(ctx: RunContext): GetOptions {
  const { args, flags, io } = ctx;
  return { ...getRequest(args.map((a) => argBytes(io, a)), flags), printValueOnly: flags.bool('print-value-only') };
}

/**
 * getGetOp: the checks and the request of `get`, shared with txn's get ops (whose keys and flag
 * values are stdin bytes: `flagText` gives a string flag as text for messages).
 */
export function getRequest(
  keys: Buffer[],
  flags: RunContext['flags'],
  flagText: (name: string) => string = (name) => flags.string(name),
): Omit<GetOptions, 'printValueOnly'> {
  if (keys.length === 0) throw badArgs('get command needs one argument as key and an optional argument as range_end');
  const prefix = flags.bool('prefix');
  const fromKey = flags.bool('from-key');
  if (prefix && fromKey) throw badArgs('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  const keysOnly = flags.bool('keys-only');
  const countOnly = flags.bool('count-only');
  if (keysOnly && countOnly) throw badArgs('`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  const consistency = flagText('consistency');
  if (consistency !== 'l' && consistency !== 's') throw badFeature(`unknown consistency flag ${goQuote(consistency)}`);
  if (keys.length > 1 && (prefix || fromKey)) {
    throw badArgs('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  const order = flagText('order');
  const sortOrder = SORT_ORDER[order.toUpperCase()];
  if (sortOrder === undefined) throw badFeature(`bad sort order ${order}`);
  const target = flagText('sort-by');
  const sortTarget = SORT_TARGET[target.toUpperCase()];
  if (sortTarget === undefined) throw badFeature(`bad sort target ${target}`);
  const range = keyRange(keys[0]!, { ...(keys.length > 1 ? { end: keys[1]! } : {}), prefix, fromKey });
  const rev = flags.int('rev');
  return {
    ...range,
    limit: flags.int('limit'),
    revision: rev > 0n ? rev : 0n,
    // clientv3 WithSort: ascending by key is the server's natural order, sent as NONE
    sortOrder: sortTarget === SortTarget.KEY && sortOrder === SortOrder.ASCEND ? SortOrder.NONE : sortOrder,
    sortTarget,
    serializable: consistency === 's',
    keysOnly,
    countOnly,
  };
}

/**
 * A range is read in pages at one revision and printed as they arrive, by formats that can
 * (src/client/v3/range-pager.ts says when the result is the same as one Range's); -w table and
 * protobuf print one message and get one Range. Each page gets its own --command-timeout.
 */
// Pages are sized to just under DEFAULT_PAGING.pageBytes, so a threshold of a whole page ran the GC
// after every second page only, with two pages' messages promoted between (100k x 1 KB plain:
// 117-125 MiB peak; after every page 110-117 MiB, at the same CPU time).
const GC_EVERY = (DEFAULT_PAGING.pageBytes * 3) / 4;

export async function runGet(opts: GetOptions, f: V3Factory, paging?: PagingOptions): Promise<void> {
  const client = await f.client();
  const { printValueOnly, ...req } = opts;
  const printer = await f.printer();
  // --count-only gets no keys: one Range (etcdctl 3.5 checks its format after the request, like print-value-only)
  if (printer.getStream === undefined || req.countOnly) {
    const resp = await orExitError(client.range(req, { deadline: f.commandDeadline() }));
    if (req.countOnly && printer.format !== 'fields') throw badArgs('--count-only is only for `--write-out=fields`');
    if (printValueOnly && printer.format !== 'simple') throw badArgs('print-value-only is only for `--write-out=simple`');
    printer.get(resp, printValueOnly);
    return;
  }
  const range = (r: Partial<RangeRequest>) => orExitError(client.rangeEncoded(r, { deadline: f.commandDeadline() }));
  // every page leaves its message and the HTTP/2 frames it came in behind: a young GC after every
  // page-sized amount, instead of when 32 MiB of them have piled up (peak RSS)
  const { youngGcEvery } = await import('../../src/cli/core/young-gc.js');
  const resp = await pagedRange(range, req, { ...(paging ?? DEFAULT_PAGING), afterPage: youngGcEvery(GC_EVERY) });
  if (printValueOnly && printer.format !== 'simple') throw badArgs('print-value-only is only for `--write-out=simple`');
  await printer.getStream(resp, printValueOnly);
}

export function newGetCommand() {
  return defineCommand<V3Factory>({
    use: 'get [options] <key> [range_end]',
    short: 'Gets the key or a range of keys',
    flags: [
      flag.string('consistency', 'l', 'Linearizable(l) or Serializable(s)'),
      flag.string('order', '', 'Order of results; ASCEND or DESCEND (ASCEND by default)'),
      flag.string('sort-by', '', 'Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION'),
      flag.int64('limit', 0n, 'Maximum number of results'),
      flag.bool('prefix', false, 'Get keys with matching prefix'),
      flag.bool('from-key', false, 'Get keys that are greater than or equal to the given key using byte compare'),
      flag.int64('rev', 0n, 'Specify the kv revision'),
      flag.bool('keys-only', false, 'Get only the keys'),
      flag.bool('count-only', false, 'Get only the count'),
      flag.bool('print-value-only', false, 'Only write values when using the "simple" output format'),
    ],
    run: (ctx) => runGet(parseGetOptions(ctx), ctx.f, pagingFromEnv(ctx.io)),
  });
}
