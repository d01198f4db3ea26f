// Typed errors. Every error that ends a command carries its exit code and the exact bytes that go
// to stderr (and, rarely, stdout); src/cli/core/main.ts alone writes them and sets the exit code.
import { ExitCode } from './exit-codes.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** exact stderr bytes; etcdctl v3's form by default */
    readonly stderrText: string = `Error: ${message}\n`,
    /** bytes for stdout written before stderrText (cobra's usage on a flag error) */
    readonly stdoutText: string = '',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `Error: <msg>` with a v3 exit code (1 unless told). */
export function v3Error(message: string, exitCode: number = ExitCode.Error): CliError {
  return new CliError(message, exitCode);
}

/**
 * Awaits a request (or runs the steps of one): its failure is etcdctl's ExitWithError(ExitError,
 * err), `Error: <msg>` (or `wrap`'s words around it), exit 1. An error already typed (CliError)
 * passes through as it is.
 */
export async function orExitError<T>(request: Promise<T> | (() => T | Promise<T>), wrap?: (message: string) => string): Promise<T> {
  try {
    return await (typeof request === 'function' ? request() : request);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const message = (e as Error).message;
    throw v3Error(wrap ? wrap(message) : message);
  }
}

/** Positional-argument and other usage problems: `Error: <msg>`, exit 128. */
export function badArgs(message: string): CliError {
  return new CliError(message, ExitCode.BadArgs);
}

/** Unsupported output format or feature: exit 4. */
export function badFeature(message: string): CliError {
  return new CliError(message, ExitCode.BadFeature);
}

/** A message printed as is (no `Error:` prefix), e.g. v2 member/user/role errors. */
export function bareError(message: string, exitCode: number): CliError {
  return new CliError(message, exitCode, message.endsWith('\n') || message === '' ? message : `${message}\n`);
}

/** Ends the command with an exit code after its output was already written. */
export function exitWith(exitCode: number): CliError {
  return new CliError(`exit status ${exitCode}`, exitCode, '');
}

/** Wraps any thrown value into a CliError (unexpected errors exit 1 with their message). */
export function toCliError(err: unknown, fallbackCode: number = ExitCode.Error): CliError {
  if (err instanceof CliError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(message, fallbackCode);
}
