// etcdctl put [options] <key> <value> (<value> can also be given from stdin)
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { GoParseError, parseGoInt } from '../../src/format/go-parse.js';
import { readAll } from '../../src/cli/core/io.js';
import { argBytes } from '../../src/cli/core/arg-bytes.js';
import type { PutRequest } from '../../src/proto/gen/etcdserverpb/rpc.js';

/** put's options are the request itself (key, value, lease, prev-kv, ignore-value, ignore-lease) */
export type PutOptions = PutRequest;

const NEEDS_ARGS = 'put command needs 1 argument and input from stdin or 2 arguments';

export async function parsePutOptions(ctx: RunContext): Promise<PutOptions> {
  const { args, flags, io } = ctx;
  if (args.length === 0) throw badArgs(NEEDS_ARGS);
  const ignoreValue = flags.bool('ignore-value');
  if (ignoreValue && args.length > 1) throw badArgs("put command needs only 1 argument when 'ignore-value' is set");
  let value: Buffer = Buffer.alloc(0);
  if (!ignoreValue) {
    value = args.length > 1 ? argBytes(io, args[1]!) : await readAll(io.stdin);
    if (value.length === 0 && args.length < 2) throw badArgs(NEEDS_ARGS);
  }
  let lease: bigint;
  try {
    lease = parseGoInt(flags.string('lease'), 16, 64);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    throw badArgs(`bad lease ID (${e.message}), expecting ID in Hex`);
  }
  return {
    key: argBytes(io, args[0]!),
    value,
    lease,
    prevKv: flags.bool('prev-kv'),
    ignoreValue,
    ignoreLease: flags.bool('ignore-lease'),
  };
}

export async function runPut(opts: PutOptions, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.put(opts, { deadline: f.commandDeadline() }));
  (await f.printer()).put(resp);
}

export function newPutCommand() {
  return defineCommand<V3Factory>({
    use: 'put [options] <key> <value> (<value> can also be given from stdin)',
    short: 'Puts the given key into the store',
    long: `
Puts the given key into the store.

When <value> begins with '-', <value> is interpreted as a flag.
Insert '--' for workaround:

$ put <key> -- <value>
$ put -- <key> <value>

If <value> isn't given as a command line argument and '--ignore-value' is not specified,
this command tries to read the value from standard input.

If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
this command tries to read the value from standard input.

For example,
$ cat file | put <key>
will store the content of the file to <key>.
`,
    flags: [
      flag.string('lease', '0', 'lease ID (in hexadecimal) to attach to the key'),
      flag.bool('prev-kv', false, 'return the previous key-value pair before modification'),
      flag.bool('ignore-value', false, 'updates the key using its current value'),
      flag.bool('ignore-lease', false, 'updates the key using its current lease'),
    ],
    run: async (ctx) => runPut(await parsePutOptions(ctx), ctx.f),
  });
}
