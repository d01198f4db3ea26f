// `check cluster -w json`: one object on one line, with a stable schema (README, "Health checks in
// cron"): member ids as hex strings (as etcdctl prints them in text), sizes, revisions and raft
// indexes as exact JSON integers (written from bigints, never through a double).
import type { Report } from './verdict.js';
import { hexId } from './verdict.js';

/** The schema version: bumped when a field changes meaning or goes away (additions keep it). */
export const JSON_SCHEMA_VERSION = 1;

/** A JSON value whose integers may be bigints. */
type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };

export function stringify(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stringify).join(',')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${stringify(x)}`).join(',')}}`;
}

const hex = (id: bigint | undefined): Json => (id === undefined ? null : hexId(id));

export function reportToJson(report: Report): Json {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    status: report.status,
    exitCode: report.exitCode,
    summary: report.summary,
    clusterId: hex(report.clusterId),
    leader: hex(report.leader),
    quorum: { ...report.quorum },
    hash: {
      result: report.hash.result,
      revision: report.hash.revision ?? null,
      compared: report.hash.compared,
      note: report.hash.note ?? null,
    },
    alarms: report.alarms.map((a) => ({ memberId: hexId(a.memberId), alarm: a.alarm })),
    members: report.members.map((m) => {
      const st = m.status;
      return {
        id: hex(m.id),
        name: m.name,
        endpoint: m.endpoint,
        state: m.state,
        isLearner: m.isLearner,
        error: m.error ?? null,
        version: st?.version ?? null,
        leader: st ? hexId(st.leader) : null,
        revision: st?.revision ?? null,
        raftTerm: st?.raftTerm ?? null,
        raftIndex: st?.raftIndex ?? null,
        raftAppliedIndex: st?.raftAppliedIndex ?? null,
        lag: m.lag ?? null,
        dbSize: st?.dbSize ?? null,
        dbSizeInUse: st?.dbSizeInUse ?? null,
        quota: m.quota,
        quotaSource: m.quotaSource,
        dbUsagePercent: m.dbUsage ?? null,
        hash: m.hash ? m.hash.hash : null,
        compactRevision: m.hash ? m.hash.compactRevision : null,
      };
    }),
    findings: report.findings.map((f) => ({ severity: f.severity, code: f.code, memberId: hex(f.memberId), message: f.message })),
  };
}

export function formatJson(report: Report): string {
  return `${stringify(reportToJson(report))}\n`;
}
