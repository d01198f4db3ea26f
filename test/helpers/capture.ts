// A command run in process as main would end it: a typed error's bytes written to the in-memory
// IO and its exit code taken, so that a test sees what a user would.
import { BufferIO } from '../../src/cli/core/io.js';
import { toCliError } from '../../src/cli/core/errors.js';

export interface Captured {
  stdout: string;
  stderr: string;
  code: number;
}

export async function captureRun(io: BufferIO, run: () => Promise<void>): Promise<Captured> {
  let code = 0;
  try {
    await run();
  } catch (e) {
    const err = toCliError(e);
    if (err.stdoutText) io.stdout.write(err.stdoutText);
    if (err.stderrText) io.stderr.write(err.stderrText);
    code = err.exitCode;
  }
  return { stdout: io.stdoutText, stderr: io.stderrText, code };
}
