// `check cluster -w table`: the summary line, one row per member in etcdctl's table style
// (src/format/table.ts, cli-table3), then the findings.
import { renderTable } from '../format/table.js';
import { humanizeBytes } from '../format/humanize.js';
import { findingLines, noPaint, summaryLine, type Paint } from './simple.js';
import { hexId, type MemberReport, type Report } from './verdict.js';

export const MEMBER_TABLE_HEADER = [
  'ID', 'NAME', 'ENDPOINT', 'STATE', 'ROLE', 'VERSION', 'DB SIZE', 'DB USAGE', 'RAFT TERM', 'RAFT INDEX', 'LAG', 'HASH',
] as const;

function role(m: MemberReport, leader: bigint | undefined): string {
  if (m.isLearner) return 'learner';
  if (m.status === undefined) return '';
  return m.id !== undefined && m.id === leader ? 'leader' : 'follower';
}

export function memberRows(report: Report): string[][] {
  return report.members.map((m) => {
    const st = m.status;
    return [
      m.id !== undefined ? hexId(m.id) : '',
      m.name,
      m.endpoint,
      m.state,
      role(m, report.leader),
      st?.version ?? '',
      st ? humanizeBytes(st.dbSize) : '',
      m.dbUsage !== undefined ? `${(Math.round(m.dbUsage * 10) / 10).toFixed(1)}%` : '',
      st ? String(st.raftTerm) : '',
      st ? String(st.raftIndex) : '',
      m.lag !== undefined ? String(m.lag) : '',
      m.hash ? String(m.hash.hash) : '',
    ];
  });
}

export function formatTable(report: Report, paint: Paint = noPaint): string {
  const table = report.members.length > 0 ? renderTable(MEMBER_TABLE_HEADER, memberRows(report)) : '';
  return summaryLine(report, paint) + table + findingLines(report, paint);
}
