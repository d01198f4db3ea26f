// etcdctl auth enable|disable, and etcdctl 3.5's auth status (etcdctl/ctlv3/command/auth_command.go)
//
// `auth enable` repairs what etcdctl can fix itself: when etcd answers "root user does not have
// root role", it creates role root, grants it to user root and tries again (a role root that
// exists but is not granted stays an error, "role name already exists", as in etcdctl). Both
// print fixed text whatever -w says (-w is still validated). `auth status` (3.5.16's bytes) goes
// through the printer: simple, json and protobuf; fields and table are not supported (exit 4,
// after the request, as in etcdctl 3.5). A 3.4 server answers Unimplemented.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { IO } from '../../src/cli/core/io.js';

const ROOT_ROLE_NOT_EXIST = 'etcdserver: root user does not have root role';

function noArgs(ctx: RunContext, sub: string): void {
  if (ctx.args.length !== 0) throw badArgs(`auth ${sub} command does not accept any arguments`);
}

export async function runAuthEnable(f: V3Factory, io: IO): Promise<void> {
  const deadline = f.commandDeadline();
  const client = await f.client();
  await orExitError(async () => {
    for (;;) {
      try {
        await client.authEnable({ deadline });
        return;
      } catch (e) {
        if ((e as Error).message !== ROOT_ROLE_NOT_EXIST) throw e;
      }
      await client.roleAdd({ name: 'root' }, { deadline });
      await client.userGrantRole({ user: 'root', role: 'root' }, { deadline });
    }
  });
  io.stdout.write('Authentication Enabled\n');
}

export async function runAuthDisable(f: V3Factory, io: IO): Promise<void> {
  const deadline = f.commandDeadline();
  const client = await f.client();
  await orExitError(client.authDisable({ deadline }));
  io.stdout.write('Authentication Disabled\n');
}

export async function runAuthStatus(f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.authStatus({ deadline: f.commandDeadline() }));
  (await f.printer()).authStatus(resp);
}

export function newAuthCommand() {
  return defineCommand<V3Factory>({
    use: 'auth <enable or disable>',
    short: 'Enable or disable authentication',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'disable',
        short: 'Disables authentication',
        run: (ctx) => {
          noArgs(ctx, 'disable');
          return runAuthDisable(ctx.f, ctx.io);
        },
      }),
      defineCommand<V3Factory>({
        use: 'enable',
        short: 'Enables authentication',
        run: (ctx) => {
          noArgs(ctx, 'enable');
          return runAuthEnable(ctx.f, ctx.io);
        },
      }),
      defineCommand<V3Factory>({
        use: 'status',
        short: 'Returns authentication status',
        run: (ctx) => {
          noArgs(ctx, 'status');
          return runAuthStatus(ctx.f);
        },
      }),
    ],
  });
}
