// etcdctl member add|remove|update|list|promote (etcdctl/ctlv3/command/member_command.go)
//
// Every subcommand checks its arguments first (exit 128), then connects, runs one RPC under
// --command-timeout (exit 1 on error) and hands the response to the printer. Output formats follow
// etcdctl's printers: `member add`'s ETCD_* block is printed in simple mode only; `-w fields` and
// `-w table` on add/remove/update fail with exit 4 after the change was made; `member promote` with
// any format but simple panics in etcdctl (nil printer, exit 2, after the promotion succeeded): the
// printers mirror that with the first lines of Go's panic text and exit 2.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { GoParseError, parseGoUint } from '../../src/format/go-parse.js';
import { goQuote } from '../../src/format/go-quote.js';
import { newURLs } from '../../src/format/go-url.js';
import type { IO } from '../../src/cli/core/io.js';

type Ctx = RunContext<V3Factory>;

/** A member id argument: hex uint64, as strconv.ParseUint(arg, 16, 64). */
export function parseMemberId(arg: string): bigint {
  try {
    return parseGoUint(arg, 16, 64);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    throw badArgs(`bad member ID arg (${e.message}), expecting ID in Hex`);
  }
}

/** The client-side URL check of clientv3 (before any RPC), exit 1 like an RPC error. */
async function checkURLs(urls: string[]): Promise<void> {
  await orExitError(() => newURLs(urls));
}

export interface MemberAddOptions {
  name: string;
  /** --peer-urls as given (printed back in ETCD_INITIAL_ADVERTISE_PEER_URLS) */
  peerURLs: string;
  isLearner: boolean;
}

export function parseMemberAddOptions(ctx: Ctx): MemberAddOptions {
  const { args, flags } = ctx;
  if (args.length < 1) throw badArgs('member name not provided');
  if (args.length > 1) {
    let ev = 'too many arguments';
    for (const s of args) if (s.toLowerCase().startsWith('http')) ev += `, did you mean --peer-urls=${s}`;
    throw badArgs(ev);
  }
  const peerURLs = flags.string('peer-urls');
  if (peerURLs.length === 0) throw badArgs('member peer urls not provided');
  return { name: args[0]!, peerURLs, isLearner: flags.bool('learner') };
}

export async function runMemberAdd(opts: MemberAddOptions, f: V3Factory, io: IO): Promise<void> {
  const urls = opts.peerURLs.split(',');
  const deadline = f.commandDeadline();
  const client = await f.client();
  await checkURLs(urls);
  const resp = await orExitError(client.memberAdd({ peerURLs: urls, isLearner: opts.isLearner }, { deadline }));
  const printer = await f.printer();
  printer.memberAdd(resp);
  if (printer.format !== 'simple') return;
  const newId = resp.member!.ID;
  const conf: string[] = [];
  for (const m of resp.members) {
    for (const u of m.peerURLs) conf.push(`${m.ID === newId ? opts.name : m.name}=${u}`);
  }
  io.stdout.write(
    '\n' +
      `ETCD_NAME=${goQuote(opts.name)}\n` +
      `ETCD_INITIAL_CLUSTER=${goQuote(conf.join(','))}\n` +
      `ETCD_INITIAL_ADVERTISE_PEER_URLS=${goQuote(opts.peerURLs)}\n` +
      'ETCD_INITIAL_CLUSTER_STATE="existing"\n',
  );
}

/** The single member id argument of remove/update/promote. */
function memberIdArg(ctx: Ctx): bigint {
  if (ctx.args.length !== 1) throw badArgs('member ID is not provided');
  return parseMemberId(ctx.args[0]!);
}

export async function runMemberRemove(id: bigint, f: V3Factory): Promise<void> {
  const deadline = f.commandDeadline();
  const client = await f.client();
  const resp = await orExitError(client.memberRemove({ ID: id }, { deadline }));
  (await f.printer()).memberRemove(id, resp);
}

export interface MemberUpdateOptions {
  id: bigint;
  peerURLs: string[];
}

export function parseMemberUpdateOptions(ctx: Ctx): MemberUpdateOptions {
  const id = memberIdArg(ctx);
  const peerURLs = ctx.flags.string('peer-urls');
  if (peerURLs.length === 0) throw badArgs('member peer urls not provided');
  return { id, peerURLs: peerURLs.split(',') };
}

export async function runMemberUpdate(opts: MemberUpdateOptions, f: V3Factory): Promise<void> {
  const deadline = f.commandDeadline();
  const client = await f.client();
  await checkURLs(opts.peerURLs);
  const resp = await orExitError(client.memberUpdate({ ID: opts.id, peerURLs: opts.peerURLs }, { deadline }));
  (await f.printer()).memberUpdate(opts.id, resp);
}

export async function runMemberList(f: V3Factory): Promise<void> {
  const deadline = f.commandDeadline();
  const client = await f.client();
  const resp = await orExitError(client.memberList({ deadline }));
  (await f.printer()).memberList(resp);
}

export async function runMemberPromote(id: bigint, f: V3Factory): Promise<void> {
  const deadline = f.commandDeadline();
  const client = await f.client();
  const resp = await orExitError(client.memberPromote({ ID: id }, { deadline }));
  (await f.printer()).memberPromote(id, resp);
}

export function newMemberCommand() {
  return defineCommand<V3Factory>({
    use: 'member <subcommand>',
    short: 'Membership related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'add <memberName> [options]',
        short: 'Adds a member into the cluster',
        flags: [
          flag.bool('learner', false, 'indicates if the new member is raft learner'),
          flag.string('peer-urls', '', 'comma separated peer URLs for the new member.'),
        ],
        run: (ctx) => runMemberAdd(parseMemberAddOptions(ctx), ctx.f, ctx.io),
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all members in the cluster',
        long: `When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.
The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.`,
        run: (ctx) => runMemberList(ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'promote <memberID>',
        short: 'Promotes a non-voting member in the cluster',
        long: `Promotes a non-voting learner member to a voting one in the cluster.`,
        run: (ctx) => runMemberPromote(memberIdArg(ctx), ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'remove <memberID>',
        short: 'Removes a member from the cluster',
        run: (ctx) => runMemberRemove(memberIdArg(ctx), ctx.f),
      }),
      defineCommand<V3Factory>({
        use: 'update <memberID> [options]',
        short: 'Updates a member in the cluster',
        flags: [flag.string('peer-urls', '', 'comma separated peer URLs for the updated member.')],
        run: (ctx) => runMemberUpdate(parseMemberUpdateOptions(ctx), ctx.f),
      }),
    ],
  });
}
