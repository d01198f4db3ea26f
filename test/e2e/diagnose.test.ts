// Failures that explain themselves and never hang (issue 10, items 1-3 and 5): an endpoint that
// never becomes ready (closed port, TLS with the wrong CA, a SIGSTOPped server) ends a command
// without a deadline after --dial-timeout; --debug shows each endpoint's transport errors as
// they happen; on a terminal the final error is followed by one cause line per endpoint; scripts
// keep etcdctl's bytes. --dial-timeout=1ns fails every connecting command as etcdctl's does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { freePort, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { makeCerts, type TlsFiles } from '../helpers/tls.js';
import { OUR_ETCDCTL, dropZapLogs, ours, real } from '../helpers/run.js';
import { runOnPty } from '../helpers/pty.js';

const v3 = { api: '3' };
let plain: EtcdCluster;
let secure: EtcdCluster;
let certs: TlsFiles;
let wrongCa: string;
const root = fs.mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-diagnose-'));
let n = 0;
const newDir = () => fs.mkdtempSync(path.join(root, `${n++}-`));

before(async () => {
  certs = makeCerts();
  wrongCa = makeCerts().ca;
  [plain, secure] = await Promise.all([startEtcd(), startEtcd({ tls: certs })]);
});

after(async () => {
  plain?.first.proc?.kill('SIGCONT');
  await Promise.all([plain?.stop(), secure?.stop()]);
  fs.rmSync(root, { recursive: true, force: true });
});

const closedPort = async () => `127.0.0.1:${await freePort()}`;

/** The three endpoints that never become ready, each with its Go-worded cause. */
async function neverReady(): Promise<Array<{ what: string; args: string[]; cause: RegExp; stop?: boolean }>> {
  const closed = await closedPort();
  return [
    { what: 'closed port', args: [`--endpoints=${closed}`], cause: new RegExp(`^${closed}: dial tcp ${closed}: connect: connection refused$`) },
    {
      what: 'wrong CA',
      args: [`--endpoints=https://${secure.first.endpoint}`, `--cacert=${wrongCa}`],
      cause: new RegExp(`^https://${secure.first.endpoint}: x509: certificate signed by unknown authority$`),
    },
    { what: 'SIGSTOPped server', args: [`--endpoints=${plain.first.endpoint}`], cause: new RegExp(`^${plain.first.endpoint}: timed out waiting for server handshake$`), stop: true },
  ];
}

test('snapshot save --dial-timeout=2s to an endpoint that never becomes ready: exit 5 within 10 s, nothing on disk; the cause on a terminal only', async () => {
  for (const c of await neverReady()) {
    if (c.stop) plain.first.proc!.kill('SIGSTOP');
    try {
      // a script: etcdctl's lines, no cause
      const d = newDir();
      const t0 = Date.now();
      const r = await ours([...c.args, '--dial-timeout=2s', 'snapshot', 'save', 'x.db'], { ...v3, cwd: d, timeoutMs: 20000 });
      const took = Date.now() - t0;
      assert.equal(r.code, 5, `${c.what}: ${r.stderr}`);
      assert.ok(took < 10000, `${c.what}: took ${took} ms`);
      assert.equal(r.stdout, '');
      assert.equal(dropZapLogs(r.stderr), 'Error: context deadline exceeded\n', c.what);
      assert.deepEqual(fs.readdirSync(d), [], `${c.what}: nothing left`);

      // a person: the same, then the cause
      const d2 = newDir();
      const p = await runOnPty([OUR_ETCDCTL, ...c.args, '--dial-timeout=2s', 'snapshot', 'save', path.join(d2, 'x.db')], { PATH: process.env.PATH!, ETCDCTL_API: '3', NO_COLOR: '1' }, []);
      assert.equal(p.code, 5, `${c.what} (terminal): ${p.output}`);
      const lines = p.output.split('\r\n').filter((l) => l !== '' && !l.startsWith('{'));
      assert.equal(lines.length, 2, `${c.what} (terminal): ${p.output}`);
      assert.equal(lines[0], 'Error: context deadline exceeded');
      assert.match(lines[1]!, c.cause, c.what);
      assert.deepEqual(fs.readdirSync(d2), [], `${c.what} (terminal): nothing left`);
    } finally {
      if (c.stop) plain.first.proc!.kill('SIGCONT');
    }
  }
});

test('--debug shows each endpoint\'s transport error as it happens, in Go\'s words', async () => {
  const closed = await closedPort();
  const r = await ours([`--endpoints=https://${secure.first.endpoint},${closed}`, `--cacert=${wrongCa}`, '--debug', '--command-timeout=1s', 'get', 'k'], v3);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`\\nWARNING: \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[core\\]https://${secure.first.endpoint}: failed to connect: x509: certificate signed by unknown authority\\. Reconnecting\\.\\.\\.\\n`));
  assert.match(r.stderr, new RegExp(`\\[core\\]${closed}: failed to connect: dial tcp ${closed}: connect: connection refused\\. Reconnecting\\.\\.\\.\\n`));
  assert.match(r.stderr, /Error: context deadline exceeded\n$/);
  // without --debug (and not on a terminal): etcdctl's bytes
  const quiet = await ours([`--endpoints=${closed}`, '--command-timeout=1s', 'get', 'k'], v3);
  const theirs = await real([`--endpoints=${closed}`, '--command-timeout=1s', 'get', 'k'], v3);
  assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [theirs.code, theirs.stdout, dropZapLogs(theirs.stderr)]);
});

test('commands without a default deadline end after --dial-timeout against a closed port', async () => {
  const closed = await closedPort();
  const cases: Array<{ args: string[]; code: number; stderr: string }> = [
    { args: ['watch', 'k'], code: 5, stderr: 'watch was canceled (context deadline exceeded)\nError: watch is canceled by the server\n' },
    { args: ['lock', 'l'], code: 1, stderr: 'Error: context deadline exceeded\n' },
    { args: ['elect', '-l', 'e'], code: 1, stderr: 'Error: context deadline exceeded\n' },
    { args: ['elect', 'e', 'p'], code: 1, stderr: 'Error: context deadline exceeded\n' },
    { args: ['make-mirror', await closedPort()], code: 1, stderr: 'Error: context deadline exceeded\n' },
    { args: ['lease', 'keep-alive', '--once', '1'], code: 2, stderr: 'Error: context deadline exceeded\n' },
    { args: ['lease', 'timetolive', '1'], code: 2, stderr: 'Error: context deadline exceeded\n' },
    { args: ['user', 'add', 'u:p'], code: 1, stderr: 'Error: context deadline exceeded\n' },
  ];
  for (const c of cases) {
    const t0 = Date.now();
    const r = await ours([`--endpoints=${closed}`, '--dial-timeout=1s', ...c.args], { ...v3, timeoutMs: 20000 });
    const took = Date.now() - t0;
    assert.deepEqual([r.code, r.stdout, r.stderr], [c.code, '', c.stderr], c.args.join(' '));
    assert.ok(took < 8000, `${c.args.join(' ')}: took ${took} ms`);
  }
});

test('--dial-timeout=1ns: every connecting command fails as etcdctl 3.4.23 does (bytes, exit code)', async () => {
  const e = `--endpoints=${plain.first.endpoint}`;
  const commands = [
    ['get', 'a'], ['put', 'a', 'b'], ['del', 'a'], ['endpoint', 'health'], ['endpoint', 'status'], ['endpoint', 'hashkv'],
    ['snapshot', 'save', 'x.db'], ['watch', 'a'], ['lease', 'grant', '10'], ['lease', 'keep-alive', '1'], ['lease', 'list'],
    ['defrag'], ['member', 'list'], ['lock', 'l'], ['elect', 'e', 'p'], ['make-mirror', '127.0.0.1:1'], ['move-leader', '1'],
    ['alarm', 'list'], ['user', 'add', 'u:p'], ['role', 'list'], ['auth', 'enable'], ['compaction', '1'], ['txn'], ['version'],
  ];
  for (const args of commands) {
    const [da, db] = [newDir(), newDir()];
    const a = await ours([e, '--dial-timeout=1ns', ...args], { ...v3, cwd: da, timeoutMs: 20000 });
    const b = await real([e, '--dial-timeout=1ns', ...args], { ...v3, cwd: db, timeoutMs: 20000 });
    assert.deepEqual([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr], args.join(' '));
    assert.deepEqual(fs.readdirSync(da), fs.readdirSync(db), `${args.join(' ')}: files`);
  }
});

test('endpoint health: "took" times the request, not the connection set-up', async () => {
  // a proxy that holds each new connection 800 ms before it forwards it (a slow network)
  const target = plain.first.clientPort;
  const server = net.createServer((sock) => {
    sock.pause();
    setTimeout(() => {
      const up = net.connect(target, '127.0.0.1', () => {
        sock.pipe(up);
        up.pipe(sock);
        sock.resume();
      });
      up.on('error', () => sock.destroy());
      sock.on('error', () => up.destroy());
    }, 800);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    const t0 = Date.now();
    const r = await ours([`--endpoints=127.0.0.1:${port}`, 'endpoint', 'health'], v3);
    const total = Date.now() - t0;
    assert.equal(r.code, 0, r.stderr);
    const m = /^127\.0\.0\.1:\d+ is healthy: successfully committed proposal: took = (\S+)\n$/.exec(r.stderr);
    assert.ok(m, r.stderr);
    const ms = m[1]!.endsWith('ms') ? Number(m[1]!.slice(0, -2)) : m[1]!.endsWith('µs') ? Number(m[1]!.slice(0, -2)) / 1000 : Number(m[1]!.slice(0, -1)) * 1000;
    assert.ok(total >= 800, `the connection waited: ${total} ms`);
    assert.ok(ms < 400, `took = ${m[1]} (the 800 ms of connection set-up must not count)`);
  } finally {
    server.close();
  }
});
