// Conventions a person's terminal sets (issue 10 items 8 and 9): colour only where wanted
// (NO_COLOR, FORCE_COLOR=0, TERM=dumb turn it off), and SIGINT left ignored when the command was
// started with it ignored (a background job of a non-interactive shell), as a Go program does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { REAL_ETCDCTL, startEtcd } from '../helpers/etcd.js';
import { runOnPty } from '../helpers/pty.js';
import { OUR_ETCDCTL, real } from '../helpers/run.js';

const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', ETCDCTL_API: '3', TERM: 'xterm' };

test('the Error: prefix on a terminal is coloured unless NO_COLOR, FORCE_COLOR=0 or TERM=dumb', async () => {
  const cases: Array<[Record<string, string>, boolean]> = [
    [{}, true],
    [{ NO_COLOR: '1' }, false],
    [{ FORCE_COLOR: '0' }, false],
    [{ TERM: 'dumb' }, false],
  ];
  for (const [env, coloured] of cases) {
    const r = await runOnPty([OUR_ETCDCTL, 'put'], { ...base, ...env }, []);
    assert.equal(r.code, 128, JSON.stringify(env));
    assert.match(r.output, /Error:.*put command needs 1 argument and input from stdin or 2 arguments\r\n$/, JSON.stringify(env));
    assert.equal(r.output.includes('\x1b['), coloured, `${JSON.stringify(env)}: ${JSON.stringify(r.output)}`);
  }
});

/** A watch of `key` from `rev`, started by bash with SIGINT ignored or not (`trap '' INT`). */
function startWatch(bin: string, endpoint: string, key: string, rev: number, ignoreSigint: boolean) {
  const child = spawn('bash', ['-c', `${ignoreSigint ? "trap '' INT; " : ''}exec "$0" --endpoints=${endpoint} watch ${key} --rev=${rev}`, bin], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
  void ended.then(() => clearTimeout(killer));
  /** resolves once the output holds text, or the process ended */
  const shows = async (text: string): Promise<boolean> => {
    let done = false;
    void ended.then(() => (done = true));
    while (!out.includes(text) && !done) {
      await Promise.race([new Promise<void>((r) => waiters.push(r)), ended]);
    }
    return out.includes(text);
  };
  return { child, ended, shows };
}

test('started with SIGINT ignored, a watch keeps ignoring it (as etcdctl, a Go program); otherwise SIGINT ends it', async () => {
  const etcd = await startEtcd();
  try {
    const ep = etcd.first.endpoint;
    for (const [who, bin] of [['ours', OUR_ETCDCTL], ['etcdctl', REAL_ETCDCTL]] as const) {
      for (const ignore of [true, false]) {
        const key = `sig-${who}-${ignore}`;
        const put = await real([`--endpoints=${ep}`, 'put', key, 'before', '-w', 'json'], { api: '3' });
        const rev = Number((JSON.parse(put.stdout) as { header: { revision: number } }).header.revision);
        const w = startWatch(bin, ep, key, rev, ignore);
        assert.ok(await w.shows('before\n'), `${who}: the watch is established`);
        w.child.kill('SIGINT');
        if (ignore) {
          await real([`--endpoints=${ep}`, 'put', key, 'after'], { api: '3' });
          assert.ok(await w.shows('after\n'), `${who}: still watching after SIGINT`);
          w.child.kill('SIGTERM');
          assert.deepEqual(await w.ended, { code: null, signal: 'SIGTERM' }, who);
        } else {
          assert.deepEqual(await w.ended, { code: null, signal: 'SIGINT' }, `${who}: ended by SIGINT`);
        }
      }
    }
  } finally {
    await etcd.stop();
  }
});
