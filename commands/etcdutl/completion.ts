// etcdutl completion bash|fish|powershell|zsh and cobra's hidden `__complete` requests.
//
// The scripts are etcdctl's (commands/v3/completion.ts: ours, on cobra's protocol) for the
// program name etcdutl; the answers come from the same completer (commands/v3/complete.ts) over
// etcdutl's tree, with two rules of the cobra etcdutl is built with: hidden commands
// (`snapshot save`) are not offered, and flags marked required and not yet given come first
// (alone when a flag name is completed, after the subcommands otherwise).
import { defineCommand, type EtcdctlCommand, type RunContext } from '../../src/cli/v3/command.js';
import { findCommand } from '../../src/cli/v3/cobra.js';
import { flag, type Flag } from '../../src/cli/v3/flags.js';
import type { IO } from '../../src/cli/core/io.js';
import { goQuote } from '../../src/format/go-quote.js';
import { isHidden, requiredFlags } from '../../src/etcdutl/usage.js';
import { usageError } from '../../src/etcdutl/execute.js';
import { complete, directiveNames } from '../v3/complete.js';
import { bashScript, fishScript, powershellScript, zshScript } from '../v3/completion.js';

type Script = (prog: string, req: string) => string;

function printScript(ctx: RunContext<undefined>, script: Script): void {
  // cobra's NoArgs: any argument is an unknown command (usage on stderr, exit 1)
  if (ctx.args.length > 0) throw usageError(ctx.command, `unknown command ${goQuote(ctx.args[0]!)} for ${goQuote(ctx.command.commandPath)}`);
  ctx.io.stdout.write(script('etcdutl', ctx.flags.bool('no-descriptions') ? '__completeNoDesc' : '__complete'));
}

/** Whether `name` was given among the words (`--name`, `--name=v`). */
function given(words: string[], f: Flag): boolean {
  return words.some((w) => w === `--${f.flagName}` || w.startsWith(`--${f.flagName}=`) || (f.shorthand !== undefined && w === `-${f.shorthand}`));
}

/** The completions for `words` (the last one being completed), with etcdutl's cobra rules. */
export function completeEtcdutl(root: EtcdctlCommand, words: string[]) {
  const result = complete(root, words);
  const found = findCommand(root, words.slice(0, -1));
  if (found.error) return result;
  const cmd = found.command;
  const hiddenNames = new Set(cmd.subcommands.filter(isHidden).map((c) => c.name()));
  let completions = result.completions.filter((c) => !hiddenNames.has(c.split('\t')[0]!));
  const toComplete = words[words.length - 1] ?? '';
  const prev = words[words.length - 2] ?? '';
  const all = [...cmd.localFlags(), ...cmd.inheritedFlags()];
  const prevTakesValue = prev.startsWith('-') && !prev.includes('=') && all.some((f) => (prev === `--${f.flagName}` || prev === `-${f.shorthand}`) && f.kind !== 'bool');
  const required = requiredFlags(cmd)
    .sort()
    .map((n) => all.find((f) => f.flagName === n)!)
    .filter((f) => !given(words.slice(0, -1), f))
    .filter((f) => `--${f.flagName}`.startsWith(toComplete))
    .map((f) => `--${f.flagName}\t${f.description}`);
  if (!result.error && required.length > 0 && !prevTakesValue && !toComplete.includes('=')) {
    completions = toComplete.startsWith('-') ? required : [...completions, ...required];
  }
  return { ...result, completions };
}

/** Prints the answer to `__complete` / `__completeNoDesc`. */
export function runComplete(root: EtcdctlCommand, name: '__complete' | '__completeNoDesc', args: string[], io: IO): void {
  if (args.length === 0) {
    const cmd = defineCommand({ use: '__complete [command-line]', short: '', aliases: ['__completeNoDesc'], run: () => {} });
    cmd.disableFlagsInUseLine = true;
    root.addCommand(cmd);
    throw usageError(cmd, 'requires at least 1 arg(s), only received 0');
  }
  const { completions, directive, error } = completeEtcdutl(root, args);
  // etcdutl's newer cobra words this one in lower case
  if (error) io.stderr.write(`[Debug] [Error] ${error.replace(/^Unable to find/, 'unable to find')}\n`);
  let out = '';
  for (let c of completions) {
    if (name === '__completeNoDesc') c = c.split('\t')[0]!;
    out += `${c.split('\n')[0]!.trim()}\n`;
  }
  io.stdout.write(`${out}:${directive}\n`);
  io.stderr.write(`Completion ended with directive: ${directiveNames(directive)}\n`);
}

export function newCompletionCommand() {
  const shell = (name: string, script: Script, disableFlagsInUseLine = false) =>
    defineCommand<undefined>({
      use: name,
      short: `Generate the autocompletion script for ${name}`,
      flags: [flag.bool('no-descriptions', false, 'disable completion descriptions')],
      disableFlagsInUseLine,
      run: (ctx) => printScript(ctx, script),
    });
  return defineCommand<undefined>({
    use: 'completion',
    short: 'Generate the autocompletion script for the specified shell',
    subcommands: [shell('bash', bashScript, true), shell('fish', fishScript), shell('powershell', powershellScript), shell('zsh', zshScript)],
  });
}

