// `etcdctl __complete <words...> <word being completed>` (and `__completeNoDesc`): the hidden
// request that the completion scripts of `etcdctl completion <shell>` send, answered the way
// Debian's etcdctl (cobra 1.6) answers it, so the same scripts work with either binary:
//
//   stdout: one candidate per line, "<candidate>\t<description>" (no tab without descriptions),
//           then ":<directive>" (a bit set: 1 error, 2 no space, 4 no file completion,
//           8 filter file extensions, 16 directories only)
//   stderr: "Completion ended with directive: <names>", after any "[Debug] [Error] ..." line
//
// Candidates: subcommand names (with their Short) when the command line so far names a command
// and no positional argument follows it; flag names (inherited flags first, then the command's
// own, each set sorted, long and shorthand forms) when the word starts with "-"; nothing, with
// file completion left to the shell, for positional arguments and flag values. `help` completes
// command names like the top level does.
import { EtcdctlCommand } from '../../src/cli/v3/command.js';
import { findCommand, parseFlags } from '../../src/cli/v3/cobra.js';
import { CliError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { Flag } from '../../src/cli/v3/flags.js';
import { GoParseError } from '../../src/format/go-parse.js';
import type { IO } from '../../src/cli/core/io.js';
import { helpFlagUsage, usageText } from '../../src/cli/v3/usage.js';

export const Directive = {
  Default: 0,
  Error: 1,
  NoSpace: 2,
  NoFileComp: 4,
  FilterFileExt: 8,
  FilterDirs: 16,
} as const;

/** cobra's ShellCompDirective.string(). */
export function directiveNames(d: number): string {
  const names: string[] = [];
  if (d & Directive.Error) names.push('ShellCompDirectiveError');
  if (d & Directive.NoSpace) names.push('ShellCompDirectiveNoSpace');
  if (d & Directive.NoFileComp) names.push('ShellCompDirectiveNoFileComp');
  if (d & Directive.FilterFileExt) names.push('ShellCompDirectiveFilterFileExt');
  if (d & Directive.FilterDirs) names.push('ShellCompDirectiveFilterDirs');
  if (names.length === 0) names.push('ShellCompDirectiveDefault');
  if (d >= 32) return `ERROR: unexpected ShellCompDirective value: ${d}`;
  return names.join(', ');
}

export interface Completion {
  completions: string[];
  directive: number;
  /** cobra's CompDebugln(err, true) text, for stderr */
  error?: string;
}

const byName = (a: Flag, b: Flag) => (a.flagName < b.flagName ? -1 : a.flagName > b.flagName ? 1 : 0);

function helpFlag(cmd: EtcdctlCommand): Flag {
  return new Flag('bool', 'help', 'h', false, helpFlagUsage(cmd));
}

/** The command's own flags (persistent ones included) and its help flag: cobra's NonInheritedFlags. */
function nonInheritedFlags(cmd: EtcdctlCommand): Flag[] {
  return [...cmd.localFlags(), helpFlag(cmd)].sort(byName);
}

function allFlags(cmd: EtcdctlCommand): Flag[] {
  return [...cmd.inheritedFlags(), ...nonInheritedFlags(cmd)];
}

/** Subcommands in cobra's order (sorted by name). */
function subcommandsOf(cmd: EtcdctlCommand): EtcdctlCommand[] {
  return [...cmd.subcommands].sort((a, b) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
}

function subcommandCompletions(cmd: EtcdctlCommand, toComplete: string): string[] {
  return subcommandsOf(cmd)
    .filter((s) => s.name().startsWith(toComplete))
    .map((s) => `${s.name()}\t${s.short}`);
}

/** pflag's notion of a flag argument (cobra isFlagArg). */
function isFlagArg(arg: string): boolean {
  return (arg.length >= 3 && arg[1] === '-') || (arg.length >= 2 && arg[0] === '-' && arg[1] !== '-');
}

function goList(args: readonly string[]): string {
  return `[${args.join(' ')}]`;
}

/** Which flag's value is being completed, if any (cobra's checkIfFlagCompletion). */
function flagBeingCompleted(
  cmd: EtcdctlCommand,
  args: string[],
  lastArg: string,
): { flag?: Flag; args: string[]; toComplete: string; error?: string } {
  let flagName = '';
  let trimmed = args;
  let withEqual = false;
  const original = lastArg;
  if (lastArg.length > 0 && lastArg[0] === '-') {
    const eq = lastArg.indexOf('=');
    if (eq < 0) return { args, toComplete: lastArg };
    flagName = lastArg.startsWith('--') && eq >= 2 ? lastArg.slice(2, eq) : lastArg.slice(eq - 1, eq);
    lastArg = lastArg.slice(eq + 1);
    withEqual = true;
  }
  if (flagName === '' && args.length > 0) {
    const prev = args[args.length - 1]!;
    if (isFlagArg(prev) && !prev.includes('=')) {
      flagName = prev.startsWith('--') ? prev.slice(2) : prev.slice(-1);
      trimmed = args.slice(0, -1);
    }
  }
  if (flagName === '') return { args: trimmed, toComplete: lastArg };
  const flag = allFlags(cmd).find((f) => f.flagName === flagName || f.shorthand === flagName);
  if (!flag) return { args, toComplete: original, error: `Subcommand '${cmd.name()}' does not support flag '${flagName}'` };
  // a bool flag takes no separate value: the word is not its value after all
  if (!withEqual && flag.kind === 'bool') return { args, toComplete: lastArg };
  return { flag, args: trimmed, toComplete: lastArg };
}

/** The completions for `words` (the last one being completed). */
export function complete(root: EtcdctlCommand, words: string[]): Completion {
  const toCompleteIn = words[words.length - 1] ?? '';
  const trimmedArgs = words.slice(0, -1);
  const found = findCommand(root, trimmedArgs);
  if (found.error) {
    return { completions: [], directive: Directive.Default, error: `Unable to find a command for arguments: ${goList(trimmedArgs)}` };
  }
  const cmd = found.command;
  const { flag, args, toComplete, error: flagError } = flagBeingCompleted(cmd, found.args, toCompleteIn);

  // an earlier `--` ends the flags: no flag completion after it
  let flagCompletion = true;
  const count = (a: string[]): number | undefined => {
    try {
      return parseFlags(cmd, a).positionals.length;
    } catch {
      return undefined;
    }
  };
  const withDash = count([...args, '--']);
  let parsed;
  try {
    parsed = parseFlags(cmd, args);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    return { completions: [], directive: Directive.Default, error: `Error while parsing flags from args ${goList(args)}: ${e.message}` };
  }
  if (withDash !== undefined && withDash > parsed.positionals.length) flagCompletion = false;
  if (flagError && flagCompletion) return { completions: [], directive: Directive.Default, error: flagError };
  if (parsed.help) return { completions: [], directive: Directive.NoFileComp };
  const positionals = parsed.positionals;

  if (!flag && toComplete.startsWith('-') && !toComplete.includes('=') && flagCompletion) {
    const completions: string[] = [];
    for (const f of [...cmd.inheritedFlags().sort(byName), ...nonInheritedFlags(cmd)]) {
      if (parsed.flags.changed(f.flagName) && f.kind !== 'stringSlice') continue;
      if (`--${f.flagName}`.startsWith(toComplete)) completions.push(`--${f.flagName}\t${f.description}`);
      if (f.shorthand && `-${f.shorthand}`.startsWith(toComplete)) completions.push(`-${f.shorthand}\t${f.description}`);
    }
    return { completions, directive: Directive.NoFileComp };
  }
  if (flag && flagCompletion) {
    // no flag has values to offer: the shell completes file names
    return { completions: [], directive: Directive.Default };
  }

  let directive: number = Directive.Default;
  const completions: string[] = [];
  const ownNonPersistentSet = cmd.ownFlags.some((f) => parsed.flags.changed(f.flagName));
  if (positionals.length === 0 && !ownNonPersistentSet && cmd.subcommands.length > 0) {
    completions.push(...subcommandCompletions(cmd, toComplete));
    directive = Directive.NoFileComp;
  }
  // cobra's own commands complete their arguments themselves
  if (cmd.name() === 'help' && cmd.parentCommand === root) {
    const target = findCommand(root, positionals);
    if (!target.error) completions.push(...subcommandCompletions(target.command, toComplete));
    directive = Directive.NoFileComp;
  } else if (isCompletionCommand(cmd, root)) {
    directive = Directive.NoFileComp;
  }
  return { completions, directive };
}

function isCompletionCommand(cmd: EtcdctlCommand, root: EtcdctlCommand): boolean {
  return cmd.name() === 'completion' ? cmd.parentCommand === root : cmd.parentCommand?.name() === 'completion' && cmd.parentCommand.parentCommand === root;
}

/** Prints the answer to `__complete` / `__completeNoDesc` with `args`. */
export function runComplete(root: EtcdctlCommand, name: '__complete' | '__completeNoDesc', args: string[], io: IO): void {
  if (args.length === 0) {
    const msg = 'requires at least 1 arg(s), only received 0';
    throw new CliError(msg, ExitCode.Error, `Error: ${msg}\n\nError: ${msg}\n`, usageText(completeCommand(root, name)));
  }
  const { completions, directive, error } = complete(root, args);
  if (error) io.stderr.write(`[Debug] [Error] ${error}\n`);
  let out = '';
  for (let c of completions) {
    if (name === '__completeNoDesc') c = c.split('\t')[0]!;
    c = c.split('\n')[0]!.trim();
    out += `${c}\n`;
  }
  io.stdout.write(`${out}:${directive}\n`);
  io.stderr.write(`Completion ended with directive: ${directiveNames(directive)}\n`);
}

/** The hidden command, only for its usage text. */
function completeCommand(root: EtcdctlCommand, name: string): EtcdctlCommand {
  const cmd = new EtcdctlCommand(name);
  cmd.use = `${name} [command-line]`;
  cmd.disableFlagsInUseLine = true;
  cmd.short = 'Request shell completion choices for the specified command-line';
  cmd.long =
    `${name} is a special command that is used by the shell completion logic\n` +
    'to request completion choices for the specified command-line.';
  root.addCommand(cmd);
  return cmd;
}
