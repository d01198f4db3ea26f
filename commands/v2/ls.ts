// `etcdctl ls [key]` (ctlv2/command/ls_command.go): GET the directory (default `/`), print the
// keys depth-first in the server's order (sorted only with --sort), `/` after directories with -p.
import type { V2Factory } from '../../src/cli/v2/factory.js';
import type { IO } from '../../src/cli/core/io.js';
import { defineV2Command, uflag } from '../../src/cli/v2/urfave.js';
import type { V2Client } from '../../src/client/v2/client.js';
import { getKey } from '../../src/client/v2/keys.js';
import { printLs } from '../../src/printer/v2/printer.js';
import { withTotalTimeout, type V2Context } from './util.js';

export interface LsOptions {
  key: string;
  sort: boolean;
  recursive: boolean;
  quorum: boolean;
  slashDirs: boolean;
}

export function parseLsOptions(ctx: V2Context): LsOptions {
  return {
    key: ctx.args.length > 0 ? ctx.args[0]! : '/',
    sort: ctx.bool('sort'),
    recursive: ctx.bool('recursive'),
    quorum: ctx.bool('quorum'),
    slashDirs: ctx.bool('p'),
  };
}

export async function runLs(opts: LsOptions, client: V2Client, f: V2Factory, io: IO): Promise<void> {
  const resp = await withTotalTimeout(f, (c) => getKey(client, c, opts.key, { sort: opts.sort, recursive: opts.recursive, quorum: opts.quorum }));
  printLs(resp, f.output(), opts.slashDirs, io);
}

export function newLsCommand() {
  return defineV2Command<V2Factory>({
    name: 'ls',
    usage: 'retrieve a directory',
    argsUsage: '[key]',
    flags: [
      uflag.bool('sort', 'returns result in sorted order'),
      uflag.bool('recursive, r', 'returns all key names recursively for the given path'),
      uflag.bool('p', 'append slash (/) to directories'),
      uflag.bool('quorum, q', 'require quorum for get request'),
    ],
    action: async (ctx) => {
      const client = await ctx.f.client();
      await runLs(parseLsOptions(ctx), client, ctx.f, ctx.io);
    },
  });
}
