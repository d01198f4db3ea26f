// etcdutl's entry (its bundle's main). Like etcdutl, it reads no .env file; the process itself is
// handled by src/cli/core/main.ts.
import { main as runProcess } from '../../src/cli/core/main.js';

export function main(proc: NodeJS.Process): Promise<void> {
  return runProcess(proc, {
    dotenv: false,
    async run(argv, io) {
      const { runEtcdutl } = await import('./index.js');
      await runEtcdutl(argv, io);
      return 0;
    },
  });
}
