// txn against twin servers: the same transactions (stdin) run with our etcdctl and with Debian's
// etcdctl 3.4.23 on servers with the same history; stdout, stderr and exit code must match in
// every output format, for parse errors, etcdctl's panics (first lines and exit code) and quirks.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { twinScenario, dropZapLogs, without35HelpLines, type Step, type StepResult } from '../helpers/twin.js';

const E = '--endpoints={{ep}}';
const FORMATS = ['simple', 'json', 'fields', 'protobuf', 'table'];

interface TxnStep extends Step {
  /** compare only the panic's first lines (the Go stack has addresses) */
  panic?: boolean;
  /** etcdctl never ends (it waits for an op after printing help): compare stdout only */
  hangs?: boolean;
}

const txn = (input: string, ...flags: string[]): TxnStep => ({ args: [E, 'txn', ...flags], opts: { api: '3', input } });
const v3 = (...args: string[]): TxnStep => ({ args: [E, ...args], opts: { api: '3' } });

const steps: TxnStep[] = [
  v3('put', 'a', '1'),
  v3('put', 'b', '2'),
  v3('put', 'pfx/1', 'x'),
  v3('put', 'pfx/2', 'y'),
  // every output format, success and failure branches, all three ops with their flags
  ...FORMATS.map((w) => txn('mod("a") > "0"\nc("b") != "0"\n\nput a x --prev-kv\nget pfx --prefix\ndel nothing\n\nput z 1\n\n', '-w', w)),
  ...FORMATS.map((w) => txn('val("a") = "nope"\n\nput a y\n\nget a\nput b 3 --prev-kv\ndel pfx/1 --prev-kv\n\n', '-w', w)),
  txn('ver("a") = "999"\n\n\nget a b\nget "" --prefix --keys-only --limit 2\n\n', '--hex'),
  txn('value("a")  !=   "2"\n\n\n\n'),
  txn('val("a") = "1" trailing words\n\n\n\n'),
  txn('val(`a`) = `x`\n\n\n\n'),
  txn('  create("a")   >   "0"  \n \t \nget a --order=DESCEND --sort-by=value\nget a --from-key --consistency=s --rev=3\n\n\n'),
  // empty transaction; interactive prompts
  txn('\n\n\n'),
  txn('\n\n\n', '-i'),
  txn('val("a") = "x"\n\nput a 1\n\nput a 2\n\n', '--interactive', '-w', 'json'),
  // quoted words: escapes, spaces, non-ASCII; the single-quote truncation bug
  txn('\nput "q\\n\\x01é" "v\\tw"\nget "q\\n\\x01é" -w json\nput "hello world" "a b c"\nget "hello world"\n\n\n'),
  txn("\nput 'sq' 'hello world'\nget s\n\n\n"),
  txn("\nput 'k' 'v' 'x'\n\n\n"),
  txn('\np short-prefix ok\ng short-prefix\nde short-prefix\n\n\n'),
  // compare errors
  txn('foo\n'),
  txn('val("a" = "1"\n\n'),
  txn('val("a")="1"\n\n'),
  txn('val(a) = "1"\n\n'),
  txn('val("a")\n\n'),
  txn('val("a") =\n\n'),
  txn('bad("a") = "1"\n\n'),
  txn(' val ("a") = "1"\n\n'),
  txn('ver("a") = "x"\n\n'),
  txn('ver("a") = "99999999999999999999"\n\n'),
  txn('c("a") = "0x10"\n\n'),
  txn('val("a\\q") = "1"\n\n'),
  // op errors
  txn('\nput\n\n\n'),
  txn('\nfoo a\n\n\n'),
  txn('\n--prev-kv put a b\n\n\n'),
  txn('\nput --bogus a b\n\n\n'),
  txn('\nget --limit=abc a\n\n\n'),
  txn('\ndel -x y\n\n\n'),
  txn('\nput a\n\n\n'),
  txn('\nput a b --ignore-value\n\n\n'),
  txn('\nput a b --lease=zz\n\n\n'),
  txn('\nput a b --lease=1234\n\n\n'),
  txn('\nget\n\n\n'),
  txn('\nget a --prefix --from-key\n\n\n'),
  txn('\nget a b --prefix\n\n\n'),
  txn('\nget a --consistency=x\n\n\n'),
  txn('\nget a --order=up\n\n\n'),
  txn('\nget a --sort-by=size\n\n\n'),
  txn('\ndel a b c\n\n\n'),
  txn('\ndel a --prefix --from-key\n\n\n'),
  txn('\nput "a\\q" b\n\n\n'),
  txn('\nput "a b" "c\n\n\n'),
  txn("\nget 'a\n\n\n"),
  txn('\nput dup 1\nput dup 2\n\n\n'),
  // end of input before the third empty line, or without a final newline
  txn(''),
  txn('\n\n'),
  txn('val("a") = "1"'),
  txn('\n\nput a 1'),
  // the command's own checks: arguments, output format (before stdin is read)
  txn('\n\n\n', 'extra'),
  txn('\n\n\n', '-w', 'yaml'),
  txn('\n\n\n', '--bogus'),
  // etcdctl's panics (exit 2)
  { ...txn('ver("a") >= "1"\n\n'), panic: true },
  { ...txn('val("a") => "1"\n\n'), panic: true },
  { ...txn('lease("a") = "1"\n\n'), panic: true },
  { ...txn("\nput 'sq' b c d e f\n\n\n"), panic: true },
  { ...txn("\n'x'\n\n\n"), panic: true },
  // help on an op line: etcdctl prints it and then waits forever (we stop with exit 3)
  { ...txn('\nput -h\n\n\n'), hangs: true, opts: { api: '3', input: '\nput -h\n\n\n', timeoutMs: 3000 } },
  { ...txn('\nget --help\n\n\n'), hangs: true, opts: { api: '3', input: '\nget --help\n\n\n', timeoutMs: 3000 } },
  v3('get', '', '--prefix', '-w', 'json'),
];

let results: StepResult[];
before(async () => {
  results = await twinScenario(steps);
});

/** Ours without the help lines of etcdctl 3.5's additions (an op line's usage shows them). */
function without35Flags(b: Buffer): Buffer {
  return Buffer.from(without35HelpLines(b.toString('latin1')), 'latin1');
}

/** `panic: <msg>`, the empty line, `goroutine 1 [running]:` */
function panicHead(stderr: string): string {
  return stderr.split('\n').slice(0, 3).join('\n');
}

for (const [i, step] of steps.entries()) {
  const input = step.opts?.input;
  test(`#${i} etcdctl ${step.args.slice(1).join(' ')}${input !== undefined ? ` <<< ${JSON.stringify(input)}` : ''}`, () => {
    const r = results[i]!;
    if (step.hangs) {
      assert.equal(r.real.signal, 'SIGKILL', 'etcdctl was expected to wait forever');
      assert.equal(r.ours.code, 3);
      assert.equal(r.ours.stderr, `Error: invalid txn request: ${String(input).trim()}\n`);
      assert.equal(without35Flags(r.ours.stdoutBytes).toString(), r.real.stdout);
      return;
    }
    assert.equal(r.ours.code, r.real.code, `exit code; ours stderr: ${r.ours.stderr}`);
    assert.deepEqual(without35Flags(r.ours.stdoutBytes), r.real.stdoutBytes, `stdout:\n${r.ours.stdout}\n---- real:\n${r.real.stdout}`);
    if (step.panic) {
      assert.equal(r.real.code, 2);
      assert.equal(panicHead(r.ours.stderr), panicHead(r.real.stderr));
    } else {
      assert.equal(without35Flags(Buffer.from(r.ours.stderr)).toString(), dropZapLogs(r.real.stderr));
    }
  });
}
