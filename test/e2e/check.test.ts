// check perf / datascale, ours and etcdctl 3.4.23 on the same server. Their numbers vary from run
// to run, so the outputs are compared line by line by shape (progress bar frames, result lines,
// revisions), and exactly wherever they are deterministic (errors, the first datascale line, the
// final progress frame). perf runs its fixed 60 s once, ours and etcdctl's at the same time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real, type RunResult } from '../helpers/run.js';

/** Splits stdout into progress bar frames (the "\r"-started pieces) and the lines after them. */
function parse(stdout: string): { before: string[]; frames: string[]; after: string[] } {
  const firstCR = stdout.indexOf('\r');
  assert.ok(firstCR >= 0, `a progress bar in ${JSON.stringify(stdout.slice(0, 200))}`);
  const before = stdout.slice(0, firstCR).split('\n').filter((l) => l !== '');
  const rest = stdout.slice(firstCR + 1);
  const nl = rest.indexOf('\n');
  const frames = rest.slice(0, nl).split('\r');
  const after = rest.slice(nl + 1).split('\n');
  assert.equal(after.pop(), '', 'output ends with a newline');
  return { before, frames, after };
}

/**
 * Every frame has pb's shape; the last one is complete and carries the elapsed time. With
 * `lastTickMayLose`, the last frame may also be one tick short: etcdctl's perf check ends on its
 * 60 s deadline while a goroutine of its own ticks the bar once a second, and on a busy machine the
 * verdict can win that race (seen: ` 59 / 60   98.33%` directly followed by `PASS: ...`).
 */
function checkFrames(frames: string[], total: number, finalTime: RegExp, lastTickMayLose = false): void {
  const t = String(total);
  for (const f of frames.slice(0, -1)) {
    assert.match(f, new RegExp(`^ \\d+ / ${t} +\\d+\\.\\d\\d%( (\\d+h)?\\d\\dm\\d\\ds)?$`), `frame ${JSON.stringify(f)}`);
    const [cur] = f.trim().split(' ');
    const pct = ((Number(cur) / total) * 100).toFixed(2);
    assert.ok(f.includes(` ${pct.padStart(6)}%`), `percentage of ${JSON.stringify(f)}`);
  }
  assert.match(frames[0]!, new RegExp(`^ 0 / ${t}    0\\.00%$`));
  const last = frames[frames.length - 1]!;
  const oneShort = new RegExp(`^ ${total - 1} / ${t} +${(((total - 1) / total) * 100).toFixed(2)}%$`);
  if (lastTickMayLose && oneShort.test(last)) return;
  assert.ok(last.startsWith(` ${t} / ${t}  100.00% `), `final frame ${JSON.stringify(last)}`);
  assert.match(last.slice(` ${t} / ${t}  100.00% `.length), finalTime);
}

describe('check', () => {
  let etcd: EtcdCluster;
  let ep: string[];

  before(async () => {
    etcd = await startEtcd();
    ep = [`--endpoints=${etcd.first.endpoint}`];
  });
  after(async () => {
    await etcd?.stop();
  });

  test('an unknown --load exits 4 before connecting', async () => {
    for (const sub of ['perf', 'datascale']) {
      const args = [...ep, 'check', sub, '--load', 'huge'];
      const [o, r] = await Promise.all([ours(args, { api: '3' }), real(args, { api: '3' })]);
      assert.deepEqual([o.code, o.stdout, o.stderr], [r.code, r.stdout, r.stderr]);
      assert.equal(o.stderr, 'Error: unknown load option huge\n');
      assert.equal(o.code, 4);
    }
  });

  test('keys under the prefix exit 3 with etcdctl\'s hint', async () => {
    assert.equal((await real([...ep, 'put', '/busy/x', '1'], { api: '3' })).code, 0);
    for (const sub of ['perf', 'datascale']) {
      const args = [...ep, 'check', sub, '--prefix', '/busy/'];
      const [o, r] = await Promise.all([ours(args, { api: '3' }), real(args, { api: '3' })]);
      assert.deepEqual([o.code, o.stdout, o.stderr], [r.code, r.stdout, r.stderr]);
      assert.equal(o.stderr, 'Error: prefix "/busy/" has keys. Delete with etcdctl del --prefix /busy/ first\n');
      assert.equal(o.code, 3);
    }
    await real([...ep, 'del', '/busy/x'], { api: '3' });
  });

  test('datascale --load s with --auto-compact --auto-defrag', async () => {
    const run = (fn: typeof ours, prefix: string) =>
      fn([...ep, 'check', 'datascale', '--prefix', prefix, '--auto-compact', '--auto-defrag'], { api: '3', timeoutMs: 150_000 });
    // one after the other: 50 writers each are enough load for a 2-core machine running other tests
    const results: RunResult[] = [await run(real, '/ds-r/'), await run(ours, '/ds-o/')];
    const shapes = results.map((res) => {
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stderr, '');
      const { before, frames, after } = parse(res.stdout);
      assert.deepEqual(before, ['Start data scale check for work load [10000 key-value pairs, 1024 bytes per key-value, 50 concurrent clients].']);
      checkFrames(frames, 10000, /^(\d+m)?\d+s$/);
      assert.equal(after.length, 5, after.join('\n'));
      const [compacting, compacted, defragmenting, defragmented, pass] = after as [string, string, string, string, string];
      const rev = /^Compacting with revision (\d+)$/.exec(compacting)?.[1];
      assert.ok(rev, compacting);
      assert.equal(compacted, `Compacted with revision ${rev}`);
      assert.equal(defragmenting, `Defragmenting "${etcd.first.endpoint}"`);
      assert.equal(defragmented, `Defragmented "${etcd.first.endpoint}"`);
      assert.match(pass, /^PASS: Approximate system memory used : -?\d+\.\d\d MB\.$/);
      return Number(rev);
    });
    // ours wrote its 10000 keys after etcdctl's deletion, then deleted them in one revision
    assert.equal(shapes[1]! - shapes[0]!, 10001);
    for (const p of ['/ds-r/', '/ds-o/']) {
      const left = await real([...ep, 'get', p, '--prefix', '--keys-only'], { api: '3' });
      assert.equal(left.stdout, '', `nothing left under ${p}`);
    }
  });

  test('perf --load s: 60 s of paced puts, judged as etcdctl judges them', async () => {
    // ours cleans up after itself with compaction and defragmentation as well
    const [r, o] = await Promise.all([
      real([...ep, 'check', 'perf', '--prefix', '/perf-r/'], { api: '3', timeoutMs: 120_000 }),
      ours([...ep, 'check', 'perf', '--prefix', '/perf-o/', '--auto-compact', '--auto-defrag'], { api: '3', timeoutMs: 120_000 }),
    ]);
    const judged = [r, o].map((res, i) => {
      assert.equal(res.stderr, '', `stderr of ${i ? 'ours' : 'real'}`);
      const { before, frames, after } = parse(res.stdout);
      assert.deepEqual(before, []);
      if (i === 0) {
        // etcdctl's verdict won the race with its bar's last tick (see checkFrames): the bar was
        // never finished, so its first result line follows the last frame without a line break
        const cut = /^( 59 \/ 60 +98\.33%)(.+)$/.exec(frames[frames.length - 1]!);
        if (cut) {
          frames[frames.length - 1] = cut[1]!;
          after.unshift(cut[2]!);
        }
      }
      checkFrames(frames, 60, /^1m[01]s$/, i === 0); // 60 one-second ticks, a little later on a busy machine
      assert.ok(frames.length >= 200 && frames.length <= 320, `a frame every 200 ms (${frames.length})`);
      let lines = after;
      if (i === 1) {
        const rev = /^Compacting with revision (\d+)$/.exec(lines[0]!)?.[1];
        assert.ok(rev, lines[0]);
        assert.deepEqual(lines.slice(1, 4), [
          `Compacted with revision ${rev}`,
          `Defragmenting "${etcd.first.endpoint}"`,
          `Defragmented "${etcd.first.endpoint}"`,
        ]);
        lines = lines.slice(4);
      }
      while (lines[0]?.startsWith('FAIL: too many errors') || lines[0]?.startsWith('FAIL: ERROR(')) lines = lines.slice(1);
      assert.equal(lines.length, 4, lines.join('\n'));
      const [tput, slowest, stddev, verdict] = lines as [string, string, string, string];
      const writes = /^(?:PASS: Throughput is|FAIL: Throughput too low:) (\d+) writes\/s$/.exec(tput);
      assert.ok(writes, tput);
      assert.match(slowest, /^(PASS: Slowest request took|Slowest request took too long:) \d+\.\d{6}s$/);
      assert.match(stddev, /^(PASS: Stddev is|Stddev too high:) \d+\.\d{6}s$/);
      const pass = [tput, slowest, stddev].every((l) => l.startsWith('PASS'));
      assert.equal(verdict, pass ? 'PASS' : 'FAIL');
      assert.equal(res.code, pass ? 0 : 1);
      return Number(writes[1]);
    });
    // both paced at 150 writes/s
    assert.ok(judged[1]! <= 152, `not faster than the limit (${judged[1]})`);
    assert.ok(Math.abs(judged[1]! - judged[0]!) <= 15, `throughput ours ${judged[1]} vs etcdctl ${judged[0]}`);
    for (const p of ['/perf-r/', '/perf-o/']) {
      const left = await real([...ep, 'get', p, '--prefix', '--keys-only'], { api: '3' });
      assert.equal(left.stdout, '', `nothing left under ${p}`);
    }
  });
});
