// The txn input parser: compare lines (fmt.Sscanf, clientv3.Compare and its panics), op lines
// (argify, the bare cobra root with put/get/del, their argument checks), cobra's default usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { CliError } from '../../../../src/cli/core/errors.js';
import { argify, argifyWords } from '../../../../commands/v3/argify.js';
import { cobraUsage, parseCompare, parseOp, readTxn } from '../../../../commands/v3/txn.js';
import { newDelCommand } from '../../../../commands/v3/del.js';
import { TxnResponse, type TxnRequest } from '../../../../src/proto/gen/etcdserverpb/rpc.js';
import { assertGolden, goldenResponse, grpcError, requests, runFake } from '../../../helpers/fake-v3.js';

const b = (s: string) => Buffer.from(s, 'utf8');

function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CliError, String(e));
    return e;
  }
  assert.fail('no error');
}

test('compares: targets, ops and values', () => {
  const c = parseCompare(b('ver("k") = "3"'));
  assert.deepEqual(c, { result: 0, target: 0, key: b('k'), targetUnion: { $case: 'version', version: 3n }, rangeEnd: Buffer.alloc(0) });
  assert.equal(parseCompare(b('version("k") != "-1"')).result, 3);
  assert.deepEqual(parseCompare(b('c("k") > "10"')).targetUnion, { $case: 'createRevision', createRevision: 10n });
  assert.deepEqual(parseCompare(b('create("k") < "10"')).result, 2);
  assert.deepEqual(parseCompare(b('m("k") > "7"')).targetUnion, { $case: 'modRevision', modRevision: 7n });
  assert.equal(parseCompare(b('mod("k") > "7"')).result, 1);
  assert.deepEqual(parseCompare(b('val("k\\x00") = "v\\n"')), {
    result: 0,
    target: 3,
    key: Buffer.from('k\0'),
    targetUnion: { $case: 'value', value: b('v\n') },
    rangeEnd: Buffer.alloc(0),
  });
  assert.equal(parseCompare(b('value(`k`) = `raw\\n` ignored')).targetUnion?.$case, 'value');
});

test('compare errors carry etcdctl messages and exit 3', () => {
  const cases: Array<[string, string]> = [
    ['foo', 'malformed comparison: foo'],
    ['val("a" = "1"', 'malformed comparison: val("a" = "1"; got val("a")  ""'],
    ['val(a) = "1"', 'malformed comparison: val(a) = "1"; got val("")  ""'],
    ['val("a") =', 'malformed comparison: val("a") =; got val("a") = ""'],
    ['bad("a") = "1"', 'malformed comparison: bad("a") = "1" (unknown target bad)'],
    ['ver("a") = "x"', 'invalid txn compare request: ver("a") = "x"'],
    ['c("a") = "0x10"', 'invalid txn compare request: c("a") = "0x10"'],
    ['m("a") >= "x"', 'invalid txn compare request: m("a") >= "x"'],
  ];
  for (const [line, msg] of cases) {
    const e = cliError(() => parseCompare(b(line)));
    assert.equal(e.message, msg, line);
    assert.equal(e.exitCode, 3, line);
  }
});

test("clientv3.Compare's panics are kept: unknown op, any lease compare (exit 2)", () => {
  for (const [line, msg] of [
    ['ver("a") >= "1"', 'Unknown result op'],
    ['val("a") == "1"', 'Unknown result op'],
    ['lease("a") >= "1"', 'Unknown result op'],
    ['lease("a") = "1"', 'bad value'],
  ]) {
    const e = cliError(() => parseCompare(b(line!)));
    assert.equal(e.exitCode, 2);
    assert.ok(e.stderrText.startsWith(`panic: ${msg}\n\ngoroutine 1 [running]:\n`), e.stderrText);
  }
});

test('argify: quoted words, and the single-quote cut by the number of words', () => {
  assert.deepEqual(argifyWords(b('put  "a b"\tc\'d e\' \'x y\'')).map(String), ['put', '"a b"', "c'd", "e'", "'x y'"]);
  assert.deepEqual(argifyWords(b('"unterminated x')).map(String), ['unterminated', 'x']);
  assert.deepEqual(argify(b("put 'sq' 'hello world'"), []).map(String), ['put', 's', 'h']);
  assert.deepEqual(argify(b('put "k\\tv" \'sq\' \'hello world\''), []).map(String), ['put', 'k\tv', 'sq', 'he']);
  assert.deepEqual(argify(b("put 'k' 'v' 'x'"), []).map(String), ['put', "k'", "v'", "x'"]);
  const oob = cliError(() => argify(b("put 'sq' b c d e f"), []));
  assert.equal(oob.exitCode, 2);
  assert.ok(oob.stderrText.startsWith('panic: runtime error: slice bounds out of range [:6] with length 4\n'));
  assert.ok(cliError(() => argify(b("'x'"), [])).stderrText.startsWith('panic: runtime error: slice bounds out of range [1:0]\n'));
  const bad = cliError(() => argify(b('put "a\\q" b'), []));
  assert.equal(bad.message, 'invalid syntax');
  assert.equal(bad.exitCode, 3);
  // bytes that are not UTF-8 stay as they are in unquoted words
  assert.deepEqual(argify(Buffer.from([0x70, 0x20, 0xff, 0xfe]), [])[1], Buffer.from([0xff, 0xfe]));
});

test('op lines become put/get/del requests with their flags', () => {
  const io = new BufferIO();
  assert.deepEqual(parseOp(b('put k v --prev-kv --lease=1f'), io).request, {
    $case: 'requestPut',
    requestPut: { key: b('k'), value: b('v'), lease: 31n, prevKv: true, ignoreValue: false, ignoreLease: false },
  });
  const get = parseOp(b('g pfx --prefix --keys-only --limit=2 --rev=5 --order=DESCEND --sort-by=modify --consistency=s'), io).request;
  assert.equal(get?.$case, 'requestRange');
  if (get?.$case === 'requestRange') {
    const r = get.requestRange;
    assert.deepEqual([r.key, r.rangeEnd], [b('pfx'), b('pfy')]);
    assert.deepEqual([r.limit, r.revision, r.sortOrder, r.sortTarget, r.serializable, r.keysOnly], [2n, 5n, 2, 3, true, true]);
  }
  const ascKey = parseOp(b('get a --order=ascend'), io).request;
  assert.equal(ascKey?.$case === 'requestRange' && ascKey.requestRange.sortOrder, 0);
  assert.deepEqual(parseOp(b('del "" --prefix --prev-kv'), io).request, {
    $case: 'requestDeleteRange',
    requestDeleteRange: { key: Buffer.from([0]), rangeEnd: Buffer.from([0]), prevKv: true },
  });
  assert.equal(io.stdoutText + io.stderrText, '');
});

test('op line errors: etcdctl messages and exit codes', () => {
  const cases: Array<[string, string, number]> = [
    ['put', 'invalid txn compare request: put', 3],
    ['foo a', 'invalid txn request: foo a', 3],
    ['--prev-kv put a b', 'invalid txn request: --prev-kv put a b', 3],
    ['put a', 'put command needs 1 argument and input from stdin or 2 arguments', 128],
    ['put a b --ignore-value', "put command needs only 1 argument when 'ignore-value' is set", 128],
    ['put a b --lease=zz', 'bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex', 128],
    ['get a --prefix --from-key', '`--prefix` and `--from-key` cannot be set at the same time, choose one', 128],
    ['get a --consistency=x', 'unknown consistency flag "x"', 4],
    ['get a --sort-by=size', 'bad sort target size', 4],
    ['del a b c', 'del command needs one argument as key and an optional argument as range_end', 128],
  ];
  for (const [line, msg, code] of cases) {
    const e = cliError(() => parseOp(b(line), new BufferIO()));
    assert.equal(e.message, msg, line);
    assert.equal(e.exitCode, code, line);
  }
  // a flag error prints the verb's cobra usage on stderr first
  const io = new BufferIO();
  assert.equal(cliError(() => parseOp(b('del -x y'), io)).message, 'invalid txn request: del -x y');
  assert.equal(io.stderrText, cobraUsage(newDelCommand()) + '\n');
});

test("cobra's default usage of a verb under the bare root", () => {
  assert.equal(
    cobraUsage(newDelCommand()),
    'Usage:\n   del [options] <key> [range_end] [flags]\n\nFlags:\n' +
      '      --from-key   delete keys that are greater than or equal to the given key using byte compare\n' +
      '  -h, --help       help for del\n' +
      '      --prefix     delete keys with matching prefix\n' +
      '      --prev-kv    return deleted key-value pairs\n' +
      // etcdctl 3.5's flag (3.5.16 prints this usage with it)
      '      --range      delete range of keys\n',
  );
});

test('the three sections, each ended by an empty line; early end of input is EOF (exit 3)', async () => {
  const io = new BufferIO({ stdin: 'val("a") = "1"\n  \nput a b\n\nget a\n\n' });
  const req = await readTxn(io, true);
  assert.equal(req.compare.length, 1);
  assert.equal(req.success.length, 1);
  assert.equal(req.failure.length, 1);
  assert.equal(io.stdoutText, 'compares:\nsuccess requests (get, put, del):\nfailure requests (get, put, del):\n');
  for (const input of ['', '\n\n', 'val("a") = "1"', '\n\n\n'.slice(0, 2) + 'put a b']) {
    await assert.rejects(readTxn(new BufferIO({ stdin: input }), false), (e: CliError) => e.message === 'EOF' && e.exitCode === 3);
  }
});

// ---- the command through runV3, with a fake client ------------------------------------------

const TXN_SUCCESS = `value("foo") = "bar3"

put foo bar4 --prev-kv
put "bin\\x00\\x01\\xff\\xfe" "new" --prev-kv
get foo
get nothing
del html<&> --prev-kv

put never x

`;
const TXN_FAILURE = 'value("foo") = "zzz"\n\nput never x\n\nget foo --keys-only\nput foo bar5\n\n';

test('txn: the request read from stdin reaches the client whole', async () => {
  const r = await runFake(['txn'], { stdin: TXN_SUCCESS, handlers: { txn: () => goldenResponse(TxnResponse, 'txn_success') } });
  assert.equal(r.code, 0, r.stderr);
  const [req] = requests(r, 'txn') as TxnRequest[];
  assert.deepEqual(req!.compare, [parseCompare(b('value("foo") = "bar3"'))]);
  assert.deepEqual(
    req!.success.map((op) => op.request?.$case),
    ['requestPut', 'requestPut', 'requestRange', 'requestRange', 'requestDeleteRange'],
  );
  const second = req!.success[1]!.request;
  assert.ok(second?.$case === 'requestPut');
  assert.deepEqual(second.requestPut.key, Buffer.from([0x62, 0x69, 0x6e, 0, 1, 0xff, 0xfe]));
  assert.equal(second.requestPut.prevKv, true);
  assert.deepEqual(req!.failure, [parseOp(b('put never x'), new BufferIO())]);
  // no deadline: etcdctl's txn runs without --command-timeout
  assert.equal(r.calls[0]!.args[1], undefined);
});

test('txn prints the responses as etcdctl 3.4.23 did (golden captures)', async () => {
  for (const format of ['simple', 'json', 'fields', 'protobuf', 'table'] as const) {
    for (const [name, stdin] of [['txn_success', TXN_SUCCESS], ['txn_failure', TXN_FAILURE]] as const) {
      const r = await runFake(['txn', '-w', format], { stdin, handlers: { txn: () => goldenResponse(TxnResponse, name, format) } });
      assertGolden(r, format, name);
    }
  }
});

test('txn: -i prompts on stdout; arguments, bad input and server errors', async () => {
  const i = await runFake(['txn', '-i'], { stdin: 'mod("foo") > "0"\n\nput a b\n\n', handlers: { txn: () => goldenResponse(TxnResponse, 'txn_success') } });
  assert.deepEqual([i.stdout, i.stderr, i.code, i.calls.length], ['compares:\nsuccess requests (get, put, del):\nfailure requests (get, put, del):\n', 'Error: EOF\n', 3, 0]);
  const args = await runFake(['txn', 'extra'], { handlers: { txn: () => goldenResponse(TxnResponse, 'txn_success') } });
  assert.deepEqual([args.stdout, args.stderr, args.code], ['', 'Error: txn command does not accept argument\n', 128]);
  const bad = await runFake(['txn'], { stdin: 'x("a") = "1"\n\n\n', handlers: {} });
  assert.deepEqual([bad.stdout, bad.stderr, bad.code], ['', 'Error: malformed comparison: x("a") = "1" (unknown target x)\n', 3]);
  const failed = await runFake(['txn'], { stdin: '\n\n\n', handlers: { txn: () => { throw grpcError('etcdserver: too many operations in txn request', 3); } } });
  assert.deepEqual([failed.stdout, failed.stderr, failed.code], ['', 'Error: etcdserver: too many operations in txn request\n', 1]);
  // -w is checked when the client is made, before stdin is read
  const format = await runFake(['txn', '-w', 'xml'], { stdin: 'garbage' });
  assert.deepEqual([format.stderr, format.code], ['Error: unsupported output format\n', 4]);
});
