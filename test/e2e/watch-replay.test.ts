// watch --rev of a long history against etcdctl 3.4.23: 50k events written in 128-put txns, then
// 2500 revisions of single puts, overwrites and deletes (etcd sends up to 1000 revisions per
// response, so the replay is a few large responses), in every format with and without --prev-kv,
// byte for byte; and into a reader slower than the output (the same bytes, memory bounded). A
// watch never ends by itself: each is stopped once the last event (a marker value) is printed whole.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { REAL_ETCDCTL, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { OUR_ETCDCTL } from '../helpers/run.js';
import { fillKeys } from '../helpers/fill.js';
import { EtcdClient } from '../../src/client/v3/client.js';

const MARK = 'MARK-THE-END';
let etcd: EtcdCluster;
let ep: string;
let startRev = 0n;

/** values of varied length, some with bytes that %q, --hex and base64 treat specially */
const valueOf = (i: number): Buffer =>
  i % 997 === 0 ? Buffer.from([0, 0xff, 0x0a, 0x22, 0x5c, i & 0xff]) : i % 101 === 0 ? Buffer.from(`é ${i}\t"`) : Buffer.from(`v${i}`.repeat(1 + (i % 5)));

before(async () => {
  etcd = await startEtcd({ extraArgs: ['--quota-backend-bytes', String(1024 ** 3)] });
  ep = etcd.first.endpoint;
  const client = await EtcdClient.connect({ endpoints: [ep], dialTimeoutMs: 5000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 });
  try {
    startRev = (await client.range({ key: Buffer.from('/r/') })).header!.revision + 1n;
    await fillKeys(ep, '/r/', 50_000, valueOf);
    // one revision each: overwrites (a previous value for --prev-kv), deletes, new keys
    for (let i = 0; i < 2500; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const n = i + j;
          const key = Buffer.from(`/r/${String((n * 7919) % 50_000).padStart(8, '0')}`);
          if (n % 10 === 3) return client.deleteRange({ key });
          return client.put({ key: n % 10 === 7 ? Buffer.from(`/r/new-${n}`) : key, value: valueOf(n + 1) });
        }),
      );
    }
    await client.put({ key: Buffer.from('/r/zz-last'), value: Buffer.from(MARK) });
  } finally {
    client.close();
  }
});
after(async () => {
  await etcd?.stop();
});

/** whether a format's output holds the last event whole (the marker's event is the last one) */
function complete(format: string, out: Buffer): boolean {
  if (format === 'simple') return out.subarray(-MARK.length - 1).toString('latin1') === `${MARK}\n`;
  if (format === 'fields') return out.toString('latin1').endsWith(`"Value" : "${MARK}"\n"Lease" : 0\n`);
  if (format === 'json') {
    const text = out.toString('latin1');
    const at = text.lastIndexOf(Buffer.from(MARK).toString('base64'));
    return at >= 0 && text.endsWith('\n') && text.indexOf('\n', at) === text.length - 1;
  }
  return out.subarray(-MARK.length).toString('latin1') === MARK;
}

/**
 * Runs a watch until its output is complete, then kills it: stdout bytes (and peak RSS in KiB
 * with `rss`); `slow` reads one chunk per event-loop turn.
 */
async function watchOutput(bin: string, args: string[], format: string, opts: { slow?: boolean; rss?: boolean } = {}): Promise<{ out: Buffer; rssKiB?: number }> {
  const child = spawn(bin, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ETCDCTL_API: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const chunks: Buffer[] = [];
  let size = 0;
  /** the output's last bytes: the last event is short */
  let tail = Buffer.alloc(0);
  let done = false;
  let rssKiB: number | undefined;
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  try {
    for await (const chunk of child.stdout) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      tail = Buffer.concat([tail, chunk as Buffer]).subarray(-4096);
      if (complete(format, tail)) {
        done = true;
        // the peak so far (bin/etcdctl execs node: the same process)
        if (opts.rss) rssKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
        child.kill('SIGKILL');
        break;
      }
      if (opts.slow) await new Promise((r) => setImmediate(r));
    }
  } finally {
    clearTimeout(timer);
  }
  if (!done) child.kill('SIGKILL');
  await exited;
  assert.ok(done, `${bin} ${args.join(' ')}: ended after ${size} bytes without the last event (${stderr})`);
  const out = Buffer.concat(chunks);
  return rssKiB === undefined ? { out } : { out, rssKiB };
  }

it('a replay of 52.5k events in several large responses: the bytes of etcdctl in every format, with and without --prev-kv', async () => {
  for (const format of ['simple', 'json', 'fields', 'protobuf']) {
    for (const extra of [[], ['--prev-kv']]) {
      const args = [`--endpoints=${ep}`, 'watch', '--prefix', '/r/', '--rev', String(startRev), '-w', format, ...extra];
      const r = await watchOutput(REAL_ETCDCTL, args, format);
      const o = await watchOutput(OUR_ETCDCTL, args, format);
      assert.ok(o.out.equals(r.out), `${args.slice(1).join(' ')}: stdout bytes (ours ${o.out.length}, etcdctl ${r.out.length})`);
    }
  }
});

it('into a reader slower than the output: the same bytes, and memory bounded', async () => {
  const args = [`--endpoints=${ep}`, 'watch', '--prefix', '/r/', '--rev', String(startRev), '--prev-kv'];
  const r = await watchOutput(REAL_ETCDCTL, args, 'simple');
  const o = await watchOutput(OUR_ETCDCTL, args, 'simple', { slow: true, rss: true });
  assert.ok(o.out.equals(r.out), 'stdout bytes');
  // each response decoded as copies (two Buffers and four BigInts per key) peaked at ~110 MiB
  assert.ok(o.rssKiB! < 100 * 1024, `peak RSS ${o.rssKiB} KiB`);
});
