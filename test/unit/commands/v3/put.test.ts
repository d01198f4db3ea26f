// put through runV3 with a fake client: the PutRequest built from arguments, flags and stdin, the
// argument errors (exit 128) before any request, what the printer prints, and server errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PutResponse } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { newPutCommand, parsePutOptions, runPut } from '../../../../commands/v3/put.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { assertGolden, directFactory, goldenResponse, grpcError, helpGolden, parseContext, requests, runFake } from '../../../helpers/fake-v3.js';

const b = (s: string) => Buffer.from(s);
const put = (resp: PutResponse = goldenResponse(PutResponse, 'put')) => ({ put: () => resp });

test('put <key> <value>: the request, and OK in simple, the header in json', async () => {
  const r = await runFake(['put', 'foo', 'bar2'], { handlers: put() });
  assert.deepEqual(requests(r, 'put'), [{ key: b('foo'), value: b('bar2'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false }]);
  assert.ok((r.calls[0]!.args[1] as { deadline: Date }).deadline instanceof Date, 'sent under --command-timeout');
  assertGolden(r, 'simple', 'put');
  assertGolden(await runFake(['put', 'foo', 'bar2', '-w', 'json'], { handlers: put() }), 'json', 'put');
  assertGolden(await runFake(['put', 'foo', 'bar2', '-w', 'fields'], { handlers: put() }), 'fields', 'put');
  assertGolden(await runFake(['put', 'foo', 'bar2', '-w', 'protobuf'], { handlers: put(goldenResponse(PutResponse, 'put', 'protobuf')) }), 'protobuf', 'put');
});

test('put --prev-kv prints the previous pair; table is not a format for put (exit 4, after the request)', async () => {
  const prev = put(goldenResponse(PutResponse, 'put_prev'));
  for (const format of ['simple', 'json', 'fields'] as const) {
    const r = await runFake(['put', 'foo', 'bar3', '--prev-kv', '-w', format], { handlers: prev });
    assert.equal((requests(r, 'put')[0] as { prevKv: boolean }).prevKv, true);
    assertGolden(r, format, 'put_prev');
  }
  const r = await runFake(['put', 'foo', 'bar3', '--prev-kv', '-w', 'table'], { handlers: prev });
  assert.equal(requests(r, 'put').length, 1);
  assertGolden(r, 'table', 'put_prev');
  assert.equal(r.error?.exitCode, 4);
});

test('put: value from stdin, after --, lease in hex as a bigint, --ignore-value/--ignore-lease', async () => {
  const req = async (argv: string[], stdin?: string) => requests(await runFake(argv, { handlers: put(), ...(stdin === undefined ? {} : { stdin }) }), 'put')[0] as Record<string, unknown>;
  assert.deepEqual((await req(['put', 'k'], 'from\nstdin\n')).value, b('from\nstdin\n'));
  assert.deepEqual((await req(['put', 'k', '--', '-v'])).value, b('-v'));
  assert.deepEqual((await req(['put', '--', '-k', 'v'])).key, b('-k'));
  // a third argument is ignored, as by etcdctl
  assert.deepEqual((await req(['put', 'k', 'v', 'extra'])).value, b('v'));
  assert.equal((await req(['put', 'k', 'v', '--lease=1f'])).lease, 31n);
  assert.equal((await req(['put', 'k', 'v', '--lease', '7fffffffffffffff'])).lease, 0x7fffffffffffffffn);
  assert.equal((await req(['put', 'k', 'v', '--lease=-1'])).lease, -1n);
  assert.deepEqual(await req(['put', 'k', '--ignore-value', '--ignore-lease']), {
    key: b('k'), value: b(''), lease: 0n, prevKv: false, ignoreValue: true, ignoreLease: true,
  });
  // --ignore-value never reads stdin
  assert.deepEqual((await req(['put', 'k', '--ignore-value'], 'unread')).value, b(''));
});

test('put argument errors: exit 128 with etcdctl messages, nothing sent', async () => {
  const cases: Array<[string[], string, string?]> = [
    [['put'], 'put command needs 1 argument and input from stdin or 2 arguments'],
    [['put', 'k'], 'put command needs 1 argument and input from stdin or 2 arguments', ''],
    [['put', 'k', 'v', '--ignore-value'], "put command needs only 1 argument when 'ignore-value' is set"],
    [['put', 'k', 'v', '--lease=zz'], 'bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex'],
    [['put', 'k', 'v', '--lease=ffffffffffffffff'], 'bad lease ID (strconv.ParseInt: parsing "ffffffffffffffff": value out of range), expecting ID in Hex'],
  ];
  for (const [argv, msg, stdin] of cases) {
    const r = await runFake(argv, { handlers: put(), ...(stdin === undefined ? {} : { stdin }) });
    assert.equal(r.stderr, `Error: ${msg}\n`, argv.join(' '));
    assert.equal(r.code, 128, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.calls.length, 0);
  }
  // argument errors come before the output format is checked
  assert.equal((await runFake(['put', '-w', 'bogus'])).code, 128);
});

test('put: an unknown flag prints the help on stdout and the error twice on stderr (exit 1)', async () => {
  const r = await runFake(['put', 'k', 'v', '--bogus'], { handlers: put() });
  assert.equal(r.stdout, helpGolden('put'));
  assert.equal(r.stderr, 'Error: unknown flag: --bogus\n\nError: unknown flag: --bogus\n');
  assert.equal(r.code, 1);
  assert.equal(r.calls.length, 0);
});

test('put: an unknown output format is exit 4 before any request; server errors are Error: <desc>, exit 1', async () => {
  const bad = await runFake(['put', 'k', 'v', '-w', 'bogus'], { handlers: put() });
  assert.deepEqual([bad.stdout, bad.stderr, bad.code, bad.calls.length], ['', 'Error: unsupported output format\n', 4, 0]);
  const r = await runFake(['put', 'k', '--ignore-value'], { handlers: { put: () => { throw grpcError('etcdserver: key not found', 3); } } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: etcdserver: key not found\n', 1]);
  const lease = await runFake(['put', 'k', 'v', '--lease=123'], { handlers: { put: () => { throw grpcError('etcdserver: requested lease not found', 5); } } });
  assert.deepEqual([lease.stderr, lease.code], ['Error: etcdserver: requested lease not found\n', 1]);
});

test('parsePutOptions and runPut called directly', async () => {
  const io = new BufferIO({ stdin: 'piped' });
  const opts = await parsePutOptions(parseContext(newPutCommand(), ['k'], { lease: 'a', 'prev-kv': 'true' }, io));
  assert.deepEqual(opts, { key: b('k'), value: b('piped'), lease: 10n, prevKv: true, ignoreValue: false, ignoreLease: false });
  await assert.rejects(parsePutOptions(parseContext(newPutCommand(), [], {})), { exitCode: 128, message: 'put command needs 1 argument and input from stdin or 2 arguments' });
  // an empty value argument is a value (only an empty stdin is missing)
  assert.deepEqual((await parsePutOptions(parseContext(newPutCommand(), ['k', ''], {}))).value, b(''));
  const out = new BufferIO();
  await runPut(opts, directFactory(out, put()));
  assert.equal(out.stdoutText, 'OK\n');
});
