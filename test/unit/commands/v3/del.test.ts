// del through runV3 with a fake client: the DeleteRangeRequest, the argument errors (exit 128)
// before any request, what the printer prints (golden captures of etcdctl 3.4.23), server errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteRangeResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newDelCommand, parseDelOptions, runDel } from '../../../../commands/v3/del.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { assertGolden, directFactory, goldenResponse, grpcError, helpGolden, parseContext, requests, runFake } from '../../../helpers/fake-v3.js';

const b = (s: string) => Buffer.from(s);
const NUL = Buffer.from([0]);
const del = (resp = DeleteRangeResponse.fromPartial({})) => ({ deleteRange: () => resp });

async function request(argv: string[]): Promise<unknown> {
  const r = await runFake(['del', ...argv], { handlers: del() });
  assert.equal(r.code, 0, r.stderr);
  return requests(r, 'deleteRange')[0];
}

test('del: a key, a range, --prefix, --from-key, --prev-kv', async () => {
  assert.deepEqual(await request(['foo']), { key: b('foo'), rangeEnd: b(''), prevKv: false });
  assert.deepEqual(await request(['a', 'c', '--prev-kv']), { key: b('a'), rangeEnd: b('c'), prevKv: true });
  assert.deepEqual(await request(['ab', '--prefix']), { key: b('ab'), rangeEnd: b('ac'), prevKv: false });
  assert.deepEqual(await request(['', '--prefix']), { key: NUL, rangeEnd: NUL, prevKv: false });
  assert.deepEqual(await request(['m', '--from-key']), { key: b('m'), rangeEnd: NUL, prevKv: false });
});

test('del argument errors: exit 128 with etcdctl messages, nothing sent', async () => {
  const cases: Array<[string[], string]> = [
    [[], 'del command needs one argument as key and an optional argument as range_end'],
    [['a', 'b', 'c'], 'del command needs one argument as key and an optional argument as range_end'],
    [['a', '--prefix', '--from-key'], '`--prefix` and `--from-key` cannot be set at the same time, choose one'],
    [['a', 'b', '--prefix'], 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set'],
    [['a', 'b', '--from-key'], 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set'],
  ];
  for (const [argv, msg] of cases) {
    const r = await runFake(['del', ...argv], { handlers: del() });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, 128, 0], argv.join(' '));
  }
  const flagErr = await runFake(['del', 'a', '--prefix=maybe'], { handlers: del() });
  const msg = 'Error: invalid argument "maybe" for "--prefix" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n';
  assert.deepEqual([flagErr.stdout, flagErr.stderr, flagErr.code, flagErr.calls.length], [helpGolden('del'), `${msg}\n${msg}`, 1, 0]);
});

test('del prints the deleted count and pairs as etcdctl 3.4.23 did (golden captures)', async () => {
  for (const format of ['simple', 'json', 'fields', 'protobuf', 'table'] as const) {
    const argv = ['del', 'foo', '--prev-kv', '-w', format];
    assertGolden(await runFake(argv, { handlers: del(goldenResponse(DeleteRangeResponse, 'del_prev', format)) }), format, 'del_prev');
    assertGolden(await runFake(['del', 'nothing', '-w', format], { handlers: del(goldenResponse(DeleteRangeResponse, 'del_none', format)) }), format, 'del_none');
  }
});

test('del: server errors are Error: <desc>, exit 1', async () => {
  const r = await runFake(['del', 'k'], { handlers: { deleteRange: () => { throw grpcError('etcdserver: permission denied', 7); } } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: etcdserver: permission denied\n', 1]);
});

test('parseDelOptions and runDel called directly', async () => {
  const opts = parseDelOptions(parseContext(newDelCommand(), ['k'], { 'from-key': 'true' }));
  assert.deepEqual(opts, { key: b('k'), rangeEnd: NUL, prevKv: false });
  assert.throws(() => parseDelOptions(parseContext(newDelCommand(), [])), { exitCode: 128 });
  const io = new BufferIO();
  await runDel(opts, directFactory(io, del(DeleteRangeResponse.fromPartial({ deleted: 3n }))));
  assert.equal(io.stdoutText, '3\n');
});
