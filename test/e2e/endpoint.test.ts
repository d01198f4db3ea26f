// endpoint health / status / hashkv in every output format, against twin servers; a dead
// endpoint among the live one. Only durations (`took`) differ between runs and are masked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { twinScenario, dropZapLogs, type Step, type StepResult } from '../helpers/twin.js';

const E = '--endpoints={{ep}}';
const DEAD = '127.0.0.1:1';
const v3 = (args: string[]): Step => ({ args, opts: { api: '3' } });
const FORMATS = ['simple', 'json', 'fields', 'table', 'protobuf'];

const steps: Step[] = [
  v3([E, 'put', 'a', '1']),
  // the twins apply the same entries, but their backends commit them in batches on a timer, so
  // their db files can differ by a page; a defrag rewrites both compactly (status shows dbSize)
  v3([E, 'defrag']),
  ...FORMATS.flatMap((w) => [
    v3([E, 'endpoint', 'health', '-w', w]),
    v3([E, 'endpoint', 'status', '-w', w]),
    v3([E, 'endpoint', 'hashkv', '-w', w]),
    v3([E, 'endpoint', 'hashkv', '--rev=1', '-w', w]),
  ]),
  v3([E, 'endpoint', 'status', '--cluster']),
  v3([E, 'endpoint', 'hashkv', '--cluster', '-w', 'json']),
  v3([E, 'endpoint', 'health', '--cluster', '-w', 'table']),
  v3([E, 'endpoint', 'hashkv', '--rev=99']),
  // a dead endpoint: health says so (exit 1), status/hashkv report it on stderr and exit 1
  v3([`--endpoints=${DEAD}`, '--command-timeout=1s', 'endpoint', 'health']),
  v3([`--endpoints=${DEAD}`, '--command-timeout=1s', 'endpoint', 'health', '-w', 'json']),
  v3([`--endpoints=${DEAD}`, '--command-timeout=1s', 'endpoint', 'status']),
  v3([`--endpoints=${DEAD}`, '--command-timeout=1s', 'endpoint', 'status', '-w', 'json']),
  v3([`--endpoints=${DEAD}`, '--command-timeout=1s', 'endpoint', 'hashkv']),
  v3([`--endpoints={{ep}},${DEAD}`, '--command-timeout=1s', 'endpoint', 'status']),
  v3([`--endpoints={{ep}},${DEAD}`, '--command-timeout=1s', 'endpoint', 'hashkv', '-w', 'fields']),
  v3([`--endpoints=${DEAD}`, '--command-timeout=1s', 'endpoint', 'status', '--cluster']),
  v3([E, 'endpoint', 'health', 'extra-arg']),
  v3([E, 'endpoint', 'health', '-w', 'yaml']),
  v3([E, 'endpoint']),
];

let results: StepResult[];
before(async () => {
  results = await twinScenario(steps);
});

/** Go durations in health output: `took = 2.94151ms`, `"took":"850µs"`, `"Took" : 1.2s`, table cells */
function maskDurations(s: string): string {
  // table columns take the width of the duration: collapse padding too
  return s.replace(/\b\d+(\.\d+)?(ns|µs|ms|s)\b/g, 'DUR').replace(/ +/g, ' ').replace(/-{3,}/g, '---');
}

for (const [i, step] of steps.entries()) {
  test(`#${i} etcdctl ${step.args.join(' ')}`, () => {
    const r = results[i]!;
    const isHealth = step.args.includes('health');
    const norm = isHealth ? maskDurations : (s: string) => s;
    assert.equal(r.ours.code, r.real.code, `exit code; ours stderr: ${r.ours.stderr}`);
    if (isHealth) assert.equal(norm(r.ours.stdout), norm(r.real.stdout));
    else assert.deepEqual(r.ours.stdoutBytes, r.real.stdoutBytes, `stdout:\n${r.ours.stdout}\n---- real:\n${r.real.stdout}`);
    assert.equal(norm(r.ours.stderr), norm(dropZapLogs(r.real.stderr)));
  });
}
