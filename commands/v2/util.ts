// Helpers shared by the v2 key commands (etcdctl/ctlv2/command/util.go): the command context
// type, argOrStdin, and running one request under the total timeout with handleError.
import { CliError } from '../../src/cli/core/errors.js';
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import { uflag, type UContext } from '../../src/cli/v2/urfave.js';
import type { Ctx } from '../../src/client/v2/context.js';
import type { V2Client } from '../../src/client/v2/client.js';

export type V2Context = UContext<V2Factory>;

/** argOrStdin: args[i], else all of stdin (as bytes); undefined when both are empty. */
export async function argOrStdin(args: string[], f: V2Factory, i: number): Promise<string | Buffer | undefined> {
  if (i < args.length) return args[i];
  const bytes = await f.stdin.readAll();
  if (bytes.length === 0) return undefined;
  return bytes;
}

/** `<key> <value>` of set, mk and update: `value required` (exit 1) when neither the argument nor stdin gives one. */
export async function requireKeyAndValue(ctx: V2Context): Promise<{ key: string; value: string | Buffer }> {
  const key = requireKey(ctx);
  const value = await argOrStdin(ctx.args, ctx.f, 1);
  if (value === undefined) throw ctx.f.handleError(V2ExitCode.BadArgs, new Error('value required'));
  return { key, value };
}

/** The `--ttl` flag of set, mk, mkdir, setdir, update and updatedir. */
export const ttlFlag = () => uflag.int('ttl', 0n, 'key time-to-live in seconds');

/** `Error:  key required` (exit 1) unless a key was given. */
export function requireKey(ctx: V2Context): string {
  if (ctx.args.length === 0) throw ctx.f.handleError(V2ExitCode.BadArgs, new Error('key required'));
  return ctx.args[0]!;
}

/** Runs fn under contextWithTotalTimeout, canceled once fn is done; its errors pass through. */
export async function underTotalTimeout<T>(f: V2Factory, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const ctx = f.totalTimeout();
  try {
    return await fn(ctx);
  } finally {
    ctx.cancel();
  }
}

/** One request under contextWithTotalTimeout; a failure is handleError(ExitServerError). */
export function withTotalTimeout<T>(f: V2Factory, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return underTotalTimeout(f, async (ctx) => {
    try {
      return await fn(ctx);
    } catch (e) {
      throw f.handleError(V2ExitCode.ServerError, e);
    }
  });
}

/** fmt.Fprintln(os.Stderr, msg); os.Exit(1): member/user/role/auth errors, printed as they are. */
export function exit1(msg: string): CliError {
  return new CliError(msg, V2ExitCode.BadArgs, `${msg}\n`);
}

/** Awaits a request of the member/user/role/auth commands; a failure is exit1(prefix + error). */
export async function orExit1<T>(request: Promise<T>, prefix = ''): Promise<T> {
  try {
    return await request;
  } catch (e) {
    throw exit1(prefix + errText(e));
  }
}

/** The message of a client error (Go's err.Error()). */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** mustNewAuthAPI / mustNewAuthUserAPI / mustNewAuthRoleAPI: the client, whose endpoints --debug prints once more. */
export async function authClient(ctx: V2Context): Promise<V2Client> {
  const client = await ctx.f.client();
  if (ctx.globalBool('debug')) ctx.io.stderr.write(`Cluster-Endpoints: ${client.endpointStrings().join(', ')}\n`);
  return client;
}
