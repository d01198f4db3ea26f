// v2 key commands (set, mk, mkdir, setdir, update, updatedir, get, ls, rm, rmdir) side by side
// with Debian's etcdctl 3.4.23 in every -o format, including their errors and exit codes. Each
// side has its own fresh etcd receiving the same requests in the same order (test/helpers/v2.ts),
// so indexes match and outputs are compared byte for byte.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { freePort } from '../helpers/etcd.js';
import { waitFor } from '../helpers/wait.js';
import { normalisePorts, normaliseTTL, same, twinRun, assertSame, twinsForFile } from '../helpers/v2.js';

const t = twinsForFile();
let hang: Server;
let hangPort: number;

before(async () => {
  // a server that accepts connections and never answers (header timeouts)
  hangPort = await freePort();
  hang = createServer((c) => {
    c.on('data', () => {});
    c.on('error', () => {});
  });
  await new Promise<void>((r) => hang.listen(hangPort, '127.0.0.1', () => r()));
});

after(() => {
  hang?.close();
});

const FORMATS = ['simple', 'extended', 'json'] as const;

// Errors print the same whatever -o says (handleError ignores it), so the error cases run once,
// with the default format, and the successful requests in every format.
test('set, get, mk, update in every output format, with their errors', async () => {
  for (const o of FORMATS) {
    const d = `/fmt-${o}`;
    await same(t, ['-o', o, 'set', `${d}/a`, '1']);
    await same(t, ['-o', o, 'set', `${d}/a`, '2']); // with a previous node
    await same(t, ['-o', o, 'get', `${d}/a`]);
    await same(t, ['-o', o, 'mk', `${d}/b`, 'new']);
    await same(t, ['-o', o, 'update', `${d}/b`, 'newer']);
    await same(t, ['-o', o, 'set', '--swap-with-value', 'newer', `${d}/b`, 'swapped']); // compareAndSwap
    const got = await same(t, ['-o', 'extended', 'get', `${d}/a`]);
    const index = /^Modified-Index: (\d+)$/m.exec(got.real.stdout)![1]!;
    await same(t, ['-o', o, 'set', '--swap-with-index', index, `${d}/a`, 'swapped by index']);
    await same(t, ['-o', o, 'mk', '--in-order', `${d}/queue`, 'job1']);
    await same(t, ['-o', o, 'ls', '--sort', `${d}/queue`]);
  }
  const d = '/fmt-simple';
  await same(t, ['get', `${d}/missing`]); // 100 Key not found, exit 4
  await same(t, ['-o', 'json', 'mk', `${d}/a`, 'x']); // 105 Key already exists, exit 4 (text, even with -o json)
  await same(t, ['update', `${d}/nope`, 'v']); // 100
  await same(t, ['set', '--swap-with-value', 'wrong', `${d}/b`, 'v']); // 101 Compare failed
  await same(t, ['set', '--swap-with-index', '1', `${d}/b`, 'v']); // 101
  await same(t, ['-o', 'extended', 'get', d]); // a directory: exit 1
  await same(t, ['set', `${d}/a/under`, 'v']); // 104 Not a directory
  await same(t, ['set', '/', 'v']); // 107 Root is read only
  await same(t, ['get', '/']); // the root is a directory
});

test('directories: mkdir, setdir, updatedir, rmdir, rm in every output format', async () => {
  for (const o of FORMATS) {
    const d = `/dirs-${o}`;
    await same(t, ['-o', o, 'mkdir', `${d}/x`]);
    await same(t, ['-o', o, 'setdir', `${d}/y`]);
    await same(t, ['-o', o, 'updatedir', `${d}/y`]);
    await same(t, ['-o', o, 'set', `${d}/x/k`, 'v']);
    await same(t, ['-o', o, 'rm', '--with-value', 'v', `${d}/x/k`]); // compareAndDelete: an empty line in simple
    await same(t, ['-o', o, 'set', `${d}/x/k2`, 'v2']);
    await same(t, ['-o', o, 'rm', `${d}/x/k2`]); // delete: PrevNode.Value in simple
    await same(t, ['-o', o, 'rmdir', `${d}/x`]); // nothing in simple
    await same(t, ['-o', o, 'set', `${d}/y/k`, 'v']);
    await same(t, ['-o', o, 'rm', '-r', `${d}/y`]);
  }
  const d = '/dirs-errors';
  await same(t, ['mkdir', `${d}/x`]);
  await same(t, ['mkdir', `${d}/x`]); // 105
  await same(t, ['setdir', `${d}/x`]); // 102 Not a file on an existing dir
  await same(t, ['updatedir', `${d}/zz`]); // 100
  await same(t, ['set', `${d}/x/k`, 'v']);
  await same(t, ['rm', `${d}/x`]); // 102 Not a file
  await same(t, ['rm', '--dir', `${d}/x`]); // 108 Directory not empty
  await same(t, ['rmdir', `${d}/x`]); // 108
  await same(t, ['rm', '--with-value', 'nope', `${d}/x/k`]); // 101
  await same(t, ['rm', '--with-index', '1', `${d}/x/k`]); // 101
  await same(t, ['rm', `${d}/gone`]); // 100
  await same(t, ['rmdir', `${d}/gone`]); // 100
});

test('ls in every output format: sorted, recursive, -p, a key, a missing key', async () => {
  await same(t, ['mkdir', '/tree/empty']);
  await same(t, ['set', '/tree/b/2', 'two']);
  await same(t, ['set', '/tree/b/1', 'one']);
  await same(t, ['set', '/tree/a', 'a']);
  for (const o of [...FORMATS, 'bogus']) {
    await same(t, ['-o', o, 'ls', '--sort', '-r', '-p', '/tree']);
    await same(t, ['-o', o, 'ls', '--quorum', '/tree/a']);
  }
  await same(t, ['ls', '--sort', '/tree']);
  await same(t, ['ls', '--sort', '-r', '/tree']);
  await same(t, ['ls', '-p', '--sort', '/tree/']);
  await same(t, ['ls', '/tree/nothing']);
  await same(t, ['get', '--sort', '-q', '/tree/a']);
  // the root, sorted (both servers hold the same keys)
  await same(t, ['ls', '--sort']);
  await same(t, ['ls', '--sort', '-r', '/']);
  // unsorted listings come in the server's order: compare them sorted
  const p = await twinRun(t, ['ls', '-r', '/tree']);
  assert.equal(p.ours.code, 0);
  assert.deepEqual(p.ours.stdout.split('\n').sort(), p.real.stdout.split('\n').sort());
});

test('an unsupported -o value prints "Unsupported output format" and exits 0 after the write', async () => {
  await same(t, ['-o', 'yaml', 'set', '/unsup/k', 'v']);
  await same(t, ['-o', 'yaml', 'get', '/unsup/k']);
  await same(t, ['-o', 'yaml', 'mkdir', '/unsup/d']);
  await same(t, ['-o', 'yaml', 'rm', '/unsup/k']);
  await same(t, ['-o', 'yaml', 'get', '/unsup/missing']); // the error still wins
});

test('values from stdin, missing keys and values, `--` and flags after positionals', async () => {
  await same(t, ['set', '/in/k'], { input: 'from stdin\nsecond line\n' });
  await same(t, ['get', '/in/k']);
  await same(t, ['-o', 'json', 'mk', '/in/m'], { input: 'made' });
  await same(t, ['update', '/in/m'], { input: 'updated' });
  await same(t, ['set', '/in/k'], { input: '' }); // value required, exit 1
  await same(t, ['mk', '/in/k2']);
  await same(t, ['update', '/in/k']);
  for (const cmd of ['get', 'set', 'mk', 'mkdir', 'setdir', 'update', 'updatedir', 'rm', 'rmdir', 'watch', 'exec-watch']) {
    await same(t, [cmd]); // key required, exit 1 (after the sync)
  }
  await same(t, ['set', '--', '/in/dash', '-v']);
  await same(t, ['get', '/in/dash']);
  await same(t, ['set', '/in/dash2', '--', '-v']);
  await same(t, ['get', '/in/dash2']);
  await same(t, ['-o', 'json', 'set', '/in/ttl', 'v', '--ttl', '100000'], { normalise: normaliseTTL }); // flags after positionals
  await same(t, ['-o', 'json', 'get', '/in/ttl'], { normalise: normaliseTTL });
  await same(t, ['mk', '--in-order', '/in/q', 'j3', '--ttl', '10']); // Debian quirk: the value is "--ttl"
  await same(t, ['ls', '-r', '/in/q']);
  // "/in" sticks to -r, so --sort is an argument: the listing is unsorted (compared sorted)
  const unsorted = await twinRun(t, ['ls', '-r', '/in', '--sort']);
  assert.equal(unsorted.ours.code, 0);
  assert.deepEqual(unsorted.ours.stdout.split('\n').sort(), unsorted.real.stdout.split('\n').sort());
  await same(t, ['get', '/in/k', '-o', 'json']); // unknown flags after positionals are extra arguments
  await same(t, ['get', '/in/k', 'extra', 'args']);
  await same(t, ['set', '/in/x', 'v', 'extra']);
});

test('usage errors: unknown flags, bad values, two forms of a flag, unknown commands', async () => {
  const cases: string[][] = [
    ['get', '--bogus', '/k'],
    ['set', '--ttl', 'x', '/k', 'v'],
    ['set', '--ttl', '99999999999999999999', '/k', 'v'],
    ['set', '--swap-with-index', 'abc', '/k', 'v'],
    ['set', '/k', 'v', '--ttl'],
    ['ls', '--sort=maybe'],
    ['ls', '-r', '--recursive', '/'],
    ['rm', '---r', '/k'],
    ['--timeout', 'soon', 'get', '/k'],
    ['--debug=nope', 'get', '/k'],
    ['-o', 'json', '--output', 'simple', 'get', '/k'],
    ['--bogus', 'get', '/k'],
    ['bogus'],
    ['help', 'bogus'],
    ['member', 'bogus'],
    ['user', '--bogus'],
  ];
  for (const args of cases) await same(t, args);
});

test('ETCDCTL_API unset runs the v2 set (ours) like ETCDCTL_API=2 (real)', async () => {
  await same(t, ['set', '/api/k', 'v'], { oursApi: undefined });
  await same(t, ['-o', 'extended', 'get', '/api/k'], { oursApi: undefined });
  await same(t, ['mk', '/api/k', 'v'], { oursApi: undefined });
  await same(t, ['ls', '--sort', '/api'], { oursApi: undefined });
  await same(t, ['--version'], { oursApi: undefined });
  await same(t, ['--help'], { oursApi: undefined });
  await same(t, ['get', '--bogus'], { oursApi: undefined });
});

test('a v3-only command names the fix instead of "No help topic"', async () => {
  const p = await twinRun(t, ['put', 'k', 'v']);
  assert.deepEqual({ stderr: p.real.stderr, code: p.real.code }, { stderr: "No help topic for 'put'\n", code: 3 });
  assert.deepEqual(
    { stdout: p.ours.stdout, stderr: p.ours.stderr, code: p.ours.code },
    { stdout: '', stderr: 'Error: "put" is an API v3 command; run it with ETCDCTL_API=3\n', code: 1 },
  );
  const v = await twinRun(t, ['version'], { oursApi: undefined });
  assert.equal(v.ours.stderr, 'Error: "version" is an API v3 command; run it with ETCDCTL_API=3\n');
  assert.equal(v.ours.code, 1);
});

test('--debug prints the sync and a cURL line per request', async () => {
  await same(t, ['--debug', 'set', '/dbg/k', 'a&b=c d/é']);
  await same(t, ['--debug', 'set', '--ttl', '100000', '--swap-with-value', 'a&b=c d/é', '/dbg/k', 'v']);
  await same(t, ['--debug', 'get', '--quorum', '/dbg/k']);
  await same(t, ['--debug', 'mk', '/dbg/k', 'v']);
  await same(t, ['--debug', 'mk', '--in-order', '/dbg/q', 'v']);
  await same(t, ['--debug', 'mkdir', '/dbg/d']);
  await same(t, ['--debug', 'setdir', '--ttl', '100000', '/dbg/d2']);
  await same(t, ['--debug', 'updatedir', '/dbg/d2']);
  await same(t, ['--debug', 'ls', '--sort', '-r', '/dbg']);
  await same(t, ['--debug', 'rm', '--with-index', '1', '/dbg/k']);
  await same(t, ['--debug', 'rm', '-r', '--dir', '/dbg']);
  await same(t, ['--debug', '--no-sync', 'get', '/dbg/k?x #y']);
  await same(t, ['--debug', 'set', '/dbg/bytes'], { input: Buffer.from([0xff, 0x41, 0x0a, 0xc3]) }); // stdin is sent byte for byte
  await same(t, ['--debug', 'get', 'no/leading/../slash/']);
});

// An expiry moves the store's index, at a moment that differs a little between the twins: every
// key with a TTL is created before the first one can expire, and compared only after all have.
test('a TTL expires: the key is gone afterwards', async () => {
  // An expiry takes an index of its own, at a wall-clock moment that can fall between two steps on
  // one twin and not on the other on a loaded machine: the indexes of these steps are masked.
  const masked = (s: string) => normaliseTTL(s).replace(/"(createdIndex|modifiedIndex)":\d+/g, '"$1":<index>').replace(/^(Created-Index|Modified-Index|Index): \d+$/gm, '$1: <index>').replace(/\) \[\d+\]$/gm, ') [<index>]');
  for (const o of FORMATS) await same(t, ['-o', o, 'set', '--ttl', '3', `/ttl/${o}`, 'v'], { normalise: masked });
  await same(t, ['-o', 'json', 'mkdir', '--ttl', '3', '/ttl/dir'], { normalise: masked });
  // every one of them gone from both twins' stores (a GET of a missing key is a 404)
  const expiring = [...FORMATS.map((o) => `/v2/keys/ttl/${o}`), '/v2/keys/ttl/dir'];
  await waitFor('the TTL keys to expire on both twins', async () => {
    for (const c of [t.a, t.b]) for (const p of expiring) if ((await c.first.answers(p)) !== undefined) return false;
    return true;
  });
  for (const o of FORMATS) await same(t, ['-o', o, 'get', `/ttl/${o}`], { normalise: masked });
  await same(t, ['ls', '/ttl/dir']);
});

test('connection failures: sync errors exit 2, request errors exit 4, ClusterError details', async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const dead2 = `http://127.0.0.1:${await freePort()}`;
  const hung = `http://127.0.0.1:${hangPort}`;
  const run = (args: string[], normalise?: (s: string) => string) => same(t, args, { noEndpoints: true, ...(normalise ? { normalise } : {}) });
  await run(['--endpoints', dead, 'get', '/k']); // sync fails: exit 2
  await run(['--endpoints', dead, 'get']); // before the argument check
  await run(['--no-sync', '--endpoints', dead, 'get', '/k']); // exit 4
  await run(['--no-sync', '--endpoints', dead, '-o', 'json', 'mk', '/k', 'v']);
  await run(['--endpoints', `${dead},${dead2}`, 'get', '/k'], normalisePorts); // shuffled: ports normalised
  await run(['--no-sync', '--endpoints', `${dead},{EP}`, 'set', '/failover/k', 'v']); // failover to the live one
  await run(['--no-sync', '--endpoints', `${dead},{EP}`, 'get', '/failover/k']);
  await run(['--endpoints', `${dead},{EP}`, 'get', '/failover/k']); // the sync fails over, then uses the members' URLs
  await run(['--timeout', '300ms', '--endpoints', hung, 'get', '/k']); // header timeout: not a connection error, exit 4
  await run(['--no-sync', '--timeout', '3s', '--total-timeout', '700ms', '--endpoints', hung, 'get', '/k']); // context deadline exceeded
  await run(['--total-timeout', '0', '--endpoints', '{EP}', 'get', '/k']); // the sync's deadline has passed: exit 2
  await run(['--debug', '--no-sync', '--endpoints', dead, 'rm', '/k']);
  await run(['--endpoints', '127.0.0.1:2379', 'get', '/k']); // no scheme: url.Parse error, exit 1
  await run(['--endpoints', 'http://127.0.0.1:x', 'get', '/k']);
  await run(['--endpoints', 'ftp://127.0.0.1:1', 'get', '/k']); // unsupported protocol scheme
  await run(['--endpoints', `//127.0.0.1:${new URL(t.a.clientURLs).port}`, 'get', '/failover/k'], normalisePorts); // scheme added
  await run(['--endpoints', 'http://no-such-host.invalid:2379', 'get', '/k']);
});

test('endpoint precedence: --endpoints, ETCDCTL_ENDPOINTS, --endpoint, ETCDCTL_ENDPOINT, --peers/-C, ETCDCTL_PEERS', async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const run = (args: string[], env: Record<string, string>) => same(t, ['--debug', ...args, 'get', '/prec'], { noEndpoints: true, env });
  await run([], { ETCDCTL_ENDPOINTS: '{EP}' });
  await run(['--endpoints', '{EP}'], { ETCDCTL_ENDPOINTS: dead });
  await run(['--endpoint', dead], { ETCDCTL_ENDPOINTS: '{EP}' });
  await run(['--endpoint', '{EP}'], { ETCDCTL_ENDPOINT: dead });
  await run(['-C', dead], { ETCDCTL_ENDPOINT: '{EP}' });
  await run(['--peers', '{EP}'], { ETCDCTL_PEERS: dead });
  await run([], { ETCDCTL_PEERS: '{EP}' });
  await run(['--peers', dead, '--endpoint', '{EP}'], {});
});

test('TLS and credential settings that fail before any request', async () => {
  const cases: Array<[string[], Record<string, string>]> = [
    [['--cert-file', '/nonexistent/cert'], {}],
    [['--key-file', '/nonexistent/key'], {}],
    [['--cert-file', '/etc/hostname', '--key-file', '/etc/hostname'], {}],
    [[], { ETCDCTL_CA_FILE: '/nonexistent/ca' }],
    [[], { ETCDCTL_CERT_FILE: '/nonexistent/cert', ETCDCTL_KEY_FILE: '/nonexistent/key' }],
  ];
  for (const [args, env] of cases) {
    await same(t, [...args, 'get', '/k'], { env });
    await same(t, [...args, 'cluster-health'], { env });
  }
});

test('DNS discovery (-D / ETCDCTL_DISCOVERY_SRV[_NAME]) with a domain that has no SRV records', async () => {
  await same(t, ['-D', 'no-such-domain.invalid', 'get', '/k'], { noEndpoints: true });
  await same(t, ['--insecure-discovery', 'get', '/k'], {
    noEndpoints: true,
    env: { ETCDCTL_DISCOVERY_SRV: 'no-such-domain.invalid', ETCDCTL_DISCOVERY_SRV_NAME: 'blue' },
  });
});

test('twins really are twins: the same indexes on both servers', async () => {
  const p = await twinRun(t, ['-o', 'extended', 'set', '/twins/check', 'v']);
  assertSame(p);
  assert.match(p.ours.stdout, /^Index: \d+$/m);
});
