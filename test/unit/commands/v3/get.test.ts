// get through runV3 with a fake client: the RangeRequest (keys as bytes, ranges, --rev, sorting,
// consistency), the argument errors and their exit codes, and the printed responses: real ones
// captured from etcd 3.4.23 next to etcdctl's output of them (test/unit/printer/golden).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RangeResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newGetCommand, parseGetOptions, runGet } from '../../../../commands/v3/get.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import type { Format } from '../../printer/golden.js';
import { assertGolden, directFactory, goldenInput, grpcError, helpGolden, parseContext, requests, runFake } from '../../../helpers/fake-v3.js';

const b = (s: string) => Buffer.from(s);
const NUL = Buffer.from([0]);
const empty = RangeResponse.fromPartial({});
const range = (resp: RangeResponse = empty) => ({ range: () => resp });

/** The request of `etcdctl get <argv>` as the fake client received it. */
async function request(argv: string[]): Promise<Record<string, unknown>> {
  const r = await runFake(['get', ...argv], { handlers: range() });
  assert.equal(r.code, 0, r.stderr);
  return requests(r, 'range')[0] as Record<string, unknown>;
}

test('get: keys, ranges, --prefix, --from-key as clientv3 builds them', async () => {
  assert.deepEqual(await request(['foo']), {
    key: b('foo'), rangeEnd: b(''), limit: 0n, revision: 0n, sortOrder: 0, sortTarget: 0, serializable: false, keysOnly: false, countOnly: false,
  });
  assert.deepEqual((await request(['a', 'c'])).rangeEnd, b('c'));
  // a third argument is ignored, as by etcdctl
  assert.deepEqual((await request(['a', 'c', 'z'])).rangeEnd, b('c'));
  const pfx = await request(['ab', '--prefix']);
  assert.deepEqual([pfx.key, pfx.rangeEnd], [b('ab'), b('ac')]);
  const all = await request(['', '--prefix']);
  assert.deepEqual([all.key, all.rangeEnd], [NUL, NUL]);
  const from = await request(['m', '--from-key']);
  assert.deepEqual([from.key, from.rangeEnd], [b('m'), NUL]);
  const fromAll = await request(['', '--from-key']);
  assert.deepEqual([fromAll.key, fromAll.rangeEnd], [NUL, NUL]);
  // keys are the argument's UTF-8 bytes: the prefix end increments the last one
  assert.deepEqual((await request(['\u00e9', '--prefix'])).rangeEnd, Buffer.from([0xc3, 0xaa]));
});

test('get: --limit, --rev (negative is the latest), sorting, --consistency, --keys-only', async () => {
  const r = await request(['k', '--limit', '2', '--rev=5', '--keys-only', '--consistency=s', '--order=DESCEND', '--sort-by=modify']);
  assert.deepEqual([r.limit, r.revision, r.keysOnly, r.serializable, r.sortOrder, r.sortTarget], [2n, 5n, true, true, 2, 3]);
  assert.equal((await request(['k', '--rev=-5'])).revision, 0n);
  // case-insensitive; ascending by key is the server's natural order, sent as NONE
  const asc = await request(['k', '--order=ascend', '--sort-by=key']);
  assert.deepEqual([asc.sortOrder, asc.sortTarget], [0, 0]);
  const ascValue = await request(['k', '--order=Ascend', '--sort-by=Value']);
  assert.deepEqual([ascValue.sortOrder, ascValue.sortTarget], [1, 4]);
  const targets = { VERSION: 1, CREATE: 2, MODIFY: 3, VALUE: 4, KEY: 0 } as const;
  for (const [name, n] of Object.entries(targets)) assert.equal((await request(['k', `--sort-by=${name}`, '--order=DESCEND'])).sortTarget, n, name);
});

test('get argument errors: messages and exit codes of etcdctl, nothing sent', async () => {
  const cases: Array<[string[], string, number]> = [
    [[], 'get command needs one argument as key and an optional argument as range_end', 128],
    [['a', '--prefix', '--from-key'], '`--prefix` and `--from-key` cannot be set at the same time, choose one', 128],
    [['a', 'b', '--prefix'], 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set', 128],
    [['a', 'b', '--from-key'], 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set', 128],
    [['a', '--consistency=x'], 'unknown consistency flag "x"', 4],
    [['a', '--order=up'], 'bad sort order up', 4],
    [['a', '--sort-by=size'], 'bad sort target size', 4],
  ];
  for (const [argv, msg, code] of cases) {
    const r = await runFake(['get', ...argv], { handlers: range() });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['', `Error: ${msg}\n`, code, 0], argv.join(' '));
  }
});

test('get: a bad flag value prints the help and the pflag error twice (exit 1)', async () => {
  const r = await runFake(['get', 'a', '--limit=x'], { handlers: range() });
  const msg = 'Error: invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax\n';
  assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], [helpGolden('get'), `${msg}\n${msg}`, 1, 0]);
});

test('get prints what etcd answered as etcdctl 3.4.23 did (golden captures)', async () => {
  const scenarios: Array<[string, string[], Format[]]> = [
    ['get_all', ['', '--prefix'], ['simple', 'json', 'fields', 'protobuf', 'table']],
    ['get_keys_only', ['', '--prefix', '--keys-only'], ['simple', 'json', 'fields']],
    ['get_none', ['nothing'], ['simple', 'json', 'fields', 'table']],
    ['get_limit', ['', '--prefix', '--limit', '2', '--sort-by=KEY', '--order=DESCEND'], ['simple', 'json']],
    ['get_hex', ['foo', '--hex'], ['simple', 'json', 'fields']],
    ['get_hex_all', ['', '--prefix', '--hex'], ['simple', 'fields']],
    ['get_value_only', ['foo', '--print-value-only'], ['simple', 'json', 'fields', 'table', 'protobuf']],
  ];
  for (const [name, argv, formats] of scenarios) {
    for (const format of formats) {
      const r = await runFake(['get', ...argv, '-w', format], { handlers: range(goldenInput(RangeResponse, format, name)) });
      assert.equal(requests(r, 'range').length, 1, `${format}/${name}: the request is sent before the format is refused`);
      assertGolden(r, format, name);
    }
  }
});

test('get: server errors are Error: <desc> (exit 1); an unknown -w is exit 4 before the request', async () => {
  const r = await runFake(['get', 'k', '--rev=100'], { handlers: { range: () => { throw grpcError('etcdserver: mvcc: required revision is a future revision', 11); } } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: etcdserver: mvcc: required revision is a future revision\n', 1]);
  const bad = await runFake(['get', 'k', '-w', 'yaml'], { handlers: range() });
  assert.deepEqual([bad.stderr, bad.code, bad.calls.length], ['Error: unsupported output format\n', 4, 0]);
});

test('parseGetOptions and runGet called directly', async () => {
  const opts = parseGetOptions(parseContext(newGetCommand(), ['k'], { prefix: 'true', 'print-value-only': 'true', limit: '3' }));
  assert.deepEqual(opts, {
    key: b('k'), rangeEnd: b('l'), limit: 3n, revision: 0n, sortOrder: 0, sortTarget: 0, serializable: false, keysOnly: false, countOnly: false, printValueOnly: true,
  });
  assert.throws(() => parseGetOptions(parseContext(newGetCommand(), ['k'], { consistency: 'L' })), { message: 'unknown consistency flag "L"', exitCode: 4 });
  const io = new BufferIO();
  const resp = goldenInput(RangeResponse, 'simple', 'get_value_only');
  await runGet(opts, directFactory(io, range(resp)));
  assert.equal(io.stdoutText, 'bar1\n');
  await assert.rejects(runGet(opts, directFactory(new BufferIO(), range(resp), 'json')), {
    message: 'print-value-only is only for `--write-out=simple`',
    exitCode: 128,
  });
});
