// A Go-style channel for one consumer: values are pushed by the stream handlers and read with
// `for await`; close() ends the iteration once the buffered values are read. The watch and
// lease keep-alive streams hand their responses to commands through it.

/**
 * Flow control for a channel's producer: onFull(true) once `high` values wait unread, onFull(false)
 * once the reader has taken them all (the producer pauses its source in between).
 */
export interface ChanPressure {
  high: number;
  onFull(full: boolean): void;
}

export class Chan<T> implements AsyncIterable<T> {
  private readonly buf: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | undefined;
  private done = false;
  private full = false;

  constructor(private readonly pressure?: ChanPressure) {}

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
      if (this.pressure && !this.full && this.buf.length >= this.pressure.high) {
        this.full = true;
        this.pressure.onFull(true);
      }
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
    if (this.buf.length > 0) {
      const value = this.buf.shift()!;
      if (this.full && this.buf.length === 0) {
        this.full = false;
        this.pressure!.onFull(false);
      }
      return Promise.resolve({ value, done: false });
    }
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
