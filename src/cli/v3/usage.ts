// etcdctl v3's help text (etcdctl/ctlv3/help.go): a Go template run through a tabwriter. Printed
// for -h/--help, `help [command]`, a bare parent command, and on flag errors.
import type { EtcdctlCommand } from './command.js';
import type { Flag } from './flags.js';
import { goQuote } from '../../format/go-quote.js';
import { tabwrite } from '../../format/tabwriter.js';

export const ETCDCTL_VERSION = '3.4.23';
export const API_VERSION = '3.4';

/** cobra's automatic `-h, --help` flag text for a command */
export function helpFlagUsage(cmd: EtcdctlCommand): string {
  return `help for ${cmd.name()}`;
}

function flagLines(flags: Array<{ name: string; shorthand?: string; kind: string; defValue: string; usage: string }>): string {
  return [...flags]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => {
      let line = f.shorthand ? `  -${f.shorthand}, --${f.name}` : `      --${f.name}`;
      const value = f.kind === 'string' ? goQuote(f.defValue) : f.defValue;
      line += f.kind === 'bool' ? `[=${value}]` : `=${value}`;
      return `${line}\t${f.usage}\n`;
    })
    .join('');
}

function describe(f: Flag) {
  return { name: f.flagName, shorthand: f.shorthand, kind: f.kind, defValue: String(f.defaultValueDescription ?? ''), usage: f.description };
}

/** cobra's UseLine */
export function useLine(cmd: EtcdctlCommand): string {
  const parent = cmd.parentCommand;
  let line = parent ? `${parent.commandPath} ${cmd.use}` : cmd.use;
  if (!cmd.disableFlagsInUseLine && !line.includes('[flags]')) line += ' [flags]';
  return line;
}

/** the command's path below `start` (cmdName in help.go) */
function nameBelow(cmd: EtcdctlCommand, start: EtcdctlCommand): string {
  const parts = [cmd.name()];
  let c = cmd;
  while (c.parentCommand && c.parentCommand.name() !== start.name()) {
    c = c.parentCommand;
    parts.unshift(c.name());
  }
  return parts.join(' ');
}

function sortedSubcommands(cmd: EtcdctlCommand): EtcdctlCommand[] {
  return [...cmd.subcommands].sort((a, b) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
}

function allSubcommands(cmd: EtcdctlCommand): EtcdctlCommand[] {
  const out: EtcdctlCommand[] = [];
  for (const sub of sortedSubcommands(cmd)) {
    out.push(sub, ...allSubcommands(sub));
  }
  return out;
}

/** `withHelpFlag` false: cobra has not added -h to a command it did not execute (help's unknown topic). */
export function usageText(cmd: EtcdctlCommand, withHelpFlag = true): string {
  const root = cmd.parentCommand === null;
  let t = 'NAME:\n';
  t += root ? `\t${cmd.name()} - ${cmd.short}\n` : `\t${nameBelow(cmd, rootOf(cmd))} - ${cmd.short}\n`;
  t += `\nUSAGE:\n\t${useLine(cmd)}\n`;
  if (root) t += `\nVERSION:\n\t${ETCDCTL_VERSION}\n`;
  const hasSubcommands = cmd.subcommands.length > 0;
  if (hasSubcommands) t += `\nAPI VERSION:\n\t${API_VERSION}\n`;
  if (hasSubcommands) {
    t += '\n\nCOMMANDS:\n';
    for (const sub of allSubcommands(cmd)) {
      if (sub.runnable) t += `\t${nameBelow(sub, cmd)}\t${sub.short}\n`;
    }
  }
  if (cmd.long) {
    t += '\nDESCRIPTION:\n';
    for (const line of cmd.long.replace(/^[\n\t ]+|[\n\t ]+$/g, '').split('\n')) t += `\t${line}\n`;
  }
  const local = cmd.localFlags().map(describe);
  if (withHelpFlag) local.push({ name: 'help', shorthand: 'h', kind: 'bool', defValue: 'false', usage: helpFlagUsage(cmd) });
  t += `\nOPTIONS:\n${flagLines(local)}`;
  const inherited = cmd.inheritedFlags();
  if (inherited.length > 0) t += `\nGLOBAL OPTIONS:\n${flagLines(inherited.map(describe))}`;
  t += '\n';
  return tabwrite(t, 0, 8, 1, '\t', 0); // getTabOutWithWriter: Init(w, 0, 8, 1, '\t', 0)
}

function rootOf(cmd: EtcdctlCommand): EtcdctlCommand {
  let c = cmd;
  while (c.parentCommand) c = c.parentCommand;
  return c;
}
