// The process side of both entries (etcdctl's commands/main.ts and etcdutl's): the only code that
// reads `process` and sets the exit code. It builds the IO, reads the environment, runs the
// entry's command line and turns errors into their stderr lines and exit codes.
import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { loadEnvLayers, type Env } from './env.js';
import { stderrColor } from './color.js';
import { toCliError } from './errors.js';
import type { IO } from './io.js';

function processIO(proc: NodeJS.Process, argv: string[]): IO {
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
    colorStderr: stderrColor(proc.env, proc.stderr.isTTY === true),
    argv,
    ...(argv.some((a) => a.includes('\uFFFD')) ? argvBytesOf(argv) : {}),
    childStdio: 'inherit',
    onSignal: (signal, handler) => {
      proc.on(signal, handler);
      return () => void proc.off(signal, handler);
    },
  };
}

/**
 * The bytes of the arguments, which Node decoded as UTF-8 (invalid bytes became U+FFFD): the last
 * argv.length entries of /proc/self/cmdline (Linux), accepted only when each decodes to its argv
 * string. Elsewhere, none (an argument that needs them is refused).
 */
function argvBytesOf(argv: string[]): { argvBytes?: Buffer[] } {
  let cmdline: Buffer;
  try {
    cmdline = readFileSync('/proc/self/cmdline');
  } catch {
    return {};
  }
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < cmdline.length; i++) {
    if (cmdline[i] === 0) {
      parts.push(cmdline.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < cmdline.length) parts.push(cmdline.subarray(start));
  const raw = parts.slice(parts.length - argv.length);
  if (raw.length !== argv.length || raw.some((b, i) => b.toString('utf8') !== argv[i])) return {};
  return { argvBytes: raw };
}

/**
 * A Go program started with SIGINT ignored (a background job of a non-interactive shell) keeps
 * ignoring it until it asks for the signal (signal.Notify). Node resets SIGINT to its default
 * before our code runs; bin/etcdctl saw the inherited disposition and says so in the environment.
 * A listener that does nothing keeps the process alive through SIGINT; handlers a command
 * registers (io.onSignal) still run, as Notify's do.
 */
function keepSigintIgnored(proc: NodeJS.Process): void {
  const ignored = proc.env.ETCD_TS_SIGINT_IGNORED === '1';
  delete proc.env.ETCD_TS_SIGINT_IGNORED;
  if (ignored) proc.on('SIGINT', () => {});
}

/**
 * NODE_EXTRA_CA_CERTS makes Node parse its root store and that file at every start (~40 ms of CPU
 * for Debian's bundle of 144 certificates), though only a TLS connection without --cacert uses
 * them. bin/etcdctl moves the variable aside before Node starts; it is put back here for child
 * processes, and its file joins the default roots when a connection needs them (extra-roots.ts).
 */
function takeExtraCaCerts(proc: NodeJS.Process): string | undefined {
  const file = proc.env.ETCD_TS_NODE_EXTRA_CA_CERTS;
  if (file === undefined) return undefined;
  delete proc.env.ETCD_TS_NODE_EXTRA_CA_CERTS;
  proc.env.NODE_EXTRA_CA_CERTS = file;
  return file;
}

/** Colours the `Error:` prefix of an error line, for a terminal's eyes only. */
async function colorErrors(text: string): Promise<string> {
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return text.replace(/^Error:/gm, c.red.bold('Error:'));
}

/** `etcdctl get / | head -1`: a reader that went away ends the command quietly, as SIGPIPE would (141). */
function endOnClosedPipe(proc: NodeJS.Process): void {
  const onPipeError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') proc.exit(141);
    throw err;
  };
  proc.stdout.on('error', onPipeError);
  proc.stderr.on('error', onPipeError);
}

/**
 * Runs a command line and ends the process (etcdctl's and etcdutl's entries): a thrown error
 * becomes its stdout and stderr bytes and its exit code; `run` returns the code otherwise.
 */
async function runToExit(proc: NodeJS.Process, io: IO, run: () => Promise<number>): Promise<void> {
  let code = 0;
  try {
    code = await run();
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

/** How a CLI (commands/main.ts for etcdctl, commands/etcdutl/main.ts) uses the process. */
export interface Entry {
  /** etcdctl reads `.env` below the real environment; etcdutl reads no environment file */
  dotenv: boolean;
  /** variables the entry reads itself, which commands and child processes must not see (etcdctl's ETCDCTL_API) */
  consumedEnv?: readonly string[];
  /** runs the command line; returns the exit code or throws */
  run(argv: string[], io: IO, env: { consumed: Env; fromFile: ReadonlySet<string> }): Promise<number>;
}

export async function main(proc: NodeJS.Process, entry: Entry): Promise<void> {
  const argv = proc.argv.slice(2);
  // Node's deprecation notices (grpc-js sets an IP address as TLS server name) are not ours to show.
  (proc as NodeJS.Process & { noDeprecation: boolean }).noDeprecation = true;
  const io = processIO(proc, argv);
  keepSigintIgnored(proc);
  const extraCaCertsFile = takeExtraCaCerts(proc);
  if (extraCaCertsFile !== undefined) io.extraCaCertsFile = extraCaCertsFile;
  endOnClosedPipe(proc);

  const { env, fromFile } = entry.dotenv ? await loadEnvLayers(proc.env, io.cwd) : { env: { ...proc.env }, fromFile: new Set<string>() };
  const consumed: Env = {};
  for (const name of entry.consumedEnv ?? []) {
    consumed[name] = env[name];
    delete env[name];
    delete proc.env[name];
  }
  io.env = env;
  await runToExit(proc, io, () => entry.run(argv, io, { consumed, fromFile }));
}
