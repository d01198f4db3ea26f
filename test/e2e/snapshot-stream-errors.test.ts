// Bytes etcdctl prints around a snapshot stream that ends badly (issue 10 item 4): a connection
// broken mid-transfer is grpc-go's `rpc error: code = Unavailable desc = transport is closing`
// (not Node's `Connection dropped`), with clientv3's `failed to receive from snapshot stream;
// closing` warning; snapshot save and defrag denied by auth print etcd's unwrapped error as
// grpc-go does (`rpc error: code = Unknown desc = auth: permission denied`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http2 from 'node:http2';
import type { Socket } from 'node:net';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { freePort, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { dropZapLogs, ours, real, type RunResult } from '../helpers/run.js';

const v3 = { api: '3' };
let etcd: EtcdCluster;
const root = fs.mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-snapstream-'));
let n = 0;
const newDir = () => fs.mkdtempSync(path.join(root, `${n++}-`));

before(async () => {
  etcd = await startEtcd();
  const e = ['--endpoints', etcd.first.endpoint];
  for (const args of [['user', 'add', 'root:rootpw'], ['user', 'grant-role', 'root', 'root'], ['user', 'add', 'u1:pw1'], ['auth', 'enable']]) {
    const r = await real([...e, ...args], v3);
    assert.equal(r.code, 0, r.stderr);
  }
});

after(async () => {
  await etcd?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** zap lines with their timestamps replaced (each logger's encoding kept visible) */
function normalised(stderr: string): string {
  return stderr
    .replace(/"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d{4})"/g, '"ts":"<iso>"')
    .replace(/"ts":\d+(\.\d+)?/g, '"ts":<epoch>')
    .split('\n')
    .filter((l) => !l.includes('"caller":"clientv3/retry_interceptor.go'))
    .join('\n');
}

/**
 * Exit code, stdout and the non-log stderr exactly; the log lines as a set: etcdctl logs the
 * stream's end from clientv3's receive goroutine, which races its own `fetching snapshot` line.
 */
function assertSameBytes(a: RunResult, b: RunResult, what: string): void {
  const logs = (s: string) => normalised(s).split('\n').filter((l) => l.startsWith('{')).sort();
  assert.deepEqual([a.code, a.stdout, dropZapLogs(a.stderr)], [b.code, b.stdout, dropZapLogs(b.stderr)], what);
  assert.deepEqual(logs(a.stderr), logs(b.stderr), `${what}: log lines`);
}

test('a snapshot stream broken mid-transfer: transport is closing, clientv3\'s warning, exit 5, no file (as etcdctl)', async () => {
  // a gRPC server that sends two blobs of a snapshot, then drops the connection
  const server = http2.createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => sockets.add(s));
  server.on('stream', (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
    const blob = Buffer.alloc(32768, 7);
    // SnapshotResponse{remaining_bytes: 1000, blob: 32 KiB}
    const msg = Buffer.concat([Buffer.from([0x10, 0xe8, 0x07, 0x1a, 0x80, 0x80, 0x02]), blob]);
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(msg.length, 1);
    stream.write(Buffer.concat([frame, msg]), () => {
      stream.write(Buffer.concat([frame, msg]), () => setImmediate(() => sockets.forEach((s) => s.destroy())));
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    const [da, db] = [newDir(), newDir()];
    const args = [`--endpoints=127.0.0.1:${port}`, 'snapshot', 'save', 'x.db'];
    const a = await ours(args, { ...v3, cwd: da });
    const b = await real(args, { ...v3, cwd: db });
    assertSameBytes(a, b, 'broken stream');
    assert.equal(dropZapLogs(a.stderr), 'Error: rpc error: code = Unavailable desc = transport is closing\n');
    assert.match(a.stderr, /"level":"warn","ts":"[^"]+","caller":"clientv3\/maintenance.go:210","msg":"failed to receive from snapshot stream; closing","error":"rpc error: code = Unavailable desc = transport is closing"\}\n/);
    assert.equal(a.code, 5);
    assert.deepEqual(fs.readdirSync(da), []);
  } finally {
    server.close();
    sockets.forEach((s) => s.destroy());
  }
});

test('snapshot save and defrag denied by auth: rpc error: code = Unknown desc = auth: permission denied (as etcdctl)', async () => {
  const e = `--endpoints=${etcd.first.endpoint}`;
  for (const args of [[e, '--user', 'u1:pw1', 'snapshot', 'save', 'x.db'], [e, '--user', 'u1:pw1', 'defrag']]) {
    const [da, db] = [newDir(), newDir()];
    const a = await ours(args, { ...v3, cwd: da });
    const b = await real(args, { ...v3, cwd: db });
    assertSameBytes(a, b, args.join(' '));
    assert.match(a.stderr, /rpc error: code = Unknown desc = auth: permission denied\)?\n$/);
    assert.deepEqual(fs.readdirSync(da), []);
  }
  // and a save that works prints clientv3's two lines as etcdctl does
  const [da, db] = [newDir(), newDir()];
  const ok = [e, '--user', 'root:rootpw', 'snapshot', 'save', 'y.db'];
  const a = await ours(ok, { ...v3, cwd: da });
  const b = await real(ok, { ...v3, cwd: db });
  const shape = (s: string) => normalised(s).replace(/"size":"[^"]*","took":[\d.e-]+/, '"size":<S>,"took":<T>');
  assert.deepEqual([a.code, a.stdout, shape(a.stderr)], [b.code, b.stdout, shape(b.stderr)]);
  assert.match(a.stderr, /"msg":"opened snapshot stream; downloading"\}\n.*"msg":"fetching snapshot".*\n.*"msg":"completed snapshot read; closing"\}\n/);
});
