// A Go-style channel for one consumer: values are pushed by the stream handlers and read with
// `for await`; close() ends the iteration once the buffered values are read. The watch and
// lease keep-alive streams hand their responses to commands through it.

export class Chan<T> implements AsyncIterable<T> {
  private readonly buf: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | undefined;
  private done = false;

  /** false once closed (a value pushed after close is dropped, as a Go select with a done case would) */
  get open(): boolean {
    return !this.done;
  }

  get length(): number {
    return this.buf.length;
  }

  push(value: T): void {
    if (this.done) return;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w({ value, done: false });
    } else {
      this.buf.push(value);
    }
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w({ value: undefined, done: true });
    }
  }

  /** The next value, or undefined when the channel is closed and drained. */
  async recv(): Promise<T | undefined> {
    const r = await this.next();
    return r.done ? undefined : r.value;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buf.length > 0) return Promise.resolve({ value: this.buf.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }
}

/** Resolves after ms milliseconds, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
