// What etcdctl 3.5 added, side by side with etcdctl 3.5.16 against the same etcd 3.5.16 state:
// get --count-only, del --range, watch --progress-notify, auth status, make-mirror --dest-user /
// --dest-password, snapshot restore --bump-revision --mark-compacted --initial-memory-map-size.
// stdout, stderr (clientv3's zap lines dropped) and exit code are compared byte for byte; where
// etcdctl 3.5 changed a 3.4 command's own text (restore's `Deprecated:` preamble and log format,
// del's warning for a range without --range), ours keeps etcdctl 3.4.23's and the test says so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ETCD35_BIN, ETCDCTL35, freePort, requireEtcd, requireEtcd35, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { waitFor } from '../helpers/wait.js';
import { OUR_ETCDCTL, dropZapLogs, ours, real, run, type RunOptions, type RunResult } from '../helpers/run.js';
import { startOnDataDir, tmp } from '../helpers/disk-helpers.js';

const etcdctl35 = (args: string[], opts: RunOptions = {}) => run(ETCDCTL35, args, { api: '3', ...opts });

function view(r: RunResult) {
  return { stdout: r.stdout, stderr: dropZapLogs(r.stderr), code: r.code };
}

/** etcdctl 3.5.16 first, then ours, with the same arguments; asserts the same bytes. */
async function same(args: string[], label = args.join(' '), opts: RunOptions = {}): Promise<RunResult> {
  const r = await etcdctl35(args, opts);
  const o = await ours(args, { api: '3', ...opts });
  assert.deepEqual(view(o), view(r), `etcdctl ${label}`);
  assert.deepEqual(o.stdoutBytes, r.stdoutBytes, `etcdctl ${label}: stdout bytes`);
  return o;
}

/** Runs bin until its stdout matches `re` (then ends it); resolves with the match. */
function outputUntil(bin: string, args: string[], re: RegExp, timeoutMs = 20000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bin} ${args.join(' ')}: no ${re} within ${timeoutMs}ms; stdout ${JSON.stringify(out)} stderr ${JSON.stringify(err)}`));
    }, timeoutMs);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = re.exec(out);
      if (m) {
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve(m[0]);
      }
    });
  });
}

let c: EtcdCluster;
let ep: string[];

before(async () => {
  requireEtcd();
  requireEtcd35();
  c = await startEtcd({ etcdBin: ETCD35_BIN, enableV2: false, extraArgs: ['--experimental-watch-progress-notify-interval=300ms'] });
  ep = [`--endpoints=${c.endpoints}`];
  for (const k of ['c/1', 'c/2', 'c/3', 'c/4', 'c/5']) assert.equal((await etcdctl35([...ep, 'put', k, `v${k}`])).code, 0);
});

after(async () => {
  await c?.stop();
});

test('get --count-only: the count with -w fields; other formats, --keys-only and --print-value-only refused as etcdctl 3.5.16 does', async () => {
  for (const args of [
    ['get', 'c/', '--prefix', '--count-only', '-w', 'fields'],
    ['get', 'c/2', 'c/5', '--count-only', '-w', 'fields'],
    ['get', 'c/', '--prefix', '--count-only', '--limit', '2', '-w', 'fields'],
    ['get', 'c/', '--prefix', '--count-only', '--rev', '3', '-w', 'fields'],
    ['get', 'nothing', '--count-only', '-w', 'fields'],
    ['get', 'c/', '--prefix', '--count-only'],
    ['get', 'c/', '--prefix', '--count-only', '-w', 'json'],
    ['get', 'c/', '--prefix', '--count-only', '-w', 'protobuf'],
    ['get', 'c/', '--prefix', '--count-only', '-w', 'table'],
    ['get', 'c/', '--prefix', '--count-only', '--keys-only', '-w', 'fields'],
    ['get', 'c/', '--prefix', '--count-only', '--print-value-only', '-w', 'fields'],
    ['get', 'c/', '--prefix', '--from-key', '--count-only'],
    ['get', '--count-only'],
    ['get', 'c/', '--count-only=false', '--prefix', '-w', 'fields'],
  ]) {
    await same([...ep, ...args], args.join(' '));
  }
  // the count is the server's: 5 keys, no kvs
  const o = await ours([...ep, 'get', 'c/', '--prefix', '--count-only', '-w', 'fields'], { api: '3' });
  assert.match(o.stdout, /"Count" : 5\n/);
  assert.doesNotMatch(o.stdout, /"Key"/);
});

test('get --count-only inside txn is a get op (etcdctl 3.5.16 reuses get\'s flags)', async () => {
  await same([...ep, 'txn', '-w', 'fields'], 'txn get --count-only', { input: '\nget c/ --prefix --count-only\n\n' });
});

test('a bad get or del line in txn prints the usage with the 3.5 flags, as etcdctl 3.5.16', async () => {
  for (const line of ['del -x y', 'get --limit=abc a']) await same([...ep, 'txn'], `txn <<< ${line}`, { input: `\n${line}\n\n\n` });
});

test('del --range: deletes [key, range_end) as without it; etcdctl 3.5.16 prints no warning with it', async () => {
  for (const p of ['dr/', 'do/']) for (const k of ['a', 'b', 'c', 'd']) assert.equal((await etcdctl35([...ep, 'put', p + k, 'v'])).code, 0);
  const r = await etcdctl35([...ep, 'del', '--range', 'dr/a', 'dr/c']);
  const o = await ours([...ep, 'del', '--range', 'do/a', 'do/c'], { api: '3' });
  assert.deepEqual(view(o), view(r));
  assert.deepEqual(view(o), { stdout: '2\n', stderr: '', code: 0 });
  const r1 = await etcdctl35([...ep, 'del', '--range', 'dr/c', '--prev-kv']);
  const o1 = await ours([...ep, 'del', '--range', 'do/c', '--prev-kv'], { api: '3' });
  assert.deepEqual(view(o1), { ...view(r1), stdout: r1.stdout.replace('dr/c', 'do/c') });
  const left = async (p: string) => (await etcdctl35([...ep, 'get', p, '--prefix', '--keys-only'])).stdout.replaceAll(p, '');
  assert.equal(await left('do/'), await left('dr/'));
  assert.equal(await left('do/'), 'd\n\n');
  // errors
  await same([...ep, 'del', '--range'], 'del --range');
  await same([...ep, 'del', '--range', 'a', 'b', 'c'], 'del --range a b c');
  await same([...ep, 'del', '--range', '--prefix', 'a', 'b'], 'del --range --prefix a b');
});

test('del <key> <range_end> without --range keeps etcdctl 3.4.23\'s bytes (3.5.16 adds a warning about 3.6)', async () => {
  for (const p of ['w4/', 'w5/', 'wo/']) for (const k of ['a', 'b']) assert.equal((await etcdctl35([...ep, 'put', p + k, 'v'])).code, 0);
  const r34 = await real([...ep, 'del', 'w4/a', 'w4/z'], { api: '3' });
  const r35 = await etcdctl35([...ep, 'del', 'w5/a', 'w5/z']);
  const o = await ours([...ep, 'del', 'wo/a', 'wo/z'], { api: '3' });
  assert.deepEqual(view(o), view(r34));
  assert.equal(r35.stdout, o.stdout);
  assert.equal(r35.stderr, 'In etcd v3.6, the operation will be suspended for a few seconds to provide the user time to verify range.\n');
});

test('watch --progress-notify: the server\'s progress notifications, printed as etcdctl 3.5.16 prints them', async () => {
  const re = /^progress notify: \d+\n/;
  const args = [...ep, 'watch', 'pn/', '--prefix', '--progress-notify'];
  const [r, o] = await Promise.all([outputUntil(ETCDCTL35, args, re), outputUntil(OUR_ETCDCTL, args, re)]);
  assert.equal(o, r);
  const rev = /"revision":(\d+)/.exec((await etcdctl35([...ep, 'get', 'x', '-w', 'json'])).stdout)![1];
  assert.equal(o, `progress notify: ${rev}\n`);
  // without the flag, a watch sees no progress notification: the first output is the event
  const plain = [...ep, 'watch', 'pn/', '--prefix'];
  const threeLines = /^[^\n]*\n[^\n]*\n[^\n]*\n/;
  const first = Promise.all([outputUntil(ETCDCTL35, plain, threeLines), outputUntil(OUR_ETCDCTL, plain, threeLines)]);
  // both watchers are up once the server counts them; a put then reaches both
  await waitFor('two watchers', async () => {
    const m = await c.first.answers('/metrics');
    return /^etcd_debugging_mvcc_watcher_total (\d+)/m.exec(m ?? '')?.[1] === '2';
  });
  assert.equal((await etcdctl35([...ep, 'put', 'pn/k', 'v'])).code, 0);
  const [rp, op] = await first;
  assert.equal(op, rp);
  assert.equal(op, 'PUT\npn/k\nv\n');
  // interactive lines take the flag too
  await same([...ep, 'watch', '-i'], 'watch -i (bad line)', { input: 'watch --progress-notify\n' });
});

test('auth status: every -w format and a bad argument, as etcdctl 3.5.16', async () => {
  for (const w of ['simple', 'json', 'fields', 'table', 'protobuf']) await same([...ep, 'auth', 'status', '-w', w], `auth status -w ${w}`);
  await same([...ep, 'auth', 'status', 'extra'], 'auth status extra');
  const o = await ours([...ep, 'auth', 'status'], { api: '3' });
  assert.match(o.stdout, /^Authentication Status: false\nAuthRevision: \d+\n$/);
});

test('auth status against etcd 3.4.23 (no AuthStatus RPC): the same error as etcdctl 3.5.16', async () => {
  const c34 = await startEtcd();
  try {
    const o = await same([`--endpoints=${c34.endpoints}`, 'auth', 'status'], 'auth status (etcd 3.4.23)');
    assert.equal(o.code, 1);
    assert.match(o.stderr, /Unimplemented/);
  } finally {
    await c34.stop();
  }
});

describe('against a destination with auth enabled', () => {
  let dest: EtcdCluster;
  let destEp: string[];
  const root = ['--user', 'root:rootpw'];

  before(async () => {
    dest = await startEtcd({ etcdBin: ETCD35_BIN, enableV2: false });
    destEp = [`--endpoints=${dest.endpoints}`];
    for (const args of [['user', 'add', 'root:rootpw'], ['auth', 'enable']]) {
      const r = await etcdctl35([...destEp, ...args]);
      assert.equal(r.code, 0, r.stderr);
    }
  });

  after(async () => {
    await dest?.stop();
  });

  test('auth status with auth enabled', async () => {
    for (const w of ['simple', 'json', 'protobuf']) await same([...destEp, ...root, 'auth', 'status', '-w', w], `auth status -w ${w} (enabled)`);
    const o = await ours([...destEp, ...root, 'auth', 'status'], { api: '3' });
    assert.match(o.stdout, /^Authentication Status: true\n/);
  });

  test('make-mirror --dest-user/--dest-password: the destination gets the same keys as with etcdctl 3.5.16', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await etcdctl35([...ep, 'put', `mm/${i}`, `value ${i}`])).code, 0);
    const destKeys = async (p: string) => {
      const r = await etcdctl35([...destEp, ...root, 'get', p, '--prefix']);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.replaceAll(p, '<P>');
    };
    const mirror = async (bin: string, destPrefix: string, auth: string[]) => {
      const child = spawn(bin, [...ep, 'make-mirror', '--prefix', 'mm/', '--dest-prefix', destPrefix, ...auth, dest.clientURLs], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise((r) => child.once('exit', r));
      try {
        await waitFor(`${bin} mirroring into ${destPrefix}`, async () => (await destKeys(destPrefix)).split('\n').length === 11);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
      return out;
    };
    const rOut = await mirror(ETCDCTL35, 'r/', ['--dest-user', 'root', '--dest-password', 'rootpw']);
    const oOut = await mirror(OUR_ETCDCTL, 'o/', ['--dest-user', 'root', '--dest-password', 'rootpw']);
    assert.equal(oOut, rOut);
    assert.equal(await destKeys('o/'), await destKeys('r/'));
    // name:password in --dest-user
    await mirror(OUR_ETCDCTL, 'o2/', ['--dest-user', 'root:rootpw']);
    assert.equal(await destKeys('o2/'), await destKeys('r/'));
    // wrong password, no credentials: the destination refuses, as with etcdctl 3.5.16
    await same([...ep, 'make-mirror', '--dest-user', 'root', '--dest-password', 'wrong', dest.clientURLs], 'make-mirror (wrong password)');
    await same([...ep, 'make-mirror', '--prefix', 'mm/', '--dest-prefix', 'x/', dest.clientURLs], 'make-mirror (no credentials)');
  });
});

describe('snapshot restore --bump-revision --mark-compacted', () => {
  const dir = tmp('restore35-');
  let snap: string;
  const DEPRECATED = 'Deprecated: Use `etcdutl snapshot restore` instead.\n\n';
  const MOVED = 'DESCRIPTION:\n\tMoved to `etcdctl snapshot restore ...`\n\n';

  before(async () => {
    for (let i = 0; i < 3; i++) assert.equal((await etcdctl35([...ep, 'put', 'sr/k', `v${i}`])).code, 0);
    snap = path.join(dir, 's.db');
    const r = await etcdctl35([...ep, 'snapshot', 'save', snap]);
    assert.equal(r.code, 0, r.stderr);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('flag errors: etcdctl 3.5.16\'s message and exit code (after its Deprecated preamble, which ours has not)', async () => {
    for (const flags of [['--bump-revision', '5'], ['--mark-compacted'], ['--bump-revision', '0', '--mark-compacted'], ['--bump-revision', '-1'], ['--bump-revision', 'x']]) {
      const args = ['snapshot', 'restore', snap, '--data-dir', path.join(dir, 'never'), ...flags];
      const r = await etcdctl35(args);
      const o = await ours(args, { api: '3' });
      assert.notEqual(o.code, 0);
      // a bad flag value prints the usage: 3.4.23's text plus the 3.5 flag lines, without the
      // DESCRIPTION etcdctl 3.5 gave restore (test/golden/v3/help/snapshot_restore.txt)
      const expected = { ...view(r), stdout: r.stdout.replace(MOVED, ''), stderr: view(r).stderr.replace(DEPRECATED, '') };
      assert.deepEqual(view(o), expected, flags.join(' '));
      assert.equal(fs.existsSync(path.join(dir, 'never')), false);
    }
  });

  test('the restored member (etcd 3.5.16) serves every key at its revision, starts at the bumped revision, and has compacted below it', async () => {
    const peerPort = await freePort();
    const peer = `http://127.0.0.1:${peerPort}`;
    const flags = ['--name', 'm', '--initial-cluster', `m=${peer}`, '--initial-advertise-peer-urls', peer, '--bump-revision', '1000', '--mark-compacted'];
    const rDir = path.join(dir, 'real.etcd');
    const oDir = path.join(dir, 'ours.etcd');
    const rr = await etcdctl35(['snapshot', 'restore', snap, '--data-dir', rDir, ...flags]);
    assert.equal(rr.code, 0, rr.stderr);
    const or = await ours(['snapshot', 'restore', snap, '--data-dir', oDir, ...flags, '--initial-memory-map-size', '10000000'], { api: '3' });
    assert.equal(or.code, 0, or.stderr);
    assert.equal(or.stdout, '');
    assert.match(or.stderr, /"msg":"bumping latest revision".*"bump-amount":1000/);

    const served = async (dataDir: string) => {
      const m = await startOnDataDir('m', dataDir, peerPort, [], { etcdBin: ETCD35_BIN, enableV2: false });
      try {
        const e = [`--endpoints=${m.endpoint}`];
        const out: RunResult[] = [];
        out.push(await etcdctl35([...e, 'get', '', '--from-key', '-w', 'json']));
        out.push(await etcdctl35([...e, 'get', 'sr/k', '--rev', '3']));
        out.push(await etcdctl35([...e, 'put', 'sr/new', 'x', '-w', 'json']));
        out.push(await etcdctl35([...e, 'get', 'sr/', '--prefix', '-w', 'fields']));
        return out.map(view);
      } finally {
        await m.stop();
      }
    };
    const fromReal = await served(rDir);
    const fromOurs = await served(oDir);
    assert.deepEqual(fromOurs, fromReal);
    assert.match(fromOurs[1]!.stderr, /required revision has been compacted/);
    const srcRev = BigInt(/"revision":(\d+)/.exec((await etcdctl35([...ep, 'snapshot', 'status', snap, '-w', 'json'])).stdout)?.[1] ?? '0');
    assert.match(fromOurs[2]!.stdout, new RegExp(`"revision":${srcRev + 1001n}[,}]`));
  });
});
