// `check cluster -w simple` (the default): the summary line a monitoring system shows, then one
// line per finding, worst first.
import type { Severity } from './facts.js';
import type { Report } from './verdict.js';

/** Colours a status word; the identity when stdout is not a terminal. */
export type Paint = (severity: Severity, text: string) => string;

export const noPaint: Paint = (_s, text) => text;

export function summaryLine(report: Report, paint: Paint = noPaint): string {
  const prefix = `CLUSTER ${report.status}`;
  return `CLUSTER ${paint(report.status, report.status)}${report.summary.slice(prefix.length)}\n`;
}

export function findingLines(report: Report, paint: Paint = noPaint): string {
  return report.findings.map((f) => `${paint(f.severity, f.severity)}: ${f.message}\n`).join('');
}

export function formatSimple(report: Report, paint: Paint = noPaint): string {
  return summaryLine(report, paint) + findingLines(report, paint);
}
