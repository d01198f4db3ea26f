// The environment: a `.env` file in the working directory is read with dotenv *below* the real
// environment (a variable already set wins), and etcdctl v3's ETCDCTL_<FLAG> mapping
// (etcd pkg/flags SetPflagsFromEnv + verifyEnv) with its capnslog warnings and fatal conflict.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { ParsedFlags } from './command.js';
import type { Flag } from './flags.js';
import { formatCapnslog, type CapnslogLevel } from '../format/capnslog.js';

export type Env = Record<string, string | undefined>;

/**
 * The process environment with `.env` entries added where the real environment has none.
 * dotenv (which loads node:crypto, ~8 ms) is imported only when there is a file to parse.
 */
export async function loadEnv(processEnv: Env, cwd: string): Promise<Env> {
  let fileVars: Record<string, string> = {};
  let text: Buffer | undefined;
  try {
    text = readFileSync(join(cwd, '.env'));
  } catch {
    // no .env (or unreadable): the real environment alone
  }
  if (text !== undefined) fileVars = (await import('dotenv')).parse(text);
  const env: Env = { ...processEnv };
  for (const [k, v] of Object.entries(fileVars)) if (env[k] === undefined) env[k] = v;
  return env;
}

/** A capnslog line of package `pkg`, newline-terminated. */
export function capnslogLine(level: CapnslogLevel, pkg: string, msg: string, now = new Date()): string {
  return `${formatCapnslog(`${pkg}: ${msg}`, now, level)}\n`;
}

export function flagToEnv(name: string): string {
  return `ETCDCTL_${name.replace(/-/g, '_').toUpperCase()}`;
}

/**
 * Applies ETCDCTL_<FLAG> variables to the inherited flags, as etcdctl does when a command builds
 * its client config. Unknown ETCDCTL_* variables get a warning on stderr; a variable that is set
 * (even empty) for a flag also given on the command line is fatal (exit 1).
 */
export function applyEnvToFlags(
  flags: ParsedFlags,
  inherited: Flag[],
  env: Env,
  writeStderr: (s: string) => void,
  /** names accepted without being flags (watch's ETCDCTL_WATCH_KEY / _RANGE_END) */
  extraNames: string[] = [],
): void {
  const alreadySet = new Set<string>();
  const used = new Set<string>();
  const names = [...inherited.map((f) => f.flagName), ...extraNames].sort();
  for (const name of names) {
    const key = flagToEnv(name);
    const isFlag = flags.has(name) && inherited.some((f) => f.flagName === name);
    if (isFlag && flags.changed(name)) {
      alreadySet.add(key);
      continue;
    }
    const val = env[key];
    if (val !== undefined && val !== '') {
      used.add(key);
      if (isFlag) {
        try {
          flags.set(name, val);
        } catch {
          // etcdctl ignores the parse error and keeps the default
        }
      }
    }
  }
  for (const [key, val] of Object.entries(env)) {
    if (val === undefined || used.has(key)) continue;
    if (alreadySet.has(key)) {
      writeStderr(
        capnslogLine('C', 'pkg/flags', `conflicting environment variable "${key}" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`),
      );
      throw new CliError('conflicting environment variable', ExitCode.Error, '');
    }
    if (key.startsWith('ETCDCTL_')) writeStderr(capnslogLine('W', 'pkg/flags', `unrecognized environment variable ${key}=${val}`));
  }
}
