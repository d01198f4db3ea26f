// The output formats of check cluster, exactly: json (its schema), prometheus text, table, and the
// colours that only a terminal gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../../src/health/facts.js';
import { judge } from '../../../src/health/verdict.js';
import { formatJson, stringify } from '../../../src/health/json.js';
import { formatPrometheus, writeTextfile } from '../../../src/health/prometheus.js';
import { formatTable } from '../../../src/health/table.js';
import { formatSimple } from '../../../src/health/simple.js';
import { UNREACHABLE, endpoint, facts, ok, IDS } from './fixtures.js';

const warningFacts = facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, UNREACHABLE)], alarms: ok([]) });

test('json: ids as hex strings, sizes as exact integers, one line', () => {
  const report = judge(facts({ endpoints: [endpoint(0, {}, { dbSize: 9007199254740993n }), endpoint(1), endpoint(2, UNREACHABLE)] }), {
    ...DEFAULT_THRESHOLDS,
    quota: 2n ** 62n,
  });
  const text = formatJson(report);
  assert.equal(text.split('\n').length, 2);
  // 2^53 + 1 survives (a double would print ...992)
  assert.ok(text.includes('"dbSize":9007199254740993,'));
  const j = JSON.parse(text) as Record<string, unknown> & { members: unknown[] };
  assert.deepEqual(Object.keys(j), ['schemaVersion', 'status', 'exitCode', 'summary', 'clusterId', 'leader', 'quorum', 'hash', 'alarms', 'members', 'findings']);
  assert.equal(j.schemaVersion, 1);
  assert.equal(j.status, 'WARNING');
  assert.equal(j.exitCode, 1);
  assert.equal(j.clusterId, 'cdf818194e3a8c32');
  assert.equal(j.leader, '8e9e05c52164694d');
  assert.deepEqual(j.quorum, { voters: 3, healthyVoters: 2, needed: 2, holds: true });
  assert.deepEqual(j.hash, { result: 'agree', revision: 1042, compared: 2, note: null });
  assert.deepEqual(j.members[0], {
    id: '8e9e05c52164694d',
    name: 'infra1',
    endpoint: '127.0.0.1:2379',
    state: 'healthy',
    isLearner: false,
    error: null,
    version: '3.4.23',
    leader: '8e9e05c52164694d',
    revision: 1042,
    raftTerm: 4,
    raftIndex: 2000,
    raftAppliedIndex: 2000,
    lag: 0,
    dbSize: 9007199254740992, // JSON.parse rounds; the text above holds the exact digits
    dbSizeInUse: 9000000,
    quota: 4611686018427387904,
    quotaSource: 'flag',
    dbUsagePercent: 0.1953,
    hash: 3157290528,
    compactRevision: 1000,
  });
  assert.deepEqual(j.members[2], {
    id: 'fd422379fda50e48',
    name: 'infra3',
    endpoint: '127.0.0.1:32379',
    state: 'unreachable',
    isLearner: false,
    error: 'context deadline exceeded',
    version: null,
    leader: null,
    revision: null,
    raftTerm: null,
    raftIndex: null,
    raftAppliedIndex: null,
    lag: null,
    dbSize: null,
    dbSizeInUse: null,
    quota: 4611686018427387904,
    quotaSource: 'flag',
    dbUsagePercent: null,
    hash: null,
    compactRevision: null,
  });
  assert.deepEqual(j.findings, [
    {
      severity: 'WARNING',
      code: 'member-unreachable',
      memberId: 'fd422379fda50e48',
      message: 'member fd422379fda50e48 (infra3) at 127.0.0.1:32379 unreachable: context deadline exceeded',
    },
  ]);
});

test('json: the writer', () => {
  assert.equal(stringify({ a: [1n, 2.5, 'x"y', true, null], b: { c: -18446744073709551615n } }), '{"a":[1,2.5,"x\\"y",true,null],"b":{"c":-18446744073709551615}}');
});

test('prometheus: the exposition text', () => {
  const report = judge(warningFacts, DEFAULT_THRESHOLDS);
  const m = (i: number) => `{member="${IDS[i]!.toString(16)}",name="infra${i + 1}",endpoint="127.0.0.1:${['2379', '22379', '32379'][i]}"}`;
  assert.equal(
    formatPrometheus(report, 1796666902_999),
    [
      '# HELP etcd_check_cluster_status Verdict of etcdctl check cluster: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.',
      '# TYPE etcd_check_cluster_status gauge',
      'etcd_check_cluster_status 1',
      '# HELP etcd_check_cluster_last_run_timestamp_seconds When the check ran (Unix time).',
      '# TYPE etcd_check_cluster_last_run_timestamp_seconds gauge',
      'etcd_check_cluster_last_run_timestamp_seconds 1796666902',
      '# HELP etcd_check_cluster_members Members in the member list (or endpoints checked without one).',
      '# TYPE etcd_check_cluster_members gauge',
      'etcd_check_cluster_members 3',
      '# HELP etcd_check_cluster_members_healthy Members that answered and passed their health read.',
      '# TYPE etcd_check_cluster_members_healthy gauge',
      'etcd_check_cluster_members_healthy 2',
      '# HELP etcd_check_cluster_quorum 1 when a linearizable read succeeded (a quorum confirmed the leader).',
      '# TYPE etcd_check_cluster_quorum gauge',
      'etcd_check_cluster_quorum 1',
      '# HELP etcd_check_cluster_alarms Active alarms (NOSPACE, CORRUPT, ...).',
      '# TYPE etcd_check_cluster_alarms gauge',
      'etcd_check_cluster_alarms 0',
      "# HELP etcd_check_cluster_hash_agree 1 when the members' KV hashes agree at one revision, 0 when they differ, -1 when not compared.",
      '# TYPE etcd_check_cluster_hash_agree gauge',
      'etcd_check_cluster_hash_agree 1',
      '# HELP etcd_check_cluster_findings Findings by severity.',
      '# TYPE etcd_check_cluster_findings gauge',
      'etcd_check_cluster_findings{severity="critical"} 0',
      'etcd_check_cluster_findings{severity="warning"} 1',
      'etcd_check_cluster_findings{severity="unknown"} 0',
      'etcd_check_cluster_findings{severity="info"} 0',
      '# HELP etcd_check_cluster_member_up 1 when the member answered its status.',
      '# TYPE etcd_check_cluster_member_up gauge',
      `etcd_check_cluster_member_up${m(0)} 1`,
      `etcd_check_cluster_member_up${m(1)} 1`,
      `etcd_check_cluster_member_up${m(2)} 0`,
      '# HELP etcd_check_cluster_member_healthy 1 when the member is healthy.',
      '# TYPE etcd_check_cluster_member_healthy gauge',
      `etcd_check_cluster_member_healthy${m(0)} 1`,
      `etcd_check_cluster_member_healthy${m(1)} 1`,
      `etcd_check_cluster_member_healthy${m(2)} 0`,
      '# HELP etcd_check_cluster_member_learner 1 for a learner (not promoted).',
      '# TYPE etcd_check_cluster_member_learner gauge',
      `etcd_check_cluster_member_learner${m(0)} 0`,
      `etcd_check_cluster_member_learner${m(1)} 0`,
      `etcd_check_cluster_member_learner${m(2)} 0`,
      "# HELP etcd_check_cluster_member_db_size_bytes Size of the member's backend db file.",
      '# TYPE etcd_check_cluster_member_db_size_bytes gauge',
      `etcd_check_cluster_member_db_size_bytes${m(0)} 12000000`,
      `etcd_check_cluster_member_db_size_bytes${m(1)} 12000000`,
      '# HELP etcd_check_cluster_member_db_size_in_use_bytes Bytes of the db in use (the rest is reclaimed by defrag).',
      '# TYPE etcd_check_cluster_member_db_size_in_use_bytes gauge',
      `etcd_check_cluster_member_db_size_in_use_bytes${m(0)} 9000000`,
      `etcd_check_cluster_member_db_size_in_use_bytes${m(1)} 9000000`,
      '# HELP etcd_check_cluster_member_db_quota_bytes The backend quota the db size is measured against.',
      '# TYPE etcd_check_cluster_member_db_quota_bytes gauge',
      `etcd_check_cluster_member_db_quota_bytes${m(0)} 2147483648`,
      `etcd_check_cluster_member_db_quota_bytes${m(1)} 2147483648`,
      '# HELP etcd_check_cluster_member_raft_term Raft term.',
      '# TYPE etcd_check_cluster_member_raft_term gauge',
      `etcd_check_cluster_member_raft_term${m(0)} 4`,
      `etcd_check_cluster_member_raft_term${m(1)} 4`,
      '# HELP etcd_check_cluster_member_raft_index Raft committed index.',
      '# TYPE etcd_check_cluster_member_raft_index gauge',
      `etcd_check_cluster_member_raft_index${m(0)} 2000`,
      `etcd_check_cluster_member_raft_index${m(1)} 2000`,
      '# HELP etcd_check_cluster_member_raft_applied_index Raft applied index.',
      '# TYPE etcd_check_cluster_member_raft_applied_index gauge',
      `etcd_check_cluster_member_raft_applied_index${m(0)} 2000`,
      `etcd_check_cluster_member_raft_applied_index${m(1)} 2000`,
      '# HELP etcd_check_cluster_member_lag_entries Raft entries behind the leader.',
      '# TYPE etcd_check_cluster_member_lag_entries gauge',
      `etcd_check_cluster_member_lag_entries${m(0)} 0`,
      `etcd_check_cluster_member_lag_entries${m(1)} 0`,
      '',
    ].join('\n'),
  );
});

test('prometheus: label values are escaped', () => {
  const f = facts();
  (f.members as { value: Array<{ name: string }> }).value[0]!.name = 'a"b\\c\nd';
  const text = formatPrometheus(judge(f, DEFAULT_THRESHOLDS), 0);
  assert.ok(text.includes('name="a\\"b\\\\c\\nd"'));
});

test('prometheus: the textfile is written through a temporary file and renamed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-unit-prom-'));
  try {
    const path = join(dir, 'etcd.prom');
    await writeTextfile(path, 'old\n');
    await writeTextfile(path, 'new\n');
    assert.equal(readFileSync(path, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir), ['etcd.prom']);
    await assert.rejects(writeTextfile(join(dir, 'missing', 'x.prom'), 'x'), /ENOENT/);
    assert.deepEqual(readdirSync(dir), ['etcd.prom']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('table: summary, one row per member, then the findings', () => {
  const report = judge(warningFacts, DEFAULT_THRESHOLDS);
  assert.equal(
    formatTable(report),
    'CLUSTER WARNING - 2/3 members healthy, leader 8e9e05c52164694d, db 12 MB of 2.1 GB, hashes agree at rev 1042\n' +
      '+------------------+--------+-----------------+-------------+----------+---------+---------+----------+-----------+------------+-----+------------+\n' +
      '|        ID        |  NAME  |    ENDPOINT     |    STATE    |   ROLE   | VERSION | DB SIZE | DB USAGE | RAFT TERM | RAFT INDEX | LAG |    HASH    |\n' +
      '+------------------+--------+-----------------+-------------+----------+---------+---------+----------+-----------+------------+-----+------------+\n' +
      '| 8e9e05c52164694d | infra1 |  127.0.0.1:2379 |     healthy |   leader |  3.4.23 |   12 MB |     0.6% |         4 |       2000 |   0 | 3157290528 |\n' +
      '| 91bc3c398fb3c146 | infra2 | 127.0.0.1:22379 |     healthy | follower |  3.4.23 |   12 MB |     0.6% |         4 |       2000 |   0 | 3157290528 |\n' +
      '| fd422379fda50e48 | infra3 | 127.0.0.1:32379 | unreachable |          |         |         |          |           |            |     |            |\n' +
      '+------------------+--------+-----------------+-------------+----------+---------+---------+----------+-----------+------------+-----+------------+\n' +
      'WARNING: member fd422379fda50e48 (infra3) at 127.0.0.1:32379 unreachable: context deadline exceeded\n',
  );
});

test('simple: the status words are painted only through the painter given', () => {
  const report = judge(warningFacts, DEFAULT_THRESHOLDS);
  const painted = formatSimple(report, (s, t) => `<${s}>${t}</>`);
  assert.equal(
    painted,
    'CLUSTER <WARNING>WARNING</> - 2/3 members healthy, leader 8e9e05c52164694d, db 12 MB of 2.1 GB, hashes agree at rev 1042\n' +
      '<WARNING>WARNING</>: member fd422379fda50e48 (infra3) at 127.0.0.1:32379 unreachable: context deadline exceeded\n',
  );
});
