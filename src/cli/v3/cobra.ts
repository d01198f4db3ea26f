// Running a v3 command the way cobra 1.x does for etcdctl, with commander doing the parsing and
// dispatch: the argv adapter (src/cli/v3/pflag-argv.ts) finds the command path as cobra's Find does
// and rewrites pflag's flag forms; commander's parseAsync parses, converts and calls the action;
// this file adds cobra's error texts (etcdctl's doubled `Error:` lines, suggestions), help on
// -h/--help and bare parents (through commander's outputHelp), and cobra's `help` command.
import { CliError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { EtcdctlCommand, ParsedFlags, type RunContext } from './command.js';
import { GoParseError } from '../../format/go-parse.js';
import { goQuote } from '../../format/go-quote.js';
import type { IO } from '../core/io.js';
import { canonicalArgs, commandFlags, findCommand as adapterFind, type FindOptions } from './pflag-argv.js';
import { usageText } from './usage.js';

function levenshtein(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      if (a[i - 1] === b[j - 1]) d[i]![j] = d[i - 1]![j - 1]!;
      else d[i]![j] = Math.min(d[i - 1]![j]!, d[i]![j - 1]!, d[i - 1]![j - 1]!) + 1;
    }
  }
  return d[a.length]![b.length]!;
}

/** cobra's "Did you mean this?" block; candidates in the order etcdctl added its commands. */
function suggestions(root: EtcdctlCommand, typed: string, order: string[]): string {
  const names = [...order, ...root.subcommands.map((c) => c.name()).filter((n) => !order.includes(n))];
  const found = names.filter((n) => levenshtein(typed, n) <= 2 || n.toLowerCase().startsWith(typed.toLowerCase()));
  if (found.length === 0) return '';
  return `\n\nDid you mean this?\n${found.map((n) => `\t${n}\n`).join('')}`;
}

/**
 * cobra's Find, with the unknown-command error of the root in cobra's words. `beforeHelpFlag`:
 * as cobra's Find runs for argv (the help flag not yet added: `-h snapshot` finds the root).
 */
export function findCommand(root: EtcdctlCommand, args: string[], suggestionOrder: string[] = [], opts: FindOptions = {}): FindResult {
  const found = adapterFind(root, args, opts);
  if (found.unknownWord === undefined) return found;
  const w = found.unknownWord;
  return { ...found, error: `unknown command ${goQuote(w)} for "${root.name()}"${suggestions(root, w, suggestionOrder)}` };
}

export interface FindResult {
  command: EtcdctlCommand;
  args: string[];
  unknownWord?: string;
  error?: string;
}

export interface ParseResult {
  flags: ParsedFlags;
  positionals: string[];
  argsLenAtDash: number;
  help: boolean;
}

/**
 * Parses one command's arguments with commander (no action runs): what pflag's FlagSet.Parse
 * gives for them. Throws GoParseError with pflag's texts.
 */
export function parseFlags(cmd: EtcdctlCommand, args: string[]): ParseResult {
  const { tokens, argsLenAtDash } = canonicalArgs(cmd, args);
  cmd.declareInheritedFlags();
  const root = cmd.rootCommand;
  const onParsed = root.onParsed;
  root.onParsed = undefined;
  try {
    cmd.parse(parentSafe(cmd, tokens), { from: 'user' });
  } finally {
    root.onParsed = onParsed;
  }
  const flags = cmd.parsedFlags();
  // a parent's positionals are not given to commander (see parentSafe): counted here
  const dash = tokens.indexOf('--');
  const positionals =
    cmd.subcommands.length === 0 ? [...cmd.args] : tokens.filter((t, i) => (dash >= 0 && i > dash) || ((dash < 0 || i < dash) && !t.startsWith('--')));
  return { flags, positionals, argsLenAtDash, help: flags.bool('help') };
}

/**
 * A parent's canonical tokens without its positionals: commander would dispatch on one that
 * names a subcommand (`member -- list`), where cobra prints the parent's help.
 */
function parentSafe(cmd: EtcdctlCommand, tokens: string[]): string[] {
  if (cmd.subcommands.length === 0) return tokens;
  const dash = tokens.indexOf('--');
  return (dash >= 0 ? tokens.slice(0, dash) : tokens).filter((t) => t.startsWith('--'));
}

export interface ExecuteOptions<F> {
  io: IO;
  /** etcdctl's AddCommand order, for the order of suggestions */
  suggestionOrder?: string[];
  makeFactory: (ctx: Omit<RunContext<F>, 'f'>) => F;
}

/**
 * A hint for a flag error a person likely made: one dash before a long flag (`-keys-only`, which
 * pflag reads as the shorthands k, e, y...), or a command written as a flag (`--version`).
 */
export function typoHint(root: EtcdctlCommand, cmd: EtcdctlCommand, message: string): string | undefined {
  const short = /^unknown shorthand flag: '.' in -(.+)$/.exec(message);
  if (short) {
    const name = short[1]!.split('=')[0]!;
    if (name.length > 1 && commandFlags(cmd).some((f) => f.flagName === name)) return `did you mean --${name}?`;
    return undefined;
  }
  const long = /^unknown flag: --(.+)$/.exec(message);
  if (long && root.subcommands.some((c) => c.name() === long[1])) return `did you mean "${root.name()} ${long[1]}"?`;
  return undefined;
}

/** The command's path below the root, full names (what commander dispatches on). */
function pathOf(cmd: EtcdctlCommand): EtcdctlCommand[] {
  const path: EtcdctlCommand[] = [];
  for (let c: EtcdctlCommand | null = cmd; c; c = c.parentCommand) path.unshift(c);
  return path;
}

/** Runs argv against the tree like cobra's ExecuteC plus etcdctl's Start(): commander parses. */
export async function execute<F>(root: EtcdctlCommand, argv: string[], opts: ExecuteOptions<F>): Promise<void> {
  const { io } = opts;
  const found = findCommand(root, argv, opts.suggestionOrder, { beforeHelpFlag: true });
  if (found.error) {
    const e = found.error;
    throw new CliError(e, ExitCode.Error, `Error: ${e}\nRun '${found.command.commandPath} --help' for usage.\nError: ${e}\n`);
  }
  const cmd = found.command;
  const path = pathOf(cmd);
  for (const c of path) {
    c.declareInheritedFlags();
    c.routeOutput(io);
  }
  const { tokens, argsLenAtDash } = canonicalArgs(cmd, found.args);
  root.onParsed = async (leaf) => {
    const flags = leaf.parsedFlags();
    if (flags.bool('help') || !leaf.runnable) {
      leaf.outputHelp();
      return;
    }
    const base = { command: leaf, args: [...leaf.args], argsLenAtDash, flags, io };
    const ctx: RunContext<F> = { ...base, f: opts.makeFactory(base) };
    await leaf.run!(ctx);
  };
  try {
    await root.parseAsync([...path.slice(1).map((c) => c.name()), ...parentSafe(cmd, tokens)], { from: 'user' });
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    // cobra prints the error, then usage (to stdout, by etcdctl's usage func), then an empty
    // line for the usage string it could not capture; etcdctl's Start() prints the error again.
    // A person (a terminal, or --debug) also gets a hint for a typo of a flag or command.
    const hint = io.stderrIsTTY || argv.some((a) => /^--debug(=(1|t|T|true|TRUE|True))?$/.test(a)) ? typoHint(root, cmd, e.message) : undefined;
    throw new CliError(e.message, ExitCode.Error, `Error: ${e.message}\n\nError: ${e.message}\n${hint ? `${hint}\n` : ''}`, usageText(cmd));
  } finally {
    root.onParsed = undefined;
  }
}

/** cobra's `help [command]`. */
export function newHelpCommand(root: () => EtcdctlCommand, suggestionOrder: string[] = []): EtcdctlCommand {
  const cmd = new EtcdctlCommand('help');
  cmd.use = 'help [command]';
  cmd.short = 'Help about any command';
  cmd.long = `Help provides help for any command in the application.\nSimply type etcdctl help [path to command] for full details.`;
  cmd.run = (ctx) => {
    const r = root();
    const found = findCommand(r, ctx.args, suggestionOrder);
    if (found.error) {
      ctx.io.stderr.write(`Unknown help topic [${ctx.args.map((a) => '`' + a + '`').join(' ')}]\n`);
      ctx.io.stdout.write(usageText(r, false));
      return;
    }
    found.command.routeOutput(ctx.io);
    found.command.outputHelp();
  };
  return cmd;
}

