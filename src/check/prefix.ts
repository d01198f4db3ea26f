// The checks' steps around the load: the prefix must be empty before, its keys are deleted after,
// then (if asked) the store is compacted at the deletion's revision and every member defragmented.
import { CliError, orExitError } from '../cli/core/errors.js';
import { ExitCode } from '../cli/core/exit-codes.js';
import type { V3Factory } from '../cli/v3/factory.js';
import type { IO } from '../cli/core/io.js';
import type { EtcdClient } from '../client/v3/client.js';
import { prefixEnd } from '../client/v3/range.js';
import { goQuote } from '../format/go-quote.js';
import type { CheckOptions } from './options.js';

/** Fails when keys exist under the prefix (exit 3), as both checks do before writing. */
export async function requireEmptyPrefix(client: EtcdClient, prefix: string, deadline?: Date): Promise<void> {
  const key = Buffer.from(prefix);
  const resp = await orExitError(client.range({ key, rangeEnd: prefixEnd(key), limit: 1n }, deadline ? { deadline } : {}));
  if (resp.kvs.length > 0) {
    throw new CliError(
      `prefix ${goQuote(prefix)} has keys. Delete with etcdctl del --prefix ${prefix} first`,
      ExitCode.InvalidInput,
    );
  }
}

/** Deletes the prefix; returns the revision of the deletion. */
export async function deletePrefix(client: EtcdClient, prefix: string, deadline?: Date): Promise<bigint> {
  const key = Buffer.from(prefix);
  const resp = await orExitError(client.deleteRange({ key, rangeEnd: prefixEnd(key) }, deadline ? { deadline } : {}));
  return resp.header?.revision ?? 0n;
}

export const in30s = () => new Date(Date.now() + 30_000);

/** --auto-compact and --auto-defrag (etcdctl's compact and defrag helpers, 30 s each). */
export async function cleanUp(opts: CheckOptions, client: EtcdClient, f: V3Factory, rev: bigint, io: IO): Promise<void> {
  if (opts.autoCompact) {
    io.stdout.write(`Compacting with revision ${rev}\n`);
    await orExitError(client.compact({ revision: rev, physical: true }, { deadline: in30s() }));
    io.stdout.write(`Compacted with revision ${rev}\n`);
  }
  if (opts.autoDefrag) {
    for (const ep of client.endpoints) {
      io.stdout.write(`Defragmenting ${goQuote(ep)}\n`);
      const one = await f.clientFor([ep], { shareAuth: true });
      try {
        await orExitError(one.defragment({ deadline: in30s() }));
      } finally {
        one.close();
      }
      io.stdout.write(`Defragmented ${goQuote(ep)}\n`);
    }
  }
}

