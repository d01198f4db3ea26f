// compaction through runV3 with a fake client: the revision (int64) and --physical in the
// request, the argument errors (128 for the count, 1 for a bad number, as etcdctl), fixed output
// in every format, server errors (exit 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCompactionCommand, parseCompactionOptions, runCompaction } from '../../../../commands/v3/compaction.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { golden } from '../../printer/golden.js';
import { directFactory, grpcError, helpGolden, parseContext, requests, runFake } from '../../../helpers/fake-v3.js';

const compact = { compact: () => ({ header: undefined }) };

test('compaction <rev> [--physical]: the request, the same text in every format', async () => {
  for (const format of ['simple', 'json', 'fields', 'table', 'protobuf'] as const) {
    const r = await runFake(['compaction', '3', '-w', format], { handlers: compact });
    assert.deepEqual(requests(r, 'compact'), [{ revision: 3n, physical: false }]);
    assert.deepEqual([r.stdout, r.stderr, r.code], [golden(format, 'compaction').out.toString(), '', 0], format);
  }
  const p = await runFake(['compaction', '--physical', '9223372036854775807'], { handlers: compact });
  assert.deepEqual(requests(p, 'compact'), [{ revision: 9223372036854775807n, physical: true }]);
  assert.equal(p.stdout, 'compacted revision 9223372036854775807\n');
});

test('compaction errors: argument count exit 128, bad numbers exit 1, server errors exit 1', async () => {
  const cases: Array<[string[], string, number]> = [
    [[], 'compaction command needs 1 argument', 128],
    [['1', '2'], 'compaction command needs 1 argument', 128],
    [['x'], 'strconv.ParseInt: parsing "x": invalid syntax', 1],
    [['99999999999999999999'], 'strconv.ParseInt: parsing "99999999999999999999": value out of range', 1],
  ];
  for (const [argv, msg, code] of cases) {
    const r = await runFake(['compaction', ...argv], { handlers: compact });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, code, 0], argv.join(' '));
  }
  const future = await runFake(['compaction', '99999'], { handlers: { compact: () => { throw grpcError('etcdserver: mvcc: required revision is a future revision', 11); } } });
  assert.deepEqual([future.stdout, future.stderr, future.code], ['', 'Error: etcdserver: mvcc: required revision is a future revision\n', 1]);
  const flag = await runFake(['compaction', '1', '--physical=2']);
  const msg = 'Error: invalid argument "2" for "--physical" flag: strconv.ParseBool: parsing "2": invalid syntax\n';
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('compaction'), `${msg}\n${msg}`, 1]);
});

test('parseCompactionOptions and runCompaction called directly', async () => {
  assert.deepEqual(parseCompactionOptions(parseContext(newCompactionCommand(), ['-5'])), { revision: -5n, physical: false });
  const io = new BufferIO();
  await runCompaction({ revision: 7n, physical: true }, directFactory(io, compact), io);
  assert.equal(io.stdoutText, 'compacted revision 7\n');
});
