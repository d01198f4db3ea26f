// etcdctl compaction [options] <revision>
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, v3Error, orExitError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { GoParseError, parseGoInt } from '../../src/format/go-parse.js';
import type { IO } from '../../src/cli/core/io.js';

export interface CompactionOptions {
  revision: bigint;
  physical: boolean;
}

export function parseCompactionOptions(ctx: RunContext): CompactionOptions {
  const { args, flags } = ctx;
  if (args.length !== 1) throw badArgs('compaction command needs 1 argument');
  let revision: bigint;
  try {
    revision = parseGoInt(args[0]!, 10, 64);
  } catch (e) {
    // etcdctl reports the strconv error as is, with exit 1
    if (e instanceof GoParseError) throw v3Error(e.message);
    throw e;
  }
  return { revision, physical: flags.bool('physical') };
}

export async function runCompaction(opts: CompactionOptions, f: V3Factory, io: IO): Promise<void> {
  const client = await f.client();
  await orExitError(client.compact(opts, { deadline: f.commandDeadline() }));
  // fixed text on every output format
  io.stdout.write(`compacted revision ${opts.revision}\n`);
}

export function newCompactionCommand() {
  return defineCommand<V3Factory>({
    use: 'compaction [options] <revision>',
    short: 'Compacts the event history in etcd',
    flags: [
      flag.bool('physical', false, '\'true\' to wait for compaction to physically remove all old revisions'),
    ],
    run: (ctx) => runCompaction(parseCompactionOptions(ctx), ctx.f, ctx.io),
  });
}
