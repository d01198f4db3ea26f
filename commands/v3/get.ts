// etcdctl get [options] <key> [range_end]
import { defineCommand, type RunContext } from '../../src/cli/command.js';
import { badArgs, badFeature, orExitError } from '../../src/cli/errors.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { keyRange } from '../../src/client/v3/range.js';
import { goQuote } from '../../src/format/go-quote.js';

// etcdserverpb.RangeRequest.SortOrder / SortTarget
const SORT_ORDER: Record<string, number> = { '': 0, ASCEND: 1, DESCEND: 2 };
const SORT_TARGET: Record<string, number> = { '': 0, KEY: 0, VERSION: 1, CREATE: 2, MODIFY: 3, VALUE: 4 };

export interface GetOptions {
  key: Buffer;
  rangeEnd: Buffer;
  limit: bigint;
  revision: bigint;
  sortOrder: number;
  sortTarget: number;
  serializable: boolean;
  keysOnly: boolean;
  printValueOnly: boolean;
}

export function parseGetOptions(ctx: RunContext): GetOptions {
  const { args, flags } = ctx;
  if (args.length === 0) throw badArgs('get command needs one argument as key and an optional argument as range_end');
  const prefix = flags.bool('prefix');
  const fromKey = flags.bool('from-key');
  if (prefix && fromKey) throw badArgs('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  const consistency = flags.string('consistency');
  if (consistency !== 'l' && consistency !== 's') throw badFeature(`unknown consistency flag ${goQuote(consistency)}`);
  if (args.length > 1 && (prefix || fromKey)) {
    throw badArgs('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  const order = flags.string('order');
  const sortOrder = SORT_ORDER[order.toUpperCase()];
  if (sortOrder === undefined) throw badFeature(`bad sort order ${order}`);
  const target = flags.string('sort-by');
  const sortTarget = SORT_TARGET[target.toUpperCase()];
  if (sortTarget === undefined) throw badFeature(`bad sort target ${target}`);
  const range = keyRange(args[0]!, { ...(args.length > 1 ? { end: args[1]! } : {}), prefix, fromKey });
  const rev = flags.int('rev');
  return {
    ...range,
    limit: flags.int('limit'),
    revision: rev > 0n ? rev : 0n,
    // clientv3 WithSort: ascending by key is the server's natural order, sent as NONE
    sortOrder: sortTarget === 0 && sortOrder === 1 ? 0 : sortOrder,
    sortTarget,
    serializable: consistency === 's',
    keysOnly: flags.bool('keys-only'),
    printValueOnly: flags.bool('print-value-only'),
  };
}

export async function runGet(opts: GetOptions, f: V3Factory): Promise<void> {
  const client = await f.client();
  const { printValueOnly, ...req } = opts;
  const resp = await orExitError(client.range(req, { deadline: f.commandDeadline() }));
  const printer = await f.printer();
  if (printValueOnly && printer.format !== 'simple') throw badArgs('print-value-only is only for `--write-out=simple`');
  printer.get(resp, printValueOnly);
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
      flag.bool('print-value-only', false, 'Only write values when using the "simple" output format'),
    ],
    run: (ctx) => runGet(parseGetOptions(ctx), ctx.f),
  });
}
