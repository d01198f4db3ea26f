// etcdctl user add|delete|get|list|passwd|grant-role|revoke-role (etcdctl/ctlv3/command/user_command.go)
//
// Argument checks come first (exit 128), then the password is obtained (add, passwd), then the
// client is made (-w validation, --user; exit 2 on connection or auth failure), then one RPC with
// no timeout (etcdctl uses context.TODO() here); its error is exit 1.
//
// Passwords for add, in etcdctl's order: --no-password (none), --new-user-password, `name:pw`,
// --interactive=false (one white-space delimited token from stdin, as fmt.Scanf("%s")), else
// two prompts on the terminal without echo. With no terminal to prompt on, a one-line error
// (exit 128, like etcdctl's "failed to ask password") instead of reading a password from a pipe.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { readAll, type IO } from '../../src/cli/core/io.js';
import { askPassword } from '../../src/cli/core/prompt.js';

type Ctx = RunContext<V3Factory>;

/** Go's fmt.Scanf("%s", &s) on stdin: one token; a newline (or nothing) before it gives "". */
export function scanfToken(input: string): string {
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\r' && input[i + 1] === '\n') return '';
    if (c === '\n') return '';
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    break;
  }
  let j = i;
  while (j < input.length && !/\s/u.test(input[j]!)) j++;
  return input.slice(i, j);
}

/** readPasswordInteractive: the password twice, without echo (exit 128 on any problem). */
export async function readPasswordInteractive(io: IO, name: string): Promise<string> {
  const ask = (prompt: string) =>
    askPassword(io, prompt, ExitCode.BadArgs, (r) => `failed to ask password: ${r} (use --interactive=false to read it from standard input)`);
  const password1 = await ask(`Password of ${name}: `);
  if (password1.length === 0) throw badArgs('empty password');
  const password2 = await ask(`Type password of ${name} again for confirmation: `);
  if (password1 !== password2) throw badArgs('given passwords are different');
  return password1;
}

/** The password from stdin (--interactive=false) or from the terminal. */
async function readPassword(io: IO, name: string, interactive: boolean): Promise<string> {
  if (!interactive) return scanfToken((await readAll(io.stdin)).toString('utf8'));
  return readPasswordInteractive(io, name);
}

function oneName(ctx: Ctx, message: string): string {
  if (ctx.args.length !== 1) throw badArgs(message);
  return ctx.args[0]!;
}

export interface UserAddOptions {
  user: string;
  password: string;
  noPassword: boolean;
}

export async function parseUserAddOptions(ctx: Ctx): Promise<UserAddOptions> {
  const { flags, io } = ctx;
  const arg = oneName(ctx, 'user add command requires user name as its argument');
  if (flags.bool('no-password')) return { user: arg, password: '', noPassword: true };
  const fromFlag = flags.string('new-user-password');
  if (fromFlag !== '') return { user: arg, password: fromFlag, noPassword: false };
  const colon = arg.indexOf(':');
  if (colon < 0) return { user: arg, password: await readPassword(io, arg, flags.bool('interactive')), noPassword: false };
  const user = arg.slice(0, colon);
  if (user.length === 0) throw badArgs('empty user name is not allowed');
  return { user, password: arg.slice(colon + 1), noPassword: false };
}

export async function runUserAdd(opts: UserAddOptions, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(
    client.userAdd({ name: opts.user, password: opts.password, options: { noPassword: opts.noPassword } }),
  );
  (await f.printer()).userAdd(opts.user, resp);
}

export async function runUserDelete(name: string, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.userDelete({ name }));
  (await f.printer()).userDelete(name, resp);
}

export async function runUserGet(name: string, detail: boolean, f: V3Factory, io: IO): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.userGet({ name }));
  const printer = await f.printer();
  if (!detail) {
    printer.userGet(name, resp);
    return;
  }
  io.stdout.write(`User: ${name}\n`);
  for (const role of resp.roles) {
    io.stdout.write('\n');
    printer.roleGet(role, await orExitError(client.roleGet({ role })));
  }
}

export async function runUserList(f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.userList());
  (await f.printer()).userList(resp);
}

export async function runUserPasswd(name: string, interactive: boolean, f: V3Factory, io: IO): Promise<void> {
  const password = await readPassword(io, name, interactive);
  const client = await f.client();
  const resp = await orExitError(client.userChangePassword({ name, password }));
  (await f.printer()).userChangePassword(resp);
}

export async function runUserGrantRole(user: string, role: string, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.userGrantRole({ user, role }));
  (await f.printer()).userGrantRole(user, role, resp);
}

export async function runUserRevokeRole(user: string, role: string, f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp = await orExitError(client.userRevokeRole({ name: user, role }));
  (await f.printer()).userRevokeRole(user, role, resp);
}

export function newUserCommand() {
  return defineCommand<V3Factory>({
    use: 'user <subcommand>',
    short: 'User related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'add <user name or user:password> [options]',
        short: 'Adds a new user',
        flags: [
          flag.bool('interactive', true, 'Read password from stdin instead of interactive terminal'),
          flag.string('new-user-password', '', 'Supply password from the command line flag'),
          flag.bool('no-password', false, 'Create a user without password (CN based auth only)'),
        ],
        run: async (ctx) => runUserAdd(await parseUserAddOptions(ctx), ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'delete <user name>',
        short: 'Deletes a user',
        run: (ctx) => runUserDelete(oneName(ctx, 'user delete command requires user name as its argument'), ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'get <user name> [options]',
        short: 'Gets detailed information of a user',
        flags: [flag.bool('detail', false, 'Show permissions of roles granted to the user')],
        run: (ctx) =>
          runUserGet(oneName(ctx, 'user get command requires user name as its argument'), ctx.flags.bool('detail'), ctx.f, ctx.io),
      }),
      defineCommand<V3Factory>({
        use: 'grant-role <user name> <role name>',
        short: 'Grants a role to a user',
        run: (ctx) => {
          if (ctx.args.length !== 2) throw badArgs('user grant command requires user name and role name as its argument');
          return runUserGrantRole(ctx.args[0]!, ctx.args[1]!, ctx.f);
        },
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all users',
        run: (ctx) => {
          if (ctx.args.length !== 0) throw badArgs('user list command requires no arguments');
          return runUserList(ctx.f);
        },
      }),
      defineCommand<V3Factory>({
        use: 'passwd <user name> [options]',
        short: 'Changes password of user',
        flags: [flag.bool('interactive', true, 'If true, read password from stdin instead of interactive terminal')],
        run: (ctx) =>
          runUserPasswd(oneName(ctx, 'user passwd command requires user name as its argument'), ctx.flags.bool('interactive'), ctx.f, ctx.io),
      }),
      defineCommand<V3Factory>({
        use: 'revoke-role <user name> <role name>',
        short: 'Revokes a role from a user',
        run: (ctx) => {
          if (ctx.args.length !== 2) throw badArgs('user revoke-role requires user name and role name as its argument');
          return runUserRevokeRole(ctx.args[0]!, ctx.args[1]!, ctx.f);
        },
      }),
    ],
  });
}
