// etcdctl's entry (the bundle's main): picks the command set from ETCDCTL_API (unset or 2: v2,
// 3: v3) and loads only that one. It sits above commands/v2 and commands/v3 so that no layer
// imports the one above it; the process itself is handled by src/cli/core/main.ts.
import { main as runProcess } from '../src/cli/core/main.js';

export function main(proc: NodeJS.Process): Promise<void> {
  return runProcess(proc, {
    dotenv: true,
    // like etcdctl: ETCDCTL_API is not an option of either set, and child processes do not see it
    consumedEnv: ['ETCDCTL_API'],
    async run(argv, io, { consumed, fromFile }) {
      const api = consumed.ETCDCTL_API;
      if (api === undefined || api === '' || api === '2') {
        const { runV2 } = await import('./v2/index.js');
        await runV2(argv, io, io.env, { apiUnset: api === undefined || api === '' });
      } else if (api === '3') {
        const { runV3 } = await import('./v3/index.js');
        await runV3(argv, io, io.env, { envFromFile: fromFile });
      } else {
        io.stderr.write(`unsupported API version ${api}\n`);
        return 1;
      }
      return 0;
    },
  });
}
