// The entry point: the only code that reads `process` and sets the exit code. It picks the
// command set from ETCDCTL_API (unset or 2: v2, 3: v3), runs it, and turns errors into
// etcdctl's stderr lines and exit codes.
import { isatty } from 'node:tty';
import { loadEnv, type Env } from './env.js';
import { toCliError } from './errors.js';
import type { IO } from './io.js';

function processIO(proc: NodeJS.Process, argv: string[]): IO {
  const noColor = proc.env.NO_COLOR !== undefined && proc.env.NO_COLOR !== '';
  const forceColor = proc.env.FORCE_COLOR !== undefined && proc.env.FORCE_COLOR !== '0';
  return {
    stdout: {
      write: (c) => void proc.stdout.write(c),
      queued: () => proc.stdout.writableLength,
      drained: () => (proc.stdout.writableNeedDrain ? new Promise<void>((resolve) => proc.stdout.once('drain', resolve)) : Promise.resolve()),
    },
    stderr: { write: (c) => void proc.stderr.write(c) },
    // process.stdin builds a stream (and loads fs streams): only commands that read it pay
    get stdin() {
      return proc.stdin;
    },
    stdinIsTTY: isatty(0),
    stdoutIsTTY: proc.stdout.isTTY === true,
    stderrIsTTY: proc.stderr.isTTY === true,
    env: {},
    cwd: proc.cwd(),
    colorStderr: forceColor || (!noColor && proc.stderr.isTTY === true),
    argv,
    childStdio: 'inherit',
    onSignal: (signal, handler) => {
      proc.on(signal, handler);
      return () => void proc.off(signal, handler);
    },
  };
}

/** Colours the `Error:` prefix of an error line, for a terminal's eyes only. */
async function colorErrors(text: string): Promise<string> {
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return text.replace(/^Error:/gm, c.red.bold('Error:'));
}

export async function main(proc: NodeJS.Process): Promise<void> {
  const argv = proc.argv.slice(2);
  // Node's deprecation notices (grpc-js sets an IP address as TLS server name) are not ours to show.
  (proc as NodeJS.Process & { noDeprecation: boolean }).noDeprecation = true;
  const io = processIO(proc, argv);
  // `etcdctl get / | head -1`: a reader that went away is not an error worth a stack trace.
  const onPipeError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') proc.exit(141);
    throw err;
  };
  proc.stdout.on('error', onPipeError);
  proc.stderr.on('error', onPipeError);

  const env: Env = await loadEnv(proc.env, io.cwd);
  const api = env.ETCDCTL_API;
  // like etcdctl: ETCDCTL_API is not an option of either set, and child processes do not see it
  delete env.ETCDCTL_API;
  delete proc.env.ETCDCTL_API;
  io.env = env;

  let code = 0;
  try {
    if (api === undefined || api === '' || api === '2') {
      const { runV2 } = await import('../../commands/v2/index.js');
      await runV2(argv, io, env);
    } else if (api === '3') {
      const { runV3 } = await import('../../commands/v3/index.js');
      await runV3(argv, io, env);
    } else {
      io.stderr.write(`unsupported API version ${api}\n`);
      code = 1;
    }
  } catch (e) {
    const err = toCliError(e);
    if (proc.env.ETCDCTL_TS_STACK && e instanceof Error) io.stderr.write(`${e.stack}\n`);
    if (err.stdoutText) io.stdout.write(err.stdoutText);
    if (err.stderrText) io.stderr.write(io.colorStderr ? await colorErrors(err.stderrText) : err.stderrText);
    code = err.exitCode;
  }
  proc.exitCode = code;
  // Let pending output drain (a closed pipe surfaces here, as EPIPE), then end: sockets, timers
  // or a paused stdin may outlive the command, whose work is done.
  await Promise.all([proc.stdout, proc.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
  proc.exit(code);
}
