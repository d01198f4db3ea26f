// The command tree. Each command is a commander Command carrying cobra's metadata (Use, Short,
// Long, persistent flags) and a run function. commander parses the command line (after the
// argv adapter of src/cli/v3/pflag-argv.ts), converts flag values with each Flag's argParser and
// dispatches to the command's action; help goes through commander's configureHelp, whose
// formatHelp is src/cli/v3/usage.ts (etcdctl's help template), and configureOutput.
import { Command } from 'commander';
import { commanderOutput, type IO } from '../core/io.js';
import { Flag, GoParseError, type FlagValue } from './flags.js';
import { PFLAG_ERROR_TOKEN } from './pflag-argv.js';
import { usageText } from './usage.js';

/** Values of a command's flags (its own and inherited) as commander parsed them; read-only. */
export class ParsedFlags {
  constructor(
    private readonly defs: Map<string, Flag>,
    private readonly values: Map<string, FlagValue>,
    private readonly changedNames: Set<string>,
  ) {}

  static defaults(defs: Flag[]): ParsedFlags {
    const m = new Map<string, Flag>();
    const v = new Map<string, FlagValue>();
    for (const d of defs) {
      m.set(d.flagName, d);
      v.set(d.flagName, d.defaultTyped);
    }
    return new ParsedFlags(m, v, new Set());
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }
  definition(name: string): Flag | undefined {
    return this.defs.get(name);
  }
  all(): Flag[] {
    return [...this.defs.values()];
  }
  changed(name: string): boolean {
    return this.changedNames.has(name);
  }
  value(name: string): FlagValue {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`flag accessed but not defined: ${name}`);
    return v;
  }
  bool(name: string): boolean {
    return this.value(name) as boolean;
  }
  string(name: string): string {
    return this.value(name) as string;
  }
  /** int / int64 / uint64 flags */
  int(name: string): bigint {
    return this.value(name) as bigint;
  }
  /** nanoseconds */
  duration(name: string): bigint {
    return this.value(name) as bigint;
  }
  strings(name: string): string[] {
    return this.value(name) as string[];
  }
}

export interface RunContext<F = unknown> {
  command: EtcdctlCommand;
  /** positional arguments, flags removed */
  args: string[];
  /** cobra's ArgsLenAtDash: how many positionals came before `--`, or -1 */
  argsLenAtDash: number;
  flags: ParsedFlags;
  io: IO;
  /** lazily built dependencies (clients, printer) for this API version */
  f: F;
}

// any: one tree holds commands of either set, each typed with its own factory where it is declared
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RunFn<F = any> = (ctx: RunContext<F>) => Promise<void> | void;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as RunFn
export interface CommandSpec<F = any> {
  /** cobra's Use: the name followed by the argument synopsis */
  use: string;
  short: string;
  long?: string;
  flags?: Flag[];
  persistentFlags?: Flag[];
  run?: RunFn<F>;
  subcommands?: EtcdctlCommand[];
  aliases?: string[];
  disableFlagsInUseLine?: boolean;
}

export class EtcdctlCommand extends Command {
  use = '';
  short = '';
  long = '';
  /** the command's own flags (cobra's non-persistent local flags) */
  ownFlags: Flag[] = [];
  persistent: Flag[] = [];
  run: RunFn | undefined;
  /** cobra's DisableFlagsInUseLine */
  disableFlagsInUseLine = false;
  /** the root's handler of a parsed command line (set by execute, called by every action) */
  onParsed: ((cmd: EtcdctlCommand) => Promise<void> | void) | undefined;
  private inheritedDeclared = false;
  private helpFlagOf: Flag | undefined;

  constructor(name?: string) {
    super(name);
    // cobra's rules, in commander's terms: errors are thrown (never process.exit), help is a
    // plain bool flag parsed in order with the others (pflag reports a flag error before help),
    // positionals are the run function's to check, and a parent hands everything after its
    // subcommand's name to that subcommand.
    this.exitOverride();
    this.helpOption(false);
    this.helpCommand(false);
    this.allowExcessArguments(true);
    this.enablePositionalOptions();
    this.configureHelp({ formatHelp: (cmd) => usageText(cmd as EtcdctlCommand) });
    this.action(() => this.rootCommand.onParsed?.(this));
  }

  /** cobra's automatic `-h, --help` flag */
  get helpFlag(): Flag {
    return (this.helpFlagOf ??= new Flag('bool', 'help', 'h', false, `help for ${this.name()}`));
  }

  get rootCommand(): EtcdctlCommand {
    return this.parentCommand ? this.parentCommand.rootCommand : this;
  }

  /**
   * Declares to commander, before it parses this command, the flags cobra adds at execution:
   * persistent ones, inherited ones and help (done for the commands on the parsed path only).
   */
  declareInheritedFlags(): void {
    if (this.inheritedDeclared) return;
    this.inheritedDeclared = true;
    for (const f of [...this.persistent, this.helpFlag, ...this.inheritedFlags()]) this.addOption(f);
  }

  /** Output through the run's IO (help to stdout, as etcdctl's usage function writes it). */
  routeOutput(io: IO): void {
    this.configureOutput(commanderOutput(io));
  }

  /** The values commander parsed for this command's flags (cobra's Flags()). */
  parsedFlags(): ParsedFlags {
    const defs = new Map<string, Flag>();
    const values = new Map<string, FlagValue>();
    const changed = new Set<string>();
    for (const f of this.options as Flag[]) {
      const key = f.attributeName();
      defs.set(f.flagName, f);
      values.set(f.flagName, this.getOptionValue(key) as FlagValue);
      if (this.getOptionValueSource(key) === 'cli') changed.add(f.flagName);
    }
    return new ParsedFlags(defs, values, changed);
  }

  /** pflag's grammar errors reach commander as marked tokens (see pflag-argv.ts). */
  unknownOption(flag: string): never {
    throw new GoParseError(flag.startsWith(PFLAG_ERROR_TOKEN) ? flag.slice(PFLAG_ERROR_TOKEN.length) : `unknown flag: ${flag}`);
  }

  get parentCommand(): EtcdctlCommand | null {
    return this.parent as EtcdctlCommand | null;
  }

  /** flags declared on this command (cobra's LocalFlags, help excluded) */
  localFlags(): Flag[] {
    return [...this.ownFlags, ...this.persistent];
  }

  /** persistent flags of the ancestors (cobra's InheritedFlags) */
  inheritedFlags(): Flag[] {
    const out: Flag[] = [];
    const seen = new Set(this.localFlags().map((f) => f.flagName));
    for (let p = this.parentCommand; p; p = p.parentCommand) {
      for (const fl of p.persistent) {
        if (!seen.has(fl.flagName)) {
          seen.add(fl.flagName);
          out.push(fl);
        }
      }
    }
    return out;
  }

  get subcommands(): EtcdctlCommand[] {
    return this.commands as EtcdctlCommand[];
  }

  get runnable(): boolean {
    return this.run !== undefined;
  }

  /** `etcdctl member add` */
  get commandPath(): string {
    return this.parentCommand ? `${this.parentCommand.commandPath} ${this.name()}` : this.name();
  }
}

/** Declares a command (the `newXCommand()` constructors in commands/ call this). */
export function defineCommand<F>(spec: CommandSpec<F>): EtcdctlCommand {
  const name = spec.use.split(' ')[0]!;
  const cmd = new EtcdctlCommand(name);
  cmd.use = spec.use;
  cmd.short = spec.short;
  cmd.long = spec.long ?? '';
  cmd.ownFlags = spec.flags ?? [];
  for (const f of cmd.ownFlags) cmd.addOption(f);
  cmd.persistent = spec.persistentFlags ?? [];
  for (const a of spec.aliases ?? []) cmd.alias(a);
  cmd.run = spec.run as RunFn | undefined;
  cmd.disableFlagsInUseLine = spec.disableFlagsInUseLine ?? false;
  for (const sub of spec.subcommands ?? []) cmd.addCommand(sub);
  return cmd;
}
