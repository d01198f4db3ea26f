// bufio.Reader.ReadString('\n') over an input stream: whole lines with their newline; a last line
// without one counts as end of input, as for etcdctl (which treats io.EOF as an error even when
// some text came with it).
export class LineReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer | string>;
  private ended = false;

  constructor(stream: NodeJS.ReadableStream) {
    this.it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  }

  /** The next line including its '\n', or undefined at the end of input. */
  async readLine(): Promise<Buffer | undefined> {
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.buf.subarray(0, nl + 1);
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (this.ended) return undefined;
      const r = await this.it.next();
      if (r.done) {
        this.ended = true;
        continue;
      }
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    }
  }
}
