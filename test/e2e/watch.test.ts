// watch against twin servers: ours and Debian's etcdctl 3.4.23 run the same scenario on servers
// with the same history. Watches run in the background and start from a known revision (--rev),
// so the events they print do not depend on when the watch was created; each is stopped once the
// expected output is there (or killed after a timeout). Covered: every output format with
// --prev-kv, ranges and --prefix, a compacted revision (exit 5), exec mode with its environment
// and a failing command, ETCDCTL_WATCH_KEY/RANGE_END, interactive mode (watch lines, progress,
// invalid lines, EOF), argument errors, and a live watch (no --rev) with changes made by another
// process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REAL_ETCDCTL, startCluster } from '../helpers/etcd.js';
import { OUR_ETCDCTL, real as realCtl } from '../helpers/run.js';
import { Proc, dropZapLogs, testTwinScenario, type Entry, type Runner } from '../helpers/twin-proc.js';

const FORMATS = ['simple', 'json', 'fields', 'protobuf'];

async function scenario(r: Runner): Promise<Entry[]> {
  const E = `--endpoints=${r.ep}`;
  const entries: Entry[] = [];
  const record = (label: string, res: { code: number | null; signal?: NodeJS.Signals | null; stdoutBytes: Buffer; stderr: string }) => {
    entries.push({ label, code: res.code, signal: res.signal ?? null, stdout: res.stdoutBytes.toString('latin1'), stderr: dropZapLogs(res.stderr) });
  };
  const run = async (args: string[], env?: Record<string, string>) => record(args.join(' '), await r.run([E, ...args], env ? { env } : {}));
  const put = (k: string, v: string) => r.ctl([E, 'put', k, v]);
  /** the store's revision now */
  const revision = async () => BigInt(/"revision":(\d+)/.exec((await r.ctl([E, 'get', 'x', '-w', 'json'])).stdout)![1]!);
  /** a background watch: waits for `done(stdout)`, then stops it (SIGKILL: watch runs until killed) */
  const watchUntil = async (label: string, p: Proc, done: (out: string) => boolean) => {
    await p.waitFor((o) => done(o), label, 20000);
    record(label, await p.kill());
  };
  const lines = (n: number) => (o: string) => o.split('\n').length - 1 >= n;

  // history: puts, an overwrite, a delete, keys under a prefix, a value with special bytes
  const start = (await revision()) + 1n;
  await put('wk', 'v1');
  await put('wk', 'v2');
  await r.ctl([E, 'del', 'wk']);
  await put('p/a', '1');
  await put('p/b', '2');
  await put('q', 'line\n"quoted"');
  const R = String(start);

  // every format, with and without --prev-kv (json prints one line per response)
  for (const w of FORMATS) {
    // the whole history: PUT v1, PUT v2 (prev v1), DELETE (prev v2)
    const want =
      w === 'simple' ? lines(13)
      : w === 'fields' ? (o: string) => o.includes('"Type" : DELETE') && o.endsWith('"Lease" : 0\n')
      : w === 'json' ? (o: string) => o.includes('"type":1')
      : (o: string) => o.includes('v2') && o.split('wk').length > 5;
    await watchUntil(`watch wk --rev ${R} --prev-kv -w ${w}`, r.start([E, 'watch', 'wk', '--rev', R, '--prev-kv', '-w', w]), want);
  }
  await watchUntil(`watch wk --rev ${R}`, r.start([E, 'watch', 'wk', '--rev', R]), lines(9));
  await watchUntil('--hex watch q --rev', r.start([E, '--hex', 'watch', 'q', '--rev', R]), lines(3));
  await watchUntil('watch p --prefix', r.start([E, 'watch', 'p', '--prefix', '--rev', R, '-w', 'json']), (o) => o.includes('"cC9i"'));
  await watchUntil('watch p/a q (range)', r.start([E, 'watch', 'p/a', 'q', '--rev', R]), lines(6));
  await watchUntil('watch p/a q extra (range ignored)', r.start([E, 'watch', 'p/a', 'q', 'extra', '--rev', R]), lines(3));
  await watchUntil('watch "" --prefix', r.start([E, 'watch', '', '--prefix', '--rev', R]), lines(19));
  // table: the first response cannot be printed (exit 4)
  record('watch -w table', await r.start([E, 'watch', 'wk', '--rev', R, '-w', 'table']).exit(15000));

  // exec mode: once per event, with the event in the environment; a failing command ends it
  const show = 'echo "$ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_KEY $ETCD_WATCH_VALUE $ETCD_WATCH_REVISION $1"';
  await watchUntil('watch exec', r.start([E, 'watch', 'q', '--rev', R, '--', 'sh', '-c', show, 'arg']), lines(5));
  await watchUntil('watch exec (flags before the key)', r.start([E, 'watch', '--rev', R, '--prev-kv', 'wk', '--', 'sh', '-c', show, 'x']), lines(13 + 3));
  await watchUntil('watch exec json', r.start([E, 'watch', 'wk', '--rev', R, '-w', 'json', '--', 'echo', 'event']), (o) => o.split('event\n').length - 1 >= 3);
  record('watch exec failing', await r.start([E, 'watch', 'wk', '--rev', R, '--', 'sh', '-c', 'exit 3']).exit(15000));
  record('watch exec missing', await r.start([E, 'watch', 'wk', '--rev', R, '--', 'no-such-command-xyz']).exit(15000));
  record('watch exec ./missing', await r.start([E, 'watch', 'wk', '--rev', R, '--', './no-such-command']).exit(15000));

  // the key from the environment
  const env = { ETCDCTL_WATCH_KEY: 'p/', ETCDCTL_WATCH_RANGE_END: 'p0' };
  await watchUntil('ETCDCTL_WATCH_KEY + RANGE_END', r.start([E, 'watch', '--rev', R], { env }), lines(6));
  await watchUntil('ETCDCTL_WATCH_KEY exec', r.start([E, 'watch', '--rev', R, '--', 'sh', '-c', show], { env: { ETCDCTL_WATCH_KEY: 'q' } }), lines(5));
  await run(['watch', 'p'], env);
  await run(['watch', 'p', '--', 'echo'], { ETCDCTL_WATCH_KEY: 'p' });
  await run(['watch'], { ETCDCTL_WATCH_RANGE_END: 'z' });

  // argument errors
  await run(['watch']);
  await run(['watch', '--prefix']);
  await run(['watch', 'a', 'b', '--prefix']);
  await run(['watch', 'a', '--']);
  await run(['watch', '--']);
  await run(['watch', 'a', '--rev', 'x']);
  await run(['watch', 'a', '-w', 'yaml']);
  await run(['watch', '-w', 'yaml']);
  await run(['watch', 'a', '--bogus']);

  // interactive: one line at a time, each waited for
  {
    const p = r.start([E, 'watch', '-i']);
    const send = async (line: string, ready: (o: string, e: string) => boolean) => {
      p.write(line + '\n');
      await p.waitFor(ready, `interactive ${JSON.stringify(line)}`, 20000);
    };
    const errLines = (n: number) => (_o: string, e: string) => e.split('\n').length - 1 >= n;
    await send(`watch wk --rev ${R} --prev-kv`, (o) => o.split('\n').length - 1 >= 13);
    await send(`watch --rev=${R} p --prefix -- sh -c "echo exec $ETCD_WATCH_KEY"`, (o) => o.split('exec').length - 1 >= 2);
    await send('progress', (o) => o.split('progress notify').length - 1 >= 2);
    await send('', errLines(1));
    await send('foo bar', errLines(2));
    await send('watch', errLines(3));
    await send('watch a b --prefix', errLines(4));
    p.endStdin();
    record('watch -i', await p.exit(15000));
  }
  {
    const p = r.start([E, 'watch', '-i', '-w', 'json']);
    p.write(`watch p/a --rev ${R}\n`);
    await p.waitLines(1);
    p.write('progress\n');
    // `progress notify: R`, then the progress response as JSON: both before stdin ends (EOF ends
    // etcdctl at once, which could otherwise come between the two lines)
    await p.waitLines(3);
    p.endStdin();
    record('watch -i -w json', await p.exit(15000));
  }
  for (const [label, line] of [
    ['bad flag', 'watch a --bogus'],
    ['no key', 'watch --prefix'],
    ['separator', 'watch a --'],
    ['help', 'watch a -h'],
    ['unknown', 'nothing'],
  ]) {
    record(`watch -i ${label}`, await r.start([E, 'watch', '-i'], { input: `${line}\n` }).exit(15000));
  }
  {
    // argify's single-quote bug: the slice is out of range, a Go panic (exit 2; first lines kept)
    const res = await r.start([E, 'watch', '-i'], { input: "watch 'a' b c d e\n" }).exit(15000);
    record('watch -i quote truncation panic', { ...res, stderr: res.stderr.split('\n').slice(0, 3).join('\n') });
  }
  record('watch -i EOF', await r.start([E, 'watch', '-i'], { input: '' }).exit(15000));
  record('watch -i ETCDCTL_WATCH_KEY', await r.start([E, 'watch', '-i'], { input: 'watch\nwatch x\n', env: { ETCDCTL_WATCH_KEY: 'k' } }).exit(15000));

  // the server cancels: a compacted revision, an empty range (exit 5)
  await r.ctl([E, 'compaction', String(start + 2n)]);
  for (const w of [...FORMATS, 'table']) await run(['watch', 'wk', '--rev', String(start), '-w', w]);
  await run(['watch', 'b', 'a']);
  await run(['watch', 'b', 'a', '-w', 'json']);
  {
    // interactive: a canceled watch is reported, and reading goes on
    const p = r.start([E, 'watch', '-i']);
    p.write(`watch wk --rev ${start}\n`);
    await p.waitFor((_o, e) => e.includes('canceled'), 'interactive cancel', 20000);
    p.write('progress\n');
    p.endStdin();
    record('watch -i compacted', await p.exit(15000));
  }

  // a live watch (no --rev): changes made by another process once it is watching. Probe puts
  // (until one shows up) tell when the watch exists; they are left out of the comparison.
  {
    const p = r.start([E, 'watch', 'live', '--prefix']);
    for (let i = 0; !p.stdout.includes('live/probe'); i++) {
      await put('live/probe', String(i));
      await p.waitFor((o) => o.includes('live/probe'), 'probe', 300).catch(() => {});
      if (i > 60) throw new Error('the live watch never saw a probe');
    }
    await put('live/a', '1');
    await r.ctl([E, 'del', 'live/a']);
    // the whole event: its type, key and (empty) value lines are separate writes on either side
    await p.waitFor((o) => o.includes('DELETE\nlive/a\n\n'), 'live delete', 20000);
    const res = await p.kill();
    const out = res.stdout.replace(/PUT\nlive\/probe\n\d+\n/g, '');
    entries.push({ label: 'live watch', code: res.code, signal: res.signal, stdout: out, stderr: res.stderr });
  }
  return entries;
}

testTwinScenario(scenario);

// require-leader: the member a watch is on loses its leader (two of three members stop); the
// server ends the stream with "no leader" and etcdctl exits 5. Both etcdctls watch the same member.
test('a watch on a member without a leader ends with exit 5', async () => {
  const cluster = await startCluster(3);
  try {
    const E = `--endpoints=${cluster.members[0]!.endpoint}`;
    const env = { api: '3' as const, keepStdinOpen: true };
    const watchers = [OUR_ETCDCTL, REAL_ETCDCTL].map((bin) => new Proc(bin, [E, 'watch', 'nl', '-w', 'json'], env));
    try {
      // both watch once they see a change
      for (let i = 0; !watchers.every((w) => w.stdout.includes('"type"') || w.stdout.includes('"kv"')); i++) {
        await realCtl([E, 'put', 'nl', String(i)], { api: '3' });
        await Promise.all(watchers.map((w) => w.waitFor((o) => o.includes('"kv"'), 'probe', 500).catch(() => {})));
        if (i > 40) throw new Error('the watches never saw a change');
      }
      // a last put that both must show: events arrive in order, so after it nothing of the
      // probes is still on its way (a probe's event may reach one watcher late)
      await realCtl([E, 'put', 'nl', 'sync'], { api: '3' });
      const sync = `"value":"${Buffer.from('sync').toString('base64')}"`;
      await Promise.all(watchers.map((w) => w.waitFor((o) => o.includes(sync), 'the last put', 20000)));
      const seen = watchers.map((w) => w.stdout.length);
      await Promise.all([cluster.members[1]!.stop(), cluster.members[2]!.stop()]);
      const [o, r] = await Promise.all(watchers.map((w) => w.exit(30000)));
      assert.equal(r!.code, 5);
      assert.equal(o!.code, r!.code);
      assert.equal(o!.stdout.slice(seen[0]), r!.stdout.slice(seen[1]));
      assert.equal(o!.stdout.slice(seen[0]), '{"Header":{},"Events":null,"CompactRevision":0,"Canceled":true,"Created":false}\n');
      assert.equal(o!.stderr, dropZapLogs(r!.stderr));
      assert.equal(o!.stderr, 'watch was canceled (etcdserver: no leader)\nError: watch is canceled by the server\n');
    } finally {
      await Promise.all(watchers.map((w) => w.kill()));
    }
  } finally {
    await cluster.stop();
  }
});
