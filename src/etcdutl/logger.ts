// etcdutl's logger (etcdutl/etcdutl/common.go GetLogger): zap's console encoder with RFC 3339
// times on stderr, level info and up. The disk library hands structured entries to this sink.
import type { IO } from '../cli/core/io.js';
import { formatZapConsole, type LogEntry, type LogValue } from '../disk/log.js';

export type ConsoleLevel = LogEntry['level'] | 'fatal' | 'panic';

export interface ConsoleEntry {
  level: ConsoleLevel;
  msg: string;
  caller?: string;
  fields: ReadonlyArray<readonly [string, LogValue]>;
}

export type ConsoleSink = (e: ConsoleEntry) => void;

/** Writes entries as etcdutl's console lines on `io.stderr`; `now` is the clock (tests pin it). */
export function consoleSink(io: IO, now: () => Date = () => new Date()): ConsoleSink {
  return (e) => io.stderr.write(`${formatZapConsole(e, now())}\n`);
}

/**
 * A zap Fatal/Panic as one console line. etcdutl then prints a stack trace (and for Panic, Go's
 * panic dump) and exits 1 (Fatal) or 2 (Panic); ours ends with the line and the exit code.
 */
export function fatalText(e: ConsoleEntry, now: Date = new Date()): string {
  return `${formatZapConsole(e, now)}\n`;
}
