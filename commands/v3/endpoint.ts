// etcdctl endpoint health|status|hashkv [--cluster]
import { defineCommand, type RunContext } from '../../src/cli/command.js';
import { exitWith, v3Error } from '../../src/cli/errors.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { goDuration } from '../../src/format/go-duration.js';
import type { EndpointHealth, EndpointStatus, EndpointHashKV } from '../../src/printer/v3/printer.js';

type Ctx = RunContext<V3Factory>;

/** The endpoints to check: --endpoints as given, or with --cluster every member's client URLs (also used by defrag). */
export async function endpointsFromCluster(ctx: Ctx): Promise<string[]> {
  const { flags, f } = ctx;
  if (!flags.bool('cluster')) return flags.strings('endpoints');
  const cfg = await f.clientConfig();
  const client = await f.clientFor(cfg.endpoints, { noAuth: true });
  try {
    const resp = await client.memberList({ deadline: f.commandDeadline() });
    return resp.members.flatMap((m) => m.clientURLs);
  } catch (e) {
    throw v3Error(`failed to fetch endpoints from etcd cluster member list: ${(e as Error).message}`);
  } finally {
    client.close();
  }
}

export async function runEndpointHealth(ctx: Ctx): Promise<void> {
  const { f } = ctx;
  await f.clientConfig();
  const endpoints = await endpointsFromCluster(ctx);
  const results: EndpointHealth[] = [];
  // all endpoints at once; rows in the order the checks finish, as etcdctl prints them
  await Promise.all(
    endpoints.map(async (ep) => {
      let client;
      try {
        client = await f.clientFor([ep]);
      } catch (e) {
        results.push({ ep, health: false, took: '', error: (e as Error).message });
        return;
      }
      const start = performance.now();
      const row: EndpointHealth = { ep, health: false, took: '', error: '' };
      try {
        await client.range({ key: Buffer.from('health') }, { deadline: f.commandDeadline(), idempotent: false });
        row.health = true;
      } catch (e) {
        const msg = (e as Error).message;
        if (msg === 'etcdserver: permission denied') row.health = true;
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

export async function runEndpointStatus(ctx: Ctx): Promise<void> {
  const { f, io } = ctx;
  await f.client();
  const rows: EndpointStatus[] = [];
  let failed = false;
  for (const ep of await endpointsFromCluster(ctx)) {
    const client = await f.clientFor([ep]);
    try {
      rows.push({ ep, resp: await client.status({ deadline: f.commandDeadline() }) });
    } catch (e) {
      failed = true;
      io.stderr.write(`Failed to get the status of endpoint ${ep} (${(e as Error).message})\n`);
    } finally {
      client.close();
    }
  }
  (await f.printer()).endpointStatus(rows);
  if (failed) throw exitWith(1);
}

export async function runEndpointHashKV(ctx: Ctx): Promise<void> {
  const { f, io, flags } = ctx;
  await f.client();
  const rows: EndpointHashKV[] = [];
  let lastError: Error | undefined;
  for (const ep of await endpointsFromCluster(ctx)) {
    const client = await f.clientFor([ep]);
    try {
      rows.push({ ep, resp: await client.hashKV({ revision: flags.int('rev') }, { deadline: f.commandDeadline() }) });
    } catch (e) {
      lastError = e as Error;
      io.stderr.write(`Failed to get the hash of endpoint ${ep} (${lastError.message})\n`);
    } finally {
      client.close();
    }
  }
  (await f.printer()).endpointHashKV(rows);
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
