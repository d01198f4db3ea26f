// The load both checks put on the cluster: random keys under the prefix (Go's PutVarint of
// rand.Int63 into a reused key buffer), a bounded queue from the generator to the workers, and
// the workers, each sending one put at a time and timing it.
//
// Concurrency: etcdctl makes one gRPC client per concurrent worker; we run the same number of
// concurrent workers over one client (HTTP/2 multiplexes their calls; more connections only cost
// this process CPU that the member on the same machine then lacks).
import type { EtcdClient } from '../client/v3/client.js';
import { putVarint } from '../format/varint.js';
import type { Result } from './report.js';

export interface PutOp {
  key: Buffer;
  value: Buffer;
}

/** rand.Int63n(math.MaxInt64): uniform in [0, 2^63 - 1). */
function randomInt63(): bigint {
  for (;;) {
    // Web Crypto's global: node:crypto itself would load with every command's start
    const v = Buffer.from(crypto.getRandomValues(new Uint8Array(8))).readBigUInt64BE() >> 1n;
    if (v < 0x7fffffffffffffffn) return v;
  }
}

/** A bounded queue between the op generator and the workers (Go's buffered channel). */
export class OpQueue<T> {
  private items: T[] = [];
  private closed = false;
  private getters: Array<(v: T | undefined) => void> = [];
  private putters: Array<() => void> = [];

  constructor(private readonly capacity: number) {}

  async put(item: T): Promise<void> {
    const getter = this.getters.shift();
    if (getter) return getter(item);
    while (this.items.length >= this.capacity) await new Promise<void>((r) => this.putters.push(r));
    this.items.push(item);
  }

  get(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.putters.shift()?.();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((r) => this.getters.push(r));
  }

  close(): void {
    this.closed = true;
    for (const g of this.getters.splice(0)) g(undefined);
  }
}

/** The next op: a fresh random tail in `key` (the reused buffer) after the prefix. */
export function randomPut(prefix: Buffer, key: Buffer, value: Buffer): PutOp {
  putVarint(key, randomInt63());
  return { key: Buffer.concat([prefix, key]), value };
}

/** Runs `workers` workers over the queue: each op is one put, timed. */
export function startWorkers(
  client: EtcdClient,
  workers: number,
  queue: OpQueue<PutOp>,
  results: Result[],
  onDone?: () => void,
): Promise<void[]> {
  return Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const op = await queue.get();
        if (op === undefined) return;
        const startNs = process.hrtime.bigint();
        let err: string | undefined;
        try {
          await client.put(op);
        } catch (e) {
          err = (e as Error).message;
        }
        results.push({ err, startNs, endNs: process.hrtime.bigint() });
        onDone?.();
      }
    }),
  );
}

/**
 * A token bucket of one token (rate.NewLimiter(limit, 1)) until the run's context ends: a token
 * every 1/limit s, none saved up while the queue was full; Wait fails once the next token comes
 * after the deadline. Closes the queue at the end.
 */
export async function paceOps(queue: OpQueue<PutOp>, limit: number, durationS: number, next: () => PutOp): Promise<void> {
  const endMs = performance.now() + durationS * 1000;
  const interval = 1000 / limit;
  let nextAt = performance.now();
  for (;;) {
    nextAt = Math.max(nextAt, performance.now());
    if (nextAt > endMs) break;
    const wait = nextAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    nextAt += interval;
    await queue.put(next());
  }
  queue.close();
}
