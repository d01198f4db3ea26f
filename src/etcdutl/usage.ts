// etcdutl's help: cobra's default usage template (etcdutl sets its help template to
// `{{.UsageString}}`, so help and usage are the same text) with pflag's FlagUsages. etcdctl's own
// template is src/cli/v3/usage.ts; the command tree (src/cli/v3/command.ts) is the same.
import type { EtcdctlCommand } from '../cli/v3/command.js';
import type { Flag } from '../cli/v3/flags.js';
import { helpFlagUsage } from '../cli/v3/usage.js';
import { goQuote } from '../format/go-quote.js';

/** Commands cobra leaves out of help (`Hidden`), with `Deprecated` messages. */
const hidden = new WeakSet<EtcdctlCommand>();
const deprecated = new WeakMap<EtcdctlCommand, string>();
/** Flags marked with cobra's MarkFlagRequired, per command. */
const required = new WeakMap<EtcdctlCommand, string[]>();

export function markHidden(cmd: EtcdctlCommand, deprecation?: string): EtcdctlCommand {
  hidden.add(cmd);
  if (deprecation !== undefined) deprecated.set(cmd, deprecation);
  return cmd;
}
export function deprecationOf(cmd: EtcdctlCommand): string | undefined {
  return deprecated.get(cmd);
}
export function markRequired(cmd: EtcdctlCommand, ...names: string[]): EtcdctlCommand {
  required.set(cmd, names);
  return cmd;
}
export function requiredFlags(cmd: EtcdctlCommand): string[] {
  return required.get(cmd) ?? [];
}
export function isHidden(cmd: EtcdctlCommand): boolean {
  return hidden.has(cmd);
}

/** pflag's UnquoteUsage names a value by its type. */
function varName(f: Flag): string {
  switch (f.kind) {
    case 'bool':
      return '';
    case 'int64':
    case 'int':
      return 'int';
    case 'uint64':
      return 'uint';
    case 'stringSlice':
      return 'strings';
    default:
      return f.kind;
  }
}

interface FlagLine {
  name: string;
  shorthand?: string | undefined;
  kind: Flag['kind'] | 'bool';
  defValue: string;
  usage: string;
}

function describe(f: Flag): FlagLine {
  return { name: f.flagName, shorthand: f.shorthand, kind: f.kind, defValue: String(f.defaultValueDescription ?? ''), usage: f.description };
}

function isZeroDefault(f: FlagLine): boolean {
  switch (f.kind) {
    case 'bool':
      return f.defValue === 'false';
    case 'string':
      return f.defValue === '';
    case 'stringSlice':
      return f.defValue === '[]';
    case 'duration':
      return f.defValue === '0s';
    default:
      return f.defValue === '0';
  }
}

/** pflag's FlagUsages: sorted, the usage column aligned two spaces after the longest flag. */
export function flagUsages(flags: FlagLine[]): string {
  const lines = [...flags]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => {
      let head = f.shorthand ? `  -${f.shorthand}, --${f.name}` : `      --${f.name}`;
      const v = varName({ kind: f.kind } as Flag);
      if (v) head += ` ${v}`;
      let usage = f.usage;
      if (!isZeroDefault(f)) usage += f.kind === 'string' ? ` (default ${goQuote(f.defValue)})` : ` (default ${f.defValue})`;
      return { head, usage };
    });
  const width = Math.max(0, ...lines.map((l) => l.head.length));
  return lines.map((l) => `${l.head}${' '.repeat(width - l.head.length + 2)} ${l.usage}`.replace(/ +$/, '') + '\n').join('');
}

/** cobra's UseLine */
function useLine(cmd: EtcdctlCommand): string {
  const parent = cmd.parentCommand;
  let line = parent ? `${parent.commandPath} ${cmd.use}` : cmd.use;
  if (!cmd.disableFlagsInUseLine && !line.includes('[flags]')) line += ' [flags]';
  return line;
}

function isAvailable(cmd: EtcdctlCommand): boolean {
  if (hidden.has(cmd)) return false;
  return cmd.runnable || cmd.name() === 'help' || cmd.subcommands.some(isAvailable);
}

function sorted(cmds: EtcdctlCommand[]): EtcdctlCommand[] {
  return [...cmds].sort((a, b) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
}

/**
 * cobra's UsageString. `withHelpFlag` false: cobra adds -h only to the command it executes, so
 * the root's usage printed for an unknown help topic has no -h line.
 */
export function cobraUsage(cmd: EtcdctlCommand, withHelpFlag = true): string {
  const subs = sorted(cmd.subcommands).filter(isAvailable);
  let t = 'Usage:';
  if (cmd.runnable) t += `\n  ${useLine(cmd)}`;
  if (subs.length > 0) t += `\n  ${cmd.commandPath} [command]`;
  if (cmd.aliases().length > 0) t += `\n\nAliases:\n  ${[cmd.name(), ...cmd.aliases()].join(', ')}`;
  if (subs.length > 0) {
    // cobra's NamePadding: the longest sibling name (hidden ones too), at least 11
    const pad = Math.max(11, ...cmd.subcommands.map((c) => c.name().length));
    t += '\n\nAvailable Commands:';
    for (const c of subs) t += `\n  ${c.name().padEnd(pad)} ${c.short}`;
  }
  const local = cmd.localFlags().map(describe);
  if (withHelpFlag) local.push({ name: 'help', shorthand: 'h', kind: 'bool', defValue: 'false', usage: helpFlagUsage(cmd) });
  if (local.length > 0) t += `\n\nFlags:\n${flagUsages(local).replace(/\s+$/, '')}`;
  const inherited = cmd.inheritedFlags().map(describe);
  if (inherited.length > 0) t += `\n\nGlobal Flags:\n${flagUsages(inherited).replace(/\s+$/, '')}`;
  if (subs.length > 0) t += `\n\nUse "${cmd.commandPath} [command] --help" for more information about a command.`;
  return `${t}\n`;
}
