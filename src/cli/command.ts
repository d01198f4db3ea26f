// The command tree. Each command is a commander Command carrying cobra's metadata (Use, Short,
// Long, persistent flags) and a run function; src/cli/cobra.ts finds and parses commands the way
// cobra does, src/cli/usage.ts prints etcdctl's help from these declarations.
import { Command } from 'commander';
import type { IO } from './io.js';
import { Flag, type FlagValue } from './flags.js';

/** Values of a command's flags (its own and inherited) after parsing. */
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
  /** Sets a flag from its text form, as pflag's FlagSet.Set does (marks it changed). */
  set(name: string, raw: string): void {
    const def = this.defs.get(name);
    if (!def) throw new Error(`no such flag -${name}`);
    this.values.set(name, def.convert(raw, this.values.get(name)!, this.changedNames.has(name)));
    this.changedNames.add(name);
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

export type RunFn<F = any> = (ctx: RunContext<F>) => Promise<void> | void;

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
  persistent: Flag[] = [];
  run: RunFn | undefined;
  /** cobra's DisableFlagsInUseLine */
  disableFlagsInUseLine = false;

  get parentCommand(): EtcdctlCommand | null {
    return this.parent as EtcdctlCommand | null;
  }

  /** flags declared on this command (cobra's LocalFlags, help excluded) */
  localFlags(): Flag[] {
    return [...(this.options as Flag[]), ...this.persistent];
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
  cmd.summary(spec.short);
  if (spec.long) cmd.description(spec.long);
  cmd.usage(spec.use.slice(name.length).trim());
  for (const f of spec.flags ?? []) cmd.addOption(f);
  cmd.persistent = spec.persistentFlags ?? [];
  for (const a of spec.aliases ?? []) cmd.alias(a);
  cmd.run = spec.run as RunFn | undefined;
  cmd.disableFlagsInUseLine = spec.disableFlagsInUseLine ?? false;
  for (const sub of spec.subcommands ?? []) cmd.addCommand(sub);
  return cmd;
}
