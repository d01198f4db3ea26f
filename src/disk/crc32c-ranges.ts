// CRC-32C over byte ranges of an open file, hashed on this thread and on one worker thread, and
// combined in order afterwards (crc32cCombine).
//
// Why: `snapshot status` hashes every key and value of the db in key order, and on a large db
// that is nearly every byte of the file. Large values sit in contiguous runs of overflow pages, so
// the walk hands each run to this module as a file range and goes on; a worker thread reads and
// hashes queued ranges while this thread walks and hashes too. On two cores that about halves the
// time of a large snapshot. Small files get no worker (a worker costs ~25 ms of CPU and ~8 MiB).
//
// Layout of the SharedArrayBuffer both threads use (capacity = most ranges queued):
//   Int32 ctl[0..7] at 0       PRODUCED ranges queued, CLAIMED ranges taken by either thread,
//                              DONE ranges finished (hashed or failed), CLOSED (the worker is to
//                              stop: this thread hashes what is left), SIGNAL (bumped on every
//                              change the worker waits for)
//   Float64 at 32              position and length of range i at [2i], [2i+1]
//   Int32 at 32 + 16*capacity  the CRC of range i
//   Int32 at 32 + 20*capacity  the state of range i: 0 (queued), BY_WORKER (taken), WORKER_OK,
//                              WORKER_FAILED, HERE_OK
// A thread takes range CLAIMED by compare-and-swap of CLAIMED to CLAIMED+1: each range is hashed
// once, by whichever thread gets there first. A range the worker could not read, or did not
// finish because it died, is read again here: its error, if any, is then this thread's.
import * as fs from 'node:fs';
import { DiskError, pathError } from './errors.js';
import { crc32cCombine, crc32cKernel, crc32cUpdateRange } from './crc32c.js';
import { CHUNK_OFFSET, CHUNK_SIZE, crc32cWasmModule } from './crc32c-wasm.js';

const PRODUCED = 0;
const CLAIMED = 1;
const DONE = 2;
const CLOSED = 3;
const SIGNAL = 4;
const CTL_BYTES = 32;

// a range's state starts at 0: queued
const BY_WORKER = 1;
const WORKER_OK = 2;
const WORKER_FAILED = 3;
const HERE_OK = 4;

/** bytes of shared memory per range: position and length, CRC, state */
const BYTES_PER_RANGE = 16 + 4 + 4;

/** The worker: instantiates the already compiled kernel and hashes ranges until CLOSED. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { module, table, fd, shared, capacity, chunkOffset, chunkSize } = workerData;
const { exports } = new WebAssembly.Instance(module, {});
const memory = new Uint8Array(exports.mem.buffer);
new Int32Array(exports.mem.buffer, 0, table.length).set(table);
const ctl = new Int32Array(shared, 0, 8);
const ranges = new Float64Array(shared, ${CTL_BYTES}, capacity * 2);
const crcs = new Int32Array(shared, ${CTL_BYTES} + capacity * 16, capacity);
const states = new Int32Array(shared, ${CTL_BYTES} + capacity * 20, capacity);
for (;;) {
  const signal = Atomics.load(ctl, ${SIGNAL});
  if (Atomics.load(ctl, ${CLOSED}) !== 0) break;
  const i = Atomics.load(ctl, ${CLAIMED});
  if (i < Atomics.load(ctl, ${PRODUCED})) {
    if (Atomics.compareExchange(ctl, ${CLAIMED}, i, i + 1) !== i) continue;
    Atomics.store(states, i, ${BY_WORKER});
    let state = ${WORKER_FAILED};
    try {
      let c = -1;
      let pos = ranges[2 * i];
      const end = pos + ranges[2 * i + 1];
      while (pos < end) {
        const n = readSync(fd, memory, chunkOffset, Math.min(chunkSize, end - pos), pos);
        if (n <= 0) throw new Error('short read');
        c = exports.crc(c, chunkOffset, n);
        pos += n;
      }
      crcs[i] = ~c;
      state = ${WORKER_OK};
    } catch {
      // read again by the main thread, which reports the error
    } finally {
      Atomics.store(states, i, state);
      Atomics.add(ctl, ${DONE}, 1);
    }
  } else {
    Atomics.wait(ctl, ${SIGNAL}, signal);
  }
}
`;

/** A hashed or queued range: its CRC is known now, or once finish() resolved. */
export type RangePiece = { length: number; crc: number; index?: undefined } | { length: number; index: number; crc?: undefined };

export interface FileRangeHasherOptions {
  /** hash on a worker thread too (when wasm is available) */
  worker: boolean;
  /** most ranges that can be queued; more are hashed at once on this thread */
  capacity: number;
}

interface Shared {
  ctl: Int32Array;
  ranges: Float64Array;
  crcs: Int32Array;
  states: Int32Array;
  /** set once the worker thread has ended (normally after CLOSED, or by a crash) */
  workerGone: boolean;
}

export class FileRangeHasher {
  private scratch?: Buffer;
  private finished = false;

  private constructor(
    private readonly fd: number,
    private readonly file: string,
    private readonly capacity: number,
    private readonly shared: Shared | undefined,
    private startWorker?: () => void,
  ) {}

  /** A hasher of ranges of `fd` on this thread only. */
  static local(fd: number, file: string): FileRangeHasher {
    return new FileRangeHasher(fd, file, 0, undefined);
  }

  /** A hasher of ranges of `fd`; with opts.worker, a worker thread starts with the first range queued. */
  static async open(fd: number, file: string, opts: FileRangeHasherOptions): Promise<FileRangeHasher> {
    const module = opts.worker && opts.capacity > 0 ? crc32cWasmModule() : undefined;
    const k = crc32cKernel();
    if (module === undefined || k === undefined) return FileRangeHasher.local(fd, file);
    const capacity = opts.capacity;
    const buffer = new SharedArrayBuffer(CTL_BYTES + capacity * BYTES_PER_RANGE);
    const shared: Shared = {
      ctl: new Int32Array(buffer, 0, 8),
      ranges: new Float64Array(buffer, CTL_BYTES, capacity * 2),
      crcs: new Int32Array(buffer, CTL_BYTES + capacity * 16, capacity),
      states: new Int32Array(buffer, CTL_BYTES + capacity * 20, capacity),
      workerGone: false,
    };
    const { Worker } = await import('node:worker_threads');
    // started with the first range queued: a db of small values never queues one
    const start = (): void => {
      let worker: InstanceType<typeof Worker>;
      try {
        worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { module, table: k.table, fd, shared: buffer, capacity, chunkOffset: CHUNK_OFFSET, chunkSize: CHUNK_SIZE },
          // it allocates next to nothing: small heap limits keep its memory small
          resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, stackSizeMb: 1 },
          // its source is CommonJS whatever flags this process runs with (--input-type, --import ...)
          execArgv: [],
          stdout: true,
          stderr: true,
        });
      } catch {
        // no thread to be had (limits of the machine): this thread hashes every range
        shared.workerGone = true;
        return;
      }
      // a worker that fails or dies leaves its ranges to this thread (finish())
      worker.on('error', () => {});
      worker.on('exit', () => (shared.workerGone = true));
      worker.unref();
    };
    return new FileRangeHasher(fd, file, capacity, shared, start);
  }

  /** Queues bytes [position, position + length) of the file, or hashes them now. */
  hash(position: number, length: number): RangePiece {
    if (this.finished) throw new Error('FileRangeHasher: hash() after finish()');
    const s = this.shared;
    if (s === undefined || length === 0) return { length, crc: this.hashNow(position, length) };
    const index = Atomics.load(s.ctl, PRODUCED);
    if (index >= this.capacity) return { length, crc: this.hashNow(position, length) };
    if (this.startWorker) {
      this.startWorker();
      this.startWorker = undefined;
    }
    s.ranges[2 * index] = position;
    s.ranges[2 * index + 1] = length;
    Atomics.store(s.ctl, PRODUCED, index + 1);
    this.signal();
    // keep one range waiting for the worker and hash the older ones here: neither thread idles
    while (Atomics.load(s.ctl, PRODUCED) - Atomics.load(s.ctl, CLAIMED) > 1 && this.claimOne()) {
      // claimed and hashed one
    }
    return { length, index };
  }

  /**
   * Stops the worker, hashes what is still queued, and waits for the ranges the worker took; a
   * range it could not read or did not finish (it died) is read here. Throws that read's error.
   */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const s = this.shared;
    if (s === undefined) return;
    Atomics.store(s.ctl, CLOSED, 1);
    this.signal();
    while (this.claimOne()) {
      // hashing what the worker has not taken
    }
    const produced = Atomics.load(s.ctl, PRODUCED);
    // The worker has at most the range it is hashing left. Polled on a timer: that lets the
    // worker's 'exit' event through if it died meanwhile, and keeps the event loop alive (a
    // pending Atomics.waitAsync does not: Node would end the process in the middle).
    while (Atomics.load(s.ctl, DONE) < produced && !s.workerGone) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    for (let i = 0; i < produced; i++) {
      const state = Atomics.load(s.states, i);
      if (state !== WORKER_OK && state !== HERE_OK) s.crcs[i] = this.hashNow(s.ranges[2 * i]!, s.ranges[2 * i + 1]!);
    }
  }

  /** The CRC of a piece (of a queued one once finish() resolved). */
  crcOf(piece: RangePiece): number {
    if (piece.crc !== undefined) return piece.crc;
    if (!this.finished) throw new Error('FileRangeHasher: crcOf() before finish()');
    return this.shared!.crcs[piece.index]! >>> 0;
  }

  /**
   * Tells the worker to stop (needed only when finish() was not reached). It then ends by itself,
   * in parallel with what this thread still does; terminating it from here would run its teardown
   * at this thread's peak of memory.
   */
  close(): void {
    if (this.shared && !this.finished) {
      Atomics.store(this.shared.ctl, CLOSED, 1);
      this.signal();
    }
  }

  private signal(): void {
    Atomics.add(this.shared!.ctl, SIGNAL, 1);
    Atomics.notify(this.shared!.ctl, SIGNAL);
  }

  /** Takes the oldest unclaimed range and hashes it; false when none is left. */
  private claimOne(): boolean {
    const s = this.shared!;
    for (;;) {
      const i = Atomics.load(s.ctl, CLAIMED);
      if (i >= Atomics.load(s.ctl, PRODUCED)) return false;
      if (Atomics.compareExchange(s.ctl, CLAIMED, i, i + 1) !== i) continue;
      try {
        s.crcs[i] = this.hashNow(s.ranges[2 * i]!, s.ranges[2 * i + 1]!);
        Atomics.store(s.states, i, HERE_OK);
      } finally {
        Atomics.add(s.ctl, DONE, 1);
      }
      return true;
    }
  }

  /** CRC-32C of file bytes [position, position + length), read straight into the kernel's memory. */
  private hashNow(position: number, length: number): number {
    const k = crc32cKernel();
    let crc = 0;
    const end = position + length;
    for (let pos = position; pos < end; ) {
      const want = Math.min(CHUNK_SIZE, end - pos);
      let n: number;
      try {
        if (k) n = fs.readSync(this.fd, k.kernel.memory, CHUNK_OFFSET, want, pos);
        else n = fs.readSync(this.fd, (this.scratch ??= Buffer.allocUnsafe(CHUNK_SIZE)), 0, want, pos);
      } catch (err) {
        throw pathError('read', this.file, err);
      }
      if (n <= 0) throw new DiskError(`read ${this.file}: unexpected end of file at offset ${pos}`, 'BOLT_CORRUPT');
      crc = k ? ~k.kernel.crc(~crc, CHUNK_OFFSET, n) >>> 0 : crc32cUpdateRange(crc, this.scratch!, 0, n);
      pos += n;
    }
    return crc;
  }
}

/**
 * A CRC-32C of bytes in order, some given in memory (hashed at once), some as file ranges
 * (queued on a FileRangeHasher): digest() combines the parts in order.
 */
export class OrderedCrc32c {
  private running = 0;
  private runningLength = 0;
  private readonly parts: RangePiece[] = [];

  constructor(private readonly ranges: FileRangeHasher) {}

  update(data: Uint8Array): this {
    return this.updateRange(data, 0, data.length);
  }

  updateRange(data: Uint8Array, start: number, end: number): this {
    this.running = crc32cUpdateRange(this.running, data, start, end);
    this.runningLength += end - start;
    return this;
  }

  /** bytes [position, position + length) of the ranges' file come next */
  fileRange(position: number, length: number): this {
    this.flush();
    this.parts.push(this.ranges.hash(position, length));
    return this;
  }

  async digest(): Promise<number> {
    this.flush();
    await this.ranges.finish();
    let crc = 0;
    for (const p of this.parts) crc = crc32cCombine(crc, this.ranges.crcOf(p), p.length);
    return crc;
  }

  private flush(): void {
    if (this.runningLength === 0) return;
    this.parts.push({ length: this.runningLength, crc: this.running });
    this.running = 0;
    this.runningLength = 0;
  }
}
