// Runs argv against etcdutl's command tree as cobra's ExecuteC does with etcdutl's settings:
// command lookup and flag parsing are the shared cobra/pflag rules (src/cli/v3/cobra.ts); what
// differs from etcdctl is cobra's default output: usage on stderr after a flag error, help from
// the default usage template, required flags, and hidden deprecated commands.
import type { EtcdctlCommand, RunContext } from '../cli/v3/command.js';
import { findCommand, parseFlags, type ParseResult } from '../cli/v3/cobra.js';
import { CliError } from '../cli/core/errors.js';
import { ExitCode } from '../cli/core/exit-codes.js';
import { GoParseError } from '../format/go-parse.js';
import type { IO } from '../cli/core/io.js';
import { cobraUsage, deprecationOf, requiredFlags } from './usage.js';

/** cobra's error return: `Error: <msg>`, the usage, an empty line; then etcdutl's main prints the error again. */
export function usageError(cmd: EtcdctlCommand, msg: string): CliError {
  return new CliError(msg, ExitCode.Error, `Error: ${msg}\n${cobraUsage(cmd)}\nError: ${msg}\n`);
}

export async function executeEtcdutl(root: EtcdctlCommand, argv: string[], io: IO): Promise<void> {
  const found = findCommand(root, argv, root.subcommands.map((c) => c.name()).sort(), { beforeHelpFlag: true });
  if (found.error) {
    const e = found.error;
    throw new CliError(e, ExitCode.Error, `Error: ${e}\nRun '${found.command.commandPath} --help' for usage.\nError: ${e}\n`);
  }
  const cmd = found.command;
  // cobra says so first, before the flags are parsed (and before help)
  const deprecation = deprecationOf(cmd);
  if (deprecation !== undefined) io.stderr.write(`Command "${cmd.name()}" is deprecated, ${deprecation}\n`);
  let parsed: ParseResult;
  try {
    parsed = parseFlags(cmd, found.args);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    throw usageError(cmd, e.message);
  }
  if (parsed.help || !cmd.runnable) {
    io.stdout.write(cobraUsage(cmd));
    return;
  }
  // cobra's legacyArgs rejects arguments only for the root; NoArgs commands (completion <shell>) say so
  const missing = requiredFlags(cmd).filter((n) => !parsed.flags.changed(n)).sort();
  if (missing.length > 0) throw usageError(cmd, `required flag(s) ${missing.map((n) => `"${n}"`).join(', ')} not set`);
  const ctx: RunContext<undefined> = {
    command: cmd,
    args: parsed.positionals,
    argsLenAtDash: parsed.argsLenAtDash,
    flags: parsed.flags,
    io,
    f: undefined,
  };
  await cmd.run!(ctx);
}
