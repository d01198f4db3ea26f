// etcdutl's entry point: the only etcdutl code that reads `process` and sets the exit code. Like
// etcdutl, it reads no environment variables and no .env file.
import { endOnClosedPipe, processIO, runToExit } from '../cli/main.js';

export async function main(proc: NodeJS.Process): Promise<void> {
  const argv = proc.argv.slice(2);
  const io = processIO(proc, argv);
  io.env = { ...proc.env };
  endOnClosedPipe(proc);
  await runToExit(proc, io, async () => {
    const { runEtcdutl } = await import('../../commands/etcdutl/index.js');
    await runEtcdutl(argv, io);
    return 0;
  });
}
