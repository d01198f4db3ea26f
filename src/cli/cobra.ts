// Finding and running a v3 command the way cobra 1.x does for etcdctl: prefix matching of command
// names, pflag parsing (flags anywhere, `--` ends them, bool flags take no separate value),
// cobra's error texts and etcdctl's doubled `Error:` lines, help on -h/--help and bare parents.
import { CliError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { EtcdctlCommand, ParsedFlags, type RunContext } from './command.js';
import { Flag, type FlagValue } from './flags.js';
import { GoParseError } from './go-parse.js';
import { goQuote } from '../format/go-quote.js';
import type { IO } from './io.js';
import { usageText, helpFlagUsage } from './usage.js';

/** Flags a command accepts: its own, its persistent ones, the inherited ones, and help. */
function commandFlags(cmd: EtcdctlCommand): Flag[] {
  return [...cmd.localFlags(), new Flag('bool', 'help', 'h', false, helpFlagUsage(cmd)), ...cmd.inheritedFlags()];
}

function lookupLong(flags: Flag[], name: string): Flag | undefined {
  return flags.find((f) => f.flagName === name);
}
function lookupShort(flags: Flag[], c: string): Flag | undefined {
  return flags.find((f) => f.shorthand === c);
}

/** cobra's stripFlags: the non-flag words, skipping the values of flags that take one. */
function stripFlags(args: string[], flags: Flag[]): string[] {
  const commands: string[] = [];
  const rest = [...args];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s === '--') break;
    const longTakesValue = s.startsWith('--') && !s.includes('=') && !(lookupLong(flags, s.slice(2))?.kind === 'bool');
    const shortTakesValue =
      s.startsWith('-') && !s.startsWith('--') && !s.includes('=') && s.length === 2 && !(lookupShort(flags, s.slice(1))?.kind === 'bool');
    if (longTakesValue || shortTakesValue) {
      if (rest.length <= 1) break;
      rest.shift();
      continue;
    }
    if (s !== '' && !s.startsWith('-')) commands.push(s);
  }
  return commands;
}

/** cobra's argsMinusFirstX: args without the first plain occurrence of x. */
function argsMinusFirst(args: string[], x: string, flags: Flag[]): string[] {
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos]!;
    if (s === '--') break;
    const longTakesValue = s.startsWith('--') && !s.includes('=') && !(lookupLong(flags, s.slice(2))?.kind === 'bool');
    const shortTakesValue =
      s.startsWith('-') && !s.startsWith('--') && !s.includes('=') && s.length === 2 && !(lookupShort(flags, s.slice(1))?.kind === 'bool');
    if (longTakesValue || shortTakesValue) {
      pos++;
      continue;
    }
    if (!s.startsWith('-') && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return args;
}

function findNext(cmd: EtcdctlCommand, next: string): EtcdctlCommand | undefined {
  const matches: EtcdctlCommand[] = [];
  for (const sub of cmd.subcommands) {
    if (sub.name() === next || sub.aliases().includes(next)) return sub;
    if (sub.name().startsWith(next) || sub.aliases().some((a) => a.startsWith(next))) matches.push(sub);
  }
  return matches.length === 1 ? matches[0] : undefined;
}

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

export interface FindResult {
  command: EtcdctlCommand;
  args: string[];
  error?: string;
}

/** cobra's Command.Find from the root. */
export function findCommand(root: EtcdctlCommand, args: string[], suggestionOrder: string[] = []): FindResult {
  const inner = (cmd: EtcdctlCommand, innerArgs: string[]): FindResult => {
    const flags = commandFlags(cmd);
    const words = stripFlags(innerArgs, flags);
    if (words.length === 0) return { command: cmd, args: innerArgs };
    const next = findNext(cmd, words[0]!);
    if (next) return inner(next, argsMinusFirst(innerArgs, words[0]!, flags));
    return { command: cmd, args: innerArgs };
  };
  const found = inner(root, args);
  // legacyArgs: only the root rejects an unknown word
  if (found.command === root && root.subcommands.length > 0) {
    const words = stripFlags(found.args, commandFlags(root));
    if (words.length > 0) {
      const w = words[0]!;
      return { ...found, error: `unknown command ${goQuote(w)} for "${root.name()}"${suggestions(root, w, suggestionOrder)}` };
    }
  }
  return found;
}

export interface ParseResult {
  flags: ParsedFlags;
  positionals: string[];
  argsLenAtDash: number;
  help: boolean;
}

/** pflag's FlagSet.Parse with interspersed positionals. Throws GoParseError with pflag's texts. */
export function parseFlags(cmd: EtcdctlCommand, args: string[]): ParseResult {
  const defs = commandFlags(cmd);
  const flags = ParsedFlags.defaults(defs);
  const positionals: string[] = [];
  let argsLenAtDash = -1;
  const set = (f: Flag, value: string) => {
    try {
      flags.set(f.flagName, value);
    } catch (e) {
      const detail = e instanceof GoParseError ? e.message : String(e);
      throw new GoParseError(`invalid argument ${goQuote(value)} for "${f.displayName}" flag: ${detail}`);
    }
  };
  const rest = [...args];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s.length === 0 || s[0] !== '-' || s.length === 1) {
      positionals.push(s);
      continue;
    }
    if (s[1] === '-') {
      if (s.length === 2) {
        argsLenAtDash = positionals.length;
        positionals.push(...rest);
        break;
      }
      const body = s.slice(2);
      if (body.length === 0 || body[0] === '-' || body[0] === '=') throw new GoParseError(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const f = lookupLong(defs, name);
      if (!f) throw new GoParseError(`unknown flag: --${name}`);
      if (eq >= 0) set(f, body.slice(eq + 1));
      else if (f.kind === 'bool') set(f, 'true');
      else if (rest.length > 0) set(f, rest.shift()!);
      else throw new GoParseError(`flag needs an argument: ${s}`);
      continue;
    }
    let shorthands = s.slice(1);
    while (shorthands.length > 0) {
      const c = shorthands[0]!;
      const f = lookupShort(defs, c);
      if (!f) throw new GoParseError(`unknown shorthand flag: '${c}' in -${shorthands}`);
      if (shorthands.length > 2 && shorthands[1] === '=') {
        set(f, shorthands.slice(2));
        shorthands = '';
      } else if (f.kind === 'bool') {
        set(f, 'true');
        shorthands = shorthands.slice(1);
      } else if (shorthands.length > 1) {
        set(f, shorthands.slice(1));
        shorthands = '';
      } else if (rest.length > 0) {
        set(f, rest.shift()!);
        shorthands = '';
      } else {
        throw new GoParseError(`flag needs an argument: '${c}' in -${shorthands}`);
      }
    }
  }
  return { flags, positionals, argsLenAtDash, help: flags.bool('help') };
}

export interface ExecuteOptions<F> {
  io: IO;
  /** etcdctl's AddCommand order, for the order of suggestions */
  suggestionOrder?: string[];
  makeFactory: (ctx: Omit<RunContext<F>, 'f'>) => F;
}

/** Runs argv against the tree like cobra's ExecuteC plus etcdctl's Start(). */
export async function execute<F>(root: EtcdctlCommand, argv: string[], opts: ExecuteOptions<F>): Promise<void> {
  const { io } = opts;
  const found = findCommand(root, argv, opts.suggestionOrder);
  if (found.error) {
    const e = found.error;
    throw new CliError(e, ExitCode.Error, `Error: ${e}\nRun '${found.command.commandPath} --help' for usage.\nError: ${e}\n`);
  }
  const cmd = found.command;
  let parsed: ParseResult;
  try {
    parsed = parseFlags(cmd, found.args);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    // cobra prints the error, then usage (to stdout, by etcdctl's usage func), then an empty
    // line for the usage string it could not capture; etcdctl's Start() prints the error again.
    throw new CliError(e.message, ExitCode.Error, `Error: ${e.message}\n\nError: ${e.message}\n`, usageText(cmd));
  }
  if (parsed.help || !cmd.runnable) {
    io.stdout.write(usageText(cmd));
    return;
  }
  const base = { command: cmd, args: parsed.positionals, argsLenAtDash: parsed.argsLenAtDash, flags: parsed.flags, io };
  const ctx: RunContext<F> = { ...base, f: opts.makeFactory(base) };
  await cmd.run!(ctx);
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
    ctx.io.stdout.write(usageText(found.command));
  };
  return cmd;
}

export type { FlagValue };
