// check cluster as a command: flags parsed into options (bad values are UNKNOWN, exit 3), the run
// over a fake factory gives each verdict's exit code and exact output, --cluster takes the member
// list's client URLs, colour only on a terminal, the help and the completion list it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runV3, newV3Root } from '../../../../commands/v3/index.js';
import { parseBytes } from '../../../../commands/v3/check-cluster.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { CliError, badArgs } from '../../../../src/cli/core/errors.js';
import type { V3Factory } from '../../../../src/cli/v3/factory.js';
import { findCommand } from '../../../../src/cli/v3/cobra.js';
import { usageText } from '../../../../src/cli/v3/usage.js';
import type { HealthClient } from '../../../../src/health/gather.js';

interface FakeMember {
  id: bigint;
  name: string;
  url: string;
  leader?: bigint;
  down?: boolean;
  hash?: number;
  dbSize?: bigint;
}

const M = (over: Partial<FakeMember> & { id: bigint; name: string; url: string }): FakeMember => ({ leader: 0xan, hash: 7, dbSize: 25_000n, ...over });
const THREE = [M({ id: 0xan, name: 'm1', url: 'http://127.0.0.1:1' }), M({ id: 0xbn, name: 'm2', url: 'http://127.0.0.1:2' }), M({ id: 0xcn, name: 'm3', url: 'http://127.0.0.1:3' })];

function client(members: FakeMember[], m: FakeMember | undefined, calls: string[]): HealthClient {
  const down = () => Promise.reject(new Error('context deadline exceeded'));
  const up = <T>(v: T) => (m && !m.down ? Promise.resolve(v) : down());
  return {
    status: () =>
      up({
        header: { clusterId: 0x99n, memberId: m?.id ?? 0n, revision: 20n },
        version: '3.4.23',
        dbSize: m?.dbSize ?? 0n,
        dbSizeInUse: 10_000n,
        leader: m?.leader ?? 0n,
        raftIndex: 30n,
        raftTerm: 2n,
        raftAppliedIndex: 30n,
        errors: [],
        isLearner: false,
      }),
    range: () => up({}),
    memberList: () => {
      calls.push(`memberList via ${m?.url ?? '?'}`);
      return up({ members: members.map((x) => ({ ID: x.id, name: x.name, clientURLs: [x.url], isLearner: false })) });
    },
    alarm: () => up({ alarms: [] }),
    hashKV: (req) => up({ hash: m?.hash ?? 0, compactRevision: req.revision - 10n }),
    close: () => {},
  };
}

function fakeFactory(members: FakeMember[], calls: string[], endpoints = members.map((m) => m.url), opts: { setupError?: CliError; hangConfig?: boolean } = {}) {
  return () =>
    ({
      clientConfig: async () => {
        if (opts.setupError) throw opts.setupError;
        if (opts.hangConfig) await new Promise(() => {});
        return { endpoints, dialTimeoutMs: 2000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 };
      },
      client: async () => client(members, members[0], calls),
      clientFor: async (eps: string[]) => {
        calls.push(`clientFor ${eps.join(',')}`);
        return client(members, members.find((m) => m.url === eps[0] || m.url === `http://${eps[0]}`), calls);
      },
      close: () => {},
      commandDeadline: () => new Date(Date.now() + 5000),
    }) as unknown as V3Factory;
}

async function run(argv: string[], members = THREE, io = new BufferIO(), extra: Parameters<typeof fakeFactory>[3] = {}) {
  const calls: string[] = [];
  let code = 0;
  try {
    await runV3(['check', 'cluster', ...argv], io, {}, { makeFactory: fakeFactory(members, calls, undefined, extra) });
  } catch (e) {
    assert.ok(e instanceof CliError, String(e));
    assert.equal(e.stderrText, '', 'verdicts print on stdout only');
    code = e.exitCode;
  }
  return { code, stdout: io.stdoutText, stderr: io.stderrText, calls };
}

const HEALTHY = 'CLUSTER OK - 3/3 members healthy, leader a, db 25 kB of 2.1 GB, hashes agree at rev 20\n';

test('check cluster: OK exits 0 with the summary line', async () => {
  assert.deepEqual(await run([]).then((r) => [r.code, r.stdout, r.stderr]), [0, HEALTHY, '']);
});

test('check cluster: WARNING, CRITICAL and UNKNOWN exit 1, 2 and 3', async () => {
  const oneDown = THREE.map((m) => (m.name === 'm3' ? { ...m, down: true } : m));
  const w = await run([], oneDown);
  assert.deepEqual([w.code, w.stdout], [
    1,
    'CLUSTER WARNING - 2/3 members healthy, leader a, db 25 kB of 2.1 GB, hashes agree at rev 20\n' +
      'WARNING: member c (m3) at http://127.0.0.1:3 unreachable: context deadline exceeded\n',
  ]);
  const differ = THREE.map((m) => (m.name === 'm2' ? { ...m, hash: 8 } : m));
  const c = await run([], differ);
  assert.deepEqual([c.code, c.stdout], [
    2,
    'CLUSTER CRITICAL - 3/3 members healthy, leader a, db 25 kB of 2.1 GB, hashes differ at rev 20\n' +
      'CRITICAL: hash mismatch at rev 20: m1, m3: 7; m2: 8\n',
  ]);
  const u = await run([], THREE.map((m) => ({ ...m, down: true })));
  assert.equal(u.code, 3);
  assert.equal(u.stdout.split('\n')[0], 'CLUSTER UNKNOWN - could not reach any endpoint (3 tried)');
});

test('check cluster: thresholds from the flags', async () => {
  const r = await run(['--quota', '50kB', '--warn-db-usage', '50', '--crit-db-usage', '90.5']);
  assert.deepEqual([r.code, r.stdout.split('\n').slice(0, 2)], [
    1,
    ['CLUSTER WARNING - 3/3 members healthy, leader a, db 25 kB of 50 kB, hashes agree at rev 20', 'WARNING: member a (m1) db 25 kB is 50.0% of its quota 50 kB (warn at 50%; 10 kB in use)'],
  ]);
});

test('check cluster: bad flag values are UNKNOWN, exit 3, in the format asked for', async () => {
  const r = await run(['--warn-db-usage', 'x']);
  assert.deepEqual([r.code, r.stdout], [3, 'CLUSTER UNKNOWN - invalid --warn-db-usage "x": want a percentage such as 80 or 92.5\nUNKNOWN: invalid --warn-db-usage "x": want a percentage such as 80 or 92.5\n']);
  assert.deepEqual(r.calls, [], 'nothing was asked');
  const j = await run(['--warn-lag=-1', '-w', 'json']);
  assert.equal(j.code, 3);
  const parsed = JSON.parse(j.stdout) as { status: string; findings: Array<{ message: string }> };
  assert.equal(parsed.status, 'UNKNOWN');
  assert.equal(parsed.findings[0]?.message, 'invalid --warn-lag "-1": want a number of raft entries');
  const w = await run(['-w', 'protobuf']);
  assert.deepEqual([w.code, w.stdout.split('\n')[0]], [3, 'CLUSTER UNKNOWN - -w protobuf is not supported by check cluster (simple, table or json)']);
});

test('check cluster: a setup problem of the factory (bad TLS file) is UNKNOWN', async () => {
  const r = await run([], THREE, new BufferIO(), { setupError: badArgs('open ca.crt: no such file or directory') });
  assert.deepEqual([r.code, r.stdout], [3, 'CLUSTER UNKNOWN - open ca.crt: no such file or directory\nUNKNOWN: open ca.crt: no such file or directory\n']);
});

test('check cluster: settings that do not come in time (a DNS lookup that hangs) are UNKNOWN within the timeout', async () => {
  const t0 = Date.now();
  const r = await run(['--command-timeout=300ms'], THREE, new BufferIO(), { hangConfig: true });
  assert.ok(Date.now() - t0 < 1000);
  assert.deepEqual([r.code, r.stdout.split('\n')[0]], [3, 'CLUSTER UNKNOWN - the client settings (DNS discovery) took too long: context deadline exceeded']);
});

test('check cluster --cluster checks the client URLs of the member list', async () => {
  const calls: string[] = [];
  const io = new BufferIO();
  // only m1's endpoint is given; m2 and m3 come from the member list
  await runV3(['check', 'cluster', '--cluster'], io, {}, { makeFactory: fakeFactory(THREE, calls, ['http://127.0.0.1:1']) });
  assert.equal(io.stdoutText, HEALTHY);
  assert.deepEqual(calls.filter((c) => c.startsWith('clientFor')).sort(), [
    'clientFor http://127.0.0.1:1',
    'clientFor http://127.0.0.1:1',
    'clientFor http://127.0.0.1:2',
    'clientFor http://127.0.0.1:3',
  ]);
});

test('check cluster: colour on a terminal only, never in json', async () => {
  const tty = new BufferIO();
  tty.stdoutIsTTY = true;
  const r = await run([], THREE, tty);
  assert.equal(r.stdout, `CLUSTER \x1b[32m\x1b[1mOK\x1b[22m\x1b[39m${HEALTHY.slice('CLUSTER OK'.length)}`);
  const noColor = new BufferIO({ env: { NO_COLOR: '1' } });
  noColor.stdoutIsTTY = true;
  assert.equal((await run([], THREE, noColor)).stdout, HEALTHY);
  const json = new BufferIO();
  json.stdoutIsTTY = true;
  assert.ok(!(await run(['-w', 'json'], THREE, json)).stdout.includes('\x1b'));
});

test('check cluster --prometheus-textfile: written; a failure to write is UNKNOWN', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-unit-cc-'));
  try {
    const path = join(dir, 'etcd.prom');
    const r = await run(['--prometheus-textfile', path]);
    assert.equal(r.code, 0);
    assert.match(readFileSync(path, 'utf8'), /\netcd_check_cluster_status 0\n/);
    const bad = await run(['--prometheus-textfile', join(dir, 'no', 'such', 'dir.prom')]);
    assert.equal(bad.code, 3);
    assert.match(bad.stdout, /^CLUSTER UNKNOWN - 3\/3 members healthy, .*\nUNKNOWN: could not write --prometheus-textfile .*no\/such\/dir\.prom: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parseBytes: bytes with SI and IEC units', () => {
  assert.equal(parseBytes('2147483648'), 2147483648n);
  assert.equal(parseBytes('8GiB'), 8n * 1024n ** 3n);
  assert.equal(parseBytes('8 GB'), 8_000_000_000n);
  assert.equal(parseBytes('512kib'), 512n * 1024n);
  assert.equal(parseBytes('1.5GB'), undefined);
  assert.equal(parseBytes('-1'), undefined);
  assert.equal(parseBytes('2 parsecs'), undefined);
});

test('check cluster: in `etcdctl check --help`, its own help, and shell completion', async () => {
  const root = newV3Root();
  const check = findCommand(root, ['check']).command;
  assert.ok(usageText(check).includes('\tcluster\t\tCheck the health of the etcd cluster in one verdict and exit code\n\tdatascale\t'));
  const own = usageText(findCommand(root, ['check', 'cluster']).command);
  assert.ok(own.startsWith('NAME:\n\tcheck cluster - Check the health of the etcd cluster in one verdict and exit code\n\nUSAGE:\n\tetcdctl check cluster [options] [flags]\n'));
  for (const f of ['--cluster[=false]', '--crit-db-usage="95"', '--prometheus-textfile=""', '--quota="2147483648"', '--warn-db-usage="80"', '--warn-lag="1000"']) {
    assert.ok(own.includes(`      ${f}\t`), f);
  }
  const io = new BufferIO();
  await runV3(['__complete', 'check', ''], io, {});
  assert.ok(io.stdoutText.startsWith('cluster\tCheck the health of the etcd cluster in one verdict and exit code\ndatascale\t'));
  const flags = new BufferIO();
  await runV3(['__complete', 'check', 'cluster', '--w'], flags, {});
  assert.ok(flags.stdoutText.includes('--warn-db-usage\t') && flags.stdoutText.includes('--warn-lag\t'));
});
