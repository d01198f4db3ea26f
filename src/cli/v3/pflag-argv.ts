// The one adapter in front of commander for the v3 (cobra/pflag) command line. commander parses,
// converts (Option.argParser), dispatches and prints help; this file only rewrites what pflag and
// cobra accept but commander's grammar does not:
//
// * cobra's Find: command words may stand anywhere among the flags (`etcdctl -w json get k`) and
//   may be unambiguous prefixes (`mem li`); a word that names no command is an error only at the
//   root (legacyArgs), checked before any flag is parsed. The command path is moved to the front,
//   with full names, so commander dispatches by name (every parent has enablePositionalOptions).
// * pflag's flag forms become commander's one canonical form `--<long>=<value>`: `--bool`
//   (`--bool=true`), `--bool=false`, `--flag value`, `-w json`, `-wjson`, `-w=json`, groups of
//   shorthands (`-hw json`). Bool flags are declared to commander with an optional value, so the
//   canonical form never takes the next word.
// * pflag stops at its first grammar error (unknown flag, missing value, bad syntax). Those texts
//   need the raw word, so the word is replaced by a marked token carrying pflag's message; it is
//   the last token, commander files it as its first unknown option and reports it through
//   EtcdctlCommand.unknownOption (after the values before it were converted, in pflag's order).
// * `--` and what follows stay as they are (commander takes them as operands); how many
//   positionals came before it (cobra's ArgsLenAtDash) is counted here, since commander drops it.
import type { EtcdctlCommand } from './command.js';
import type { Flag } from './flags.js';

/** Prefix of a token that stands for a pflag grammar error (the message follows it). */
export const PFLAG_ERROR_TOKEN = '--\u0000';

/** Flags a command accepts: its own, its persistent ones, the inherited ones, and help. */
export function commandFlags(cmd: EtcdctlCommand): Flag[] {
  return [...cmd.localFlags(), cmd.helpFlag, ...cmd.inheritedFlags()];
}

function lookupLong(flags: Flag[], name: string): Flag | undefined {
  return flags.find((f) => f.flagName === name);
}
function lookupShort(flags: Flag[], c: string): Flag | undefined {
  return flags.find((f) => f.shorthand === c);
}

/** Whether word s is a flag that takes the next word as its value, in cobra's stripFlags sense. */
function takesNextWord(flags: Flag[], s: string): boolean {
  if (s.includes('=')) return false;
  if (s.startsWith('--')) return lookupLong(flags, s.slice(2))?.kind !== 'bool';
  return s.startsWith('-') && s.length === 2 && lookupShort(flags, s.slice(1))?.kind !== 'bool';
}

/** cobra's stripFlags: the non-flag words, skipping the values of flags that take one. */
function stripFlags(args: string[], flags: Flag[]): string[] {
  const commands: string[] = [];
  const rest = [...args];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s === '--') break;
    if (takesNextWord(flags, s)) {
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
    if (takesNextWord(flags, s)) {
      pos++;
      continue;
    }
    if (!s.startsWith('-') && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return args;
}

/** cobra's findNext: an exact name or alias, else the only command the word is a prefix of. */
function findNext(cmd: EtcdctlCommand, next: string): EtcdctlCommand | undefined {
  const matches: EtcdctlCommand[] = [];
  for (const sub of cmd.subcommands) {
    if (sub.name() === next || sub.aliases().includes(next)) return sub;
    if (sub.name().startsWith(next) || sub.aliases().some((a) => a.startsWith(next))) matches.push(sub);
  }
  return matches.length === 1 ? matches[0] : undefined;
}

export interface FindResult {
  command: EtcdctlCommand;
  args: string[];
  /** the first word at the root that names no command (cobra's legacyArgs error) */
  unknownWord?: string;
}

export interface FindOptions {
  /**
   * cobra's Find runs before it adds the -h/--help flag (InitDefaultHelpFlag, at execute), so
   * there `-h`/`--help` are unknown flags that take the next word (`-h snapshot` finds the root)
   */
  beforeHelpFlag?: boolean;
}

/** cobra's Command.Find from the root. */
export function findCommand(root: EtcdctlCommand, args: string[], opts: FindOptions = {}): FindResult {
  const findFlags = (cmd: EtcdctlCommand): Flag[] =>
    opts.beforeHelpFlag ? commandFlags(cmd).filter((f) => f !== cmd.helpFlag) : commandFlags(cmd);
  const inner = (cmd: EtcdctlCommand, innerArgs: string[]): FindResult => {
    const flags = findFlags(cmd);
    const words = stripFlags(innerArgs, flags);
    if (words.length === 0) return { command: cmd, args: innerArgs };
    const next = findNext(cmd, words[0]!);
    if (next) return inner(next, argsMinusFirst(innerArgs, words[0]!, flags));
    return { command: cmd, args: innerArgs };
  };
  const found = inner(root, args);
  // legacyArgs: only the root rejects an unknown word
  if (found.command === root && root.subcommands.length > 0) {
    const words = stripFlags(found.args, findFlags(root));
    if (words.length > 0) return { ...found, unknownWord: words[0]! };
  }
  return found;
}

export interface CanonicalArgs {
  /** what commander parses for the command: `--<long>=<value>` flags, operands, `--` and after */
  tokens: string[];
  /** cobra's ArgsLenAtDash: how many positionals came before `--`, or -1 */
  argsLenAtDash: number;
}

/** Rewrites a command's arguments (its path removed) from pflag's forms into commander's. */
export function canonicalArgs(cmd: EtcdctlCommand, args: string[]): CanonicalArgs {
  const defs = commandFlags(cmd);
  const tokens: string[] = [];
  let positionals = 0;
  const fail = (message: string): CanonicalArgs => {
    tokens.push(PFLAG_ERROR_TOKEN + message);
    return { tokens, argsLenAtDash: -1 };
  };
  const rest = [...args];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s.length === 0 || s[0] !== '-' || s.length === 1) {
      tokens.push(s);
      positionals++;
      continue;
    }
    if (s[1] === '-') {
      if (s.length === 2) {
        tokens.push(s, ...rest);
        return { tokens, argsLenAtDash: positionals };
      }
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') return fail(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const f = lookupLong(defs, name);
      if (!f) return fail(`unknown flag: --${name}`);
      if (eq >= 0) tokens.push(`--${name}=${body.slice(eq + 1)}`);
      else if (f.kind === 'bool') tokens.push(`--${name}=true`);
      else if (rest.length > 0) tokens.push(`--${name}=${rest.shift()!}`);
      else return fail(`flag needs an argument: ${s}`);
      continue;
    }
    let shorthands = s.slice(1);
    while (shorthands.length > 0) {
      const c = shorthands[0]!;
      const f = lookupShort(defs, c);
      if (!f) return fail(`unknown shorthand flag: '${c}' in -${shorthands}`);
      if (shorthands.length > 2 && shorthands[1] === '=') {
        tokens.push(`--${f.flagName}=${shorthands.slice(2)}`);
        shorthands = '';
      } else if (f.kind === 'bool') {
        tokens.push(`--${f.flagName}=true`);
        shorthands = shorthands.slice(1);
      } else if (shorthands.length > 1) {
        tokens.push(`--${f.flagName}=${shorthands.slice(1)}`);
        shorthands = '';
      } else if (rest.length > 0) {
        tokens.push(`--${f.flagName}=${rest.shift()!}`);
        shorthands = '';
      } else {
        return fail(`flag needs an argument: '${c}' in -${shorthands}`);
      }
    }
  }
  return { tokens, argsLenAtDash: -1 };
}
