// Output gathered into large chunks: long listings (a range of 10^5-10^6 keys) are written a
// chunk at a time instead of a write (and a Buffer.concat) per line, and a page's end awaits the
// stream's drain, so a slow reader slows the producer instead of queueing output in memory.
import type { Output } from '../cli/core/io.js';

const CHUNK = 1 << 16;
const NEWLINE = 10;

export class ChunkWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;

  constructor(private readonly out: Output) {}

  bytes(b: Uint8Array): void {
    if (b.length > CHUNK - this.pos) {
      this.flush();
      if (b.length >= CHUNK) {
        this.out.write(b);
        return;
      }
    }
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** UTF-8 text (at most 3 bytes per UTF-16 unit) */
  text(s: string): void {
    if (s.length * 3 > CHUNK - this.pos) {
      this.flush();
      if (s.length * 3 > CHUNK) {
        this.out.write(Buffer.from(s));
        return;
      }
    }
    this.pos += this.buf.write(s, this.pos);
  }

  newline(): void {
    if (this.pos === CHUNK) this.flush();
    this.buf[this.pos++] = NEWLINE;
  }

  /**
   * Hands what is gathered to the stream. The buffer is used again when the stream has written it
   * at once (stdout on a pipe or file, which Node writes synchronously); otherwise the stream keeps
   * it and a fresh one follows.
   */
  flush(): void {
    if (this.pos === 0) return;
    this.out.write(this.buf.subarray(0, this.pos));
    if (this.out.queued?.() !== 0) this.buf = Buffer.allocUnsafe(CHUNK);
    this.pos = 0;
  }

  /** flush, then wait until the stream has taken it */
  async drain(): Promise<void> {
    this.flush();
    if (this.out.drained) await this.out.drained();
  }
}
