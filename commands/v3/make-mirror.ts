// etcdctl make-mirror [options] <destination>
//
// Copies the --prefix range of the source cluster (every key without it) to the destination, then
// follows the source's watch and replays each revision's changes as one txn. Keys are rewritten by
// replacing the first occurrence of --prefix with --dest-prefix (which defaults to --prefix;
// --no-dest-prefix makes it empty). Every 30 s the number of mirrored keys so far is printed.
// It runs until something fails: a compacted watch ends with `Error: etcdserver: mvcc: required
// revision has been compacted`, a watch closed otherwise with etcdctl's `Error: <nil>`; exit 1.
//
// The destination client takes the dial/keep-alive settings of the globals, TLS from the --dest-*
// flags, and no credentials. Neither side has a timeout, as in etcdctl (context.TODO).
import { defineCommand, type RunContext } from '../../src/cli/command.js';
import { CliError, badArgs, v3Error } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import type { IO } from '../../src/cli/io.js';
import type { RequestOp } from '../../src/proto/gen/etcdserverpb/rpc.js';

export interface MakeMirrorOptions {
  destination: string;
  prefix: Buffer;
  destPrefix: Buffer;
  noDestPrefix: boolean;
  destCert: string;
  destKey: string;
  destCacert: string;
  destInsecureTransport: boolean;
  /** how often the count is printed (etcdctl: 30 s) */
  reportIntervalMs: number;
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
    reportIntervalMs: 30_000,
  };
}

/** Go's strings.Replace(key, from, to, 1): the first occurrence (an empty `from` matches at 0). */
export function replaceFirst(key: Buffer, from: Buffer, to: Buffer): Buffer {
  const at = key.indexOf(from);
  if (at < 0) return key;
  return Buffer.concat([key.subarray(0, at), to, key.subarray(at + from.length)]);
}

export async function runMakeMirror(opts: MakeMirrorOptions, f: V3Factory, io: IO): Promise<void> {
  await f.clientConfig();
  const dest = await f.clientFor([opts.destination], {
    noAuth: true,
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
  const { Syncer, WatchClosed } = await import('../../src/client/v3/mirror.js');

  let total = 0n;
  const ticker = setInterval(() => io.stdout.write(`${total}\n`), opts.reportIntervalMs);
  try {
    const syncer = new Syncer(src, opts.prefix);
    try {
      await syncer.baseRevision();
    } catch (e) {
      throw v3Error((e as Error).message);
    }
    // etcdctl checks the conflict only once the base revision is known
    if (opts.noDestPrefix && opts.destPrefix.length > 0) {
      throw badArgs('`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one');
    }
    const destPrefix = !opts.noDestPrefix && opts.destPrefix.length === 0 ? opts.prefix : opts.destPrefix;
    const rename = (key: Buffer) => replaceFirst(key, opts.prefix, destPrefix);

    try {
      for await (const page of syncer.syncBase()) {
        for (const kv of page.kvs) {
          await dest.put({ key: rename(kv.key), value: kv.value });
          total++;
        }
      }
    } catch (e) {
      throw v3Error((e as Error).message);
    }

    const commit = async (ops: RequestOp[]) => {
      await dest.txn({ compare: [], success: ops, failure: [] });
    };
    try {
      for await (const wr of syncer.syncUpdates()) {
        if (wr.compactRevision !== 0n) throw v3Error('etcdserver: mvcc: required revision has been compacted');
        let lastRev = 0n;
        let ops: RequestOp[] = [];
        for (const ev of wr.events) {
          const kv = ev.kv!;
          if (lastRev !== 0n && kv.modRevision > lastRev) {
            await commit(ops);
            ops = [];
          }
          lastRev = kv.modRevision;
          if (ev.type === 0) {
            ops.push(putOp(rename(kv.key), kv.value));
          } else {
            ops.push(deleteOp(rename(kv.key)));
          }
          total++;
        }
        if (ops.length > 0) await commit(ops);
      }
    } catch (e) {
      if (e instanceof CliError) throw e;
      if (!(e instanceof WatchClosed)) throw v3Error((e as Error).message);
    }
    // the watch ended: etcdctl reports its nil error
    throw new CliError('<nil>', ExitCode.Error);
  } finally {
    clearInterval(ticker);
  }
}

function putOp(key: Buffer, value: Buffer): RequestOp {
  return {
    request: {
      $case: 'requestPut',
      requestPut: { key, value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false },
    },
  };
}

function deleteOp(key: Buffer): RequestOp {
  return {
    request: { $case: 'requestDeleteRange', requestDeleteRange: { key, rangeEnd: Buffer.alloc(0), prevKv: false } },
  };
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
      flag.string('dest-prefix', '', 'destination prefix to mirror a prefix to a different prefix in the destination cluster'),
      flag.bool('no-dest-prefix', false, 'mirror key-values to the root of the destination cluster'),
      flag.string('prefix', '', 'Key-value prefix to mirror'),
    ],
    run: (ctx) => runMakeMirror(parseMakeMirrorOptions(ctx), ctx.f, ctx.io),
  });
}
