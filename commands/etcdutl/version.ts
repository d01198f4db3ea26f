// etcdutl version (etcdutl/etcdutl/version_command.go): arguments and -w are ignored.
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';

export const ETCDUTL_VERSION = '3.5.16';
export const ETCDUTL_API_VERSION = '3.5';

export function runVersion(ctx: Pick<RunContext, 'io'>): void {
  ctx.io.stdout.write(`etcdutl version: ${ETCDUTL_VERSION}\nAPI version: ${ETCDUTL_API_VERSION}\n`);
}

export function newVersionCommand() {
  return defineCommand({
    use: 'version',
    short: 'Prints the version of etcdutl',
    run: runVersion,
  });
}
