// etcdctl migrate --data-dir DIR [--wal-dir DIR] [--no-ttl] [--transformer PROGRAM]
//
// Offline: rebuilds the member's v2 store (snapshot + WAL replay, src/migrate/replay.ts), hands
// every node under the v2 keyspace (/1) to a transformer, and writes the v3 key-values it returns
// into the member's bolt db (bucket "key", at revision {modifiedIndex, 0}), with the meta
// bucket's consistent_index set to the last raft index.
//
// The default transformer keeps files only: key, value, create/mod revision from the v2
// created/modified indexes, version 1, no lease. A --transformer program reads the nodes as Go's
// encoding/json writes them (concatenated objects on its stdin) and answers with protobuf
// KeyValues, each after its length as a little-endian int64, on its stdout; its stderr is ours.
// --no-ttl leaves out nodes with a TTL.
//
// Output as etcdctl: "using default transformer", the replay's zap example log lines (stdout),
// then "finished transforming keys" or "no v2 keys to migrate". The db is rewritten through a
// temporary file, fsynced and renamed; a failure leaves the original.
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, v3Error } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { goQuote } from '../../src/format/go-quote.js';

export interface MigrateOptions {
  dataDir: string;
  walDir: string;
  noTTL: boolean;
  transformer: string;
}

export function parseMigrateOptions(ctx: RunContext): MigrateOptions {
  const { flags } = ctx;
  const dataDir = flags.string('data-dir');
  const walDir = flags.string('wal-dir');
  return {
    dataDir,
    walDir: walDir !== '' ? walDir : path.join(dataDir, 'member', 'wal'),
    noTTL: flags.bool('no-ttl'),
    transformer: flags.string('transformer'),
  };
}

interface MigratedKV {
  key: Buffer;
  value: Buffer;
  createRevision: bigint;
  modRevision: bigint;
  version: bigint;
  lease: bigint;
}

/** A Go panic (exit 2), with its first line as Go prints it. */
function panic(message: string): CliError {
  return new CliError(message, ExitCode.BadConnection, `panic: ${message}\n\ngoroutine 1 [running]:\nmain.main()\n`);
}

export async function runMigrate(opts: MigrateOptions, io: IO): Promise<void> {
  const { rebuildStoreV2, ReplayPanic } = await import('../../src/migrate/replay.js');
  const { formatGoTime, ttlOf } = await import('../../src/migrate/v2store.js');
  const { formatZapExample } = await import('../../src/disk/log.js');
  const { goJsonString } = await import('../../src/format/go-json.js');
  const { decodeKeyValue, encodeKeyValue } = await import('../../src/disk/proto/mvccpb.js');

  // the transformer starts first, as in etcdctl
  let transformer: ReturnType<typeof startTransformer> | undefined;
  if (opts.transformer !== '') {
    transformer = startTransformer((await import('node:child_process')).spawn, opts.transformer, io);
    // Go's cmd.Start fails at once: a program that cannot start is the error, before the replay
    // (and its rejection never goes unhandled when the replay fails first)
    await transformer.started;
  } else io.stdout.write('using default transformer\n');

  let replay;
  try {
    replay = rebuildStoreV2({
      dataDir: opts.dataDir,
      walDir: opts.walDir,
      log: (e) => io.stdout.write(`${formatZapExample(e)}\n`),
    });
  } catch (e) {
    transformer?.kill();
    if (e instanceof ReplayPanic) throw panic(e.message);
    throw v3Error((e as Error).message);
  }
  const { store, index } = replay;

  const db = path.join(opts.dataDir, 'member', 'snap', 'db');
  const lock = await openLocked(db, io);
  try {
    let top;
    try {
      top = store.get('/1');
    } catch {
      transformer?.kill();
      io.stdout.write('no v2 keys to migrate\n');
      return;
    }

    // every node under /1, depth first in key order, as NodeExtern sees it now
    const now = BigInt(Date.now()) * 1_000_000n;
    const nodes: Array<{ key: string; dir: boolean; value: string; created: bigint; modified: bigint; ttl: bigint; expire: bigint }> = [];
    const walk = (n: typeof top) => {
      const key = n.path === '/1' ? '/' : n.path.slice(2);
      const ttl = ttlOf(n, now);
      if (!opts.noTTL || ttl === 0n) {
        nodes.push({ key, dir: n.isDir, value: n.value, created: n.createdIndex, modified: n.modifiedIndex, ttl, expire: n.expire });
      }
      if (n.isDir) {
        for (const name of [...n.children!.keys()].sort()) walk(n.children!.get(name)!);
      }
    };
    walk(top);

    let kvs: MigratedKV[];
    if (transformer) {
      const json = nodes
        .map((n) => {
          let s = `{"key":${goJsonString(n.key)}`;
          if (!n.dir) s += `,"value":${goJsonString(n.value)}`;
          if (n.dir) s += ',"dir":true';
          if (n.expire !== 0n) s += `,"expiration":"${formatGoTime(n.expire)}"`;
          if (n.ttl !== 0n) s += `,"ttl":${n.ttl}`;
          if (n.modified !== 0n) s += `,"modifiedIndex":${n.modified}`;
          if (n.created !== 0n) s += `,"createdIndex":${n.created}`;
          return s + '}';
        })
        .join('');
      const result = await transformer.run(json);
      kvs = result.frames.map((f) => decodeKeyValue(f));
      if (result.error) {
        await writeKeys(lock, kvs, index, encodeKeyValue);
        io.stdout.write('failed to transform keys\n');
        throw v3Error(result.error);
      }
    } else {
      kvs = nodes
        .filter((n) => !n.dir)
        .map((n) => ({
          key: Buffer.from(n.key),
          value: Buffer.from(n.value),
          createRevision: n.created,
          modRevision: n.modified,
          version: 1n,
          lease: 0n,
        }));
    }
    await writeKeys(lock, kvs, index, encodeKeyValue);
    io.stdout.write('finished transforming keys\n');
  } finally {
    fs.closeSync(lock.fd);
  }
}

interface LockedDb {
  db: string;
  fd: number;
}

/** Opens (creating) the db and waits for a running etcd to let go of it, as bolt.Open does. */
async function openLocked(db: string, io: IO): Promise<LockedDb> {
  const { waitSharedLock } = await import('../../src/disk/flock.js');
  const { pathError } = await import('../../src/disk/errors.js');
  let fd: number;
  try {
    fd = fs.openSync(db, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  } catch (err) {
    const msg = `cannot open database at ${db} (${pathError('open', db, err).message})`;
    throw panic(msg);
  }
  await waitSharedLock(fd, {
    onWaiting: () => io.stderr.write(`waiting for etcd to close and release its lock on ${goQuote(db)}\n`),
  });
  return { db, fd };
}

/**
 * mvcc.WriteKV for each key-value and UpdateConsistentIndex, as a new db: the existing buckets
 * are copied, "key" and "meta" (created when missing) get the new entries.
 */
async function writeKeys(lock: LockedDb, kvs: MigratedKV[], index: bigint, encode: (kv: MigratedKV) => Buffer): Promise<void> {
  const { BoltReader } = await import('../../src/disk/bolt/reader.js');
  const { BoltWriter } = await import('../../src/disk/bolt/writer.js');
  const { copyBucket } = await import('../../src/disk/bolt/copy.js');
  const { renameDurable, tempSibling } = await import('../../src/disk/fsutil.js');
  const { revToBytes } = await import('../../src/disk/etcd/revision.js');

  const additions = new Map<string, Map<string, Buffer>>([
    ['key', new Map()],
    ['meta', new Map()],
  ]);
  for (const kv of kvs) additions.get('key')!.set(revToBytes({ main: kv.modRevision, sub: 0n }).toString('latin1'), encode(kv));
  const ci = Buffer.alloc(8);
  ci.writeBigUInt64BE(BigInt.asUintN(64, index));
  additions.get('meta')!.set('consistent_index', ci);

  const reader = fs.fstatSync(lock.fd).size > 0 ? BoltReader.fromFd(lock.fd, lock.db) : undefined;
  const tmp = tempSibling(lock.db);
  const w = new BoltWriter(tmp, reader ? { pageSize: reader.pageSize } : {});
  try {
    const existing = new Map<string, { value: Buffer; flags: number }>();
    for (const el of reader?.topLevel() ?? []) existing.set(el.key.toString('latin1'), { value: el.value, flags: el.flags });
    const names = [...new Set([...existing.keys(), ...additions.keys()])].sort((a, b) =>
      Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')),
    );
    for (const name of names) {
      const ex = existing.get(name);
      const ref = ex && reader && ex.flags & 1 ? reader.openBucket(ex.value, `bucket ${JSON.stringify(name)}`) : undefined;
      const add = additions.get(name);
      const b = w.bucket(Buffer.from(name, 'latin1'), ref?.sequence ?? 0n);
      if (!add) {
        if (ref) copyBucket(reader!, ref, b);
        else b.finish();
        continue;
      }
      const merged = new Map<string, Buffer>();
      if (ref) for (const kv of reader!.iterate(ref)) merged.set(kv.key.toString('latin1'), kv.value);
      for (const [k, v] of add) merged.set(k, v);
      for (const k of [...merged.keys()].sort((a, c) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(c, 'latin1')))) {
        b.put(Buffer.from(k, 'latin1'), merged.get(k)!);
      }
      b.finish();
    }
    w.finish();
    renameDurable(tmp, lock.db);
  } catch (e) {
    w.abort();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The user's transformer program: JSON nodes in, length-prefixed protobuf KeyValues out. */
function startTransformer(spawn: typeof import('node:child_process').spawn, program: string, io: IO) {
  let child: ChildProcess;
  try {
    child = spawn(program, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    throw v3Error((e as Error).message);
  }
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? (program.includes('/') ? `fork/exec ${program}: no such file or directory` : `exec: ${goQuote(program)}: executable file not found in $PATH`) : e.message;
      reject(v3Error(why));
    });
  });
  child.stderr!.on('data', (d: Buffer) => io.stderr.write(d));
  const out: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    started,
    kill: () => child.kill(),
    async run(input: string): Promise<{ frames: Buffer[]; error?: string }> {
      await started;
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
      const code = await exited;
      const data = Buffer.concat(out);
      const frames: Buffer[] = [];
      for (let off = 0; off + 8 <= data.length; ) {
        const n = Number(data.readBigInt64LE(off));
        off += 8;
        if (n < 0 || off + n > data.length) break;
        frames.push(data.subarray(off, off + n));
        off += n;
      }
      return code === 0 ? { frames } : { frames, error: `exit status ${code ?? 1}` };
    },
  };
}

export function newMigrateCommand() {
  return defineCommand<V3Factory>({
    use: 'migrate',
    short: 'Migrates keys in a v2 store to a mvcc store',
    flags: [
      flag.string('data-dir', '', 'Path to the data directory'),
      flag.bool('no-ttl', false, 'Do not convert TTL keys'),
      flag.string('transformer', '', 'Path to the user-provided transformer program'),
      flag.string('wal-dir', '', 'Path to the WAL directory'),
    ],
    run: (ctx) => runMigrate(parseMigrateOptions(ctx), ctx.io),
  });
}
