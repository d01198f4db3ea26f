// Flags with pflag's semantics, declared as commander Options: commander holds the declarations
// (name, shorthand, usage, default), parses them, and converts values with argParser, which
// throws pflag's own error texts. Bool flags take an optional value (`--prefix=false`); the
// adapter in src/cli/v3/pflag-argv.ts hands every flag to commander as `--<long>=<value>`.
import { Option } from 'commander';
import { GoParseError, parseCsvRecord, parseGoBool, parseGoDuration, parseGoInt, parseGoUint } from '../../format/go-parse.js';
import { goDuration } from '../../format/go-duration.js';
import { goQuote } from '../../format/go-quote.js';

export type FlagKind = 'bool' | 'string' | 'int' | 'int64' | 'uint64' | 'duration' | 'stringSlice';
export type FlagValue = boolean | string | bigint | string[];

export class Flag extends Option {
  /** the flag's value with nothing set, in its typed form */
  readonly defaultTyped: FlagValue;

  constructor(
    readonly kind: FlagKind,
    readonly flagName: string,
    readonly shorthand: string | undefined,
    defaultTyped: FlagValue,
    usage: string,
  ) {
    const spec = `${shorthand ? `-${shorthand}, ` : ''}--${flagName}${kind === 'bool' ? ' [value]' : ' <value>'}`;
    super(spec, usage);
    // pflag has no negation: `--no-password` is a flag of its own, not commander's `--no-` form
    this.negate = false;
    this.defaultTyped = defaultTyped;
    this.default(defaultTyped, defValueString(kind, defaultTyped));
    // a slice flag's first value replaces the default, later ones append (pflag's stringSlice)
    this.argParser((raw: string, previous: FlagValue) => {
      try {
        return this.convert(raw, previous, previous !== this.defaultTyped);
      } catch (e) {
        throw new GoParseError(invalidArgumentMessage(this, raw, e instanceof GoParseError ? e.message : String(e)));
      }
    });
  }

  /** pflag's NoOptDefVal: a bool flag may be given without a value. */
  get takesValue(): boolean {
    return this.kind !== 'bool';
  }

  /** `--name` or `-s, --name`, as pflag names a flag in errors. */
  get displayName(): string {
    return this.shorthand ? `-${this.shorthand}, --${this.flagName}` : `--${this.flagName}`;
  }

  /** Converts a raw value; `previous` is the current value and whether the flag was set before. */
  convert(raw: string, previous: FlagValue, alreadySet = false): FlagValue {
    switch (this.kind) {
      case 'bool':
        return parseGoBool(raw);
      case 'string':
        return raw;
      case 'int':
      case 'int64':
        return parseGoInt(raw, 0, 64);
      case 'uint64':
        return parseGoUint(raw, 0, 64);
      case 'duration':
        return parseGoDuration(raw);
      case 'stringSlice': {
        const items = parseCsvRecord(raw);
        return alreadySet ? [...(previous as string[]), ...items] : items;
      }
    }
  }
}

/** pflag's DefValue text, as the help shows it (`2s`, `[127.0.0.1:2379]`, `0`, `false`). */
export function defValueString(kind: FlagKind, v: FlagValue): string {
  switch (kind) {
    case 'duration':
      return goDuration(v as bigint);
    case 'stringSlice':
      return `[${(v as string[]).join(',')}]`;
    default:
      return String(v);
  }
}

/** The value's String() as `--debug` prints it (`ETCDCTL_ENDPOINTS=[a,b]`). */
export function valueString(flag: Flag, v: FlagValue): string {
  return defValueString(flag.kind, v);
}

export const flag = {
  bool: (name: string, def: boolean, usage: string, shorthand?: string) => new Flag('bool', name, shorthand, def, usage),
  string: (name: string, def: string, usage: string, shorthand?: string) => new Flag('string', name, shorthand, def, usage),
  int: (name: string, def: bigint, usage: string, shorthand?: string) => new Flag('int', name, shorthand, def, usage),
  int64: (name: string, def: bigint, usage: string, shorthand?: string) => new Flag('int64', name, shorthand, def, usage),
  uint64: (name: string, def: bigint, usage: string, shorthand?: string) => new Flag('uint64', name, shorthand, def, usage),
  /** default given in nanoseconds */
  duration: (name: string, def: bigint, usage: string, shorthand?: string) => new Flag('duration', name, shorthand, def, usage),
  stringSlice: (name: string, def: string[], usage: string, shorthand?: string) => new Flag('stringSlice', name, shorthand, def, usage),
};

export { GoParseError };

/** pflag's wording of a value its converter refused. */
export function invalidArgumentMessage(f: Flag, value: string, detail: string): string {
  return `invalid argument ${goQuote(value)} for "${f.displayName}" flag: ${detail}`;
}
