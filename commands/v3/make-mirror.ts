// etcdctl make-mirror [options] <destination>
//
// Copies the --prefix range of the source cluster (every key without it) to the destination, then
// follows the source's watch and replays each revision's changes as one txn. Keys are rewritten by
// replacing the first occurrence of --prefix with --dest-prefix (which defaults to --prefix;
// --no-dest-prefix makes it empty). Every 30 s the number of mirrored keys so far is printed.
// The base copy is read in pages at the base revision (a compaction past it during the read ends
// with etcd's compaction error once the puts already sent have completed) and its puts go out up
// to BASE_PUTS_IN_FLIGHT at a time instead of one after the other: the destination gets the same
// keys, values and versions, one revision per key as from etcdctl, but the order in which etcd
// assigns those revisions among the puts in flight is its own (etcdctl's follow key order).
// It runs until something fails: a compacted watch ends with `Error: etcdserver: mvcc: required
// revision has been compacted`, a watch closed otherwise with etcdctl's `Error: <nil>`; exit 1.
//
// The destination client takes the dial/keep-alive settings of the globals, TLS from the --dest-*
// flags, and no credentials unless etcdctl 3.5's --dest-user (name:password, name with
// --dest-password, or name alone and a `Destination Password: ` prompt) gives them. Neither side
// has a timeout, as in etcdctl (context.TODO).
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, badArgs, v3Error, orExitError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { opDelete, opPut } from '../../src/client/v3/ops.js';
import { pagingFromEnv, type PagingOptions } from '../../src/client/v3/range-pager.js';
import type { KeyValue } from '../../src/proto/gen/mvccpb/kv.js';
import type { RequestOp } from '../../src/proto/gen/etcdserverpb/rpc.js';
import type { Event_EventType } from '../../src/proto/gen/mvccpb/kv.js';

const EVENT_PUT: Event_EventType = 0;

export interface MakeMirrorOptions {
  destination: string;
  prefix: Buffer;
  destPrefix: Buffer;
  noDestPrefix: boolean;
  destCert: string;
  destKey: string;
  destCacert: string;
  destInsecureTransport: boolean;
  /** etcdctl 3.5's --dest-user and --dest-password */
  destUser: string;
  destPassword: string;
  /** how often the count is printed (etcdctl: 30 s) */
  reportIntervalMs: number;
}

/**
 * Puts of the base copy in flight at once: each waits for a raft commit on the destination, so
 * one at a time leaves both sides idle most of the time and pays grpc-js's per-call cost in full.
 */
const BASE_PUTS_IN_FLIGHT = 64;

/**
 * Puts every key-value of `pages` with at most `inFlight` puts outstanding; resolves with the
 * number put. Stops sending at the first failure and waits for the puts in flight: a failed put
 * (the earliest in key order) is reported before a failed page read, as etcdctl, which puts one
 * page after the other, would meet it first.
 */
export async function putPipelined(
  pages: AsyncIterable<readonly KeyValue[]>,
  put: (kv: KeyValue) => Promise<unknown>,
  inFlight: number,
  onPut: () => void,
): Promise<void> {
  let pending = 0;
  // resolves the wait for a free slot (a counter and one waiter: a Promise.race over the puts in
  // flight would attach a reaction to each of them per put)
  let slotFree: (() => void) | undefined;
  let failed: { index: number; err: unknown } | undefined;
  let readErr: { err: unknown } | undefined;
  let index = 0;
  const settled = () => {
    pending--;
    const wake = slotFree;
    slotFree = undefined;
    wake?.();
  };
  const waitBelow = async (n: number) => {
    while (pending >= n) await new Promise<void>((resolve) => (slotFree = resolve));
  };
  try {
    for await (const page of pages) {
      for (const kv of page) {
        const i = index++;
        pending++;
        void put(kv).then(onPut, (err: unknown) => {
          if (failed === undefined || i < failed.index) failed = { index: i, err };
        }).finally(settled);
        await waitBelow(inFlight);
        if (failed) break;
      }
      if (failed) break;
    }
  } catch (err) {
    readErr = { err };
  }
  await waitBelow(1);
  if (failed) throw failed.err;
  if (readErr) throw readErr.err;
}

export function parseMakeMirrorOptions(ctx: RunContext): MakeMirrorOptions {
  const { args, flags } = ctx;
  if (args.length !== 1) throw badArgs('make-mirror takes one destination argument');
  return {
    destination: args[0]!,
    prefix: Buffer.from(flags.string('prefix')),
    destPrefix: Buffer.from(flags.string('dest-prefix')),
    noDestPrefix: flags.bool('no-dest-prefix'),
    destCert: flags.string('dest-cert'),
    destKey: flags.string('dest-key'),
    destCacert: flags.string('dest-cacert'),
    destInsecureTransport: flags.bool('dest-insecure-transport'),
    destUser: flags.string('dest-user'),
    destPassword: flags.string('dest-password'),
    reportIntervalMs: 30_000,
  };
}

/** Go's strings.Replace(key, from, to, 1): the first occurrence (an empty `from` matches at 0). */
export function replaceFirst(key: Buffer, from: Buffer, to: Buffer): Buffer {
  const at = key.indexOf(from);
  if (at < 0) return key;
  return Buffer.concat([key.subarray(0, at), to, key.subarray(at + from.length)]);
}

/** authDestCfg (etcdctl 3.5): the destination's credentials, or undefined for none. */
async function destAuth(opts: MakeMirrorOptions, io: IO): Promise<{ username: string; password: string } | undefined> {
  const user = opts.destUser;
  if (user === '') return undefined;
  if (opts.destPassword !== '') return { username: user, password: opts.destPassword };
  const colon = user.indexOf(':');
  if (colon >= 0) return { username: user.slice(0, colon), password: user.slice(colon + 1) };
  const why = (r: string) => `cannot ask for the password of --dest-user ${user}: ${r} (give --dest-user name:password or --dest-password)`;
  const { askPassword } = await import('../../src/cli/core/prompt.js');
  return { username: user, password: await askPassword(io, 'Destination Password: ', ExitCode.Error, why) };
}

export async function runMakeMirror(opts: MakeMirrorOptions, f: V3Factory, io: IO, paging?: PagingOptions): Promise<void> {
  await f.clientConfig();
  const auth = await destAuth(opts, io);
  const dest = await f.clientFor([opts.destination], {
    ...(auth ? { auth } : { noAuth: true }),
    secure: {
      cert: opts.destCert,
      key: opts.destKey,
      cacert: opts.destCacert,
      serverName: '',
      insecure: opts.destInsecureTransport,
      skipVerify: false,
    },
  });
  const src = await f.client();
  const [{ Syncer }, { Watcher, ERR_COMPACTED }] = await Promise.all([
    import('../../src/client/v3/mirror.js'),
    import('../../src/client/v3/watch.js'),
  ]);
  // etcdctl's make-mirror watches with context.TODO(): no require-leader
  const watcher = new Watcher(src.conn, { requireLeader: false });

  let total = 0n;
  const ticker = setInterval(() => io.stdout.write(`${total}\n`), opts.reportIntervalMs);
  try {
    const syncer = new Syncer(src, opts.prefix);
    await orExitError(syncer.baseRevision());
    // etcdctl checks the conflict only once the base revision is known
    if (opts.noDestPrefix && opts.destPrefix.length > 0) {
      throw badArgs('`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one');
    }
    const destPrefix = !opts.noDestPrefix && opts.destPrefix.length === 0 ? opts.prefix : opts.destPrefix;
    const rename = (key: Buffer) => replaceFirst(key, opts.prefix, destPrefix);

    try {
      await putPipelined(syncer.syncBase(paging), (kv) => dest.put({ key: rename(kv.key), value: kv.value }), BASE_PUTS_IN_FLIGHT, () => total++);
    } catch (e) {
      throw v3Error((e as Error).message);
    }

    const commit = async (ops: RequestOp[]) => {
      await dest.txn({ compare: [], success: ops, failure: [] });
    };
    try {
      // the watch resumes after transport failures; it ends after a compaction's response, after
      // a last canceled response when it failed for good, or silently when the server canceled it
      for await (const wr of await syncer.syncUpdates(watcher)) {
        if (wr.compactRevision !== 0n) throw v3Error(ERR_COMPACTED);
        let lastRev = 0n;
        let ops: RequestOp[] = [];
        for (const ev of wr.events ?? []) {
          const kv = ev.kv!;
          if (lastRev !== 0n && kv.modRevision > lastRev) {
            await commit(ops);
            ops = [];
          }
          lastRev = kv.modRevision;
          if (ev.type === EVENT_PUT) {
            ops.push(opPut({ key: rename(kv.key), value: kv.value }));
          } else {
            ops.push(opDelete({ key: rename(kv.key) }));
          }
          total++;
        }
        if (ops.length > 0) await commit(ops);
      }
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw v3Error((e as Error).message);
    }
    // the watch ended: etcdctl reports its nil error
    throw new CliError('<nil>', ExitCode.Error);
  } finally {
    clearInterval(ticker);
    watcher.close();
  }
}

export function newMakeMirrorCommand() {
  return defineCommand<V3Factory>({
    use: 'make-mirror [options] <destination>',
    short: 'Makes a mirror at the destination etcd cluster',
    flags: [
      flag.string('dest-cacert', '', 'Verify certificates of TLS enabled secure servers using this CA bundle'),
      flag.string('dest-cert', '', 'Identify secure client using this TLS certificate file for the destination cluster'),
      flag.bool('dest-insecure-transport', true, 'Disable transport security for client connections'),
      flag.string('dest-key', '', 'Identify secure client using this TLS key file'),
      flag.string('dest-password', '', "Destination password for authentication (if this option is used, --user option shouldn't include password)"),
      flag.string('dest-prefix', '', 'destination prefix to mirror a prefix to a different prefix in the destination cluster'),
      flag.string('dest-user', '', 'Destination username[:password] for authentication (prompt if password is not supplied)'),
      flag.bool('no-dest-prefix', false, 'mirror key-values to the root of the destination cluster'),
      flag.string('prefix', '', 'Key-value prefix to mirror'),
    ],
    run: async (ctx) => {
      const opts = parseMakeMirrorOptions(ctx);
      const { MIRROR_PAGING } = await import('../../src/client/v3/mirror.js');
      return runMakeMirror(opts, ctx.f, ctx.io, pagingFromEnv(ctx.io, MIRROR_PAGING));
    },
  });
}
