// cobra/pflag behaviour of the v3 command line: lookup with prefixes, flags anywhere, `--`,
// bool flags, shorthands, and pflag's error texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCommand, parseFlags } from '../../../src/cli/v3/cobra.js';
import { newV3Root, SUGGESTION_ORDER } from '../../../commands/v3/index.js';

function parse(argv: string[]) {
  const found = findCommand(newV3Root(), argv, SUGGESTION_ORDER);
  if (found.error) throw new Error(found.error);
  return { path: found.command.commandPath, ...parseFlags(found.command, found.args) };
}

test('flags before, between and after positionals; global flags anywhere', () => {
  const r = parse(['--endpoints=a:1', 'get', 'k', '--prefix', '-w', 'json', '--limit', '5']);
  assert.equal(r.path, 'etcdctl get');
  assert.deepEqual(r.positionals, ['k']);
  assert.equal(r.flags.bool('prefix'), true);
  assert.equal(r.flags.string('write-out'), 'json');
  assert.equal(r.flags.int('limit'), 5n);
  assert.deepEqual(r.flags.strings('endpoints'), ['a:1']);
  assert.equal(r.flags.changed('endpoints'), true);
  assert.equal(r.flags.changed('hex'), false);
});

test('`--` ends flags and is remembered (ArgsLenAtDash)', () => {
  const r = parse(['put', 'k', '--', '-v', '--prefix']);
  assert.deepEqual(r.positionals, ['k', '-v', '--prefix']);
  assert.equal(r.argsLenAtDash, 1);
});

test('bool flags take no separate value; --flag=false works', () => {
  const r = parse(['get', '--prefix', 'k']);
  assert.deepEqual(r.positionals, ['k']);
  assert.equal(parse(['get', 'k', '--prefix=false']).flags.bool('prefix'), false);
});

test('repeated slice flags append after the first replaces the default', () => {
  const r = parse(['--endpoints=a,b', '--endpoints', 'c', 'version']);
  assert.deepEqual(r.flags.strings('endpoints'), ['a', 'b', 'c']);
});

test('command prefixes resolve when unambiguous', () => {
  assert.equal(parse(['mem', 'li']).path, 'etcdctl member list');
  assert.equal(parse(['snap', 'stat', 'f']).path, 'etcdctl snapshot status');
  assert.throws(() => parse(['l']), /unknown command "l" for "etcdctl"/);
});

test('pflag error texts', () => {
  assert.throws(() => parse(['get', '--bogus']), { message: 'unknown flag: --bogus' });
  assert.throws(() => parse(['get', '-c']), { message: "unknown shorthand flag: 'c' in -c" });
  assert.throws(() => parse(['get', '--limit']), { message: 'flag needs an argument: --limit' });
  assert.throws(() => parse(['get', '-w']), { message: "flag needs an argument: 'w' in -w" });
  assert.throws(() => parse(['get', '--limit=x']), {
    message: 'invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax',
  });
  assert.throws(() => parse(['--dial-timeout', '3', 'get']), {
    message: 'invalid argument "3" for "--dial-timeout" flag: time: missing unit in duration "3"',
  });
  assert.throws(() => parse(['get', '---x']), { message: 'bad flag syntax: ---x' });
});

test('unknown commands get cobra\'s suggestions in etcdctl\'s command order', () => {
  assert.throws(() => parse(['set']), {
    message: 'unknown command "set" for "etcdctl"\n\nDid you mean this?\n\tget\n\tput\n\tdel\n\tuser\n',
  });
});

test("cobra's Find before the help flag exists: -h/--help before a word take it as their value", () => {
  const find = (argv: string[]) => {
    const f = findCommand(newV3Root(), argv, SUGGESTION_ORDER, { beforeHelpFlag: true });
    return [f.command.commandPath, f.args, f.error ?? ''];
  };
  assert.deepEqual(find(['-h', 'snapshot']), ['etcdctl', ['-h', 'snapshot'], '']);
  assert.deepEqual(find(['--help', 'snapshot']), ['etcdctl', ['--help', 'snapshot'], '']);
  assert.deepEqual(find(['snapshot', '-h']), ['etcdctl snapshot', ['-h'], '']);
  assert.deepEqual(find(['member', '-h', 'list']), ['etcdctl member', ['-h', 'list'], '']);
  assert.deepEqual(find(['--help=true', 'snapshot']), ['etcdctl snapshot', ['--help=true'], '']);
  assert.equal(find(['-h', 'snapshot', 'status'])[2], 'unknown command "status" for "etcdctl"');
  // once parsing (help flag defined), -h is a bool again
  assert.equal(findCommand(newV3Root(), ['-h', 'snapshot'], SUGGESTION_ORDER).command.commandPath, 'etcdctl snapshot');
});
