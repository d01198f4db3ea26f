// etcdctl del [options] <key> [range_end]
import { argBytes } from '../../src/cli/core/arg-bytes.js';
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { keyRange } from '../../src/client/v3/range.js';

export interface DelOptions {
  key: Buffer;
  rangeEnd: Buffer;
  prevKv: boolean;
}

export function parseDelOptions(ctx: RunContext): DelOptions {
  return delRequest(ctx.args.map((a) => argBytes(ctx.io, a)), ctx.flags);
}

/** getDelOp: the checks and the request of `del`, shared with txn's del ops. */
export function delRequest(keys: Buffer[], flags: RunContext['flags']): DelOptions {
  if (keys.length === 0 || keys.length > 2) throw badArgs('del command needs one argument as key and an optional argument as range_end');
  const prefix = flags.bool('prefix');
  const fromKey = flags.bool('from-key');
  if (prefix && fromKey) throw badArgs('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (keys.length > 1 && (prefix || fromKey)) {
    throw badArgs('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  const range = keyRange(keys[0]!, { ...(keys.length > 1 ? { end: keys[1]! } : {}), prefix, fromKey });
  return { ...range, prevKv: flags.bool('prev-kv') };
}

export async function runDel(opts: DelOptions, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.deleteRange(opts, { deadline: f.commandDeadline() }));
  (await f.printer()).del(resp);
}

export function newDelCommand() {
  return defineCommand<V3Factory>({
    use: 'del [options] <key> [range_end]',
    short: 'Removes the specified key or range of keys [key, range_end)',
    flags: [
      flag.bool('prefix', false, 'delete keys with matching prefix'),
      flag.bool('prev-kv', false, 'return deleted key-value pairs'),
      flag.bool('from-key', false, 'delete keys that are greater than or equal to the given key using byte compare'),
      // etcdctl 3.5: only silences 3.5's warning about `del <key> <range_end>`, which we never print
      // (3.4.23's bytes for what 3.4 has), so it changes nothing here
      flag.bool('range', false, 'delete range of keys'),
    ],
    run: (ctx) => runDel(parseDelOptions(ctx), ctx.f),
  });
}
