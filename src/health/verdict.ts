// The verdict of `etcdctl check cluster`: pure rules over ClusterFacts (no I/O, no clock).
//
// CRITICAL: no quorum, no leader, members seeing different leaders, any alarm, hashes that differ
// at one revision, a db at or over --crit-db-usage of its quota.
// WARNING: a member unreachable or unhealthy while quorum holds, a member seeing no leader, a
// member more than --warn-lag entries behind the leader (or behind on applying), a db at or over
// --warn-db-usage, members running different versions.
// UNKNOWN: no endpoint answered, a problem before anything could be asked, a call the user is not
// permitted to make (the figure it gives is missing).
// The verdict is the worst finding: CRITICAL > WARNING > UNKNOWN > OK (monitoring-plugins'
// max_state_alt); INFO findings are said but weigh nothing.
import { humanizeBytes } from '../format/humanize.js';
import {
  COMPACTED,
  NOT_FOR_LEARNER,
  PERMISSION_DENIED,
  isPermissionDenied,
  STATUS_EXIT_CODE,
  type AlarmInfo,
  type ClusterFacts,
  type EndpointFacts,
  type MemberInfo,
  type Severity,
  type Status,
  type StatusFacts,
  type Thresholds,
} from './facts.js';

export interface Finding {
  severity: Severity;
  /** a stable identifier of the rule, for scripts */
  code: string;
  /** the member concerned, when there is one */
  memberId?: bigint;
  message: string;
}

export type MemberState = 'healthy' | 'unhealthy' | 'unreachable' | 'not checked';

export interface MemberReport {
  /** undefined for an endpoint that never said which member it is */
  id?: bigint;
  name: string;
  /** the endpoint checked ('' when none was) */
  endpoint: string;
  isLearner: boolean;
  state: MemberState;
  /** why it is not healthy */
  error?: string;
  status?: StatusFacts;
  /** entries behind the leader's raft index (when both are known) */
  lag?: bigint;
  /** the quota the db is measured against, and where it came from */
  quota: bigint;
  quotaSource: 'server' | 'flag';
  /** db size as a percentage of the quota */
  dbUsage?: number;
  hash?: { hash: number; compactRevision: bigint };
}

export interface HashReport {
  revision?: bigint;
  /** agree: every compared hash is equal; mismatch: two differ; not-compared: see note */
  result: 'agree' | 'mismatch' | 'not-compared';
  compared: number;
  note?: string;
}

export interface Report {
  status: Status;
  exitCode: number;
  /** the one line a monitoring system shows */
  summary: string;
  clusterId?: bigint;
  leader?: bigint;
  quorum: { voters: number; healthyVoters: number; needed: number; holds: boolean };
  hash: HashReport;
  alarms: AlarmInfo[];
  members: MemberReport[];
  findings: Finding[];
}

const STATUS_RANK: Readonly<Record<Severity, number>> = { INFO: 0, OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };
const FINDING_ORDER: readonly Severity[] = ['CRITICAL', 'WARNING', 'UNKNOWN', 'INFO', 'OK'];

/** Member ids as etcdctl prints them (%x). */
export function hexId(id: bigint): string {
  return id.toString(16);
}

/** `http://127.0.0.1:2379/` and `127.0.0.1:2379` name the same endpoint. */
function endpointKey(ep: string): string {
  return ep.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
}

/** The worst of the findings (INFO weighs nothing). */
export function worstStatus(findings: readonly Finding[]): Status {
  let worst: Status = 'OK';
  for (const f of findings) {
    if (f.severity !== 'INFO' && STATUS_RANK[f.severity] > STATUS_RANK[worst]) worst = f.severity;
  }
  return worst;
}

/** Findings in the order they are printed: worst first, then as found. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => FINDING_ORDER.indexOf(a.severity) - FINDING_ORDER.indexOf(b.severity));
}

/** 92.34 -> "92.3" (one decimal, as the messages print percentages) */
function pct(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

/** etcd's alarm entries in StatusResponse.errors: "memberID:1234 alarm:NOSPACE". */
export function alarmsFromStatusErrors(errors: readonly string[]): AlarmInfo[] {
  const out: AlarmInfo[] = [];
  for (const e of errors) {
    const m = /^memberID:(\d+) alarm:(\w+)$/.exec(e);
    if (m) out.push({ memberId: BigInt(m[1]!), alarm: m[2]! });
  }
  return out;
}

/** The members to report on: the member list joined with what each endpoint said. */
function joinMembers(facts: ClusterFacts, th: Thresholds): MemberReport[] {
  const list: MemberInfo[] = facts.members.ok ? facts.members.value : [];
  const byId = new Map<bigint, EndpointFacts[]>();
  const used = new Set<EndpointFacts>();
  for (const ep of facts.endpoints) {
    if (!ep.status.ok) continue;
    const id = ep.status.value.memberId;
    byId.set(id, [...(byId.get(id) ?? []), ep]);
  }
  const reports: MemberReport[] = [];
  const fromEndpoint = (id: bigint | undefined, info: MemberInfo | undefined, ep: EndpointFacts | undefined): MemberReport => {
    const st = ep?.status.ok ? ep.status.value : undefined;
    const quota = st && st.dbSizeQuota > 0n ? st.dbSizeQuota : th.quota;
    const r: MemberReport = {
      ...(id !== undefined ? { id } : {}),
      name: info?.name ?? '',
      endpoint: ep?.endpoint ?? '',
      isLearner: st?.isLearner ?? info?.isLearner ?? false,
      state: 'not checked',
      quota,
      quotaSource: st && st.dbSizeQuota > 0n ? 'server' : 'flag',
    };
    if (!ep) {
      if (info && info.clientURLs.length === 0) {
        // added to the member list, never started: it has published no client URL yet
        r.state = 'unreachable';
        r.error = 'never started (it has no client URLs in the member list)';
      }
      return r;
    }
    if (!st) {
      r.state = 'unreachable';
      r.error = ep.status.ok ? '' : ep.status.error;
      return r;
    }
    r.status = st;
    r.dbUsage = quota > 0n ? Number((st.dbSize * 1_000_000n) / quota) / 10_000 : undefined;
    if (ep.hash?.ok) r.hash = ep.hash.value;
    if (r.isLearner) {
      // a learner serves no linearizable read: it is healthy when it follows a leader
      r.state = st.leader !== 0n ? 'healthy' : 'unhealthy';
      if (st.leader === 0n) r.error = 'sees no leader';
    } else if (ep.health.ok || isPermissionDenied(ep.health.error)) {
      // permission denied comes after the read index was confirmed, as in `endpoint health`
      r.state = 'healthy';
    } else {
      r.state = 'unhealthy';
      r.error = ep.health.error;
    }
    return r;
  };
  for (const m of list) {
    let eps = byId.get(m.id) ?? [];
    if (eps.length === 0) {
      const urls = new Set(m.clientURLs.map(endpointKey));
      eps = facts.endpoints.filter((e) => !e.status.ok && urls.has(endpointKey(e.endpoint)));
    }
    for (const e of eps) used.add(e);
    // several endpoints of one member: the one that answered
    const best = eps.find((e) => e.status.ok) ?? eps[0];
    reports.push(fromEndpoint(m.id, m, best));
  }
  for (const e of facts.endpoints) {
    if (used.has(e)) continue;
    if (e.status.ok) {
      // no member list: the member is known from its own answer
      if (reports.some((r) => r.id === (e.status as { value: StatusFacts }).value.memberId)) continue;
      reports.push(fromEndpoint(e.status.value.memberId, undefined, e));
    } else {
      reports.push(fromEndpoint(undefined, undefined, e));
    }
  }
  return reports;
}

/** Members named in a list: their names (ids when unnamed), sorted. */
function nameList(ms: readonly MemberReport[]): string {
  return ms
    .map((m) => m.name || (m.id !== undefined ? hexId(m.id) : m.endpoint))
    .sort()
    .join(', ');
}

function memberLabel(m: MemberReport): string {
  if (m.id === undefined) return `endpoint ${m.endpoint}`;
  const id = hexId(m.id);
  const name = m.name !== '' ? ` (${m.name})` : '';
  return `${m.isLearner ? 'learner' : 'member'} ${id}${name}`;
}

function deniedFinding(call: string, where: string, error: string, what: string): Finding {
  return { severity: 'UNKNOWN', code: 'permission-denied', message: `${call} denied on ${where} (${error}): ${what}` };
}

/** Judges the facts. */
export function judge(facts: ClusterFacts, th: Thresholds): Report {
  const findings: Finding[] = [];
  const emptyHash: HashReport = { result: 'not-compared', compared: 0 };
  const noQuorum = { voters: 0, healthyVoters: 0, needed: 0, holds: false };

  if (facts.setupError !== undefined) {
    findings.push({ severity: 'UNKNOWN', code: 'setup', message: facts.setupError });
    return finish({ findings, summary: facts.setupError, quorum: noQuorum, hash: emptyHash, alarms: [], members: [] });
  }

  const members = joinMembers(facts, th);
  const reachable = members.filter((m) => m.status !== undefined);
  if (reachable.length === 0) {
    for (const e of facts.endpoints) {
      findings.push({ severity: 'UNKNOWN', code: 'endpoint-unreachable', message: `${e.endpoint}: ${e.status.ok ? '' : e.status.error}` });
    }
    const summary = `could not reach any endpoint (${facts.endpoints.length} tried)`;
    return finish({ findings, summary, quorum: noQuorum, hash: emptyHash, alarms: [], members });
  }

  const clusterId = reachable[0]!.status!.clusterId;
  const clusterIds = new Set(reachable.map((m) => m.status!.clusterId));
  if (clusterIds.size > 1) {
    findings.push({
      severity: 'CRITICAL',
      code: 'cluster-id-differs',
      message: `the endpoints belong to different clusters: ${[...clusterIds].map(hexId).join(', ')}`,
    });
  }
  const checked = members.filter((m) => m.state !== 'not checked');
  const voters = members.filter((m) => !m.isLearner);
  const healthyVoters = voters.filter((m) => m.state === 'healthy');
  const needed = Math.floor(voters.length / 2) + 1;
  // a linearizable read that succeeded proves a quorum confirmed the leader at that moment (and
  // none can succeed without one), whether or not every voter was checked
  const quorumHolds = healthyVoters.length > 0;
  const quorum = { voters: voters.length, healthyVoters: healthyVoters.length, needed, holds: quorumHolds };
  if (!quorumHolds) {
    findings.push({
      severity: 'CRITICAL',
      code: 'no-quorum',
      message: `no quorum: ${healthyVoters.length} of ${voters.length} voting members healthy, ${needed} needed`,
    });
  }

  // members that did not answer, or answered but failed the read
  for (const m of members) {
    if (m.state === 'unreachable') {
      const at = m.endpoint !== '' && m.id !== undefined ? ` at ${m.endpoint}` : '';
      findings.push({ severity: 'WARNING', code: 'member-unreachable', ...idOf(m), message: `${memberLabel(m)}${at} unreachable: ${m.error}` });
    } else if (m.state === 'unhealthy') {
      findings.push({ severity: 'WARNING', code: 'member-unhealthy', ...idOf(m), message: `${memberLabel(m)} at ${m.endpoint} unhealthy: ${m.error}` });
    } else if (m.state === 'not checked') {
      findings.push({
        severity: 'INFO',
        code: 'member-not-checked',
        ...idOf(m),
        message: `${memberLabel(m)} not checked: none of its client URLs is among the endpoints (use --cluster)`,
      });
    }
  }

  // leader views
  const views = new Map<bigint, MemberReport[]>();
  for (const m of reachable) {
    const l = m.status!.leader;
    if (l === 0n) {
      // (an unhealthy member, or a learner without a leader, is already reported as such)
      if (m.state === 'healthy' && !m.isLearner) {
        findings.push({ severity: 'WARNING', code: 'member-no-leader', ...idOf(m), message: `${memberLabel(m)} sees no leader` });
      }
      continue;
    }
    views.set(l, [...(views.get(l) ?? []), m]);
  }
  let leader: bigint | undefined;
  if (views.size === 0) {
    findings.push({ severity: 'CRITICAL', code: 'no-leader', message: 'no leader: no member sees one' });
  } else if (views.size > 1) {
    const parts = [...views].map(([l, ms]) => `${nameList(ms)} ${ms.length > 1 ? 'see' : 'sees'} ${hexId(l)}`);
    findings.push({ severity: 'CRITICAL', code: 'split-leader', message: `members see different leaders: ${parts.join('; ')}` });
  } else {
    leader = [...views.keys()][0]!;
  }

  // alarms: the alarm list, or the alarms members list in their status when it was not answered
  let alarms: AlarmInfo[] = [];
  if (facts.alarms.ok) {
    alarms = facts.alarms.value;
  } else {
    const seen = new Set<string>();
    for (const m of reachable) {
      for (const a of alarmsFromStatusErrors(m.status!.errors)) {
        const key = `${a.memberId}/${a.alarm}`;
        if (!seen.has(key)) alarms.push(a);
        seen.add(key);
      }
    }
    const e = facts.alarms.error;
    if (isPermissionDenied(e)) {
      findings.push(deniedFinding('Maintenance.Alarm (alarm list)', 'the cluster', e, 'alarms taken from the members\' status instead'));
    } else {
      findings.push({ severity: 'INFO', code: 'alarm-list-failed', message: `alarm list failed (${e}): alarms taken from the members' status instead` });
    }
  }
  for (const a of alarms) {
    const m = members.find((x) => x.id === a.memberId);
    const who = m ? memberLabel(m) : `member ${hexId(a.memberId)}`;
    findings.push({ severity: 'CRITICAL', code: 'alarm', memberId: a.memberId, message: `alarm ${a.alarm} raised by ${who}` });
  }

  // lag and db usage
  const leaderStatus = leader !== undefined ? reachable.find((m) => m.id === leader)?.status : undefined;
  for (const m of reachable) {
    const st = m.status!;
    if (leaderStatus && m.id !== leader) {
      m.lag = leaderStatus.raftIndex > st.raftIndex ? leaderStatus.raftIndex - st.raftIndex : 0n;
      if (m.lag > th.warnLag) {
        findings.push({
          severity: 'WARNING',
          code: 'member-lagging',
          ...idOf(m),
          message: `${memberLabel(m)} is ${m.lag} entries behind the leader (raft index ${st.raftIndex} vs ${leaderStatus.raftIndex}; warn over ${th.warnLag})`,
        });
      }
    } else if (m.id === leader) {
      m.lag = 0n;
    }
    const applyLag = st.raftIndex > st.raftAppliedIndex ? st.raftIndex - st.raftAppliedIndex : 0n;
    if (st.raftAppliedIndex > 0n && applyLag > th.warnLag) {
      findings.push({
        severity: 'WARNING',
        code: 'member-apply-lagging',
        ...idOf(m),
        message: `${memberLabel(m)} has applied ${applyLag} entries fewer than it committed (applied ${st.raftAppliedIndex}, committed ${st.raftIndex}; warn over ${th.warnLag})`,
      });
    }
    if (m.isLearner) {
      findings.push({
        severity: 'INFO',
        code: 'learner',
        ...idOf(m),
        message: `${memberLabel(m)} is not promoted${m.lag !== undefined ? ` (${m.lag} entries behind the leader)` : ''}`,
      });
    }
    if (m.dbUsage !== undefined) {
      const sev = m.dbUsage >= th.critDbUsage ? 'CRITICAL' : m.dbUsage >= th.warnDbUsage ? 'WARNING' : undefined;
      if (sev) {
        const limit = sev === 'CRITICAL' ? `critical at ${th.critDbUsage}%` : `warn at ${th.warnDbUsage}%`;
        findings.push({
          severity: sev,
          code: 'db-usage',
          ...idOf(m),
          message: `${memberLabel(m)} db ${humanizeBytes(st.dbSize)} is ${pct(m.dbUsage)}% of its quota ${humanizeBytes(m.quota)} (${limit}; ${humanizeBytes(st.dbSizeInUse)} in use)`,
        });
      }
    }
  }

  // versions
  const versions = new Map<string, MemberReport[]>();
  for (const m of reachable) versions.set(m.status!.version, [...(versions.get(m.status!.version) ?? []), m]);
  if (versions.size > 1) {
    const parts = [...versions].map(([v, ms]) => `${v} (${nameList(ms)})`);
    findings.push({ severity: 'WARNING', code: 'versions-differ', message: `members run different versions: ${parts.join(', ')}` });
  }

  const hash = judgeHashes(facts, members, findings);

  // the summary line
  const healthy = checked.filter((m) => m.state === 'healthy').length;
  const notChecked = members.length - checked.length;
  const biggest = reachable.reduce((a, b) => (b.status!.dbSize > a.status!.dbSize ? b : a));
  const parts = [
    `${healthy}/${checked.length} members healthy${notChecked > 0 ? ` (${notChecked} not checked)` : ''}`,
    leader !== undefined ? `leader ${hexId(leader)}` : 'no leader',
    `db ${humanizeBytes(biggest.status!.dbSize)} of ${humanizeBytes(biggest.quota)}`,
    hash.result === 'agree'
      ? `hashes agree at rev ${hash.revision}`
      : hash.result === 'mismatch'
        ? `hashes differ at rev ${hash.revision}`
        : 'hashes not compared',
  ];
  return finish({ findings, summary: parts.join(', '), clusterId, leader, quorum, hash, alarms, members });
}

function idOf(m: MemberReport): { memberId?: bigint } {
  return m.id !== undefined ? { memberId: m.id } : {};
}

/** Compares the hashes taken at the common revision. */
function judgeHashes(facts: ClusterFacts, members: MemberReport[], findings: Finding[]): HashReport {
  const rev = facts.hashRevision;
  if (rev === undefined) {
    findings.push({ severity: 'INFO', code: 'hash-not-compared', message: 'hashes not compared: no voting member answered its status' });
    return { result: 'not-compared', compared: 0 };
  }
  const byEndpoint = new Map(facts.endpoints.map((e) => [e.endpoint, e]));
  const hashed: MemberReport[] = [];
  const denied: MemberReport[] = [];
  const compacted: MemberReport[] = [];
  let deniedError = PERMISSION_DENIED;
  for (const m of members) {
    const h = byEndpoint.get(m.endpoint)?.hash;
    if (!h || m.status === undefined) continue;
    if (h.ok) {
      hashed.push(m);
      continue;
    }
    if (isPermissionDenied(h.error)) {
      denied.push(m);
      deniedError = h.error;
    } else if (h.error.endsWith(COMPACTED)) {
      compacted.push(m);
    } else if (h.error !== NOT_FOR_LEARNER) {
      findings.push({ severity: 'INFO', code: 'hash-failed', ...idOf(m), message: `hash of ${memberLabel(m)} not obtained: ${h.error}` });
    }
  }
  if (denied.length > 0) {
    const names = nameList(denied);
    findings.push(deniedFinding('Maintenance.HashKV (endpoint hashkv)', names, deniedError, 'hashes not compared (the call needs the root role)'));
  }
  if (compacted.length > 0) {
    const names = nameList(compacted);
    findings.push({ severity: 'INFO', code: 'hash-compacted', message: `hashes at rev ${rev} not compared on ${names}: the revision is compacted there` });
  }
  // hashes cover the revisions after the compaction: only equal compaction points compare
  const groups = new Map<bigint, MemberReport[]>();
  for (const m of hashed) groups.set(m.hash!.compactRevision, [...(groups.get(m.hash!.compactRevision) ?? []), m]);
  if (groups.size > 1) {
    findings.push({
      severity: 'INFO',
      code: 'hash-compaction-differs',
      message: `hashes at rev ${rev} not compared across members with different compact revisions (${[...groups.keys()].join(', ')}): a compaction is in progress`,
    });
  }
  let compared = 0;
  let mismatch = false;
  for (const [, ms] of groups) {
    if (ms.length < 2) continue;
    compared += ms.length;
    const byHash = new Map<number, MemberReport[]>();
    for (const m of ms) byHash.set(m.hash!.hash, [...(byHash.get(m.hash!.hash) ?? []), m]);
    if (byHash.size > 1) {
      mismatch = true;
      const parts = [...byHash].map(([h, xs]) => `${nameList(xs)}: ${h}`);
      findings.push({ severity: 'CRITICAL', code: 'hash-mismatch', message: `hash mismatch at rev ${rev}: ${parts.join('; ')}` });
    }
  }
  if (mismatch) return { revision: rev, result: 'mismatch', compared };
  if (compared === 0) {
    const note = hashed.length < 2 ? `fewer than two members gave a hash at rev ${rev}` : 'no two hashes share a compact revision';
    findings.push({ severity: 'INFO', code: 'hash-not-compared', message: `hashes not compared: ${note}` });
    return { revision: rev, result: 'not-compared', compared: 0, note };
  }
  return { revision: rev, result: 'agree', compared };
}

function finish(r: Omit<Report, 'status' | 'exitCode' | 'summary' | 'findings'> & { findings: Finding[]; summary: string }): Report {
  const status = worstStatus(r.findings);
  const findings = sortFindings(r.findings);
  return { ...r, status, exitCode: STATUS_EXIT_CODE[status], summary: `CLUSTER ${status} - ${r.summary}`, findings };
}

/** The report with one more finding (a problem met after the verdict, e.g. writing the textfile). */
export function addFinding(report: Report, finding: Finding): Report {
  const findings = [...report.findings, finding];
  const status = worstStatus(findings);
  const rest = report.summary.slice(`CLUSTER ${report.status}`.length);
  return { ...report, findings: sortFindings(findings), status, exitCode: STATUS_EXIT_CODE[status], summary: `CLUSTER ${status}${rest}` };
}
