// The verdict rules of check cluster over tables of facts: status, exit code, the summary line and
// every finding, exactly as -w simple prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS, type ClusterFacts, type Thresholds } from '../../../src/health/facts.js';
import { addFinding, alarmsFromStatusErrors, judge } from '../../../src/health/verdict.js';
import { formatSimple } from '../../../src/health/simple.js';
import { EPS, IDS, UNREACHABLE, endpoint, facts, fail, memberInfo, ok } from './fixtures.js';

const L = '8e9e05c52164694d';
const OK_TAIL = `leader ${L}, db 12 MB of 2.1 GB, hashes agree at rev 1042`;

interface Case {
  name: string;
  facts: ClusterFacts;
  thresholds?: Partial<Thresholds>;
  exit: number;
  output: string;
}

const cases: Case[] = [
  {
    name: 'healthy',
    facts: facts(),
    exit: 0,
    output: `CLUSTER OK - 3/3 members healthy, ${OK_TAIL}\n`,
  },
  {
    name: 'one member unreachable while quorum holds',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, UNREACHABLE)] }),
    exit: 1,
    output:
      `CLUSTER WARNING - 2/3 members healthy, ${OK_TAIL}\n` +
      'WARNING: member fd422379fda50e48 (infra3) at 127.0.0.1:32379 unreachable: context deadline exceeded\n',
  },
  {
    name: 'two members unreachable, the third cannot read: no quorum',
    facts: facts({
      endpoints: [endpoint(0, { health: fail('context deadline exceeded'), hash: fail('context deadline exceeded') }, { leader: 0n }), endpoint(1, UNREACHABLE), endpoint(2, UNREACHABLE)],
      members: fail('context deadline exceeded'),
      alarms: fail('context deadline exceeded'),
    }),
    exit: 2,
    output:
      'CLUSTER CRITICAL - 0/3 members healthy, no leader, db 12 MB of 2.1 GB, hashes not compared\n' +
      'CRITICAL: no quorum: 0 of 3 voting members healthy, 2 needed\n' +
      'CRITICAL: no leader: no member sees one\n' +
      'WARNING: member 8e9e05c52164694d at 127.0.0.1:2379 unhealthy: context deadline exceeded\n' +
      'WARNING: endpoint 127.0.0.1:22379 unreachable: context deadline exceeded\n' +
      'WARNING: endpoint 127.0.0.1:32379 unreachable: context deadline exceeded\n' +
      "INFO: alarm list failed (context deadline exceeded): alarms taken from the members' status instead\n" +
      'INFO: hash of member 8e9e05c52164694d not obtained: context deadline exceeded\n' +
      'INFO: hashes not compared: fewer than two members gave a hash at rev 1042\n',
  },
  {
    name: 'two of three unreachable with the member list known: no quorum against 3 voters',
    facts: facts({
      endpoints: [endpoint(0, { health: fail('context deadline exceeded'), hash: undefined }), endpoint(1, UNREACHABLE), endpoint(2, UNREACHABLE)],
    }),
    exit: 2,
    output:
      `CLUSTER CRITICAL - 0/3 members healthy, leader ${L}, db 12 MB of 2.1 GB, hashes not compared\n` +
      'CRITICAL: no quorum: 0 of 3 voting members healthy, 2 needed\n' +
      'WARNING: member 8e9e05c52164694d (infra1) at 127.0.0.1:2379 unhealthy: context deadline exceeded\n' +
      'WARNING: member 91bc3c398fb3c146 (infra2) at 127.0.0.1:22379 unreachable: context deadline exceeded\n' +
      'WARNING: member fd422379fda50e48 (infra3) at 127.0.0.1:32379 unreachable: context deadline exceeded\n' +
      'INFO: hashes not compared: fewer than two members gave a hash at rev 1042\n',
  },
  {
    name: 'no endpoint reachable: UNKNOWN',
    facts: facts({ endpoints: [endpoint(0, UNREACHABLE), endpoint(1, UNREACHABLE)], members: fail('x'), alarms: fail('x') }),
    exit: 3,
    output:
      'CLUSTER UNKNOWN - could not reach any endpoint (2 tried)\n' +
      'UNKNOWN: 127.0.0.1:2379: context deadline exceeded\n' +
      'UNKNOWN: 127.0.0.1:22379: context deadline exceeded\n',
  },
  {
    name: 'a setup problem: UNKNOWN',
    facts: { endpoints: [], members: fail('x'), alarms: fail('x'), setupError: 'open ca.crt: no such file or directory' },
    exit: 3,
    output: 'CLUSTER UNKNOWN - open ca.crt: no such file or directory\nUNKNOWN: open ca.crt: no such file or directory\n',
  },
  {
    name: 'members see different leaders',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, {}, { leader: IDS[2] })] }),
    exit: 2,
    output:
      'CLUSTER CRITICAL - 3/3 members healthy, no leader, db 12 MB of 2.1 GB, hashes agree at rev 1042\n' +
      `CRITICAL: members see different leaders: infra1, infra2 see ${L}; infra3 sees fd422379fda50e48\n`,
  },
  {
    name: 'endpoints of two clusters',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, {}, { clusterId: 0xabcn })] }),
    exit: 2,
    output: `CLUSTER CRITICAL - 3/3 members healthy, ${OK_TAIL}\nCRITICAL: the endpoints belong to different clusters: cdf818194e3a8c32, abc\n`,
  },
  {
    name: 'one member sees no leader',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, { health: fail('etcdserver: no leader') }, { leader: 0n })] }),
    exit: 1,
    output:
      `CLUSTER WARNING - 2/3 members healthy, ${OK_TAIL}\n` +
      'WARNING: member fd422379fda50e48 (infra3) at 127.0.0.1:32379 unhealthy: etcdserver: no leader\n',
  },
  {
    name: 'a NOSPACE alarm',
    facts: facts({ alarms: ok([{ memberId: IDS[1], alarm: 'NOSPACE' }]) }),
    exit: 2,
    output: `CLUSTER CRITICAL - 3/3 members healthy, ${OK_TAIL}\nCRITICAL: alarm NOSPACE raised by member 91bc3c398fb3c146 (infra2)\n`,
  },
  {
    name: 'alarm list denied: the alarms listed in the status errors count',
    facts: facts({
      alarms: fail('etcdserver: permission denied'),
      endpoints: [endpoint(0, {}, { errors: ['memberID:18446744073709551615 alarm:CORRUPT'] }), endpoint(1), endpoint(2)],
    }),
    exit: 2,
    output:
      `CLUSTER CRITICAL - 3/3 members healthy, ${OK_TAIL}\n` +
      'CRITICAL: alarm CORRUPT raised by member ffffffffffffffff\n' +
      "UNKNOWN: Maintenance.Alarm (alarm list) denied on the cluster (etcdserver: permission denied): alarms taken from the members' status instead\n",
  },
  {
    name: 'db at the warning threshold',
    facts: facts({ endpoints: [endpoint(0), endpoint(1, {}, { dbSize: 1_717_986_919n }), endpoint(2)] }),
    exit: 1,
    output:
      `CLUSTER WARNING - 3/3 members healthy, leader ${L}, db 1.7 GB of 2.1 GB, hashes agree at rev 1042\n` +
      'WARNING: member 91bc3c398fb3c146 (infra2) db 1.7 GB is 80.0% of its quota 2.1 GB (warn at 80%; 9.0 MB in use)\n',
  },
  {
    name: 'db just under the warning threshold',
    facts: facts({ endpoints: [endpoint(0), endpoint(1, {}, { dbSize: 1_717_986_918n }), endpoint(2)] }),
    exit: 0,
    output: `CLUSTER OK - 3/3 members healthy, leader ${L}, db 1.7 GB of 2.1 GB, hashes agree at rev 1042\n`,
  },
  {
    name: 'db over the critical threshold of a quota given with --quota',
    facts: facts(),
    thresholds: { quota: 12_500_000n },
    exit: 2,
    output:
      `CLUSTER CRITICAL - 3/3 members healthy, leader ${L}, db 12 MB of 12 MB, hashes agree at rev 1042\n` +
      'CRITICAL: member 8e9e05c52164694d (infra1) db 12 MB is 96.0% of its quota 12 MB (critical at 95%; 9.0 MB in use)\n' +
      'CRITICAL: member 91bc3c398fb3c146 (infra2) db 12 MB is 96.0% of its quota 12 MB (critical at 95%; 9.0 MB in use)\n' +
      'CRITICAL: member fd422379fda50e48 (infra3) db 12 MB is 96.0% of its quota 12 MB (critical at 95%; 9.0 MB in use)\n',
  },
  {
    name: 'a quota the server reports wins over --quota',
    facts: facts({ endpoints: [endpoint(0, {}, { dbSizeQuota: 8n * 1024n ** 3n }), endpoint(1, {}, { dbSizeQuota: 8n * 1024n ** 3n }), endpoint(2, {}, { dbSizeQuota: 8n * 1024n ** 3n })] }),
    thresholds: { quota: 12_500_000n },
    exit: 0,
    output: `CLUSTER OK - 3/3 members healthy, leader ${L}, db 12 MB of 8.6 GB, hashes agree at rev 1042\n`,
  },
  {
    name: 'a follower lagging more than --warn-lag',
    facts: facts({ endpoints: [endpoint(0), endpoint(1, {}, { raftIndex: 999n, raftAppliedIndex: 999n }), endpoint(2, {}, { raftIndex: 1000n, raftAppliedIndex: 1000n })] }),
    exit: 1,
    output:
      `CLUSTER WARNING - 3/3 members healthy, ${OK_TAIL}\n` +
      'WARNING: member 91bc3c398fb3c146 (infra2) is 1001 entries behind the leader (raft index 999 vs 2000; warn over 1000)\n',
  },
  {
    name: 'a member applying far behind its commit index',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, {}, { raftAppliedIndex: 10n })] }),
    thresholds: { warnLag: 100n },
    exit: 1,
    output:
      `CLUSTER WARNING - 3/3 members healthy, ${OK_TAIL}\n` +
      'WARNING: member fd422379fda50e48 (infra3) has applied 1990 entries fewer than it committed (applied 10, committed 2000; warn over 100)\n',
  },
  {
    name: 'members on different versions',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, {}, { version: '3.5.16' })] }),
    exit: 1,
    output: `CLUSTER WARNING - 3/3 members healthy, ${OK_TAIL}\nWARNING: members run different versions: 3.4.23 (infra1, infra2), 3.5.16 (infra3)\n`,
  },
  {
    name: 'hash mismatch at the common revision',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, { hash: ok({ hash: 1, compactRevision: 1000n }) })] }),
    exit: 2,
    output:
      `CLUSTER CRITICAL - 3/3 members healthy, leader ${L}, db 12 MB of 2.1 GB, hashes differ at rev 1042\n` +
      'CRITICAL: hash mismatch at rev 1042: infra1, infra2: 3157290528; infra3: 1\n',
  },
  {
    name: 'different compact revisions are not compared',
    facts: facts({ endpoints: [endpoint(0), endpoint(1, { hash: ok({ hash: 1, compactRevision: 1001n }) }), endpoint(2, { hash: ok({ hash: 2, compactRevision: 1001n }) })] }),
    exit: 2,
    output:
      `CLUSTER CRITICAL - 3/3 members healthy, leader ${L}, db 12 MB of 2.1 GB, hashes differ at rev 1042\n` +
      'CRITICAL: hash mismatch at rev 1042: infra2: 1; infra3: 2\n' +
      'INFO: hashes at rev 1042 not compared across members with different compact revisions (1000, 1001): a compaction is in progress\n',
  },
  {
    name: 'the common revision is compacted on a member',
    facts: facts({ endpoints: [endpoint(0), endpoint(1), endpoint(2, { hash: fail('etcdserver: mvcc: required revision has been compacted') })] }),
    exit: 0,
    output:
      `CLUSTER OK - 3/3 members healthy, ${OK_TAIL}\n` +
      'INFO: hashes at rev 1042 not compared on infra3: the revision is compacted there\n',
  },
  {
    name: 'compacted at the common revision everywhere',
    facts: facts({ endpoints: [0, 1, 2].map((i) => endpoint(i, { hash: fail('etcdserver: mvcc: required revision has been compacted') })) }),
    exit: 0,
    output:
      `CLUSTER OK - 3/3 members healthy, leader ${L}, db 12 MB of 2.1 GB, hashes not compared\n` +
      'INFO: hashes at rev 1042 not compared on infra1, infra2, infra3: the revision is compacted there\n' +
      'INFO: hashes not compared: fewer than two members gave a hash at rev 1042\n',
  },
  {
    name: 'hashkv denied to the user: UNKNOWN naming the call',
    facts: facts({ endpoints: [0, 1, 2].map((i) => endpoint(i, { hash: fail('auth: permission denied') })) }),
    exit: 3,
    output:
      `CLUSTER UNKNOWN - 3/3 members healthy, leader ${L}, db 12 MB of 2.1 GB, hashes not compared\n` +
      'UNKNOWN: Maintenance.HashKV (endpoint hashkv) denied on infra1, infra2, infra3 (auth: permission denied): hashes not compared (the call needs the root role)\n' +
      'INFO: hashes not compared: fewer than two members gave a hash at rev 1042\n',
  },
  {
    name: 'a health read denied still proves the read index: healthy',
    facts: facts({ endpoints: [0, 1, 2].map((i) => endpoint(i, { health: fail('etcdserver: permission denied') })) }),
    exit: 0,
    output: `CLUSTER OK - 3/3 members healthy, ${OK_TAIL}\n`,
  },
  {
    name: 'a learner in sync is said, not judged',
    facts: facts({
      endpoints: [endpoint(0), endpoint(1), endpoint(2), { endpoint: '127.0.0.1:42379', status: ok({ ...endpoint(0).status, ...{} } as never), health: fail('etcdserver: rpc not supported for learner') }],
      members: ok([memberInfo(0), memberInfo(1), memberInfo(2), { id: 0x1234n, name: 'infra4', clientURLs: ['http://127.0.0.1:42379'], isLearner: true }]),
    }),
    exit: 0,
    output: '',
  },
  {
    name: 'a learner added and never started',
    facts: facts({ members: ok([memberInfo(0), memberInfo(1), memberInfo(2), { id: 0x1234n, name: '', clientURLs: [], isLearner: true }]) }),
    exit: 1,
    output:
      `CLUSTER WARNING - 3/4 members healthy, ${OK_TAIL}\n` +
      'WARNING: learner 1234 unreachable: never started (it has no client URLs in the member list)\n',
  },
  {
    name: 'a member whose endpoint was not given is not checked',
    facts: facts({ endpoints: [endpoint(0), endpoint(1)] }),
    exit: 0,
    output:
      `CLUSTER OK - 2/2 members healthy (1 not checked), ${OK_TAIL}\n` +
      'INFO: member fd422379fda50e48 (infra3) not checked: none of its client URLs is among the endpoints (use --cluster)\n',
  },
];

// the learner case's endpoint facts, built properly
{
  const learnerCase = cases.find((c) => c.name.startsWith('a learner in sync'))!;
  const st = { ...(endpoint(0).status as { value: object }).value, memberId: 0x1234n, isLearner: true, raftIndex: 1990n, raftAppliedIndex: 1990n };
  learnerCase.facts.endpoints[3] = { endpoint: '127.0.0.1:42379', status: ok(st as never), health: fail('etcdserver: rpc not supported for learner') };
  learnerCase.output = `CLUSTER OK - 4/4 members healthy, ${OK_TAIL}\nINFO: learner 1234 (infra4) is not promoted (10 entries behind the leader)\n`;
}

for (const c of cases) {
  test(`verdict: ${c.name}`, () => {
    const report = judge(c.facts, { ...DEFAULT_THRESHOLDS, ...c.thresholds });
    assert.equal(formatSimple(report), c.output);
    assert.equal(report.exitCode, c.exit);
    assert.equal(report.exitCode, { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 }[report.status]);
  });
}

test('verdict: the worst finding wins, CRITICAL > WARNING > UNKNOWN > OK', () => {
  const base = judge(facts(), DEFAULT_THRESHOLDS);
  const unknown = addFinding(base, { severity: 'UNKNOWN', code: 'textfile', message: 'x' });
  assert.equal(unknown.status, 'UNKNOWN');
  assert.equal(unknown.summary, `CLUSTER UNKNOWN - 3/3 members healthy, ${OK_TAIL}`);
  const warning = addFinding(unknown, { severity: 'WARNING', code: 'w', message: 'y' });
  assert.deepEqual([warning.status, warning.exitCode], ['WARNING', 1]);
  assert.deepEqual(warning.findings.map((f) => f.severity), ['WARNING', 'UNKNOWN']);
  const critical = addFinding(warning, { severity: 'CRITICAL', code: 'c', message: 'z' });
  assert.deepEqual([critical.status, critical.exitCode], ['CRITICAL', 2]);
  assert.deepEqual(addFinding(base, { severity: 'INFO', code: 'i', message: 'i' }).exitCode, 0);
});

test('verdict: alarms read from StatusResponse.errors', () => {
  assert.deepEqual(alarmsFromStatusErrors(['etcdserver: no leader', 'memberID:10276657743932975437 alarm:NOSPACE']), [
    { memberId: 10276657743932975437n, alarm: 'NOSPACE' },
  ]);
});

test('verdict: endpoints map to members by id, or by client URL when they did not answer', () => {
  const r = judge(facts({ endpoints: [endpoint(0), endpoint(1), { ...endpoint(2, UNREACHABLE), endpoint: `http://${EPS[2]}/` }] }), DEFAULT_THRESHOLDS);
  assert.deepEqual(r.members.map((m) => [m.name, m.state]), [['infra1', 'healthy'], ['infra2', 'healthy'], ['infra3', 'unreachable']]);
  assert.equal(r.members.length, 3);
});
