// The v2 command line the way etcdctl 3.4.23's v2 mode parses it: urfave/cli 1.22 (Debian links
// 1.22, upstream pins 1.20) on top of Go's `flag` package. Declarations are commander Options and
// Commands (as on the v3 side); parsing, help and errors are urfave's, because users and scripts
// see them:
//
// * Global flags come before the command name; Go's flag parser stops at the first non-flag.
// * Command flags: urfave 1.22's reorderArgs moves the command's own flags (and the token after a
//   flag written without `=`, even after a bool flag) in front of the other arguments; `--` and
//   everything after it stay at the end, with the `--` moved to the front of them. Go's parser
//   then stops at the first non-flag. So `set /k v --ttl 5` sets ttl=5, `ls -r /q --sort` leaves
//   `--sort` as an argument, and `get /k -o json` ignores `-o json` (extra arguments). We copy
//   this exactly (it is what Debian's etcdctl does); see reorderArgs.
// * `-flag` and `--flag` are the same; bool flags take `-f` or `-f=value`, never a separate value.
// * Errors: `Incorrect Usage. <err>` (global) / `Incorrect Usage: <err>` (command) and the help on
//   stdout, the bare error on stderr, exit 1; `No help topic for 'x'` on stderr, exit 3.
// * Help: urfave's text/template output through text/tabwriter (minwidth 1, tabwidth 8,
//   padding 2, padchar ' '), including its quirks (a sub-app's `help` shows app help with a
//   VERSION section, `help help` has an empty name, the help flag is not listed for commands).
import { Command, Option } from 'commander';
import { CliError } from './errors.js';
import { GoParseError, goDurationString, parseGoBool, parseGoDuration, parseGoInt } from './go-parse.js';
import type { IO } from './io.js';

export type UFlagKind = 'bool' | 'string' | 'int' | 'duration' | 'stringSlice';
export type UValue = boolean | string | bigint | string[];

/** A urfave flag: `name` is urfave's comma-separated name list (`output, o`). */
export class UFlag extends Option {
  readonly names: string[];

  constructor(
    readonly kind: UFlagKind,
    readonly fullName: string,
    readonly usageText: string,
    /** the typed default (durations in ns) */
    override readonly defaultValue: UValue,
    /** whether urfave's struct has a Value field (BoolFlag has none: no placeholder, no default) */
    readonly hasValueField: boolean = kind !== 'bool',
  ) {
    const names = fullName.split(',').map((n) => n.trim());
    const long = names.find((n) => n.length > 1);
    const short = names.find((n) => n.length === 1);
    const spec = [short ? `-${short}` : '', long ? `--${long}` : ''].filter((s) => s !== '').join(', ');
    super(kind === 'bool' ? spec : `${spec} <value>`, usageText);
    this.names = names;
  }

  /** urfave's stringifyFlag: `--name value, -n value\tusage (default: x)`. */
  helpLine(): string {
    if (this.kind === 'stringSlice') {
      const [placeholder, usage] = unquoteUsage(this.usageText);
      const defaults = (this.defaultValue as string[]).filter((s) => s !== '').map((s) => JSON.stringify(s));
      const def = defaults.length > 0 ? ` (default: ${defaults.join(', ')})` : '';
      return `${prefixedNames(this.names, placeholder || 'value')}\t${(usage + def).trim()}`;
    }
    let [placeholder, usage] = unquoteUsage(this.usageText);
    let def = '';
    if (this.hasValueField) {
      def = ` (default: ${formatDefault(this.kind, this.defaultValue)})`;
      if (this.kind === 'string' && this.defaultValue !== '') def = ` (default: ${goQuoteAscii(this.defaultValue as string)})`;
      if (def === ' (default: )') def = '';
      if (placeholder === '') placeholder = 'value';
    }
    return `${prefixedNames(this.names, placeholder)}\t${(usage + def).trim()}`;
  }
}

function formatDefault(kind: UFlagKind, v: UValue): string {
  if (kind === 'duration') return goDurationString(v as bigint);
  return String(v);
}

/** strconv.Quote for the plain ASCII defaults etcdctl has. */
function goQuoteAscii(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function unquoteUsage(usage: string): [string, string] {
  const i = usage.indexOf('`');
  if (i < 0) return ['', usage];
  const j = usage.indexOf('`', i + 1);
  if (j < 0) return ['', usage];
  const name = usage.slice(i + 1, j);
  return [name, usage.slice(0, i) + name + usage.slice(j + 1)];
}

function prefixedNames(names: string[], placeholder: string): string {
  return names.map((n) => `${n.length === 1 ? '-' : '--'}${n}${placeholder !== '' ? ` ${placeholder}` : ''}`).join(', ');
}

export const uflag = {
  bool: (name: string, usage: string) => new UFlag('bool', name, usage, false),
  string: (name: string, def: string, usage: string) => new UFlag('string', name, usage, def),
  int: (name: string, def: bigint, usage: string) => new UFlag('int', name, usage, def),
  /** default in nanoseconds */
  duration: (name: string, def: bigint, usage: string) => new UFlag('duration', name, usage, def),
  stringSlice: (name: string, usage: string) => new UFlag('stringSlice', name, usage, []),
};

/** urfave's HelpFlag and VersionFlag. */
const helpFlag = () => uflag.bool('help, h', 'show help');
const versionFlag = () => uflag.bool('version, v', 'print the version');

// ---------------------------------------------------------------------------------------------
// Go's flag.FlagSet (Go 1.19), with urfave registering every name of a flag as its own Go flag.

export class UsageError extends Error {}

interface Cell {
  flag: UFlag;
  value: UValue;
}

export class FlagSet {
  private readonly cells = new Map<string, Cell>();
  /** names set on the command line, in order (Go's `actual`) */
  readonly visited = new Set<string>();
  args: string[] = [];
  /** whether parsing ended at a `--` (which Go's parser drops) */
  dashConsumed = false;

  constructor(readonly flags: UFlag[]) {
    for (const f of flags) {
      // a string slice's names share one value (urfave passes one *StringSlice to each name)
      const shared: Cell | undefined = f.kind === 'stringSlice' ? { flag: f, value: [] } : undefined;
      for (const n of f.names) this.cells.set(n, shared ?? { flag: f, value: f.defaultValue });
    }
  }

  lookup(name: string): Cell | undefined {
    return this.cells.get(name);
  }

  /** flag.FlagSet.Set: converts and stores a value (throws GoParseError-like texts). */
  set(name: string, raw: string): void {
    const cell = this.cells.get(name)!;
    cell.value = convert(cell.flag.kind, raw, cell.value);
    this.visited.add(name);
  }

  /** flag.FlagSet.Parse: flags up to the first non-flag or `--`; the rest are args. */
  parse(args: string[]): void {
    let rest = [...args];
    for (;;) {
      if (rest.length === 0) break;
      const s = rest[0]!;
      if (s.length < 2 || s[0] !== '-') break;
      let minuses = 1;
      if (s[1] === '-') {
        minuses++;
        if (s.length === 2) {
          rest = rest.slice(1);
          this.dashConsumed = true;
          break;
        }
      }
      let name = s.slice(minuses);
      if (name.length === 0 || name[0] === '-' || name[0] === '=') throw new UsageError(`bad flag syntax: ${s}`);
      rest = rest.slice(1);
      let hasValue = false;
      let value = '';
      const eq = name.indexOf('=', 1);
      if (eq > 0) {
        value = name.slice(eq + 1);
        hasValue = true;
        name = name.slice(0, eq);
      }
      const cell = this.cells.get(name);
      if (!cell) throw new UsageError(`flag provided but not defined: -${name}`);
      if (cell.flag.kind === 'bool') {
        if (hasValue) {
          try {
            this.set(name, value);
          } catch {
            throw new UsageError(`invalid boolean value ${goQuoteAscii(value)} for -${name}: parse error`);
          }
        } else this.set(name, 'true');
      } else {
        if (!hasValue && rest.length > 0) {
          hasValue = true;
          value = rest[0]!;
          rest = rest.slice(1);
        }
        if (!hasValue) throw new UsageError(`flag needs an argument: -${name}`);
        try {
          this.set(name, value);
        } catch (e) {
          const why = e instanceof GoParseError && e.message.endsWith('value out of range') ? 'value out of range' : 'parse error';
          throw new UsageError(`invalid value ${goQuoteValue(value)} for flag -${name}: ${why}`);
        }
      }
    }
    this.args = rest;
  }

  /** urfave's normalizeFlags: copies a flag set by one name to its other names. */
  normalize(): void {
    for (const f of this.flags) {
      if (f.names.length === 1) continue;
      let first: string | undefined;
      for (const n of f.names) {
        if (this.visited.has(n)) {
          if (first !== undefined) throw new UsageError(`Cannot use two forms of the same flag: ${n} ${first}`);
          first = n;
        }
      }
      if (first === undefined || f.kind === 'stringSlice') continue;
      const v = this.cells.get(first)!.value;
      for (const n of f.names) {
        if (!this.visited.has(n)) {
          this.cells.get(n)!.value = v;
          this.visited.add(n);
        }
      }
    }
  }

  value(name: string): UValue | undefined {
    return this.cells.get(name)?.value;
  }
}

function convert(kind: UFlagKind, raw: string, previous: UValue): UValue {
  switch (kind) {
    case 'bool':
      return parseGoBool(raw);
    case 'string':
      return raw;
    case 'int':
      return parseGoInt(raw, 0, 64);
    case 'duration':
      return parseGoDuration(raw);
    case 'stringSlice':
      return [...(previous as string[]), raw];
  }
}

/** %q of a value in a flag error (Go's strconv.Quote). */
function goQuoteValue(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// urfave 1.22's reorderArgs / argIsFlag.

/** Whether arg names one of the command's flags (`-r`, `--sort`, `--ttl=5`). */
export function argIsFlag(flags: UFlag[], arg: string): boolean {
  if (arg === '-' || arg === '--') return false;
  if (!arg.startsWith('-')) return false;
  let a = arg;
  if (a.startsWith('--')) a = replaceN(a, '-', 2);
  if (a.startsWith('-')) a = replaceN(a, '-', 1);
  a = a.split('=')[0]!;
  return flags.some((f) => f.names.includes(a));
}

function replaceN(s: string, ch: string, n: number): string {
  let out = '';
  let left = n;
  for (const c of s) {
    if (c === ch && left > 0) {
      left--;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * Moves the command's flags (and a value following a flag without `=`) before the other args.
 * `info.beforeDash` is set to how many plain args preceded a `--` delimiter (-1: none).
 */
export function reorderArgs(flags: UFlag[], args: string[], info: { beforeDash: number } = { beforeDash: -1 }): string[] {
  info.beforeDash = -1;
  let remaining: string[] = [];
  const reordered: string[] = [];
  let nextMayBeValue = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (nextMayBeValue && !argIsFlag(flags, arg)) {
      nextMayBeValue = false;
      reordered.push(arg);
    } else if (arg === '--') {
      info.beforeDash = remaining.length;
      remaining = ['--', ...remaining, ...args.slice(i + 1)];
      break;
    } else if (argIsFlag(flags, arg)) {
      reordered.push(arg);
      nextMayBeValue = !arg.includes('=');
    } else {
      remaining.push(arg);
    }
  }
  return [...reordered, ...remaining];
}

// ---------------------------------------------------------------------------------------------
// Commands and apps.

export type UAction<F> = (ctx: UContext<F>) => Promise<void> | void;

export interface UCommandSpec<F> {
  name: string;
  aliases?: string[];
  usage: string;
  argsUsage?: string;
  description?: string;
  flags?: UFlag[];
  subcommands?: UCommand<F>[];
  action?: UAction<F>;
}

/** A v2 command: a commander Command holding urfave's declaration. */
export class UCommand<F = unknown> extends Command {
  readonly spec: Required<Omit<UCommandSpec<F>, 'action'>> & { action?: UAction<F> };
  /** urfave's HelpName, set when an app is set up */
  helpName = '';

  constructor(spec: UCommandSpec<F>) {
    super(spec.name);
    this.spec = {
      aliases: [],
      argsUsage: '',
      description: '',
      flags: [],
      subcommands: [],
      ...spec,
    };
    this.summary(spec.usage);
    if (spec.description) this.description(spec.description);
    if (spec.argsUsage) this.usage(spec.argsUsage);
    for (const a of this.spec.aliases) this.alias(a);
    for (const f of this.spec.flags) this.addOption(f);
    for (const s of this.spec.subcommands) this.addCommand(s);
  }

  get names(): string[] {
    return [this.spec.name, ...this.spec.aliases];
  }
  hasName(n: string): boolean {
    return this.names.includes(n);
  }
  get subcommandList(): UCommand<F>[] {
    return this.spec.subcommands;
  }
}

export function defineV2Command<F>(spec: UCommandSpec<F>): UCommand<F> {
  return new UCommand<F>(spec);
}

export interface UApp<F> {
  name: string;
  helpName: string;
  usage: string;
  argsUsage: string;
  description: string;
  version: string;
  flags: UFlag[];
  commands: UCommand<F>[];
  /** the commands the COMMANDS section lists (urfave's categories, computed at set-up) */
  listed: UCommand<F>[];
  action: UAction<F>;
}

/** urfave's Context: a flag set, its args, the app, and the parent context. */
export class UContext<F> {
  /**
   * For a leaf command: how many of `args` the user wrote before a `--` delimiter that the
   * reordering moved to the front and Go's parser then dropped; -1 otherwise. (urfave has no
   * such thing; exec-watch uses it to honour `exec-watch <key> -- <cmd>`.)
   */
  argsLenAtDash = -1;

  constructor(
    readonly app: UApp<F>,
    readonly set: FlagSet,
    readonly parent: UContext<F> | undefined,
    readonly io: IO,
    readonly hooks: Hooks<F>,
    readonly command?: UCommand<F>,
  ) {}

  get args(): string[] {
    return this.set.args;
  }

  bool(name: string): boolean {
    return (this.set.value(name) as boolean | undefined) ?? false;
  }
  string(name: string): string {
    return (this.set.value(name) as string | undefined) ?? '';
  }
  int(name: string): bigint {
    return (this.set.value(name) as bigint | undefined) ?? 0n;
  }
  strings(name: string): string[] {
    return (this.set.value(name) as string[] | undefined) ?? [];
  }

  private globalSet(name: string): FlagSet | undefined {
    let c: UContext<F> | undefined = this.parent ?? this;
    for (; c; c = c.parent) if (c.set.lookup(name)) return c.set;
    return undefined;
  }
  globalBool(name: string): boolean {
    return (this.globalSet(name)?.value(name) as boolean | undefined) ?? false;
  }
  globalString(name: string): string {
    return (this.globalSet(name)?.value(name) as string | undefined) ?? '';
  }
  /** nanoseconds */
  globalDuration(name: string): bigint {
    return (this.globalSet(name)?.value(name) as bigint | undefined) ?? 0n;
  }

  /** The factory of the run (built once, from the root context). */
  get f(): F {
    return this.hooks.factory(this);
  }
}

export interface Hooks<F> {
  /** builds (once) the command's dependencies from a command context */
  factory(ctx: UContext<F>): F;
  /** a command name the app does not know; may throw instead of urfave's "No help topic" */
  unknownCommand?(name: string): void;
  versionText: string;
}

// ---------------------------------------------------------------------------------------------
// Help (urfave's templates, then text/tabwriter with padding 2 and spaces).

function commandsSection<F>(listed: UCommand<F>[]): string {
  return listed.map((c) => `\n   ${c.names.join(', ')}\t${c.spec.usage}`).join('');
}

export function appHelp<F>(app: UApp<F>): string {
  let s = `NAME:\n   ${app.name}${app.usage ? ` - ${app.usage}` : ''}\n\nUSAGE:\n   `;
  s += `${app.helpName} ${app.flags.length > 0 ? '[global options]' : ''}${app.commands.length > 0 ? ' command [command options]' : ''} ${app.argsUsage || '[arguments...]'}`;
  if (app.version) s += `\n\nVERSION:\n   ${app.version}`;
  if (app.description) s += `\n\nDESCRIPTION:\n   ${app.description}`;
  if (app.commands.length > 0) s += `\n\nCOMMANDS:${commandsSection(app.listed)}`;
  if (app.flags.length > 0) s += `\n\nGLOBAL OPTIONS:\n   ${app.flags.map((f) => f.helpLine()).join('\n   ')}`;
  return tabwriteSpaces(s + '\n');
}

export function commandHelp<F>(c: UCommand<F>): string {
  const flags = c.spec.flags;
  let s = `NAME:\n   ${c.helpName} - ${c.spec.usage}\n\nUSAGE:\n   `;
  s += `${c.helpName}${flags.length > 0 ? ' [command options]' : ''} ${c.spec.argsUsage || '[arguments...]'}`;
  if (c.spec.description) s += `\n\nDESCRIPTION:\n   ${c.spec.description}`;
  if (flags.length > 0) s += `\n\nOPTIONS:\n   ${flags.map((f) => `${f.helpLine()}\n   `).join('')}`;
  return tabwriteSpaces(s + '\n');
}

export function subcommandHelp<F>(app: UApp<F>): string {
  let s = `NAME:\n   ${app.helpName} - ${app.description || app.usage}\n\nUSAGE:\n   `;
  s += `${app.helpName} command${app.flags.length > 0 ? ' [command options]' : ''} ${app.argsUsage || '[arguments...]'}`;
  s += `\n\nCOMMANDS:${commandsSection(app.listed)}`;
  if (app.flags.length > 0) s += `\n\nOPTIONS:\n   ${app.flags.map((f) => `${f.helpLine()}\n   `).join('')}`;
  return tabwriteSpaces(s + '\n');
}

/** Go's text/tabwriter with minwidth 1, tabwidth 8, padding 2, padchar ' ', no flags. */
export function tabwriteSpaces(text: string): string {
  const runes = (s: string) => [...s].length;
  const endsWithNewline = text.endsWith('\n');
  const lines = text.split('\n').map((l) => l.split('\t'));
  if (endsWithNewline) lines.pop();
  const out: string[] = [];
  const widths: number[] = [];
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        s += cells[j];
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(widths[j]! - runes(cells[j]!));
      }
      out.push(s);
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = 1;
      for (; current < line1; current++) {
        const cells = lines[current]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, runes(cells[column]!) + 2);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------
// Running: App.Run, Command.Run, Command.startApp + App.RunAsSubcommand.

function noHelpTopic(name: string): CliError {
  return new CliError(`No help topic for '${name}'`, 3, `No help topic for '${name}'\n`);
}

/** Any usage error: urfave returns it to etcdctl's main, which prints it and exits 1. */
function usageFailure(err: string): CliError {
  return new CliError(err, 1, `${err}\n`);
}

/** ShowCommandHelp(ctx, name): help for a command of ctx's app, or sub-app help for "". */
function showCommandHelp<F>(ctx: UContext<F>, name: string): void {
  if (name === '') {
    ctx.io.stdout.write(subcommandHelp(ctx.app));
    return;
  }
  const c = ctx.app.commands.find((x) => x.hasName(name));
  if (!c) throw noHelpTopic(name);
  ctx.io.stdout.write(commandHelp(c));
}

function newHelpCommand<F>(): UCommand<F> {
  return new UCommand<F>({
    name: 'help',
    aliases: ['h'],
    usage: 'Shows a list of commands or help for one command',
    argsUsage: '[command]',
    action: (ctx) => {
      if (ctx.args.length > 0) return showCommandHelp(ctx, ctx.args[0]!);
      ctx.io.stdout.write(appHelp(ctx.app));
    },
  });
}

/** helpSubcommand.Action: a sub-app's default action. */
const helpSubcommandAction = <F>(ctx: UContext<F>) => {
  if (ctx.args.length > 0) return showCommandHelp(ctx, ctx.args[0]!);
  showCommandHelp(ctx, ctx.command?.spec.name ?? '');
};

export interface RootSpec<F> {
  name: string;
  usage: string;
  version: string;
  flags: UFlag[];
  commands: UCommand<F>[];
}

/** App.Setup + App.Run for the root app. */
export async function runApp<F>(spec: RootSpec<F>, argv: string[], io: IO, hooks: Hooks<F>): Promise<void> {
  const help = newHelpCommand<F>();
  for (const c of spec.commands) c.helpName = `${spec.name} ${c.spec.name}`;
  const commands = [...spec.commands, help];
  const app: UApp<F> = {
    name: spec.name,
    helpName: spec.name,
    usage: spec.usage,
    argsUsage: '',
    description: '',
    version: spec.version,
    flags: [...spec.flags, helpFlag(), versionFlag()],
    commands,
    listed: commands,
    action: help.spec.action!,
  };
  const set = new FlagSet(app.flags);
  let parseErr: UsageError | undefined;
  try {
    set.parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    parseErr = e;
  }
  const ctx = new UContext<F>(app, set, undefined, io, hooks);
  try {
    set.normalize();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stdout.write(`${e.message}\n`);
    io.stdout.write(appHelp(app));
    throw usageFailure(e.message);
  }
  if (parseErr) {
    io.stdout.write(`Incorrect Usage. ${parseErr.message}\n\n`);
    io.stdout.write(appHelp(app));
    throw usageFailure(parseErr.message);
  }
  if (ctx.bool('help') || ctx.bool('h')) {
    io.stdout.write(appHelp(app));
    return;
  }
  if (ctx.bool('version') || ctx.bool('v')) {
    io.stdout.write(hooks.versionText);
    return;
  }
  if (ctx.args.length > 0) {
    const name = ctx.args[0]!;
    const c = app.commands.find((x) => x.hasName(name));
    if (c) return runCommand(c, ctx);
    hooks.unknownCommand?.(name);
  }
  await app.action(ctx);
}

/** Command.Run: a leaf command (flags reordered and parsed) or a parent (a sub-app). */
async function runCommand<F>(c: UCommand<F>, ctx: UContext<F>): Promise<void> {
  if (c.subcommandList.length > 0) return startApp(c, ctx);
  const flags = [...c.spec.flags, helpFlag()];
  const set = new FlagSet(flags);
  const cctx = new UContext<F>(ctx.app, set, ctx, ctx.io, ctx.hooks, c);
  const info = { beforeDash: -1 };
  try {
    set.parse(reorderArgs(flags, ctx.args.slice(1), info));
    set.normalize();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    ctx.io.stdout.write(`Incorrect Usage: ${e.message}\n\n`);
    showCommandHelp(cctx, c.spec.name);
    throw usageFailure(e.message);
  }
  if (set.dashConsumed && info.beforeDash >= 0) cctx.argsLenAtDash = info.beforeDash;
  if (cctx.bool('h') || cctx.bool('help')) return showCommandHelp(cctx, c.spec.name);
  const action = c.spec.action ?? helpSubcommandAction;
  await action(cctx);
}

/** Command.startApp + App.RunAsSubcommand: `member`, `user`, `role`, `auth`. */
async function startApp<F>(c: UCommand<F>, ctx: UContext<F>): Promise<void> {
  const name = `${ctx.app.name} ${c.spec.name}`;
  const help = newHelpCommand<F>();
  const subs = [...c.subcommandList, help];
  const app: UApp<F> = {
    name,
    helpName: c.helpName === '' ? '' : name,
    usage: c.spec.usage,
    argsUsage: c.spec.argsUsage,
    description: c.spec.description,
    version: ctx.app.version,
    flags: [...c.spec.flags, helpFlag()],
    commands: subs,
    listed: c.subcommandList,
    action: c.spec.action ?? helpSubcommandAction,
  };
  for (const s of subs) s.helpName = `${app.helpName} ${s.spec.name}`;
  const set = new FlagSet(app.flags);
  let parseErr: UsageError | undefined;
  try {
    set.parse(ctx.args.slice(1));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    parseErr = e;
  }
  const sctx = new UContext<F>(app, set, ctx, ctx.io, ctx.hooks);
  try {
    set.normalize();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    ctx.io.stdout.write(`${e.message}\n\n`);
    showCommandHelp(sctx, '');
    throw usageFailure(e.message);
  }
  if (parseErr) {
    ctx.io.stdout.write(`Incorrect Usage. ${parseErr.message}\n\n`);
    showCommandHelp(sctx, '');
    throw usageFailure(parseErr.message);
  }
  if (sctx.bool('h') || sctx.bool('help')) return showCommandHelp(sctx, '');
  if (sctx.args.length > 0) {
    const sub = app.commands.find((x) => x.hasName(sctx.args[0]!));
    if (sub) return runCommand(sub, sctx);
  }
  await app.action(sctx);
}
