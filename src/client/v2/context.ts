// A small analogue of Go's context.Context for the v2 client: a deadline and/or cancellation
// that in-flight requests watch, and the Go error texts they end with.
import { ContextError } from './errors.js';

export class Ctx {
  private readonly controller = new AbortController();
  private error: ContextError | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(parent: Ctx | undefined, timeoutMs: number | undefined) {
    if (parent) {
      if (parent.error) this.finish(parent.error);
      else parent.signal.addEventListener('abort', () => this.finish(parent.error!), { once: true });
    }
    if (timeoutMs !== undefined && !this.error) {
      this.timer = setTimeout(() => this.finish(new ContextError(true)), Math.max(0, timeoutMs));
      this.timer.unref();
    }
  }

  /** context.Background / context.TODO: never done. */
  static background(): Ctx {
    return new Ctx(undefined, undefined);
  }

  /** context.WithTimeout(parent, d). */
  withTimeout(ms: number): Ctx {
    return new Ctx(this, ms);
  }

  /** context.WithCancel(parent). */
  withCancel(): Ctx {
    return new Ctx(this, undefined);
  }

  private finish(err: ContextError): void {
    if (this.error) return;
    this.error = err;
    if (this.timer) clearTimeout(this.timer);
    this.controller.abort();
  }

  cancel(): void {
    this.finish(new ContextError(false));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** ctx.Err(): undefined while not done. */
  err(): ContextError | undefined {
    return this.error;
  }

  /** resolves when the context is done */
  done(): Promise<void> {
    if (this.error) return Promise.resolve();
    return new Promise((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}
