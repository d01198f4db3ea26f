// `etcdctl cluster-health [--forever]` (ctlv2/command/cluster_health.go): lists the members
// without a sync, then GETs <clientURL>/health of each member (plain requests over the same
// transport: no auth, no per-request timeout) and prints one line per member and a summary:
// `cluster is healthy` (exit 0), `cluster is degraded` or `cluster is unavailable` (exit 5).
// With --forever it checks every 10 seconds until Ctrl-C (exit 0).
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import { exitWith } from '../../src/cli/core/errors.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import { Ctx } from '../../src/client/v2/context.js';
import { listMembers, type Member } from '../../src/client/v2/members.js';
import { readBody, type Transport } from '../../src/client/v2/transport.js';
import { parseURL } from '../../src/format/go-url.js';
import { getField, parseJSON } from '../../src/client/v2/json.js';
import { goQuote } from '../../src/format/go-quote.js';

/** http.Client.Get(url): the body, or Go's `Get "<url>": <err>` text. */
async function httpGet(tr: Transport, url: string): Promise<Buffer> {
  try {
    const u = parseURL(url);
    const started = tr.start({ method: 'GET', url: u, headers: {} });
    const res = await started.response;
    return await readBody(res);
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(msg.startsWith('parse ') ? msg : `Get ${goQuote(url)}: ${msg}`);
  }
}

/** One line per member; returns how many were healthy. */
export async function checkMembers(ms: Member[], tr: Transport, io: IO): Promise<number> {
  let healthy = 0;
  for (const m of ms) {
    if (m.clientURLs.length === 0) {
      io.stdout.write(`member ${m.id} is unreachable: no available published client urls\n`);
      continue;
    }
    let checked = false;
    for (const url of m.clientURLs) {
      let body: Buffer;
      try {
        body = await httpGet(tr, `${url}/health`);
      } catch (e) {
        io.stdout.write(`failed to check the health of member ${m.id} on ${url}: ${(e as Error).message}\n`);
        continue;
      }
      // struct{ Health string }, then struct{ Health bool }
      let health: unknown;
      try {
        health = getField(parseJSON(body.toString('utf8')), 'Health');
      } catch (e) {
        io.stdout.write(`failed to check the health of member ${m.id} on ${url}: ${(e as Error).message}\n`);
        continue;
      }
      checked = true;
      if (health === 'true' || health === true) {
        io.stdout.write(`member ${m.id} is healthy: got healthy result from ${url}\n`);
        healthy++;
      } else {
        io.stdout.write(`member ${m.id} is unhealthy: got unhealthy result from ${url}\n`);
      }
      break;
    }
    if (!checked) io.stdout.write(`member ${m.id} is unreachable: [${m.clientURLs.join(' ')}] are all unreachable\n`);
  }
  if (healthy === ms.length) io.stdout.write('cluster is healthy\n');
  else if (healthy === 0) io.stdout.write('cluster is unavailable\n');
  else io.stdout.write('cluster is degraded\n');
  return healthy;
}

export async function runClusterHealth(forever: boolean, f: V2Factory, io: IO): Promise<void> {
  let tr: Transport;
  try {
    tr = await f.transport();
  } catch (e) {
    throw f.handleError(V2ExitCode.ServerError, e);
  }
  const client = await f.clientNoSync();
  let ms: Member[];
  try {
    ms = await listMembers(client, Ctx.background());
  } catch (e) {
    io.stdout.write('cluster may be unhealthy: failed to list members\n');
    throw f.handleError(V2ExitCode.ServerError, e);
  }
  for (;;) {
    const healthy = await checkMembers(ms, tr, io);
    if (!forever) {
      if (healthy === ms.length) return;
      throw exitWith(V2ExitCode.ClusterNotHealthy);
    }
    io.stdout.write('\nnext check after 10 second...\n\n');
    await new Promise<void>((resolve) => setTimeout(resolve, 10_000));
  }
}

/** With --forever, Ctrl-C ends the command at once with exit 0. */
async function untilInterrupted(io: IO, work: Promise<void>): Promise<void> {
  let off = () => {};
  const interrupted = new Promise<void>((resolve) => (off = io.onSignal('SIGINT', resolve)));
  try {
    await Promise.race([work, interrupted]);
  } finally {
    off();
  }
}

export function newClusterHealthCommand() {
  return defineV2Command<V2Factory>({
    name: 'cluster-health',
    usage: 'check the health of the etcd cluster',
    argsUsage: ' ',
    flags: [uflag.bool('forever, f', 'forever check the health every 10 second until CTRL+C')],
    action: (ctx) => {
      const forever = ctx.bool('forever');
      const work = runClusterHealth(forever, ctx.f, ctx.io);
      return forever ? untilInterrupted(ctx.io, work) : work;
    },
  });
}
