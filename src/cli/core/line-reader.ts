// The one line reader over an input stream (stdin): password prompts, txn's sections and watch's
// interactive requests all read through readLine, which takes what it needs with read() and puts
// the rest back (unshift), so that whoever reads the stream next (a second prompt, a value read to
// its end) still finds it, as speakeasy's byte-at-a-time reads leave it for etcdctl.
import type { Readable } from 'node:stream';

/** One line without its '\n' (`complete`), or what is left at the end of input (not complete). */
export interface Line {
  line: Buffer;
  complete: boolean;
}

export async function readLine(stream: Readable): Promise<Line> {
  const parts: Buffer[] = [];
  for (;;) {
    const chunk = stream.read() as Buffer | string | null;
    if (chunk !== null) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const nl = buf.indexOf(0x0a);
      if (nl < 0) {
        parts.push(buf);
        continue;
      }
      parts.push(buf.subarray(0, nl));
      if (nl + 1 < buf.length) stream.unshift(buf.subarray(nl + 1));
      return { line: parts.length === 1 ? parts[0]! : Buffer.concat(parts), complete: true };
    }
    if (stream.readableEnded || stream.destroyed) return { line: Buffer.concat(parts), complete: false };
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('readable', done);
      stream.on('end', done);
      stream.on('close', done);
    });
  }
}

const NEWLINE = Buffer.from('\n');

// bufio.Reader.ReadString('\n'): whole lines with their newline; a last line without one counts as
// end of input, as for etcdctl (which treats io.EOF as an error even when some text came with it).
export class LineReader {
  constructor(private readonly stream: NodeJS.ReadableStream) {}

  /** The next line including its '\n', or undefined at the end of input. */
  async readLine(): Promise<Buffer | undefined> {
    const { line, complete } = await readLine(this.stream as Readable);
    return complete ? Buffer.concat([line, NEWLINE]) : undefined;
  }
}
