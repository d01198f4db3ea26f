// etcdutl's entry point: the only etcdutl code that reads `process` and sets the exit code. Like
// etcdutl, it reads no environment variables and no .env file.
import { toCliError } from '../cli/errors.js';
import { colorErrors, processIO } from '../cli/main.js';

export async function main(proc: NodeJS.Process): Promise<void> {
  const argv = proc.argv.slice(2);
  const io = processIO(proc, argv);
  io.env = { ...proc.env };
  const onPipeError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') proc.exit(141);
    throw err;
  };
  proc.stdout.on('error', onPipeError);
  proc.stderr.on('error', onPipeError);

  let code = 0;
  try {
    const { runEtcdutl } = await import('../../commands/etcdutl/index.js');
    await runEtcdutl(argv, io);
  } catch (e) {
    const err = toCliError(e);
    if (proc.env.ETCDCTL_TS_STACK && e instanceof Error) io.stderr.write(`${e.stack}\n`);
    if (err.stdoutText) io.stdout.write(err.stdoutText);
    if (err.stderrText) io.stderr.write(io.colorStderr ? await colorErrors(err.stderrText) : err.stderrText);
    code = err.exitCode;
  }
  proc.exitCode = code;
  await Promise.all([proc.stdout, proc.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
  proc.exit(code);
}
