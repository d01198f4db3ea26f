// put / get / del against a real etcd: every step runs with our etcdctl and with Debian's etcdctl
// 3.4.23 on twin servers (same ports, same history), and stdout, stderr and exit code must match.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { twinScenario, dropZapLogs, without35HelpLines, type Step, type StepResult } from '../helpers/twin.js';

const E = '--endpoints={{ep}}';
const v3 = (args: string[], input?: string | Buffer): Step => ({ args: [E, ...args], opts: { api: '3', ...(input !== undefined ? { input } : {}) } });
const FORMATS = ['simple', 'json', 'fields', 'protobuf', 'table'];

const steps: Step[] = [
  // writes in every format (the table format stores the key, then fails with exit 4)
  ...FORMATS.map((w) => v3(['put', `k-${w}`, 'v1', '-w', w])),
  ...FORMATS.map((w) => v3(['put', `k-${w}`, 'v2', '--prev-kv', '-w', w])),
  v3(['put', 'foo', 'bar']),
  v3(['put', 'foo/a', '1']),
  v3(['put', 'foo/b', '2']),
  v3(['put', 'foo/c', '']),
  v3(['put', 'fop', 'after']),
  // values and keys that start with '-'
  v3(['put', '--', '-dash', '-5']),
  v3(['put', 'dash2', '--', '-x']),
  v3(['put', 'k', '-5']),
  // value from stdin, with its trailing newline, and binary bytes
  v3(['put', 'from-stdin'], 'line one\nline two\n'),
  v3(['put', 'binary'], Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a, 0x22, 0x5c])),
  v3(['put', 'empty-stdin'], ''),
  v3(['put']),
  v3(['put', 'a', 'b', '--ignore-value']),
  v3(['put', 'nokey', '--ignore-value']),
  v3(['put', 'foo', 'x', '--lease=zz']),
  v3(['put', 'foo', 'x', '--lease=1234']),
  v3(['put', 'foo', 'x', '--lease=0']),
  // reads in every format
  ...FORMATS.map((w) => v3(['get', 'foo', '--prefix', '-w', w])),
  ...FORMATS.map((w) => v3(['get', 'foo', '--prefix', '--keys-only', '-w', w])),
  ...FORMATS.map((w) => v3(['get', 'binary', '-w', w])),
  ...FORMATS.map((w) => v3(['get', 'nothing-here', '-w', w])),
  v3(['get', '', '--prefix']),
  v3(['get', '', '--from-key', '--keys-only']),
  v3(['get', 'foo', '--from-key']),
  v3(['get', 'foo/a', 'foo/c']),
  v3(['get', 'foo', '--prefix', '--limit=2']),
  v3(['get', 'foo', '--prefix', '--sort-by=VALUE', '--order=descend']),
  v3(['get', 'foo', '--prefix', '--sort-by=modify', '--order=ASCEND']),
  v3(['get', 'foo', '--prefix', '--sort-by=create']),
  v3(['get', 'foo', '--prefix', '--sort-by=version', '--order=DESCEND']),
  v3(['get', 'foo', '--rev=3']),
  v3(['get', 'foo', '--rev=999']),
  v3(['get', 'foo', '--consistency=s']),
  v3(['get', 'foo', '--print-value-only']),
  v3(['get', 'foo', '--print-value-only', '-w', 'json']),
  v3(['--hex', 'get', 'binary']),
  v3(['--hex', 'get', 'foo', '--prefix', '-w', 'json']),
  v3(['get', '-dash', '--', '--prefix']),
  v3(['get', '--', '-dash']),
  v3(['get', 'from-stdin']),
  v3(['get', 'from-stdin', '-w', 'fields']),
  // get argument errors
  v3(['get']),
  v3(['get', 'a', '--prefix', '--from-key']),
  v3(['get', 'a', 'b', '--prefix']),
  v3(['get', 'a', '--consistency=x']),
  v3(['get', 'a', '--order=up']),
  v3(['get', 'a', '--sort-by=size']),
  v3(['get', 'a', '--limit=abc']),
  v3(['get', 'a', '--rev']),
  v3(['get', 'a', '-w', 'yaml']),
  v3(['get', 'a', '--bogus']),
  v3(['get', 'a', '-x']),
  v3(['get', '']),
  // deletes
  ...FORMATS.map((w) => v3(['del', `k-${w}`, '--prev-kv', '-w', w])),
  v3(['del', 'nothing-here']),
  v3(['del', 'foo/a', 'foo/c', '--prev-kv']),
  v3(['del', 'foo', '--prefix', '-w', 'json']),
  v3(['del', 'dash', '--from-key', '--prev-kv', '-w', 'fields']),
  v3(['del']),
  v3(['del', 'a', 'b', 'c']),
  v3(['del', 'a', 'b', '--prefix']),
  v3(['del', 'a', '--prefix', '--from-key']),
  v3(['get', '', '--prefix', '-w', 'json']),
  v3(['del', '', '--prefix']),
  v3(['get', '', '--from-key']),
];

let results: StepResult[];
before(async () => {
  results = await twinScenario(steps);
});

for (const [i, step] of steps.entries()) {
  test(`#${i} etcdctl ${step.args.slice(1).join(' ')}${step.opts?.input !== undefined ? ' <stdin' : ''}`, () => {
    const r = results[i]!;
    assert.equal(r.ours.code, r.real.code, `exit code; ours stderr: ${r.ours.stderr}`);
    // a usage error prints the help, with the flags etcdctl 3.5 added (etcdctl35-additions.test.ts)
    const oursStdout = Buffer.from(without35HelpLines(r.ours.stdoutBytes.toString('latin1')), 'latin1');
    assert.deepEqual(oursStdout, r.real.stdoutBytes, `stdout:\n${r.ours.stdout}\n---- real:\n${r.real.stdout}`);
    assert.equal(without35HelpLines(r.ours.stderr), dropZapLogs(r.real.stderr));
  });
}
