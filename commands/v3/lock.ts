// etcdctl lock <lockname> [exec-command arg1 arg2 ...]
//
// clientv3/concurrency's mutex on `<lockname>/` with a session lease of --ttl seconds. Without a
// command the own key is printed (get output) and the lock held until SIGINT/SIGTERM (unlock,
// exit 0) or until the session is lost (`Error: session expired`). With a command, it runs with
// ETCD_LOCK_KEY and ETCD_LOCK_REV in its environment (the process's own values win, as Go's exec
// keeps the last of duplicate entries), the lock is released, and a failing command is
// `Error: exit status N`. The session lease is not revoked on exit: it expires after --ttl.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, v3Error, orExitError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import type { Session } from '../../src/client/v3/concurrency.js';
import { environ, runCommand } from './exec.js';

export interface LockOptions {
  name: string;
  command: string[];
  ttl: number;
}

export function parseLockOptions(ctx: RunContext): LockOptions {
  const { args, flags } = ctx;
  if (args.length === 0) throw badArgs('lock takes a lock name argument and an optional command to execute');
  return { name: args[0]!, command: args.slice(1), ttl: Number(flags.int('ttl')) };
}

/** A session for lock/elect: its own keep-alive stream and a watcher without require-leader. */
export async function newSession(f: V3Factory, ttl?: number): Promise<Session> {
  const client = await f.client();
  const cfg = await f.clientConfig();
  const [{ Session }, { Watcher }, { LeaseKeepAliver }] = await Promise.all([
    import('../../src/client/v3/concurrency.js'),
    import('../../src/client/v3/watch.js'),
    import('../../src/client/v3/lease-keepalive.js'),
  ]);
  return orExitError(Session.create(client, new Watcher(client.conn, { requireLeader: false }), new LeaseKeepAliver(client.conn, cfg.dialTimeoutMs), ttl));
}

/** SIGINT/SIGTERM: `signal` aborts and `interrupted` resolves (the handlers stay until exit). */
export function onInterrupt(io: IO): { signal: AbortSignal; interrupted: Promise<'interrupted'> } {
  const ac = new AbortController();
  const interrupted = new Promise<'interrupted'>((resolve) => {
    const handler = () => {
      ac.abort();
      resolve('interrupted');
    };
    io.onSignal('SIGINT', handler);
    io.onSignal('SIGTERM', handler);
  });
  return { signal: ac.signal, interrupted };
}

export async function runLock(opts: LockOptions, f: V3Factory, io: IO): Promise<void> {
  const client = await f.client();
  const session = await newSession(f, opts.ttl);
  const { Mutex } = await import('../../src/client/v3/concurrency.js');
  const m = new Mutex(session, Buffer.from(opts.name));
  const { signal, interrupted } = onInterrupt(io);
  await orExitError(m.lock(signal));

  if (opts.command.length > 0) {
    const env = environ(
      [
        ['ETCD_LOCK_KEY', m.key.toString('utf8')],
        ['ETCD_LOCK_REV', String(m.header?.revision ?? 0n)],
      ],
      io.env,
    );
    const err = await runCommand(opts.command, env, io);
    let unlockErr: unknown;
    await m.unlock().catch((e: unknown) => {
      unlockErr = e;
    });
    if (err !== undefined) throw v3Error(err);
    if (unlockErr !== undefined) throw v3Error((unlockErr as Error).message);
    return;
  }

  const k = await orExitError(async () => {
    if (signal.aborted) throw new Error('context canceled');
    return client.range({ key: m.key });
  });
  if (k.kvs.length === 0) throw v3Error('lock lost on init');
  (await f.printer()).get(k);

  const why = await Promise.race([interrupted, session.done.then(() => 'expired' as const)]);
  if (why === 'interrupted') {
    await orExitError(m.unlock());
    return;
  }
  throw v3Error('session expired');
}

export function newLockCommand() {
  return defineCommand<V3Factory>({
    use: 'lock <lockname> [exec-command arg1 arg2 ...]',
    short: 'Acquires a named lock',
    flags: [
      flag.int64('ttl', 10n, 'timeout for session'),
    ],
    run: (ctx) => runLock(parseLockOptions(ctx), ctx.f, ctx.io),
  });
}
