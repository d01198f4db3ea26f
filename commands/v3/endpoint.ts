// etcdctl endpoint health|status|hashkv [--cluster]
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, exitWith, v3Error, orExitError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { goDuration } from '../../src/format/go-duration.js';
import type { EndpointHealth } from '../../src/printer/v3/printer.js';
import type { EtcdClient } from '../../src/client/v3/client.js';

// rpctypes.ErrPermissionDenied: a member that answers it has committed the proposal
const PERMISSION_DENIED = 'etcdserver: permission denied';

type Ctx = RunContext<V3Factory>;

/**
 * The endpoints to check (endpointsFromCluster): --endpoints as given (untrimmed, never
 * discovered), or with --cluster every member's client URLs from one MemberList call made without
 * credentials over the discovered/trimmed endpoints. Any failure there is exit 1. (defrag uses it too.)
 */
export async function endpointsFromCluster(ctx: Ctx): Promise<string[]> {
  const { f } = ctx;
  // under `endpoint`, --cluster is inherited, so ETCDCTL_CLUSTER sets it too (as in etcdctl);
  // defrag's own --cluster is not
  const g = f.globals();
  const cluster = g.has('cluster') ? g.bool('cluster') : ctx.flags.bool('cluster');
  if (!cluster) return g.strings('endpoints');
  const eps = await f.discoveredEndpoints();
  const client = await orExitError(f.clientFor(eps, { noAuth: true }));
  try {
    const resp = await client.memberList({ deadline: f.commandDeadline() });
    return resp.members.flatMap((m) => m.clientURLs);
  } catch (e) {
    throw v3Error(`failed to fetch endpoints from etcd cluster member list: ${(e as Error).message}`);
  } finally {
    client.close();
  }
}

/**
 * endpoint health: one client per endpoint (each authenticating on its own), all checked at once
 * with a linearizable Get("health") under --command-timeout; rows in completion order. A client
 * that cannot be made is an unhealthy row with no time; "permission denied" counts as healthy.
 */
export async function runEndpointHealth(ctx: Ctx): Promise<void> {
  const { f } = ctx;
  await f.healthConfig();
  const endpoints = await endpointsFromCluster(ctx);
  const results: EndpointHealth[] = [];
  await Promise.all(
    endpoints.map(async (ep) => {
      let client;
      try {
        client = await f.clientFor([ep]);
      } catch (e) {
        if (e instanceof CliError && e.exitCode === ExitCode.BadArgs) throw e;
        results.push({ ep, health: false, took: '', error: (e as Error).message });
        return;
      }
      const row: EndpointHealth = { ep, health: false, took: '', error: '' };
      const deadline = f.commandDeadline();
      // "took" times the request only, as etcdctl's does: Go's dial is done long before its clock
      // starts, Node's TCP/TLS/HTTP2 set-up is not (it was 15-40 ms of a 2 ms answer)
      let start = performance.now();
      try {
        await client.conn.waitReady(deadline);
        start = performance.now();
        await client.range({ key: Buffer.from('health') }, { deadline });
        row.health = true;
      } catch (e) {
        const msg = (e as Error).message;
        if (msg === PERMISSION_DENIED) row.health = true;
        else row.error = msg;
      } finally {
        row.took = goDuration(BigInt(Math.round((performance.now() - start) * 1e6)));
        client.close();
      }
      results.push(row);
    }),
  );
  (await f.printer()).endpointHealth(results);
  if (results.some((r) => r.error !== '')) throw v3Error('unhealthy cluster');
}

/**
 * The per-endpoint loop of status and hashkv: after the shared client is made (exit 2 if it
 * cannot be), each endpoint is asked in turn through its own connection that uses the shared
 * client's token; a failure is reported on stderr and the loop goes on.
 */
async function eachEndpoint<T>(ctx: Ctx, what: string, ask: (client: EtcdClient, deadline: Date) => Promise<T>): Promise<{ rows: Array<{ ep: string; resp: T }>; lastError?: Error }> {
  const { f, io } = ctx;
  await f.client();
  const rows: Array<{ ep: string; resp: T }> = [];
  let lastError: Error | undefined;
  for (const ep of await endpointsFromCluster(ctx)) {
    const deadline = f.commandDeadline();
    let client: EtcdClient | undefined;
    try {
      client = await f.clientFor([ep], { shareAuth: true });
      rows.push({ ep, resp: await ask(client, deadline) });
    } catch (e) {
      if (e instanceof CliError && e.exitCode === ExitCode.BadArgs) throw e;
      lastError = e as Error;
      io.stderr.write(`Failed to get the ${what} of endpoint ${ep} (${lastError.message})\n`);
    } finally {
      client?.close();
    }
  }
  return { rows, ...(lastError ? { lastError } : {}) };
}

export async function runEndpointStatus(ctx: Ctx): Promise<void> {
  const { rows, lastError } = await eachEndpoint(ctx, 'status', (c, deadline) => c.status({ deadline }));
  (await ctx.f.printer()).endpointStatus(rows);
  // etcdctl exits 1 here without an `Error:` line
  if (lastError) throw exitWith(1);
}

export async function runEndpointHashKV(ctx: Ctx): Promise<void> {
  const rev = ctx.flags.int('rev');
  const { rows, lastError } = await eachEndpoint(ctx, 'hash', (c, deadline) => c.hashKV({ revision: rev }, { deadline }));
  (await ctx.f.printer()).endpointHashKV(rows);
  if (lastError) throw v3Error(lastError.message);
}

export function newEndpointCommand() {
  return defineCommand<V3Factory>({
    use: 'endpoint <subcommand>',
    short: 'Endpoint related commands',
    persistentFlags: [flag.bool('cluster', false, 'use all endpoints from the cluster member list')],
    subcommands: [
      defineCommand<V3Factory>({
        use: 'health',
        short: 'Checks the healthiness of endpoints specified in `--endpoints` flag',
        run: runEndpointHealth,
      }),
      defineCommand<V3Factory>({
        use: 'status',
        short: 'Prints out the status of endpoints specified in `--endpoints` flag',
        long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.
`,
        run: runEndpointStatus,
      }),
      defineCommand<V3Factory>({
        use: 'hashkv',
        short: 'Prints the KV history hash for each endpoint in --endpoints',
        persistentFlags: [flag.int64('rev', 0n, 'maximum revision to hash (default: all revisions)')],
        run: runEndpointHashKV,
      }),
    ],
  });
}
