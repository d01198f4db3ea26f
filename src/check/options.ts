// The options `check perf` and `check datascale` share: the load model (by any of its names),
// the key prefix, the clean-up after the run, and the progress bar's terminal width.
import type { RunContext } from '../cli/v3/command.js';
import { badFeature } from '../cli/core/errors.js';
import { flag } from '../cli/v3/flags.js';

/** The four workload models by every name etcdctl accepts (case matters, as in its map lookup). */
const LOAD_ALIAS: Record<string, string> = { s: 's', small: 's', m: 'm', medium: 'm', l: 'l', large: 'l', xl: 'xl', xLarge: 'xl' };

export interface CheckOptions {
  model: string;
  prefix: string;
  autoCompact: boolean;
  autoDefrag: boolean;
  /** terminal width for the progress bar (0: none) */
  barWidth: number;
}

/** `--load` (an unknown one is exit 4 before any request), `--prefix`, `--auto-compact`, `--auto-defrag`. */
export function parseCheckOptions(ctx: RunContext, barWidth: number): CheckOptions {
  const { flags } = ctx;
  const load = flags.string('load');
  const model = Object.hasOwn(LOAD_ALIAS, load) ? LOAD_ALIAS[load]! : undefined;
  if (model === undefined) throw badFeature(`unknown load option ${load}`);
  return {
    model,
    prefix: flags.string('prefix'),
    autoCompact: flags.bool('auto-compact'),
    autoDefrag: flags.bool('auto-defrag'),
    barWidth,
  };
}

/** The four flags of `check perf` and `check datascale`, whose help names the check (`performance`, `datascale`). */
export function checkFlags(what: string, defaultPrefix: string) {
  return [
    flag.bool('auto-compact', false, 'Compact storage with last revision after test is finished.'),
    flag.bool('auto-defrag', false, 'Defragment storage after test is finished.'),
    flag.string('load', 's', `The ${what} check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)`),
    flag.string('prefix', defaultPrefix, `The prefix for writing the ${what} check's keys.`),
  ];
}
