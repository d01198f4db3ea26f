// check cluster against real 3-member clusters on loopback, etcd 3.4.23 and 3.5.16: every case of
// issue 13 gives its verdict and exit code within --command-timeout. One cluster per version
// carries the cases whose state it survives (healthy, thresholds, SIGSTOP, a stopped member, a
// learner, auth, a hash mismatch made by restoring a member from an older snapshot, then two
// members stopped); NOSPACE and TLS get clusters of their own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import {
  ETCD35_BIN,
  freePort,
  ETCDUTL35,
  REAL_ETCDCTL,
  requireEtcd35,
  sleep,
  startCluster,
  type EtcdCluster,
  type EtcdMember,
} from '../helpers/etcd.js';
import { ours, real, run, type RunResult } from '../helpers/run.js';
import { makeCerts } from '../helpers/tls.js';
import { humanizeBytes } from '../../src/format/humanize.js';

const DNSMASQ = process.env.DNSMASQ_BIN ?? '/usr/sbin/dnsmasq';

interface Checked extends RunResult {
  ms: number;
}

/** Our `check cluster` with the given global and command flags, timed. */
async function check(args: string[], env: Record<string, string> = {}): Promise<Checked> {
  const t0 = performance.now();
  const r = await ours(['check', 'cluster', ...args], { api: '3', env });
  return { ...r, ms: performance.now() - t0 };
}

interface JsonReport {
  schemaVersion: number;
  status: string;
  exitCode: number;
  summary: string;
  clusterId: string | null;
  leader: string | null;
  quorum: { voters: number; healthyVoters: number; needed: number; holds: boolean };
  hash: { result: string; revision: number | null; compared: number; note: string | null };
  alarms: Array<{ memberId: string; alarm: string }>;
  members: Array<{
    id: string | null;
    name: string;
    endpoint: string;
    state: string;
    isLearner: boolean;
    error: string | null;
    version: string | null;
    leader: string | null;
    revision: number | null;
    raftTerm: number | null;
    raftIndex: number | null;
    raftAppliedIndex: number | null;
    lag: number | null;
    dbSize: number | null;
    dbSizeInUse: number | null;
    quota: number;
    quotaSource: string;
    dbUsagePercent: number | null;
    hash: number | null;
    compactRevision: number | null;
  }>;
  findings: Array<{ severity: string; code: string; memberId: string | null; message: string }>;
}

function parseJson(r: RunResult): JsonReport {
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 2, 'one line of JSON');
  const j = JSON.parse(lines[0]!) as JsonReport;
  assert.equal(j.schemaVersion, 1);
  assert.equal(j.exitCode, r.code);
  return j;
}

const hexOf = (decimal: string) => BigInt(decimal).toString(16);

async function memberHex(m: EtcdMember): Promise<string> {
  const st = await m.status();
  assert.ok(st, `${m.name} answers its status`);
  return hexOf(st.memberId);
}

/** `member add` refuses ("unhealthy cluster") until every voter has been connected for 5 s. */
async function addLearner(ep: string, name: string, peerURL: string): Promise<RunResult> {
  for (let i = 0; ; i++) {
    const r = await real([`--endpoints=${ep}`, 'member', 'add', name, '--learner', `--peer-urls=${peerURL}`], { api: '3' });
    if (r.code === 0 || !r.stderr.includes('unhealthy cluster') || i >= 60) return r;
    await sleep(200);
  }
}

const VERSIONS = [
  { version: '3.4.23', etcdBin: undefined as string | undefined },
  { version: '3.5.16', etcdBin: ETCD35_BIN },
];

for (const { version, etcdBin } of VERSIONS) {
  describe(`check cluster against etcd ${version}`, () => {
    let c: EtcdCluster;
    let ep: string;
    before(async () => {
      if (etcdBin) requireEtcd35();
      c = await startCluster(3, etcdBin ? { etcdBin } : {});
      ep = `--endpoints=${c.endpoints}`;
    });
    after(async () => {
      for (const m of c?.members ?? []) m.proc?.kill('SIGCONT');
      await c?.stop();
    });

    test('a healthy cluster is OK (exit 0) in simple, table and json, with and without --cluster', async () => {
      const leader = await c.waitLeader();
      const leaderHex = await memberHex(leader);
      const j = parseJson(await check([ep, '-w', 'json']));
      assert.equal(j.status, 'OK');
      assert.equal(j.leader, leaderHex);
      assert.deepEqual(j.quorum, { voters: 3, healthyVoters: 3, needed: 2, holds: true });
      assert.equal(j.hash.result, 'agree');
      assert.equal(j.hash.compared, 3);
      assert.deepEqual(j.findings, []);
      assert.deepEqual(j.members.map((m) => m.name).sort(), ['m1', 'm2', 'm3']);
      for (const m of j.members) {
        assert.equal(m.state, 'healthy');
        assert.equal(m.version, version);
        assert.equal(m.leader, leaderHex);
        assert.equal(m.quota, 2147483648);
        assert.equal(m.quotaSource, 'flag');
        assert.equal(typeof m.dbSize, 'number');
        assert.equal(m.revision, j.hash.revision);
      }
      assert.equal(new Set(j.members.map((m) => m.hash)).size, 1);
      const biggest = Math.max(...j.members.map((m) => m.dbSize!));
      const sizeText = humanizeBytes(biggest);
      const summary = `CLUSTER OK - 3/3 members healthy, leader ${leaderHex}, db ${sizeText} of 2.1 GB, hashes agree at rev ${j.hash.revision}`;
      assert.equal(j.summary, summary);

      const simple = await check([ep]);
      assert.deepEqual([simple.code, simple.stdout, simple.stderr], [0, `${summary}\n`, '']);
      const cluster = await check([`--endpoints=${c.first.endpoint}`, '--cluster']);
      assert.deepEqual([cluster.code, cluster.stdout, cluster.stderr], [0, `${summary}\n`, '']);

      const table = await check([ep, '-w', 'table']);
      assert.equal(table.code, 0);
      const lines = table.stdout.split('\n');
      assert.equal(lines[0], summary);
      assert.match(lines[2]!, /^\| +ID +\| +NAME +\| +ENDPOINT +\| +STATE +\| +ROLE +\| +VERSION +\| +DB SIZE +\| +DB USAGE +\| +RAFT TERM +\| +RAFT INDEX +\| +LAG +\| +HASH +\|$/);
      const rows = lines.slice(4, 7);
      assert.equal(rows.filter((r) => r.includes(` ${leaderHex} `) && r.includes(' leader ')).length, 1);
      assert.equal(rows.filter((r) => r.includes(' follower ')).length, 2);
      assert.equal(lines[7], lines[1], 'the bottom border');
      assert.equal(lines[8], '');
      assert.equal(lines.length, 9);
    });

    test('--prometheus-textfile writes the figures and renames the file into place', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-prom-'));
      try {
        const path = join(dir, 'etcd.prom');
        const r = await check([ep, '--prometheus-textfile', path]);
        assert.equal(r.code, 0, r.stdout);
        assert.deepEqual(readdirSync(dir), ['etcd.prom'], 'no temporary file left');
        const text = readFileSync(path, 'utf8');
        assert.match(text, /^# HELP etcd_check_cluster_status .*\n# TYPE etcd_check_cluster_status gauge\netcd_check_cluster_status 0\n/);
        assert.match(text, /\netcd_check_cluster_members_healthy 3\n/);
        assert.match(text, /\netcd_check_cluster_hash_agree 1\n/);
        assert.equal(text.match(/^etcd_check_cluster_member_up\{member="[0-9a-f]+",name="m\d",endpoint="127\.0\.0\.1:\d+"\} 1$/gm)?.length, 3);
        assert.ok(text.endsWith('\n'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('db usage over --warn-db-usage is WARNING, over --crit-db-usage CRITICAL', async () => {
      const j = parseJson(await check([ep, '-w', 'json']));
      const biggest = j.members.reduce((a, b) => (b.dbSize! > a.dbSize! ? b : a));
      // a quota twice the biggest db: that member is at 50%
      const quota = String(biggest.dbSize! * 2);
      const warn = await check([ep, '--quota', quota, '--warn-db-usage', '40', '--crit-db-usage', '90']);
      assert.equal(warn.code, 1, warn.stdout);
      assert.match(warn.stdout, /^CLUSTER WARNING - 3\/3 members healthy, /);
      assert.ok(
        warn.stdout.includes(`\nWARNING: member ${biggest.id} (${biggest.name}) db `) && warn.stdout.includes(' is 50.0% of its quota '),
        warn.stdout,
      );
      assert.match(warn.stdout, /\(warn at 40%; /);
      const crit = await check([ep, '--quota', quota, '--warn-db-usage', '20', '--crit-db-usage', '45']);
      assert.equal(crit.code, 2, crit.stdout);
      assert.match(crit.stdout, /^CLUSTER CRITICAL - /);
      assert.ok(crit.stdout.includes(`\nCRITICAL: member ${biggest.id} (${biggest.name}) db `), crit.stdout);
      assert.match(crit.stdout, /is 50\.0% of its quota .* \(critical at 45%; /);
    });

    test('bad threshold flags are UNKNOWN (exit 3) before anything is asked', async () => {
      const cases: Array<[string[], string]> = [
        [['--warn-db-usage', '96'], '--warn-db-usage 96 is above --crit-db-usage 95'],
        [['--crit-db-usage', '101'], 'invalid --crit-db-usage 101: want a percentage above 0 and at most 100'],
        [['--warn-lag', 'lots'], 'invalid --warn-lag "lots": want a number of raft entries'],
        [['--quota', '2 parsecs'], 'invalid --quota "2 parsecs": want bytes, such as 2147483648 or 8GiB'],
        [['-w', 'fields'], '-w fields is not supported by check cluster (simple, table or json)'],
      ];
      for (const [flags, why] of cases) {
        const r = await check([ep, ...flags]);
        assert.deepEqual([r.code, r.stdout, r.stderr], [3, `CLUSTER UNKNOWN - ${why}\nUNKNOWN: ${why}\n`, ''], flags.join(' '));
      }
    });

    test('compacted at the common revision: said, not judged; after a write the hashes compare again', async () => {
      const put = await real([ep, 'put', 'compact-me', 'v'], { api: '3' });
      assert.equal(put.code, 0);
      const rev = parseJson(await check([ep, '-w', 'json'])).hash.revision!;
      assert.equal((await real([ep, 'compaction', String(rev)], { api: '3' })).code, 0);
      const r = await check([ep]);
      assert.equal(r.code, 0, r.stdout);
      if (!etcdBin) {
        // 3.4 refuses HashKV at the compaction revision itself
        assert.match(r.stdout, /^CLUSTER OK - 3\/3 members healthy, leader [0-9a-f]+, db .*, hashes not compared\n/);
        assert.match(r.stdout, new RegExp(`\\nINFO: hashes at rev ${rev} not compared on m\\d, m\\d, m\\d: the revision is compacted there\\n`));
      } else {
        // 3.5 answers it, from the hash it kept at the compaction (its compact revision then
        // differs between members): hashes of different compact revisions are not compared
        assert.match(r.stdout, /^CLUSTER OK - 3\/3 members healthy, leader [0-9a-f]+, db .*, hashes (agree at rev \d+|not compared)\n/);
      }
      assert.equal((await real([ep, 'put', 'compact-me', 'w'], { api: '3' })).code, 0);
      const after = await check([ep]);
      assert.equal(after.code, 0, after.stdout);
      assert.match(after.stdout, new RegExp(`^CLUSTER OK - 3/3 members healthy, leader [0-9a-f]+, db .*, hashes agree at rev ${rev + 1}\n$`));
    });

    test('DNS discovery: the members found through SRV records are checked', async () => {
      const dnsPort = await freePort();
      const srv = c.members.map((m) => `--srv-host=_etcd-client._tcp.example.test,localhost,${m.clientPort},0,10`);
      const dns = spawn(DNSMASQ, ['--keep-in-foreground', `--port=${dnsPort}`, '--listen-address=127.0.0.1', '--bind-interfaces',
        '--no-resolv', '--no-hosts', '--local=/test/', ...srv], { stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      dns.stderr.on('data', (d) => (log += d));
      try {
        const env = { ETCD_TS_TEST_DNS_SERVER: `127.0.0.1:${dnsPort}` };
        let r: Checked;
        // until dnsmasq answers (the lookup fails before that: UNKNOWN)
        for (let i = 0; ; i++) {
          r = await check(['-d', 'example.test'], env);
          if (r.code !== 3) break;
          assert.ok(i < 50, `dnsmasq did not answer: ${log}\n${r.stdout}`);
          await sleep(100);
        }
        assert.equal(r.code, 0, r.stdout);
        assert.match(r.stdout, /^CLUSTER OK - 3\/3 members healthy, leader [0-9a-f]+, db .*, hashes agree at rev \d+\n$/);
        const j = parseJson(await check(['-d', 'example.test', '-w', 'json'], env));
        assert.deepEqual(j.members.map((m) => m.endpoint).sort(), c.members.map((m) => `http://localhost.:${m.clientPort}`).sort());
      } finally {
        dns.kill('SIGTERM');
      }
    });

    test('a SIGSTOPped member is WARNING, and the check still ends within --command-timeout', async () => {
      const leader = await c.waitLeader();
      const frozen = c.members.find((m) => m !== leader)!;
      const hex = await memberHex(frozen);
      frozen.proc!.kill('SIGSTOP');
      try {
        const r = await check([ep, '--command-timeout=3s']);
        assert.equal(r.code, 1, r.stdout);
        // node's own start and exit (~0.2-0.5 s on this machine, more under load) come on top
        assert.ok(r.ms < 5000, `took ${r.ms} ms`);
        assert.match(r.stdout, /^CLUSTER WARNING - 2\/3 members healthy, leader [0-9a-f]+, /);
        assert.ok(r.stdout.includes(`\nWARNING: member ${hex} (${frozen.name}) at ${frozen.endpoint} unreachable: context deadline exceeded\n`), r.stdout);
      } finally {
        frozen.proc?.kill('SIGCONT');
      }
      await frozen.waitHealthy();
    });

    test('one member stopped is WARNING (quorum holds)', async () => {
      const leader = await c.waitLeader();
      const stopped = c.members.find((m) => m !== leader)!;
      const hex = await memberHex(stopped);
      await stopped.stop();
      try {
        const r = await check([ep]);
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stdout, /^CLUSTER WARNING - 2\/3 members healthy, leader [0-9a-f]+, db .* of 2\.1 GB, hashes agree at rev \d+\n/);
        assert.equal(r.stdout.split('\n')[1], `WARNING: member ${hex} (${stopped.name}) at ${stopped.endpoint} unreachable: context deadline exceeded`);
        assert.equal(r.stdout.split('\n').length, 3);
      } finally {
        await stopped.start();
      }
      await stopped.waitHealthy();
      await c.waitLeader();
    });

    test('a learner added and never started is WARNING; started and not promoted, it is said', async () => {
      const reservation = await c.reserveMember('m4');
      const add = await addLearner(c.first.endpoint, 'm4', reservation.peerURL);
      assert.equal(add.code, 0, add.stderr);
      const id = /^Member +([0-9a-f]+) added/.exec(add.stdout)![1]!;
      const initialCluster = /ETCD_INITIAL_CLUSTER="([^"]*)"/.exec(add.stdout)![1]!;
      let learner: EtcdMember | undefined;
      try {
        const r = await check([ep, '--cluster']);
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stdout, /^CLUSTER WARNING - 3\/4 members healthy, leader [0-9a-f]+, /);
        assert.ok(r.stdout.includes(`\nWARNING: learner ${id} unreachable: never started (it has no client URLs in the member list)\n`), r.stdout);

        learner = await c.startJoining(reservation, initialCluster);
        await learner.waitHealthy();
        const ok = await check([ep, '--cluster']);
        assert.equal(ok.code, 0, ok.stdout);
        assert.match(ok.stdout, /^CLUSTER OK - 4\/4 members healthy, leader [0-9a-f]+, db .*, hashes agree at rev \d+\n/);
        assert.match(ok.stdout, new RegExp(`\\nINFO: learner ${id} \\(m4\\) is not promoted \\(\\d+ entries behind the leader\\)\\n$`));
        const j = parseJson(await check([ep, '--cluster', '-w', 'json']));
        assert.deepEqual(j.quorum, { voters: 3, healthyVoters: 3, needed: 2, holds: true });
        assert.deepEqual(j.members.filter((m) => m.isLearner).map((m) => [m.id, m.name, m.state]), [[id, 'm4', 'healthy']]);
      } finally {
        const rm = await real([`--endpoints=${c.first.endpoint}`, 'member', 'remove', id], { api: '3' });
        assert.equal(rm.code, 0, rm.stderr);
        if (learner) await c.dropMember(learner);
      }
    });

    test('with auth, a user without the root role gets UNKNOWN naming the denied call; root gets OK', async () => {
      const e = [ep];
      for (const a of [['user', 'add', 'root:rootpw'], ['user', 'add', 'bob:bobpw'], ['role', 'add', 'reader'],
        ['role', 'grant-permission', 'reader', 'read', 'a'], ['user', 'grant-role', 'bob', 'reader'], ['auth', 'enable']]) {
        const r = await real([...e, ...a], { api: '3' });
        assert.equal(r.code, 0, r.stderr);
      }
      try {
        const bob = await check([ep, '--user', 'bob:bobpw']);
        assert.equal(bob.code, 3, bob.stdout);
        assert.match(bob.stdout, /^CLUSTER UNKNOWN - 3\/3 members healthy, leader [0-9a-f]+, db .*, hashes not compared\n/);
        assert.match(bob.stdout, /\nUNKNOWN: Maintenance\.HashKV \(endpoint hashkv\) denied on m\d, m\d, m\d \((?:rpc error: code = Unknown desc = auth|etcdserver): permission denied\): hashes not compared \(the call needs the root role\)\n/);
        const root = await check([ep, '--user', 'root:rootpw']);
        assert.equal(root.code, 0, root.stdout);
        assert.match(root.stdout, /^CLUSTER OK - 3\/3 members healthy, .*hashes agree at rev \d+\n$/);
        const wrong = await check([ep, '--user', 'bob:nope']);
        assert.deepEqual([wrong.code, wrong.stdout.split('\n')[0]], [3, 'CLUSTER UNKNOWN - could not authenticate as bob: etcdserver: authentication failed, invalid user ID or password']);
      } finally {
        const r = await real([ep, '--user', 'root:rootpw', 'auth', 'disable'], { api: '3' });
        assert.equal(r.code, 0, r.stderr);
      }
    });

    test('a member restored from an older snapshot into the membership: hashes differ, CRITICAL', async () => {
      // keys before the snapshot: the restored member applies the log again on top of them
      for (let i = 0; i < 5; i++) assert.equal((await real([ep, 'put', `before${i}`, 'v'], { api: '3' })).code, 0);
      const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-snap-'));
      const snap = join(dir, 'older.db');
      try {
        assert.equal((await real([`--endpoints=${c.first.endpoint}`, 'snapshot', 'save', snap], { api: '3' })).code, 0);
        for (let i = 0; i < 5; i++) assert.equal((await real([ep, 'put', `after${i}`, 'v'], { api: '3' })).code, 0);
        let leader = await c.waitLeader();
        const victim = c.members.find((m) => m !== leader)!;
        await victim.stop();
        rmSync(victim.dataDir, { recursive: true, force: true });
        const restoreArgs = ['snapshot', 'restore', snap, '--name', victim.name, '--data-dir', victim.dataDir,
          '--initial-cluster', victim.initialCluster, '--initial-cluster-token', 'etcdctl-ts-test',
          '--initial-advertise-peer-urls', victim.peerURL];
        const restored = etcdBin ? await run(ETCDUTL35, restoreArgs) : await run(REAL_ETCDCTL, restoreArgs, { api: '3' });
        assert.equal(restored.code, 0, restored.stderr);
        assert.ok(existsSync(join(victim.dataDir, 'member')));
        // a new leader starts the restored member's progress from scratch (the old one would
        // commit past the end of its log, which etcd answers with a panic)
        leader = await c.waitLeader();
        const next = c.members.find((m) => m !== leader && m !== victim)!;
        const moved = await real([`--endpoints=${leader.endpoint}`, 'move-leader', await memberHex(next)], { api: '3' });
        assert.equal(moved.code, 0, moved.stderr);
        await victim.start();
        await victim.waitHealthy();
        // wait until the restored member has applied the log it was sent (a key written now is
        // served by its own serializable read); before that its revision could still be the
        // snapshot's, where its data is the others' data
        assert.equal((await real([ep, 'put', 'marker', 'm'], { api: '3' })).code, 0);
        for (let i = 0; ; i++) {
          const got = await real([`--endpoints=${victim.endpoint}`, 'get', 'marker', '--consistency=s', '--print-value-only'], { api: '3' });
          if (got.stdout === 'm\n') break;
          assert.ok(i < 100, `the restored member applies the log: ${got.stderr}`);
          await sleep(100);
        }
        const r = await check([ep]);
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stdout, /^CLUSTER CRITICAL - 3\/3 members healthy, leader [0-9a-f]+, db .*, hashes differ at rev (\d+)\n/);
        const rev = /hashes differ at rev (\d+)/.exec(r.stdout)![1];
        const others = c.members.filter((m) => m !== victim).map((m) => m.name).sort();
        // names sorted within each group, groups in member-list order
        assert.match(r.stdout, new RegExp(`\\nCRITICAL: hash mismatch at rev ${rev}: (${others[0]}, ${others[1]}: \\d+; ${victim.name}: \\d+|${victim.name}: \\d+; ${others[0]}, ${others[1]}: \\d+)\\n$`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('two members stopped is CRITICAL (no quorum)', async () => {
      const leader = await c.waitLeader();
      const stopped = c.members.filter((m) => m !== leader);
      await Promise.all(stopped.map((m) => m.stop()));
      const r = await check([ep, '--command-timeout=3s']);
      assert.equal(r.code, 2, r.stdout);
      assert.ok(r.ms < 5000, `took ${r.ms} ms`);
      assert.match(r.stdout, /^CLUSTER CRITICAL - 0\/3 members healthy, /);
      assert.ok(r.stdout.includes('\nCRITICAL: no quorum: 0 of 3 voting members healthy, 2 needed\n'), r.stdout);
      for (const m of stopped) assert.ok(r.stdout.includes(`(${m.name}) at ${m.endpoint} unreachable: context deadline exceeded\n`), r.stdout);
    });
  });

  describe(`check cluster against etcd ${version}: NOSPACE alarm`, () => {
    let c: EtcdCluster;
    const quota = 512 * 1024;
    before(async () => {
      if (etcdBin) requireEtcd35();
      c = await startCluster(3, { extraArgs: ['--quota-backend-bytes', String(quota)], ...(etcdBin ? { etcdBin } : {}) });
    });
    after(async () => {
      await c?.stop();
    });

    test('a NOSPACE alarm is CRITICAL', async () => {
      const ep = `--endpoints=${c.endpoints}`;
      const value = 'x'.repeat(100 * 1024);
      let full: RunResult | undefined;
      for (let i = 0; i < 64 && !full; i++) {
        const r = await ours([ep, 'put', `big${i}`], { api: '3', input: value });
        if (r.code !== 0) full = r;
      }
      assert.ok(full, 'the quota was reached');
      assert.equal(full.stderr, 'Error: etcdserver: mvcc: database space exceeded\n');
      const r = await check([ep, '--quota', String(quota)]);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stdout, /^CLUSTER CRITICAL - 3\/3 members healthy, leader [0-9a-f]+, db .* of 524 kB, hashes agree at rev \d+\n/);
      assert.match(r.stdout, /\nCRITICAL: alarm NOSPACE raised by member [0-9a-f]+ \(m\d\)\n/);
      const j = parseJson(await check([ep, '--quota', String(quota), '-w', 'json']));
      assert.ok(j.alarms.length > 0);
      for (const a of j.alarms) assert.equal(a.alarm, 'NOSPACE');
      assert.ok(j.findings.some((f) => f.code === 'alarm' && f.severity === 'CRITICAL'));
    });
  });

  describe(`check cluster against etcd ${version}: TLS with client certificates`, () => {
    let c: EtcdCluster;
    let certs: ReturnType<typeof makeCerts>;
    before(async () => {
      if (etcdBin) requireEtcd35();
      certs = makeCerts();
      c = await startCluster(3, { tls: certs, peerTls: certs, clientCertAuth: true, ...(etcdBin ? { etcdBin } : {}) });
    });
    after(async () => {
      await c?.stop();
    });

    test('with the client certificate OK; without it no endpoint is reachable: UNKNOWN', async () => {
      const tls = ['--cacert', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey];
      const r = await check([`--endpoints=${c.clientURLs}`, ...tls]);
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^CLUSTER OK - 3\/3 members healthy, leader [0-9a-f]+, db .* of 2\.1 GB, hashes agree at rev \d+\n$/);
      const viaCluster = await check([`--endpoints=${c.first.clientURL}`, '--cluster', ...tls]);
      assert.equal(viaCluster.stdout, r.stdout);
      const noCert = await check([`--endpoints=${c.clientURLs}`, '--cacert', certs.ca, '--command-timeout=2s']);
      assert.equal(noCert.code, 3, noCert.stdout);
      assert.equal(noCert.stdout.split('\n')[0], 'CLUSTER UNKNOWN - could not reach any endpoint (3 tried)');
      const badFile = await check([`--endpoints=${c.clientURLs}`, '--cacert', '/nonexistent/ca.crt']);
      assert.deepEqual([badFile.code, badFile.stdout], [3, 'CLUSTER UNKNOWN - open /nonexistent/ca.crt: no such file or directory\nUNKNOWN: open /nonexistent/ca.crt: no such file or directory\n']);
    });
  });
}
