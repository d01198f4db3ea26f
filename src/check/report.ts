// pkg/report's statistics of the puts, and how the checks judge them (the PASS/FAIL lines).
import type { IO } from '../cli/core/io.js';
import { goFixed } from '../format/progress-bar.js';

/** One request's outcome, as pkg/report collects them. */
export interface Result {
  err?: string;
  startNs: bigint;
  endNs: bigint;
}

/** pkg/report's Stats of the results (latencies in seconds; errors counted by message). */
export interface Stats {
  rps: number;
  slowest: number;
  stddev: number;
  errorDist: Map<string, number>;
}

export function computeStats(results: readonly Result[], totalNs: bigint): Stats {
  const lats: number[] = [];
  const errorDist = new Map<string, number>();
  let sum = 0;
  for (const r of results) {
    if (r.err !== undefined) {
      errorDist.set(r.err, (errorDist.get(r.err) ?? 0) + 1);
      continue;
    }
    const s = Number(r.endNs - r.startNs) / 1e9;
    lats.push(s);
    sum += s;
  }
  const avg = sum / lats.length;
  let dev = 0;
  for (const l of lats) dev += (l - avg) * (l - avg);
  return {
    rps: lats.length / (Number(totalNs) / 1e9),
    slowest: lats.length > 0 ? Math.max(...lats) : 0,
    stddev: Math.sqrt(dev / lats.length),
    errorDist,
  };
}

/** The errors' lines (FAIL: too many errors, then one per message); true when there were any. */
export function printErrors(stats: Stats, io: IO): boolean {
  if (stats.errorDist.size === 0) return false;
  io.stdout.write('FAIL: too many errors\n');
  for (const [msg, n] of stats.errorDist) io.stdout.write(`FAIL: ERROR(${msg}) -> ${n}\n`);
  return true;
}

/** check perf's verdict: throughput against the load's rate, slowest request, stddev; true when all pass. */
export function judgePerf(stats: Stats, limit: number, io: IO): boolean {
  let ok = !printErrors(stats, io);
  if (stats.rps / limit <= 0.9) {
    io.stdout.write(`FAIL: Throughput too low: ${Math.trunc(stats.rps) + 1} writes/s\n`);
    ok = false;
  } else {
    io.stdout.write(`PASS: Throughput is ${Math.trunc(stats.rps) + 1} writes/s\n`);
  }
  if (stats.slowest > 0.5) {
    io.stdout.write(`Slowest request took too long: ${goFixed(stats.slowest, 6)}s\n`);
    ok = false;
  } else {
    io.stdout.write(`PASS: Slowest request took ${goFixed(stats.slowest, 6)}s\n`);
  }
  if (stats.stddev > 0.1) {
    io.stdout.write(`Stddev too high: ${goFixed(stats.stddev, 6)}s\n`);
    ok = false;
  } else {
    io.stdout.write(`PASS: Stddev is ${goFixed(stats.stddev, 6)}s\n`);
  }
  return ok;
}
