// The v2 command line the way etcdctl 3.4.23's v2 mode parses it: urfave/cli 1.22 (Debian links
// 1.22, upstream pins 1.20) on top of Go's `flag` package. Commands are commander Commands and
// every name of a flag a commander Option; commander's parseAsync parses (after the argv adapter
// of src/cli/v2/go-flag-argv.ts, which also holds urfave's reorderArgs), converts values with Go's
// error texts (argParser), and dispatches (passThroughOptions: Go stops at the first argument).
// Help, errors and the checks urfave makes between levels are urfave's, because users and scripts
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
import { CliError } from '../core/errors.js';
import { GO_FLAG_ERROR_TOKEN, argIsFlag, reorderArgs, scanGoFlags } from './go-flag-argv.js';
import { GoParseError, parseGoBool, parseGoDuration, parseGoInt } from '../../format/go-parse.js';
import { commanderOutput, type IO } from '../core/io.js';
import { tabwrite } from '../../format/tabwriter.js';
import { goDuration } from '../../format/go-duration.js';
import { goQuote } from '../../format/go-quote.js';

export type UFlagKind = 'bool' | 'string' | 'int' | 'duration' | 'stringSlice';
export type UValue = boolean | string | bigint | string[];

/** A urfave flag: `name` is urfave's comma-separated name list (`output, o`). */
export class UFlag {
  readonly names: string[];
  private declared: GoFlagOption[] | undefined;

  constructor(
    readonly kind: UFlagKind,
    readonly fullName: string,
    readonly usageText: string,
    /** the typed default (durations in ns) */
    readonly defaultValue: UValue,
    /** whether urfave's struct has a Value field (BoolFlag has none: no placeholder, no default) */
    readonly hasValueField: boolean = kind !== 'bool',
  ) {
    this.names = fullName.split(',').map((n) => n.trim());
  }

  /** The flag's names as commander options, one per name (urfave makes each a Go flag). */
  options(): GoFlagOption[] {
    return (this.declared ??= this.names.map((n) => new GoFlagOption(this, n)));
  }

  /** urfave's stringifyFlag: `--name value, -n value\tusage (default: x)`. */
  helpLine(): string {
    if (this.kind === 'stringSlice') {
      const [placeholder, usage] = unquoteUsage(this.usageText);
      const defaults = (this.defaultValue as string[]).filter((s) => s !== '').map((s) => goQuote(s));
      const def = defaults.length > 0 ? ` (default: ${defaults.join(', ')})` : '';
      return `${prefixedNames(this.names, placeholder || 'value')}\t${(usage + def).trim()}`;
    }
    let [placeholder, usage] = unquoteUsage(this.usageText);
    let def = '';
    if (this.hasValueField) {
      def = ` (default: ${formatDefault(this.kind, this.defaultValue)})`;
      if (this.kind === 'string' && this.defaultValue !== '') def = ` (default: ${goQuote(this.defaultValue as string)})`;
      if (def === ' (default: )') def = '';
      if (placeholder === '') placeholder = 'value';
    }
    return `${prefixedNames(this.names, placeholder)}\t${(usage + def).trim()}`;
  }
}

function formatDefault(kind: UFlagKind, v: UValue): string {
  if (kind === 'duration') return goDuration(v as bigint);
  return String(v);
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

/** One Go flag (one name of a urfave flag) as a commander option, converting with Go's texts. */
export class GoFlagOption extends Option {
  constructor(
    readonly flag: UFlag,
    readonly goName: string,
  ) {
    super(`--${goName} ${flag.kind === 'bool' ? '[value]' : '<value>'}`, flag.usageText);
    this.negate = false; // `--no-sync` is a flag of its own
    this.default(flag.kind === 'stringSlice' ? [] : flag.defaultValue);
    this.argParser((raw: string, previous: UValue) => {
      try {
        return convert(flag.kind, raw, previous);
      } catch (e) {
        if (flag.kind === 'bool') throw new UsageError(`invalid boolean value ${goQuote(raw)} for -${goName}: parse error`);
        const why = e instanceof GoParseError && e.message.endsWith('value out of range') ? 'value out of range' : 'parse error';
        throw new UsageError(`invalid value ${goQuote(raw)} for flag -${goName}: ${why}`);
      }
    });
  }
}

interface Cell {
  flag: UFlag;
  value: UValue;
}

/** The values of one command's Go flags, as commander parsed them (Go's FlagSet after Parse). */
export class FlagSet {
  private readonly cells = new Map<string, Cell>();
  /** names set on the command line (Go's `actual`) */
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

  /** Takes the values commander stored on cmd for these flags. */
  fill(cmd: Command, args: string[]): this {
    for (const f of this.flags) {
      for (const o of f.options()) {
        const key = o.attributeName();
        if (cmd.getOptionValueSource(key) !== 'cli') continue;
        const cell = this.cells.get(o.goName)!;
        const v = cmd.getOptionValue(key) as UValue;
        cell.value = f.kind === 'stringSlice' ? [...(cell.value as string[]), ...(v as string[])] : v;
        this.visited.add(o.goName);
      }
    }
    this.args = args;
    return this;
  }

  /** flag.FlagSet.Parse of args alone (commander parses; tests and one-level uses). */
  parse(args: string[]): void {
    const scan = scanGoFlags(this.flags, args);
    const cmd = new UCommand({ name: 'flags', usage: '' });
    cmd.declareFlags(this.flags);
    cmd.parse([...scan.tokens, ...(scan.failed ? [] : ['--', ...scan.rest])], { from: 'user' });
    this.fill(cmd, scan.rest);
    this.dashConsumed = scan.dashConsumed;
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

export { argIsFlag, reorderArgs };

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
  /** the app this command runs as (the root app, or a parent's sub-app), once set up */
  app: UApp<F> | undefined;
  private flagsDeclared = false;

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
    // Go's rules in commander's terms: errors are thrown, help is a plain flag, arguments are the
    // action's to check, parsing stops at the first argument and hands the rest to a subcommand.
    this.exitOverride();
    this.helpOption(false);
    this.helpCommand(false);
    this.allowExcessArguments(true);
    this.enablePositionalOptions();
    this.passThroughOptions();
    // help text: the app's for a root or a parent, the command's otherwise
    this.configureHelp({ formatHelp: () => (this.app ? (this.parent ? subcommandHelp(this.app) : appHelp(this.app)) : commandHelp(this)) });
    for (const a of this.spec.aliases) this.alias(a);
    for (const s of this.spec.subcommands) this.addCommand(s);
  }

  /** Declares flags to commander (each name an option), once, before this command is parsed. */
  declareFlags(flags: UFlag[]): void {
    if (this.flagsDeclared) return;
    this.flagsDeclared = true;
    for (const f of flags) for (const o of f.options()) this.addOption(o);
  }

  /** Go's parse errors reach commander as marked tokens (see go-flag-argv.ts). */
  unknownOption(flag: string): never {
    throw new UsageError(flag.startsWith(GO_FLAG_ERROR_TOKEN) ? flag.slice(GO_FLAG_ERROR_TOKEN.length) : `flag provided but not defined: ${flag}`);
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
  /** the commander command this app runs as */
  command: UCommand<F>;
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
  /** the app's command the command line names (before it is parsed) */
  selected?(name: string): void;
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
  return helpTabwrite(s + '\n');
}

export function commandHelp<F>(c: UCommand<F>): string {
  const flags = c.spec.flags;
  let s = `NAME:\n   ${c.helpName} - ${c.spec.usage}\n\nUSAGE:\n   `;
  s += `${c.helpName}${flags.length > 0 ? ' [command options]' : ''} ${c.spec.argsUsage || '[arguments...]'}`;
  if (c.spec.description) s += `\n\nDESCRIPTION:\n   ${c.spec.description}`;
  if (flags.length > 0) s += `\n\nOPTIONS:\n   ${flags.map((f) => `${f.helpLine()}\n   `).join('')}`;
  return helpTabwrite(s + '\n');
}

export function subcommandHelp<F>(app: UApp<F>): string {
  let s = `NAME:\n   ${app.helpName} - ${app.description || app.usage}\n\nUSAGE:\n   `;
  s += `${app.helpName} command${app.flags.length > 0 ? ' [command options]' : ''} ${app.argsUsage || '[arguments...]'}`;
  s += `\n\nCOMMANDS:${commandsSection(app.listed)}`;
  if (app.flags.length > 0) s += `\n\nOPTIONS:\n   ${app.flags.map((f) => `${f.helpLine()}\n   `).join('')}`;
  return helpTabwrite(s + '\n');
}

/** urfave's printHelpCustom: the template output through tabwriter.NewWriter(out, 1, 8, 2, ' ', 0). */
function helpTabwrite(text: string): string {
  return tabwrite(text, 1, 8, 2, ' ', 0);
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

/** Help through commander (the command's configureHelp gives urfave's template). */
function printHelp<F>(c: UCommand<F>, io: IO): void {
  c.configureOutput(commanderOutput(io));
  c.outputHelp();
}

/** ShowCommandHelp(ctx, name): help for a command of ctx's app, or sub-app help for "". */
function showCommandHelp<F>(ctx: UContext<F>, name: string): void {
  if (name === '') {
    printHelp(ctx.app.command, ctx.io);
    return;
  }
  const c = ctx.app.commands.find((x) => x.hasName(name));
  if (!c) throw noHelpTopic(name);
  printHelp(c, ctx.io);
}

function newHelpCommand<F>(): UCommand<F> {
  return new UCommand<F>({
    name: 'help',
    aliases: ['h'],
    usage: 'Shows a list of commands or help for one command',
    argsUsage: '[command]',
    action: (ctx) => {
      if (ctx.args.length > 0) return showCommandHelp(ctx, ctx.args[0]!);
      // a sub-app's `help` shows the app template (with a VERSION section): urfave's quirk
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

/** Help or version was printed at a level before its subcommand: the run is over. */
class Shown extends Error {}

/** Command.startApp's set-up of a parent command as a sub-app (`member`, `user`, `role`, `auth`). */
function subApp<F>(c: UCommand<F>, parent: UApp<F>): UApp<F> {
  if (c.app) return c.app;
  const name = `${parent.name} ${c.spec.name}`;
  const help = newHelpCommand<F>();
  c.addCommand(help);
  const app: UApp<F> = {
    command: c,
    name,
    helpName: c.helpName === '' ? '' : name,
    usage: c.spec.usage,
    argsUsage: c.spec.argsUsage,
    description: c.spec.description,
    version: parent.version,
    flags: [...c.spec.flags, helpFlag()],
    commands: [...c.subcommandList, help],
    listed: c.subcommandList,
    action: c.spec.action ?? helpSubcommandAction,
  };
  for (const s of app.commands) s.helpName = `${app.helpName} ${s.spec.name}`;
  c.app = app;
  return app;
}

/**
 * App.Setup + App.Run for the root app, Command.Run for its command, and App.RunAsSubcommand
 * for a parent's sub-app: the adapter reads each level's flags as Go does into commander's
 * form, commander parses and dispatches, and urfave's checks between levels (two forms of one
 * flag, -h, -v) run in commander's preSubcommand hooks and actions.
 */
export async function runApp<F>(spec: RootSpec<F>, argv: string[], io: IO, hooks: Hooks<F>): Promise<void> {
  const help = newHelpCommand<F>();
  for (const c of spec.commands) c.helpName = `${spec.name} ${c.spec.name}`;
  const commands = [...spec.commands, help];
  const root = new UCommand<F>({ name: spec.name, usage: spec.usage, subcommands: commands });
  const app: UApp<F> = {
    command: root,
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
  root.app = app;

  // the command line in commander's form, level by level; the level whose parse is under way
  let current: UCommand<F> = root;
  let leafDash = -1;
  const tokens = levelTokens(root, app, argv);

  function levelTokens(cmd: UCommand<F>, level: UApp<F>, args: string[]): string[] {
    cmd.declareFlags(level.flags);
    const scan = scanGoFlags(level.flags, args);
    if (scan.failed || scan.rest.length === 0) return scan.tokens;
    const name = scan.rest[0]!;
    const c = level.commands.find((x) => x.hasName(name));
    if (!c) return [...scan.tokens, '--', ...scan.rest];
    if (cmd === root) hooks.selected?.(c.spec.name);
    if (c.subcommandList.length > 0) return [...scan.tokens, name, ...levelTokens(c, subApp(c, level), scan.rest.slice(1))];
    const flags = [...c.spec.flags, helpFlag()];
    c.declareFlags(flags);
    const info = { beforeDash: -1 };
    const leaf = scanGoFlags(flags, reorderArgs(flags, scan.rest.slice(1), info));
    if (leaf.dashConsumed && info.beforeDash >= 0) leafDash = info.beforeDash;
    return [...scan.tokens, name, ...leaf.tokens, ...(leaf.failed ? [] : ['--', ...leaf.rest])];
  }

  const contexts = new Map<Command, UContext<F>>();
  const flagsOf = (c: UCommand<F>): UFlag[] => c.app?.flags ?? [...c.spec.flags, helpFlag()];
  const contextOf = (c: UCommand<F>): UContext<F> => {
    let ctx = contexts.get(c);
    if (!ctx) {
      const parentCtx = c.parent ? contextOf(c.parent as UCommand<F>) : undefined;
      const set = new FlagSet(flagsOf(c)).fill(c, [...c.args]);
      ctx = new UContext<F>(c.app ?? parentCtx!.app, set, parentCtx, io, hooks, c.app ? undefined : c);
      if (!c.app && leafDash >= 0) ctx.argsLenAtDash = leafDash;
      contexts.set(c, ctx);
    }
    return ctx;
  };

  /** what urfave checks after parsing an app's flags, before its command runs */
  const appChecks = (c: UCommand<F>): UContext<F> => {
    const ctx = contextOf(c);
    const isRoot = c === root;
    try {
      ctx.set.normalize();
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stdout.write(isRoot ? `${e.message}\n` : `${e.message}\n\n`);
      printHelp(c, io);
      throw usageFailure(e.message);
    }
    if (ctx.bool('help') || ctx.bool('h')) {
      printHelp(c, io);
      throw new Shown();
    }
    if (isRoot && (ctx.bool('version') || ctx.bool('v'))) {
      io.stdout.write(hooks.versionText);
      throw new Shown();
    }
    return ctx;
  };

  const setUp = (c: UCommand<F>): void => {
    if (c.app) {
      c.hook('preSubcommand', (_self, sub) => {
        appChecks(c);
        current = sub as UCommand<F>;
      });
      c.action(async () => {
        const ctx = appChecks(c);
        if (c === root && ctx.args.length > 0) hooks.unknownCommand?.(ctx.args[0]!);
        await c.app!.action(ctx);
      });
      for (const s of c.commands) setUp(s as UCommand<F>);
      return;
    }
    c.action(async () => {
      const ctx = contextOf(c);
      ctx.set.normalize();
      if (ctx.bool('h') || ctx.bool('help')) return showCommandHelp(ctx, c.spec.name);
      const action = c.spec.action ?? helpSubcommandAction;
      await action(ctx);
    });
  };
  setUp(root);

  try {
    await root.parseAsync(tokens, { from: 'user' });
  } catch (e) {
    if (e instanceof Shown) return;
    if (!(e instanceof UsageError)) throw e;
    if (current.app) {
      // an app's parse error: urfave checks the two forms of a flag first
      const ctx = contextOf(current);
      try {
        ctx.set.normalize();
      } catch (n) {
        if (!(n instanceof UsageError)) throw n;
        io.stdout.write(current === root ? `${n.message}\n` : `${n.message}\n\n`);
        printHelp(current, io);
        throw usageFailure(n.message);
      }
      io.stdout.write(`Incorrect Usage. ${e.message}\n\n`);
      printHelp(current, io);
    } else {
      io.stdout.write(`Incorrect Usage: ${e.message}\n\n`);
      printHelp(current, io);
    }
    throw usageFailure(e.message);
  }
}
