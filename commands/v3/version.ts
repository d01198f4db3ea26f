// etcdctl version: prints the client's version; contacts no server and ignores -w.
import { defineCommand } from '../../src/cli/v3/command.js';
import { API_VERSION, ETCDCTL_VERSION } from '../../src/cli/v3/usage.js';

// set by scripts/build.mjs (esbuild define); absent when the sources run directly (tests)
declare const ETCDCTL_TS_VERSION: string | undefined;
const IMPLEMENTATION_VERSION = typeof ETCDCTL_TS_VERSION === 'string' ? ETCDCTL_TS_VERSION : 'dev';

export function newVersionCommand() {
  return defineCommand({
    use: 'version',
    short: 'Prints the version of etcdctl',
    run: ({ io, flags }) => {
      io.stdout.write(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: ${API_VERSION}\n`);
      // which etcdctl this is, for a person with Debian's etcdctl on the same PATH (stdout stays etcdctl's)
      if (flags.bool('debug')) io.stderr.write(`implementation: etcdctl-ts ${IMPLEMENTATION_VERSION} (TypeScript on Node.js), not Go's etcdctl\n`);
    },
  });
}
