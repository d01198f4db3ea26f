// `check cluster --prometheus-textfile <path>`: the figures in Prometheus's text exposition format
// (version 0.0.4) for node_exporter's textfile collector. The file is written beside its target
// and renamed into place, so the collector never reads half of one.
import type { Report } from './verdict.js';
import { hexId } from './verdict.js';
import { STATUS_EXIT_CODE } from './facts.js';

const P = 'etcd_check_cluster';

/** A label value: backslash, double quote and newline escaped. */
function labelValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs).map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}}`;
}

/** The exposition text; nowMs is the check's time (…_last_run_timestamp_seconds). */
export function formatPrometheus(report: Report, nowMs: number): string {
  const out: string[] = [];
  const gauge = (name: string, help: string, samples: Array<[string, bigint | number]>) => {
    out.push(`# HELP ${P}_${name} ${help}`, `# TYPE ${P}_${name} gauge`);
    for (const [l, v] of samples) out.push(`${P}_${name}${l} ${v}`);
  };
  gauge('status', 'Verdict of etcdctl check cluster: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.', [['', STATUS_EXIT_CODE[report.status]]]);
  gauge('last_run_timestamp_seconds', 'When the check ran (Unix time).', [['', Math.floor(nowMs / 1000)]]);
  gauge('members', 'Members in the member list (or endpoints checked without one).', [['', report.members.length]]);
  gauge('members_healthy', 'Members that answered and passed their health read.', [['', report.members.filter((m) => m.state === 'healthy').length]]);
  gauge('quorum', '1 when a linearizable read succeeded (a quorum confirmed the leader).', [['', report.quorum.holds ? 1 : 0]]);
  gauge('alarms', 'Active alarms (NOSPACE, CORRUPT, ...).', [['', report.alarms.length]]);
  gauge('hash_agree', '1 when the members\' KV hashes agree at one revision, 0 when they differ, -1 when not compared.', [
    ['', report.hash.result === 'agree' ? 1 : report.hash.result === 'mismatch' ? 0 : -1],
  ]);
  const counts = { critical: 0, warning: 0, unknown: 0, info: 0 };
  for (const f of report.findings) if (f.severity !== 'OK') counts[f.severity.toLowerCase() as keyof typeof counts]++;
  gauge('findings', 'Findings by severity.', Object.entries(counts).map(([s, n]) => [labels({ severity: s }), n]));

  const members = report.members.filter((m) => m.id !== undefined || m.endpoint !== '');
  const lab = (m: (typeof members)[number]) => labels({ member: m.id !== undefined ? hexId(m.id) : '', name: m.name, endpoint: m.endpoint });
  gauge('member_up', '1 when the member answered its status.', members.map((m) => [lab(m), m.status ? 1 : 0]));
  gauge('member_healthy', '1 when the member is healthy.', members.map((m) => [lab(m), m.state === 'healthy' ? 1 : 0]));
  gauge('member_learner', '1 for a learner (not promoted).', members.map((m) => [lab(m), m.isLearner ? 1 : 0]));
  const withStatus = members.filter((m) => m.status);
  gauge('member_db_size_bytes', 'Size of the member\'s backend db file.', withStatus.map((m) => [lab(m), m.status!.dbSize]));
  gauge('member_db_size_in_use_bytes', 'Bytes of the db in use (the rest is reclaimed by defrag).', withStatus.map((m) => [lab(m), m.status!.dbSizeInUse]));
  gauge('member_db_quota_bytes', 'The backend quota the db size is measured against.', withStatus.map((m) => [lab(m), m.quota]));
  gauge('member_raft_term', 'Raft term.', withStatus.map((m) => [lab(m), m.status!.raftTerm]));
  gauge('member_raft_index', 'Raft committed index.', withStatus.map((m) => [lab(m), m.status!.raftIndex]));
  gauge('member_raft_applied_index', 'Raft applied index.', withStatus.map((m) => [lab(m), m.status!.raftAppliedIndex]));
  gauge('member_lag_entries', 'Raft entries behind the leader.', withStatus.filter((m) => m.lag !== undefined).map((m) => [lab(m), m.lag!]));
  return `${out.join('\n')}\n`;
}

/** Writes text to path through a temporary file in the same directory, renamed into place. */
export async function writeTextfile(path: string, text: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const paths = await import('node:path');
  const tmp = paths.join(paths.dirname(path), `.${paths.basename(path)}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    await fs.writeFile(tmp, text, { mode: 0o644 });
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
