// `get` of a large range is read in pages at one revision and printed as pages arrive
// (src/client/v3/range-pager.ts). Against etcdctl 3.4.23, which reads it in one Range: 10^5 keys
// in every format and flag combination byte for byte (pages of the default size and of a small
// one), a compaction between two pages (etcdctl's compaction error, no keys of another revision),
// and a reader slower than the output (same bytes, bounded memory).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { assertSame, both, dropZap } from '../helpers/compare.js';
import { OUR_ETCDCTL, real } from '../helpers/run.js';
import { fillKeys } from '../helpers/fill.js';
import { EtcdClient } from '../../src/client/v3/client.js';

const N = 100_000;
let etcd: EtcdCluster;
let ep: string;
let client: EtcdClient;
/** the store's revision after the first 10^5 puts (before the updates) */
let revAfterFill = 0n;

/** values of varied length, some with bytes that %q, --hex and base64 treat specially */
const valueOf = (i: number): Buffer =>
  i % 997 === 0 ? Buffer.from([0, 0xff, 0x0a, 0x22, 0x5c, i & 0xff]) : i % 101 === 0 ? Buffer.from(`é ${i}\t"`) : Buffer.from(`v${i}`.repeat(1 + (i % 7)));

before(async () => {
  etcd = await startEtcd({ extraArgs: ['--quota-backend-bytes', String(1024 ** 3)] });
  ep = etcd.first.endpoint;
  await fillKeys(ep, '/p/', N, valueOf);
  client = await EtcdClient.connect({ endpoints: [ep], dialTimeoutMs: 5000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 });
  revAfterFill = (await client.range({ key: Buffer.from('/p/') })).header!.revision;
  // keys around the range, a second version of some keys, and keys with a lease
  const lease = await client.leaseGrant({ TTL: 3600n });
  for (const k of ['/o', '/p', '/p0', '/q', '/p/00000007', '/p/00099999']) await client.put({ key: Buffer.from(k), value: Buffer.from(`x${k}`) });
  for (const k of ['/p/00050000', '/p/00050001']) await client.put({ key: Buffer.from(k), value: Buffer.from('leased'), lease: lease.ID });
});
after(async () => {
  client?.close();
  await etcd?.stop();
});

const T = ['--command-timeout', '60s'];
const big = { timeoutMs: 180000 };

async function sameBytes(args: string[], env: Record<string, string> = {}): Promise<void> {
  const p = await both(['--endpoints', ep, ...T, ...args], { ...big, env });
  assert.equal(p.real.code, 0, p.real.stderr);
  assertSame(p, `${args.join(' ')} ${JSON.stringify(env)}`);
  assert.ok(p.ours.stdoutBytes.equals(p.real.stdoutBytes), `${args.join(' ')}: stdout bytes`);
}

const CASES: string[][] = [
  ['get', '/p/', '--prefix'],
  ['get', '/p/', '--prefix', '--keys-only'],
  ['get', '/p/', '--prefix', '--print-value-only'],
  ['get', '/p/', '--prefix', '--hex'],
  ['get', '/p/', '--prefix', '-w', 'json'],
  ['get', '/p/', '--prefix', '-w', 'json', '--keys-only'],
  ['get', '/p/', '--prefix', '-w', 'fields'],
  ['get', '/p/', '--prefix', '-w', 'protobuf'],
  ['get', '/p/', '--prefix', '--limit', '25000', '-w', 'json'],
  ['get', '/p/', '--prefix', '--limit', '1001', '-w', 'fields'],
  ['get', '/p/', '--prefix', '--consistency', 's', '--keys-only', '-w', 'json'],
  ['get', '/p/00070000', '--from-key', '--keys-only'],
  ['get', '/p/00010000', '/p/00060000', '-w', 'fields', '--keys-only'],
  ['get', '/p/', '--prefix', '--order', 'ASCEND', '--sort-by', 'KEY', '--keys-only', '-w', 'json'],
  // sorts paging cannot give: one Range
  ['get', '/p/', '--prefix', '--order', 'DESCEND', '--keys-only'],
  ['get', '/p/', '--prefix', '--sort-by', 'VALUE', '--limit', '3000', '-w', 'json'],
];

it('10^5 keys in every format and flag combination: the bytes of etcdctl (default pages)', async () => {
  for (const args of CASES) await sameBytes(args);
  // an old revision (before the updates and the keys around the range)
  await sameBytes(['get', '/p/', '--prefix', '--rev', String(revAfterFill), '-w', 'json']);
  await sameBytes(['get', '/', '--prefix', '--rev', String(revAfterFill - 5n), '--keys-only']);
});

it('the same with pages of 777 keys (page ends inside every run of updated and leased keys)', async () => {
  const env = { ETCD_TS_TEST_PAGE_SIZE: '777' };
  for (const args of [CASES[3]!, CASES[8]!, CASES[12]!]) await sameBytes(args, env);
  await sameBytes(['get', '/p/', '--prefix', '--rev', String(revAfterFill), '-w', 'fields'], env);
});

it('a reader slower than the output: the same bytes, and memory bounded by pages, not by the range', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-slow-'));
  try {
    const rssFile = join(dir, 'rss');
    const args = ['--endpoints', ep, ...T, 'get', '/p/', '--prefix', '-w', 'json'];
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, OUR_ETCDCTL, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // a reader that takes one pipe buffer at a time and yields to the event loop between reads:
    // the writer blocks on a full pipe most of the time
    for await (const chunk of child.stdout) {
      chunks.push(chunk as Buffer);
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(await exited, 0, stderr);
    const r = await real(args, { api: '3', ...big });
    assert.ok(Buffer.concat(chunks).equals(r.stdoutBytes), 'stdout bytes');
    const peakKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    // the whole response held and marshalled at once took ~300 MiB here
    assert.ok(peakKiB < 150 * 1024, `peak RSS ${peakKiB} KiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a compaction past the pinned revision between two pages ends with etcdctl\'s compaction error, no mixed revisions', async () => {
  const child = spawn(OUR_ETCDCTL, ['--endpoints', ep, ...T, 'get', '/p/', '--prefix'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3', ETCD_TS_TEST_PAGE_SIZE: '1000', ETCD_TS_TEST_PAGE_GATE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // the first page is in (its revision pinned) when the gate before page 2 is reached
  await new Promise<void>((resolve) =>
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.includes('page gate 2\n')) resolve();
    }),
  );
  const pinned = (await client.range({ key: Buffer.from('/p/') })).header!.revision;
  // a write in the range (after the first page) after the pinned revision, then a compaction past
  // the pinned revision
  const put = await client.put({ key: Buffer.from('/p/00090000x'), value: Buffer.from('later') });
  await client.compact({ revision: put.header!.revision, physical: true });
  child.stdin.end('\n');
  const code = await exited;
  const r = await real(['--endpoints', ep, ...T, 'get', '/p/', '--prefix', '--rev', String(pinned)], { api: '3' });
  assert.equal(r.code, 1);
  assert.equal(code, r.code);
  assert.equal(stderr.replace('page gate 2\n', ''), dropZap(r.stderr));
  assert.match(r.stderr, /required revision has been compacted/);
  // what was printed is exactly the first page, as read at the pinned revision
  const first = await real(['--endpoints', ep, ...T, 'get', '/p/', '--prefix', '--limit', '1000'], { api: '3' });
  assert.ok(Buffer.concat(out).equals(first.stdoutBytes), 'stdout is the first page');
});
