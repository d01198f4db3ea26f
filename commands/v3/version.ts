// etcdctl version: prints the client's version; contacts no server and ignores -w.
import { defineCommand } from '../../src/cli/command.js';
import { API_VERSION, ETCDCTL_VERSION } from '../../src/cli/usage.js';

export function newVersionCommand() {
  return defineCommand({
    use: 'version',
    short: 'Prints the version of etcdctl',
    run: ({ io }) => {
      io.stdout.write(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: ${API_VERSION}\n`);
    },
  });
}
