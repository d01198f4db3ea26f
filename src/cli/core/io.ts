// The process's streams and environment, injected into everything that prints or reads input, so
// tests can run commands against buffers. Only src/cli/core/main.ts builds the real one.
import { Readable } from 'node:stream';

export interface Output {
  write(chunk: string | Uint8Array): void;
  /**
   * Resolves when the stream has taken what was written (at once when nothing waits): long output
   * awaits it between pages so that a slow reader slows the reads instead of queueing in memory.
   * Absent: writes are taken at once (buffers in tests).
   */
  drained?(): Promise<void>;
  /** bytes written and not yet handed to the system (0: a written buffer is free for reuse) */
  queued?(): number;
}

export interface IO {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** the effective environment: the process's, with .env values below it */
  env: Record<string, string | undefined>;
  cwd: string;
  /** whether stderr may be coloured (src/cli/core/color.ts: a TTY unless NO_COLOR, FORCE_COLOR=0 or TERM=dumb; or FORCE_COLOR) */
  colorStderr: boolean;
  /** raw argv after `node bin/etcdctl` (watch/lock exec find their `--` in it) */
  argv: string[];
  /**
   * argv's bytes when some argument is not valid UTF-8 (Node shows those bytes as U+FFFD);
   * undefined when every argument is valid, or when the bytes cannot be had (src/cli/core/arg-bytes.ts)
   */
  argvBytes?: readonly Buffer[];
  /**
   * NODE_EXTRA_CA_CERTS when bin/etcdctl kept it from Node's start (src/cli/core/main.ts): TLS
   * connections without a CA file trust Node's roots and this file (extra-roots.ts)
   */
  extraCaCertsFile?: string;
  /** registers a signal handler; returns a function that removes it */
  onSignal(signal: NodeJS.Signals, handler: () => void): () => void;
  /**
   * 'inherit' when child processes (watch/lock exec) may write to this process's own stdout and
   * stderr, as Go's exec does; absent (tests), their output is piped through stdout/stderr.write
   */
  childStdio?: 'inherit';
}

/** Reads all of stdin. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** An IO whose output is captured in memory, for tests. */
export class BufferIO implements IO {
  private out: Buffer[] = [];
  private err: Buffer[] = [];
  stdout: Output = { write: (c) => void this.out.push(Buffer.from(c)) };
  stderr: Output = { write: (c) => void this.err.push(Buffer.from(c)) };
  stdin: NodeJS.ReadableStream;
  stdinIsTTY = false;
  stdoutIsTTY = false;
  stderrIsTTY = false;
  env: Record<string, string | undefined>;
  cwd: string;
  colorStderr = false;
  argv: string[];
  argvBytes?: readonly Buffer[];

  constructor(opts: { stdin?: string | Buffer; env?: Record<string, string | undefined>; cwd?: string; argv?: string[]; argvBytes?: Buffer[] } = {}) {
    this.stdin = Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]);
    this.env = opts.env ?? {};
    this.cwd = opts.cwd ?? process.cwd();
    this.argv = opts.argv ?? [];
    if (opts.argvBytes) this.argvBytes = opts.argvBytes;
  }

  onSignal(): () => void {
    return () => {};
  }

  get stdoutText(): string {
    return Buffer.concat(this.out).toString();
  }
  get stdoutBytes(): Buffer {
    return Buffer.concat(this.out);
  }
  get stderrText(): string {
    return Buffer.concat(this.err).toString();
  }
}

/** commander's output configuration writing to the run's IO (help text has no colour). */
export function commanderOutput(io: IO) {
  return {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
    getOutHasColors: () => false,
    getErrHasColors: () => false,
    getOutHelpWidth: () => 80,
    getErrHelpWidth: () => 80,
    stripColor: (s: string) => s,
  };
}
