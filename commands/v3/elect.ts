// etcdctl elect <election-name> [proposal]
//
// clientv3/concurrency's election on `<election-name>/` with a 60 s session (etcdctl does not use
// the v3election gRPC service). Campaign: once elected, the own key-value is printed (get output)
// and held until SIGINT/SIGTERM (resign, exit 0) or the session is lost (`Error: elect: session
// expired`); an interrupt while still waiting gives up with `Error: context canceled`. Observe
// (-l): the leader's key-value on every change until SIGINT/SIGTERM (exit 0); a lost watch is
// `Error: elect: observer lost`.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError, v3Error } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { newSession, onInterrupt } from './lock.js';

export async function runElect(ctx: RunContext<V3Factory>): Promise<void> {
  const { args, flags, f, io } = ctx;
  if (args.length !== 1 && args.length !== 2) {
    throw badArgs('elect takes one election name argument and an optional proposal argument');
  }
  // etcdctl makes the client (and checks -w) before it looks at -l
  await f.client();
  const listen = flags.bool('listen');
  if (args.length === 1) {
    if (!listen) throw badArgs('no proposal argument but -l not set');
    return observe(f, io, args[0]!);
  }
  if (listen) throw badArgs('proposal given but -l is set');
  return campaign(f, io, args[0]!, args[1]!);
}

async function observe(f: V3Factory, io: IO, election: string): Promise<void> {
  const session = await newSession(f);
  const { Election } = await import('../../src/client/v3/concurrency.js');
  const e = new Election(session, Buffer.from(election));
  const { signal } = onInterrupt(io);
  const printer = await f.printer();
  for await (const resp of e.observe(signal)) printer.get(resp);
  if (!signal.aborted) throw v3Error('elect: observer lost');
}

async function campaign(f: V3Factory, io: IO, election: string, proposal: string): Promise<void> {
  const client = await f.client();
  const session = await newSession(f);
  const { Election } = await import('../../src/client/v3/concurrency.js');
  const e = new Election(session, Buffer.from(election));
  const { signal, interrupted } = onInterrupt(io);
  await orExitError(e.campaign(Buffer.from(proposal), signal));
  const resp = await orExitError(async () => {
    if (signal.aborted) throw new Error('context canceled');
    return client.range({ key: e.key });
  });
  (await f.printer()).get(resp);
  const why = await Promise.race([interrupted, session.done.then(() => 'expired' as const)]);
  if (why === 'expired') throw v3Error('elect: session expired');
  await orExitError(e.resign());
}

export function newElectCommand() {
  return defineCommand<V3Factory>({
    use: 'elect <election-name> [proposal]',
    short: 'Observes and participates in leader election',
    flags: [
      flag.bool('listen', false, 'observation mode', 'l'),
    ],
    run: runElect,
  });
}
