// The v2 command set (ETCDCTL_API=2 or unset). Not implemented yet: see the v2 issue.
import { CliError } from '../../src/cli/errors.js';
import type { Env } from '../../src/cli/env.js';
import type { IO } from '../../src/cli/io.js';

export async function runV2(argv: string[], _io: IO, _env: Env): Promise<void> {
  const name = argv.find((a) => !a.startsWith('-')) ?? '';
  throw new CliError(`the v2 command set is not implemented yet ("${name}"); run v3 commands with ETCDCTL_API=3`, 1);
}
