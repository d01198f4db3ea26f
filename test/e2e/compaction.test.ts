// compaction against twin servers: ours and Debian's etcdctl 3.4.23 on servers with the same
// history; stdout, stderr and exit code must match (the text is fixed on every output format).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { twinScenario, dropZapLogs, type Step, type StepResult } from '../helpers/twin.js';

const E = '--endpoints={{ep}}';
const v3 = (...args: string[]): Step => ({ args: [E, ...args], opts: { api: '3' } });

const steps: Step[] = [
  ...Array.from({ length: 12 }, (_, i) => v3('put', 'k', `v${i}`)),
  // argument errors: count (128), a non-number (the strconv error, exit 1), bad -w (4)
  v3('compaction'),
  v3('compaction', '1', '2'),
  v3('compaction', 'abc'),
  v3('compaction', '0x10'),
  v3('compaction', '99999999999999999999'),
  v3('compaction', '3', '-w', 'yaml'),
  v3('compaction', '3', '--bogus'),
  // server errors: a future revision, revision 0, then compacted ones (exit 1)
  v3('compaction', '999'),
  v3('compaction', '0'),
  v3('compaction', '-1'),
  // success on every format; the same revision again is an error
  v3('compaction', '3'),
  v3('compaction', '3'),
  v3('compaction', '2', '-w', 'json'),
  v3('compaction', '4', '-w', 'json'),
  v3('compaction', '5', '-w', 'fields'),
  v3('compaction', '6', '-w', 'protobuf'),
  v3('compaction', '7', '-w', 'table'),
  v3('compaction', '--physical', '9'),
  v3('compaction', '--physical=true', '10'),
  v3('get', 'k', '--rev=9'),
  v3('get', 'k', '--rev=10', '-w', 'json'),
  // a dead endpoint: the command timeout, exit 1
  { args: ['--command-timeout=1s', '--endpoints=127.0.0.1:1', 'compaction', '11'], opts: { api: '3' } },
];

let results: StepResult[];
before(async () => {
  results = await twinScenario(steps);
});

for (const [i, step] of steps.entries()) {
  test(`#${i} etcdctl ${step.args.slice(1).join(' ')}`, () => {
    const r = results[i]!;
    assert.equal(r.ours.code, r.real.code, `exit code; ours stderr: ${r.ours.stderr}`);
    assert.deepEqual(r.ours.stdoutBytes, r.real.stdoutBytes, `stdout:\n${r.ours.stdout}\n---- real:\n${r.real.stdout}`);
    assert.equal(r.ours.stderr, dropZapLogs(r.real.stderr));
  });
}
