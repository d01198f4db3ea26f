// `etcdctl member list|add|remove|update` (ctlv2/command/member_commands.go). Every error is
// printed as it is (no `Error:` prefix) with exit 1; the argument checks come before the client.
import { CliError } from '../../src/cli/core/errors.js';
import { V2ExitCode } from '../../src/cli/core/exit-codes.js';
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { addMember, listMembers, memberLeader, removeMember, updateMember } from '../../src/client/v2/members.js';
import { goQuote } from '../../src/format/go-quote.js';
import { errText, exit1, orExit1, underTotalTimeout } from './util.js';

export function runMemberList(client: V2Client, f: V2Factory, io: IO): Promise<void> {
  return underTotalTimeout(f, async (ctx) => {
    const members = await orExit1(listMembers(client, ctx));
    const leader = await orExit1(memberLeader(client, ctx), 'Failed to get leader:  ');
    let out = '';
    for (const m of members) {
      if (m.name.length === 0) out += `${m.id}[unstarted]: peerURLs=${m.peerURLs.join(',')}\n`;
      else
        out += `${m.id}: name=${m.name} peerURLs=${m.peerURLs.join(',')} clientURLs=${m.clientURLs.join(',')} isLeader=${m.id === leader.id}\n`;
    }
    io.stdout.write(out);
  });
}

export function runMemberAdd(name: string, peerURL: string, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  return underTotalTimeout(f, async (ctx) => {
    const m = await orExit1(addMember(client, ctx, peerURL));
    io.stdout.write(`Added member named ${name} with ID ${m.id} to cluster\n`);
    const members = await orExit1(listMembers(client, ctx));
    const conf: string[] = [];
    for (const mb of members) for (const u of mb.peerURLs) conf.push(`${mb.id === m.id ? name : mb.name}=${u}`);
    io.stdout.write(`\nETCD_NAME=${goQuote(name)}\nETCD_INITIAL_CLUSTER=${goQuote(conf.join(','))}\nETCD_INITIAL_CLUSTER_STATE="existing"\n`);
  });
}

export function runMemberRemove(id: string, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  return underTotalTimeout(f, async (ctx) => {
    const members = await orExit1(listMembers(client, ctx), 'Error while verifying ID against known members: ');
    let found = false;
    for (const m of members) {
      if (m.id === id) found = true;
      if (m.name === id) {
        io.stderr.write(`Found a member named ${m.name}; if this is correct, please use its ID, eg:\n\tetcdctl member remove ${m.id}\n`);
        io.stderr.write(
          'For more details, read the documentation at https://github.com/etcd-io/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member\n\n',
        );
      }
    }
    if (!found) throw exit1(`Couldn't find a member in the cluster with an ID of ${id}.`);
    try {
      await removeMember(client, ctx, id);
    } catch (e) {
      const msg = `Received an error trying to remove member ${id}: ${errText(e)}`;
      throw new CliError(msg, V2ExitCode.BadArgs, msg);
    }
    io.stdout.write(`Removed member ${id} from cluster\n`);
  });
}

export async function runMemberUpdate(id: string, urls: string, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  await underTotalTimeout(f, (ctx) => orExit1(updateMember(client, ctx, id, urls.split(','))));
  io.stdout.write(`Updated member with ID ${id} in cluster\n`);
}

export function newMemberCommand() {
  return defineV2Command<V2Factory>({
    name: 'member',
    usage: 'member add, remove and list subcommands',
    subcommands: [
      defineV2Command<V2Factory>({
        name: 'list',
        usage: 'enumerate existing cluster members',
        argsUsage: ' ',
        action: async (ctx) => {
          if (ctx.args.length !== 0) throw exit1('No arguments accepted');
          await runMemberList(await ctx.f.client(), ctx.f, ctx.io);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'add',
        usage: 'add a new member to the etcd cluster',
        argsUsage: '<name> <peerURL>',
        action: async (ctx) => {
          if (ctx.args.length !== 2) throw exit1('Provide a name and a single member peerURL');
          const client = await ctx.f.client();
          await runMemberAdd(ctx.args[0]!, ctx.args[1]!, client, ctx.f, ctx.io);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'remove',
        usage: 'remove an existing member from the etcd cluster',
        argsUsage: '<memberID>',
        action: async (ctx) => {
          if (ctx.args.length !== 1) throw exit1('Provide a single member ID');
          const client = await ctx.f.client();
          await runMemberRemove(ctx.args[0]!, client, ctx.f, ctx.io);
        },
      }),
      defineV2Command<V2Factory>({
        name: 'update',
        usage: 'update an existing member in the etcd cluster',
        argsUsage: '<memberID> <peerURLs>',
        action: async (ctx) => {
          if (ctx.args.length !== 2) throw exit1('Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)');
          const client = await ctx.f.client();
          await runMemberUpdate(ctx.args[0]!, ctx.args[1]!, client, ctx.f, ctx.io);
        },
      }),
    ],
  });
}
