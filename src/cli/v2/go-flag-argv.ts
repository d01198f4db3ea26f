// The one adapter in front of commander for the v2 (urfave/cli 1.22 + Go `flag`) command line.
// commander parses, converts (Option.argParser), dispatches and prints help; this file only
// rewrites what Go's flag package accepts but commander's grammar does not:
//
// * Go flags have one or two dashes and no shorthand groups (`-ttl=5`, `--ttl 5`, `-r`); each
//   name of a urfave flag is a Go flag of its own (`-o` and `--output`). Every flag becomes
//   commander's canonical `--<name>=<value>` (a one-letter name is a long option to commander).
// * Go's parser stops at the first word that is not a flag, and at `--` (which it drops): the
//   words after are arguments, given to commander after a `--` so it never reads them as flags
//   (every command has passThroughOptions).
// * urfave 1.22's reorderArgs moves a leaf command's own flags (and the word after a flag written
//   without `=`, even after a bool flag) in front of its other arguments; `--` and everything
//   after it stay at the end. Debian's etcdctl does this (`set /k v --ttl 5` sets ttl=5, while
//   `ls -r /q --sort` leaves `--sort` an argument).
// * Go stops at its first error (unknown flag, missing value, bad syntax); its texts need the word
//   as written, so the word is replaced by a marked token carrying Go's message, reported by
//   commander through UCommand.unknownOption after the values before it were converted.
// * The command path is found by exact name or alias at each level, as urfave does, because each
//   level's flags decide how its words are read; commander then dispatches on the same names.
import type { UFlag } from './urfave.js';

/** Prefix of a token that stands for a Go flag error (the message follows it). */
export const GO_FLAG_ERROR_TOKEN = '--\u0000';

export interface GoScan {
  /** canonical `--<name>=<value>` tokens, ending with an error token if Go's parse failed */
  tokens: string[];
  /** the words after the flags (Go's Args()) */
  rest: string[];
  /** whether the scan ended at a `--` (which Go drops) */
  dashConsumed: boolean;
  failed: boolean;
}

function lookup(flags: UFlag[], name: string): UFlag | undefined {
  return flags.find((f) => f.names.includes(name));
}

/** flag.FlagSet.Parse's scan: flags up to the first non-flag or `--`, in commander's form. */
export function scanGoFlags(flags: UFlag[], args: string[]): GoScan {
  const tokens: string[] = [];
  let rest = [...args];
  const fail = (message: string): GoScan => {
    tokens.push(GO_FLAG_ERROR_TOKEN + message);
    return { tokens, rest: [], dashConsumed: false, failed: true };
  };
  for (;;) {
    if (rest.length === 0) break;
    const s = rest[0]!;
    if (s.length < 2 || s[0] !== '-') break;
    let minuses = 1;
    if (s[1] === '-') {
      minuses++;
      if (s.length === 2) return { tokens, rest: rest.slice(1), dashConsumed: true, failed: false };
    }
    let name = s.slice(minuses);
    if (name.length === 0 || name[0] === '-' || name[0] === '=') return fail(`bad flag syntax: ${s}`);
    rest = rest.slice(1);
    let value: string | undefined;
    const eq = name.indexOf('=', 1);
    if (eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const f = lookup(flags, name);
    if (!f) return fail(`flag provided but not defined: -${name}`);
    if (f.kind === 'bool') {
      tokens.push(`--${name}=${value ?? 'true'}`);
      continue;
    }
    if (value === undefined && rest.length > 0) {
      value = rest[0]!;
      rest = rest.slice(1);
    }
    if (value === undefined) return fail(`flag needs an argument: -${name}`);
    tokens.push(`--${name}=${value}`);
  }
  return { tokens, rest, dashConsumed: false, failed: false };
}

/** Whether arg names one of the command's flags (`-r`, `--sort`, `--ttl=5`): urfave's argIsFlag. */
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
 * urfave's reorderArgs: the command's flags (and a value following a flag without `=`) before the
 * other args. `info.beforeDash` is set to how many plain args preceded a `--` (-1: none).
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
