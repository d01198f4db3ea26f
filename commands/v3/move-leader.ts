// etcdctl move-leader <transferee-member-id> (etcdctl/ctlv3/command/move_leader_command.go)
//
// Asks each endpoint in turn (one client each, in --endpoints order) for its status until one says
// it is the leader; a status error ends the command (exit 1), no leader among the endpoints is
// exit 128. The leader's member then transfers leadership, all under one --command-timeout.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { GoParseError, parseGoUint } from '../../src/format/go-parse.js';
import type { EtcdClient } from '../../src/client/v3/client.js';

export function parseMoveLeaderTarget(ctx: RunContext): bigint {
  if (ctx.args.length !== 1) throw badArgs('move-leader command needs 1 argument');
  try {
    return parseGoUint(ctx.args[0]!, 16, 64);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    throw badArgs(e.message);
  }
}

export async function runMoveLeader(target: bigint, f: V3Factory): Promise<void> {
  const cfg = await f.clientConfig();
  // etcdctl makes (and closes) a client first: it authenticates, and a failure there is exit 2
  (await f.client()).close();
  const eps = cfg.endpoints;
  const deadline = f.commandDeadline();

  let leader: { client: EtcdClient; id: bigint } | undefined;
  for (const ep of eps) {
    const client = await f.clientFor([ep]);
    const resp = await orExitError(client.status({ deadline }));
    const memberId = BigInt.asUintN(64, resp.header?.memberId ?? 0n);
    if (memberId === BigInt.asUintN(64, resp.leader)) {
      leader = { client, id: BigInt.asUintN(64, resp.leader) };
      break;
    }
    client.close();
  }
  if (!leader) throw badArgs(`no leader endpoint given at [${eps.join(' ')}]`);

  const resp = await orExitError(leader.client.moveLeader({ targetID: target }, { deadline }));
  (await f.printer()).moveLeader(leader.id, target, resp);
}

export function newMoveLeaderCommand() {
  return defineCommand<V3Factory>({
    use: 'move-leader <transferee-member-id>',
    short: 'Transfers leadership to another etcd cluster member.',
    run: (ctx) => runMoveLeader(parseMoveLeaderTarget(ctx), ctx.f),
  });
}
