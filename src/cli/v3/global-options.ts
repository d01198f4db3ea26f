// etcdctl v3's ETCDCTL_<FLAG> mapping (etcd pkg/flags SetPflagsFromEnv + verifyEnv) with its
// capnslog warnings and fatal conflict, resolved once into the global options.
import { CliError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import type { Env } from '../core/env.js';
import type { ParsedFlags } from './command.js';
import type { Flag, FlagValue } from './flags.js';
import { formatCapnslog, type CapnslogLevel } from '../../format/capnslog.js';

/** A capnslog line of package `pkg`, newline-terminated. */
export function capnslogLine(level: CapnslogLevel, pkg: string, msg: string, now = new Date()): string {
  return `${formatCapnslog(`${pkg}: ${msg}`, now, level)}\n`;
}

export function flagToEnv(name: string): string {
  return `ETCDCTL_${name.replace(/-/g, '_').toUpperCase()}`;
}

/** What the environment does to the global flags besides setting them, in the environment's order. */
export interface EnvEvent {
  /** unknown: an ETCDCTL_* variable no flag reads (a warning); conflict: fatal, ends the list */
  kind: 'unknown' | 'conflict';
  key: string;
  value: string;
}

/**
 * etcdctl v3's global options (its GlobalFlags): the command line's global flags with the
 * ETCDCTL_<FLAG> variables applied (the real environment, with `.env` below it), resolved once
 * before the command runs and never changed after. The warnings and the fatal conflict etcdctl
 * prints when a command builds its client configuration are kept as events for that moment.
 */
export class V3GlobalOptions {
  constructor(
    private readonly defs: ReadonlyMap<string, Flag>,
    private readonly values: ReadonlyMap<string, FlagValue>,
    private readonly changedNames: ReadonlySet<string>,
    readonly envEvents: readonly EnvEvent[],
  ) {}

  /** the global flags, in declaration order */
  all(): Flag[] {
    return [...this.defs.values()];
  }
  has(name: string): boolean {
    return this.defs.has(name);
  }
  /** given on the command line or by a variable */
  changed(name: string): boolean {
    return this.changedNames.has(name);
  }
  value(name: string): FlagValue {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`global option not defined: ${name}`);
    return v;
  }
  bool(name: string): boolean {
    return this.value(name) as boolean;
  }
  string(name: string): string {
    return this.value(name) as string;
  }
  /** nanoseconds */
  duration(name: string): bigint {
    return this.value(name) as bigint;
  }
  strings(name: string): string[] {
    return this.value(name) as string[];
  }
}

export interface ResolveOptions {
  /** names accepted without being flags (watch's ETCDCTL_WATCH_KEY / _RANGE_END) */
  extraNames?: string[];
  /** variables that came from `.env` (defaults below the command line, never a conflict) */
  fromFile?: ReadonlySet<string>;
}

/**
 * Resolves the global (inherited) flags against the environment as etcdctl's SetPflagsFromEnv and
 * verifyEnv do: a variable sets a flag not given on the command line (an unparsable value is
 * ignored); a variable of the real environment for a flag also given on the command line is a
 * fatal conflict; other ETCDCTL_* variables are warned about. A `.env` value for a flag given on
 * the command line is a default the flag overrides, silently (a deliberate difference: etcdctl
 * has no `.env`).
 */
export function resolveV3Globals(flags: ParsedFlags, inherited: Flag[], env: Env, opts: ResolveOptions = {}): V3GlobalOptions {
  const defs = new Map<string, Flag>();
  const values = new Map<string, FlagValue>();
  const changed = new Set<string>();
  for (const f of inherited) {
    defs.set(f.flagName, f);
    values.set(f.flagName, flags.value(f.flagName));
    if (flags.changed(f.flagName)) changed.add(f.flagName);
  }
  const alreadySet = new Set<string>();
  const used = new Set<string>();
  const names = [...defs.keys(), ...(opts.extraNames ?? [])].sort();
  for (const name of names) {
    const key = flagToEnv(name);
    const def = defs.get(name);
    if (def && changed.has(name)) {
      alreadySet.add(key);
      continue;
    }
    const val = env[key];
    if (val !== undefined && val !== '') {
      used.add(key);
      if (def) {
        try {
          values.set(name, def.convert(val, values.get(name)!, false));
          changed.add(name);
        } catch {
          // etcdctl ignores the parse error and keeps the default
        }
      }
    }
  }
  const events: EnvEvent[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || used.has(key)) continue;
    if (alreadySet.has(key)) {
      if (opts.fromFile?.has(key)) continue;
      events.push({ kind: 'conflict', key, value });
      break;
    }
    if (key.startsWith('ETCDCTL_')) events.push({ kind: 'unknown', key, value });
  }
  return new V3GlobalOptions(defs, values, changed, events);
}

/** Prints the environment's warnings as etcdctl does; a conflict is fatal (exit 1). */
export function reportEnvEvents(events: readonly EnvEvent[], writeStderr: (s: string) => void): void {
  for (const ev of events) {
    if (ev.kind === 'unknown') {
      writeStderr(capnslogLine('W', 'pkg/flags', `unrecognized environment variable ${ev.key}=${ev.value}`));
      continue;
    }
    writeStderr(
      capnslogLine('C', 'pkg/flags', `conflicting environment variable "${ev.key}" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`),
    );
    throw new CliError('conflicting environment variable', ExitCode.Error, '');
  }
}
