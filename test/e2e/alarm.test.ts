// `alarm list` and `alarm disarm` against a real etcd whose tiny backend quota lets one big put
// raise a NOSPACE alarm; ours and etcdctl 3.4.23 run side by side on the same alarm state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { ours, real, type RunResult } from '../helpers/run.js';

const FORMATS = ['simple', 'json', 'protobuf', 'table'] as const;

/** etcdctl's zap warnings (allowed to differ) removed from stderr. */
function stripZap(s: string): string {
  return s
    .split('\n')
    .filter((l) => !l.startsWith('{"level":'))
    .join('\n');
}

function assertSame(o: RunResult, r: RunResult, what: string): void {
  assert.equal(o.code, r.code, `${what}: exit code`);
  assert.deepEqual(o.stdoutBytes, r.stdoutBytes, `${what}: stdout`);
  assert.equal(stripZap(o.stderr), stripZap(r.stderr), `${what}: stderr`);
}

/** The first lines of a Go panic, the part that does not depend on the build's addresses. */
function panicHead(s: string): string {
  return s.split('\n').slice(0, 4).join('\n');
}

describe('alarm', () => {
  let etcd: EtcdCluster;
  let ep: string[];

  const run = (fn: typeof ours, args: string[]) => fn([...ep, ...args], { api: '3' });

  /** A put larger than the quota: etcd refuses it and raises NOSPACE. */
  async function raiseNoSpace(): Promise<void> {
    const r = await real([...ep, 'put', 'big'], { api: '3', input: 'x'.repeat(700_000) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error: etcdserver: mvcc: database space exceeded\n/);
    const list = await real([...ep, 'alarm', 'list'], { api: '3' });
    assert.match(list.stdout, /^memberID:\d+ alarm:NOSPACE \n$/);
  }

  before(async () => {
    etcd = await startEtcd({ extraArgs: ['--quota-backend-bytes', '500000'] });
    ep = [`--endpoints=${etcd.first.endpoint}`];
  });
  after(async () => {
    await etcd?.stop();
  });

  test('extra arguments are refused before any request (exit 128)', async () => {
    for (const sub of ['list', 'disarm']) {
      const o = await run(ours, ['alarm', sub, 'x']);
      const r = await run(real, ['alarm', sub, 'x']);
      assertSame(o, r, sub);
      assert.equal(o.stderr, `Error: alarm ${sub} command accepts no arguments\n`);
      assert.equal(o.code, 128);
    }
  });

  test('no alarm: list and disarm print nothing (json {}) in every format', async () => {
    for (const sub of ['list', 'disarm']) {
      for (const w of FORMATS) {
        const o = await run(ours, ['alarm', sub, '-w', w]);
        const r = await run(real, ['alarm', sub, '-w', w]);
        assertSame(o, r, `${sub} -w ${w}`);
      }
    }
    const j = await run(ours, ['alarm', 'list', '-w', 'json']);
    assert.equal(j.stdout, '{}\n');
    const t = await run(ours, ['alarm', 'list', '-w', 'table']);
    assert.equal(t.code, 4);
    assert.equal(t.stderr, 'Error: table not supported as output format\n');
  });

  test('a raised NOSPACE alarm is listed identically in every format', async () => {
    await raiseNoSpace();
    for (const w of FORMATS) {
      const o = await run(ours, ['alarm', 'list', '-w', w]);
      const r = await run(real, ['alarm', 'list', '-w', w]);
      assertSame(o, r, `list -w ${w}`);
    }
    const s = await run(ours, ['alarm', 'list']);
    assert.match(s.stdout, /^memberID:\d+ alarm:NOSPACE \n$/, 'trailing space kept');
    const j = await run(ours, ['alarm', 'list', '-w', 'json']);
    assert.match(j.stdout, /^\{"alarms":\[\{"memberID":\d+,"alarm":1\}\]\}\n$/);
  });

  test('-w fields panics on the missing header (exit 2), as etcdctl 3.4.23 does', async () => {
    // decided: reproduce etcdctl's failure (exit 2, Go's panic lines) rather than invent output
    const o = await run(ours, ['alarm', 'list', '-w', 'fields']);
    const r = await run(real, ['alarm', 'list', '-w', 'fields']);
    assert.equal(o.code, 2);
    assert.equal(r.code, 2);
    assert.equal(o.stdout, r.stdout);
    assert.equal(panicHead(o.stderr), panicHead(r.stderr));
    assert.match(o.stderr, /^panic: runtime error: invalid memory address or nil pointer dereference\n/);
  });

  test('disarm prints the alarms it deactivated and clears them (simple and json)', async () => {
    for (const w of ['simple', 'json', 'protobuf']) {
      await raiseNoSpace();
      const r = await run(real, ['alarm', 'disarm', '-w', w]);
      assert.equal((await run(real, ['alarm', 'list'])).stdout, '', 'real disarm cleared the alarm');
      await raiseNoSpace();
      const o = await run(ours, ['alarm', 'disarm', '-w', w]);
      assertSame(o, r, `disarm -w ${w}`);
      assert.equal((await run(real, ['alarm', 'list'])).stdout, '', 'our disarm cleared the alarm');
      assert.notEqual(o.stdout, '');
    }
  });

  test('disarm -w fields disarms, then panics like etcdctl', async () => {
    await raiseNoSpace();
    const r = await run(real, ['alarm', 'disarm', '-w', 'fields']);
    assert.equal((await run(real, ['alarm', 'list'])).stdout, '');
    await raiseNoSpace();
    const o = await run(ours, ['alarm', 'disarm', '-w', 'fields']);
    assert.equal((await run(real, ['alarm', 'list'])).stdout, '', 'the alarm is gone before the panic');
    assert.equal(o.code, r.code);
    assert.equal(o.code, 2);
    assert.equal(panicHead(o.stderr), panicHead(r.stderr));
  });

  test('disarm -w table disarms, then exits 4', async () => {
    await raiseNoSpace();
    const r = await run(real, ['alarm', 'disarm', '-w', 'table']);
    await raiseNoSpace();
    const o = await run(ours, ['alarm', 'disarm', '-w', 'table']);
    assertSame(o, r, 'disarm -w table');
    assert.equal(o.code, 4);
    assert.equal((await run(real, ['alarm', 'list'])).stdout, '');
  });

  test('an unreachable endpoint fails with the command timeout (exit 1)', async () => {
    const args = [`--endpoints=127.0.0.1:${await freePort()}`, '--command-timeout=300ms', 'alarm', 'list'];
    const o = await ours(args, { api: '3' });
    const r = await real(args, { api: '3' });
    assertSame(o, r, 'dead endpoint');
    assert.equal(o.stderr, 'Error: context deadline exceeded\n');
  });
});
