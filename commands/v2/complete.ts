// `etcdctl __complete <words...> <word being completed>` (and `__completeNoDesc`) for the v2
// command set: with ETCDCTL_API unset, the shell completion scripts of `etcdctl completion <shell>`
// ask the set that would run the command line. Same protocol as the v3 answer (commands/v3/
// complete.ts): candidates "<word>\t<description>" on stdout, then ":<directive>"; stderr says
// which directive. Candidates: command names at the command position, a parent's subcommands,
// flag names (every name of each flag) for a word starting with "-"; file completion otherwise.
import { scanGoFlags } from '../../src/cli/v2/go-flag-argv.js';
import type { IO } from '../../src/cli/core/io.js';
import { uflag, type UCommand, type UFlag } from '../../src/cli/v2/urfave.js';

const NO_FILE_COMP = 4;
const DEFAULT = 0;

function flagCandidates(flags: UFlag[], toComplete: string): string[] {
  return flags.flatMap((f) => f.names.map((n) => `${n.length === 1 ? '-' : '--'}${n}\t${f.usageText}`)).filter((c) => c.startsWith(toComplete));
}

function commandCandidates<F>(commands: UCommand<F>[], toComplete: string): string[] {
  return commands.filter((c) => c.spec.name.startsWith(toComplete)).map((c) => `${c.spec.name}\t${c.spec.usage}`);
}

/** The candidates and directive for `words` (the last one being completed). */
export function completeV2<F>(globalFlags: UFlag[], commands: UCommand<F>[], words: string[]): { completions: string[]; directive: number } {
  const toComplete = words[words.length - 1] ?? '';
  const help = [uflag.bool('help, h', 'show help')];
  const root = scanGoFlags([...globalFlags, ...help, uflag.bool('version, v', 'print the version')], words.slice(0, -1));
  if (root.failed) return { completions: [], directive: DEFAULT };
  if (root.rest.length === 0) {
    if (toComplete.startsWith('-')) return { completions: flagCandidates(globalFlags, toComplete), directive: NO_FILE_COMP };
    return { completions: commandCandidates(commands, toComplete), directive: NO_FILE_COMP };
  }
  let cmd = commands.find((c) => c.hasName(root.rest[0]!));
  let after = root.rest.slice(1);
  if (cmd && cmd.subcommandList.length > 0) {
    const sub = scanGoFlags([...cmd.spec.flags, ...help], after);
    if (sub.failed) return { completions: [], directive: DEFAULT };
    if (sub.rest.length === 0) {
      if (toComplete.startsWith('-')) return { completions: flagCandidates(cmd.spec.flags, toComplete), directive: NO_FILE_COMP };
      return { completions: commandCandidates(cmd.subcommandList, toComplete), directive: NO_FILE_COMP };
    }
    cmd = cmd.subcommandList.find((c) => c.hasName(sub.rest[0]!));
    after = sub.rest.slice(1);
  }
  if (!cmd) return { completions: [], directive: DEFAULT };
  if (toComplete.startsWith('-') && !after.includes('--')) return { completions: flagCandidates(cmd.spec.flags, toComplete), directive: NO_FILE_COMP };
  return { completions: [], directive: DEFAULT };
}

/** Prints the answer to `__complete` / `__completeNoDesc`. */
export function runCompleteV2<F>(globalFlags: UFlag[], commands: UCommand<F>[], name: string, words: string[], io: IO): void {
  const { completions, directive } = completeV2(globalFlags, commands, words.length === 0 ? [''] : words);
  const lines = completions.map((c) => (name === '__completeNoDesc' ? c.split('\t')[0]! : c));
  io.stdout.write(lines.map((l) => `${l}\n`).join('') + `:${directive}\n`);
  io.stderr.write(`Completion ended with directive: ${directive === NO_FILE_COMP ? 'ShellCompDirectiveNoFileComp' : 'ShellCompDirectiveDefault'}\n`);
}
