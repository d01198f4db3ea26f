// urfave/cli 1.22 + Go flag parsing as etcdctl v2 does it: the argument reordering (with Debian's
// quirks, observed on its etcdctl), Go's flag errors, two forms of one flag, help lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagSet, UsageError, argIsFlag, reorderArgs, uflag } from '../../../src/cli/v2/urfave.js';
import { v2GlobalFlags } from '../../../src/cli/v2/global-flags.js';

const lsFlags = () => [uflag.bool('sort', ''), uflag.bool('recursive, r', ''), uflag.bool('p', ''), uflag.bool('quorum, q', ''), uflag.bool('help, h', '')];
const setFlags = () => [uflag.int('ttl', 0n, ''), uflag.string('swap-with-value', '', ''), uflag.int('swap-with-index', 0n, ''), uflag.bool('help, h', '')];
const mkFlags = () => [uflag.bool('in-order', ''), uflag.int('ttl', 0n, ''), uflag.bool('help, h', '')];

/** reorder, then parse: what the command sees */
function parse(flags: ReturnType<typeof lsFlags>, args: string[]): FlagSet {
  const set = new FlagSet(flags);
  set.parse(reorderArgs(flags, args));
  set.normalize();
  return set;
}

test('reorderArgs: flags first, a value glued to the flag before it, `--` and what follows last', () => {
  const cases: Array<[string[], string[]]> = [
    [['/k', 'v', '--ttl', '5'], ['--ttl', '5', '/k', 'v']],
    [['-r', '/q', '--sort'], ['-r', '/q', '--sort']],
    [['--in-order', '/q', 'j3', '--ttl', '10'], ['--in-order', '/q', '--ttl', '10', 'j3']],
    [['/k', '-o', 'json'], ['/k', '-o', 'json']],
    [['/k', '--', '-v'], ['--', '/k', '-v']],
    [['--', '/k', '-v'], ['--', '/k', '-v']],
    [['-r', '--', '/k', 'cmd'], ['-r', '--', '/k', 'cmd']], // "--" right after a flag is its "value"
    [['/k', '--ttl=5', 'v'], ['--ttl=5', '/k', 'v']],
    [['-', '--sort'], ['--sort', '-']],
  ];
  const flags = [...setFlags(), ...lsFlags(), ...mkFlags()];
  for (const [args, want] of cases) assert.deepEqual(reorderArgs(flags, args), want, args.join(' '));
});

test('argIsFlag: one or two dashes, =value, only the command\'s own names', () => {
  const flags = setFlags();
  assert.equal(argIsFlag(flags, '--ttl'), true);
  assert.equal(argIsFlag(flags, '-ttl=5'), true);
  assert.equal(argIsFlag(flags, '---ttl'), true);
  assert.equal(argIsFlag(flags, '--with-value'), false);
  assert.equal(argIsFlag(flags, '--swap-with-value'), true);
  assert.equal(argIsFlag(flags, '-h'), true);
  assert.equal(argIsFlag(flags, '--'), false);
  assert.equal(argIsFlag(flags, '-'), false);
  assert.equal(argIsFlag(flags, 'ttl'), false);
});

test('Debian quirks end to end: flags after positionals, glued values, --', () => {
  let s = parse(setFlags(), ['/k', 'v', '--ttl', '5']);
  assert.deepEqual([s.value('ttl'), s.args], [5n, ['/k', 'v']]);
  s = parse(lsFlags(), ['-r', '/q', '--sort']);
  assert.deepEqual([s.value('recursive'), s.value('r'), s.value('sort'), s.args], [true, true, false, ['/q', '--sort']]);
  s = parse(mkFlags(), ['--in-order', '/q', 'j3', '--ttl', '10']);
  assert.deepEqual([s.value('in-order'), s.value('ttl'), s.args], [true, 0n, ['/q', '--ttl', '10', 'j3']]);
  s = parse(setFlags(), ['/k', '--', '-v']);
  assert.deepEqual([s.args, s.dashConsumed], [['/k', '-v'], true]);
  s = parse(setFlags(), ['-ttl=7', '--swap-with-value=a=b', '/k', 'v']);
  assert.deepEqual([s.value('ttl'), s.value('swap-with-value'), s.args], [7n, 'a=b', ['/k', 'v']]);
  s = parse(setFlags(), ['--ttl', '0x10', '/k', 'v']);
  assert.equal(s.value('ttl'), 16n);
});

test("Go's flag errors, word for word", () => {
  const cases: Array<[string[], string]> = [
    [['--bogus'], 'flag provided but not defined: -bogus'],
    [['-x=1'], 'flag provided but not defined: -x'],
    [['--ttl', 'x'], 'invalid value "x" for flag -ttl: parse error'],
    [['--ttl', '99999999999999999999'], 'invalid value "99999999999999999999" for flag -ttl: value out of range'],
    [['--ttl'], 'flag needs an argument: -ttl'],
    [['--help=maybe'], 'invalid boolean value "maybe" for -help: parse error'],
    [['---ttl', '1'], 'bad flag syntax: ---ttl'],
    [['-=1'], 'bad flag syntax: -=1'],
    [['--ttl', 'a\tb"'], 'invalid value "a\\tb\\"" for flag -ttl: parse error'],
    // strconv.Quote in full (Debian's etcdctl: `--timeout=$'\a\u00a0'`, `--debug=$'\a\u00a0'`)
    [['--ttl', '\x07\u00a0'], 'invalid value "\\a\\u00a0" for flag -ttl: parse error'],
    [['--help=\x07\u00a0'], 'invalid boolean value "\\a\\u00a0" for -help: parse error'],
  ];
  for (const [args, msg] of cases) {
    const set = new FlagSet(setFlags());
    assert.throws(() => set.parse(args), (e: unknown) => e instanceof UsageError && e.message === msg, args.join(' '));
  }
});

test('two forms of one flag are an error; one form is copied to the other', () => {
  const set = new FlagSet(v2GlobalFlags());
  set.parse(['-o', 'json', '--output', 'simple', 'get']);
  assert.throws(() => set.normalize(), (e: unknown) => e instanceof UsageError && e.message === 'Cannot use two forms of the same flag: o output');
  const ok = new FlagSet(v2GlobalFlags());
  ok.parse(['-o', 'json', '-u', 'root:x', 'get']);
  ok.normalize();
  assert.deepEqual([ok.value('output'), ok.value('username'), ok.args], ['json', 'root:x', ['get']]);
  const repeated = new FlagSet(v2GlobalFlags());
  repeated.parse(['-o', 'json', '-o', 'extended']);
  repeated.normalize();
  assert.equal(repeated.value('output'), 'extended');
});

test('string slice flags append; durations use Go syntax', () => {
  const set = new FlagSet([uflag.stringSlice('roles', ''), uflag.duration('timeout', 2_000_000_000n, '')]);
  set.parse(['--roles', 'a,b', '--roles=c', '--timeout', '1m30s']);
  assert.deepEqual([set.value('roles'), set.value('timeout')], [['a,b', 'c'], 90_000_000_000n]);
});

test('help lines: placeholders from backquotes, defaults by type', () => {
  const lines = v2GlobalFlags().map((f) => f.helpLine());
  assert.equal(lines[0], '--debug\toutput cURL commands which can be used to reproduce the request');
  assert.equal(lines[2], '--output simple, -o simple\toutput response in the given format (simple, `extended` or `json`) (default: "simple")');
  assert.equal(lines[3], '--discovery-srv value, -D value\tdomain name to query for SRV records describing cluster endpoints');
  assert.equal(lines[12], '--timeout value\tconnection timeout per request (default: 2s)');
  assert.equal(uflag.int('ttl', 0n, 'key time-to-live in seconds').helpLine(), '--ttl value\tkey time-to-live in seconds (default: 0)');
  assert.equal(uflag.bool('readwrite, rw', 'x').helpLine(), '--readwrite, --rw\tx');
  assert.equal(uflag.bool('p', 'y').helpLine(), '-p\ty');
});
