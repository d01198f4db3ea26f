// snapshot restore's etcdctl 3.5 flags: --bump-revision and --mark-compacted go together (etcdctl
// 3.5.16's message, exit 128, after the argument count check); --initial-memory-map-size is
// accepted (uint64) and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags, findCommand } from '../../../../src/cli/v3/cobra.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { CliError } from '../../../../src/cli/core/errors.js';
import { GoParseError } from '../../../../src/format/go-parse.js';
import { newV3Root } from '../../../../commands/v3/index.js';
import { parseSnapshotRestoreOptions } from '../../../../commands/v3/snapshot.js';

function parse(args: string[]) {
  const { command } = findCommand(newV3Root(), ['snapshot', 'restore']);
  const p = parseFlags(command, args);
  return parseSnapshotRestoreOptions({ command, args: p.positionals, argsLenAtDash: p.argsLenAtDash, flags: p.flags, io: new BufferIO(), f: undefined } as never);
}

const MSG = '--mark-compacted required if --revision-bump > 0';

test('--bump-revision with --mark-compacted is passed on; neither is 0', () => {
  assert.equal(parse(['s.db', '--bump-revision', '1000', '--mark-compacted']).bumpRevision, 1000n);
  assert.equal(parse(['s.db']).bumpRevision, 0n);
  assert.equal(parse(['s.db', '--initial-memory-map-size', '10000000']).bumpRevision, 0n);
});

test('one without the other: etcdctl 3.5.16\'s error, exit 128', () => {
  for (const args of [['s.db', '--bump-revision', '5'], ['s.db', '--mark-compacted'], ['s.db', '--bump-revision', '0', '--mark-compacted']]) {
    assert.throws(() => parse(args), (e) => e instanceof CliError && e.exitCode === 128 && e.message === MSG, args.join(' '));
  }
  // the argument count is checked first
  assert.throws(() => parse(['--mark-compacted']), (e) => e instanceof CliError && e.message === 'snapshot restore requires exactly one argument');
});

test('--bump-revision and --initial-memory-map-size are uint64 flags (pflag\'s ParseUint error)', () => {
  for (const flag of ['--bump-revision', '--initial-memory-map-size']) {
    assert.throws(() => parse(['s.db', flag, '-1']), (e) => e instanceof GoParseError && /strconv.ParseUint: parsing "-1": invalid syntax/.test(e.message), flag);
  }
});
