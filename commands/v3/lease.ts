// etcdctl lease grant|revoke|timetolive|list|keep-alive
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, badArgs, orExitError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { GoParseError, parseGoInt } from '../../src/format/go-parse.js';
import type { IO } from '../../src/cli/core/io.js';
import { leaseIdHex } from '../../src/format/go-fmt.js';

type Ctx = RunContext<V3Factory>;

/** leaseFromArgs: a signed 64-bit hex lease ID. */
export function leaseFromArg(arg: string): bigint {
  try {
    return parseGoInt(arg, 16, 64);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    throw badArgs(`bad lease ID arg (${e.message}), expecting ID in Hex`);
  }
}

export function parseLeaseGrantOptions(ctx: Ctx): { ttl: bigint } {
  if (ctx.args.length !== 1) throw badArgs('lease grant command needs TTL argument');
  try {
    return { ttl: parseGoInt(ctx.args[0]!, 10, 64) };
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    throw badArgs(`bad TTL (${e.message})`);
  }
}

export async function runLeaseGrant(opts: { ttl: bigint }, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.leaseGrant({ TTL: opts.ttl }, { deadline: f.commandDeadline() }), (m) => `failed to grant lease (${m})`);
  (await f.printer()).grant(resp);
}

export function parseLeaseRevokeOptions(ctx: Ctx): { id: bigint } {
  if (ctx.args.length !== 1) throw badArgs('lease revoke command needs 1 argument');
  return { id: leaseFromArg(ctx.args[0]!) };
}

export async function runLeaseRevoke(opts: { id: bigint }, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.leaseRevoke({ ID: opts.id }, { deadline: f.commandDeadline() }), (m) => `failed to revoke lease (${m})`);
  (await f.printer()).revoke(opts.id, resp);
}

/** timetolive: etcdctl creates the client before it parses the lease ID. */
export async function runLeaseTimeToLive(ctx: Ctx): Promise<void> {
  const { args, flags, f } = ctx;
  if (args.length !== 1) throw badArgs('lease timetolive command needs lease ID as argument');
  const keys = flags.bool('keys');
  const client = await f.client();
  const id = leaseFromArg(args[0]!);
  let resp;
  try {
    resp = await client.leaseTimeToLive({ ID: id, keys });
  } catch (e) {
    throw new CliError((e as Error).message, ExitCode.BadConnection);
  }
  (await f.printer()).timeToLive(resp, keys);
}

export async function runLeaseList(f: V3Factory): Promise<void> {
  const client = await f.client();
  let resp;
  try {
    resp = await client.leaseLeases();
  } catch (e) {
    throw new CliError((e as Error).message, ExitCode.BadConnection);
  }
  (await f.printer()).leases(resp);
}

export interface LeaseKeepAliveOptions {
  id: bigint;
  once: boolean;
}

export function parseLeaseKeepAliveOptions(ctx: Ctx): LeaseKeepAliveOptions {
  if (ctx.args.length !== 1) throw badArgs('lease keep-alive command needs lease ID as argument');
  return { id: leaseFromArg(ctx.args[0]!), once: ctx.flags.bool('once') };
}

/**
 * keep-alive: every renewal is printed; without --once it runs until the lease expires or is
 * revoked (simple output then says so), renewing every third of the TTL as clientv3 does.
 */
export async function runLeaseKeepAlive(opts: LeaseKeepAliveOptions, f: V3Factory, io: IO): Promise<void> {
  const client = await f.client();
  const printer = await f.printer();
  const { keepAliveOnce, LeaseKeepAliver } = await import('../../src/client/v3/lease-keepalive.js');
  if (opts.once) {
    let resp;
    try {
      resp = await keepAliveOnce(client.conn, opts.id);
    } catch (e) {
      throw new CliError((e as Error).message, ExitCode.BadConnection);
    }
    printer.keepAlive(resp);
    return;
  }
  const cfg = await f.clientConfig();
  const keeper = new LeaseKeepAliver(client.conn, cfg.dialTimeoutMs);
  try {
    for await (const resp of keeper.keepAlive(opts.id)) printer.keepAlive(resp);
  } finally {
    keeper.close();
  }
  if (printer.format === 'simple') io.stdout.write(`lease ${leaseIdHex(opts.id)} expired or revoked.\n`);
}

export function newLeaseCommand() {
  return defineCommand<V3Factory>({
    use: 'lease <subcommand>',
    short: 'Lease related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'grant <ttl>',
        short: 'Creates leases',
        run: (ctx) => runLeaseGrant(parseLeaseGrantOptions(ctx), ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'keep-alive [options] <leaseID>',
        short: 'Keeps leases alive (renew)',
        flags: [
          flag.bool('once', false, 'Resets the keep-alive time to its original value and exits immediately'),
        ],
        run: (ctx) => runLeaseKeepAlive(parseLeaseKeepAliveOptions(ctx), ctx.f, ctx.io),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'List all active leases',
        run: (ctx) => runLeaseList(ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'revoke <leaseID>',
        short: 'Revokes leases',
        run: (ctx) => runLeaseRevoke(parseLeaseRevokeOptions(ctx), ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'timetolive <leaseID> [options]',
        short: 'Get lease information',
        flags: [
          flag.bool('keys', false, 'Get keys attached to this lease'),
        ],
        run: runLeaseTimeToLive,
      }),
    ],
  });
}
