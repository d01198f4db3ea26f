// Writing a WAL the way etcd's wal.Create / Save / SaveSnapshot / cut do (layout in frame.ts,
// record types in record-types.ts, CRC chain in reader.ts).
//
// create(dir, metadata): segment 0000000000000000-0000000000000000.wal (mode 0600) with the
//   records crc(0), metadata, snapshot{0,0}; the file is extended to the segment size
//   (64,000,000 bytes) as etcd preallocates it (here sparse, same bytes).
// save(state, entries): one entry record per entry, then a state record unless the HardState is
//   all zero; afterwards, if the write offset >= segment size, cut: truncate the segment at the
//   offset, start segment (seq+1, lastIndex+1) with crc(running), metadata, last non-empty state.
// saveSnapshot(s): one snapshot record.
// close(): flush, fsync and close every segment.
// The directory must exist and hold no segment: callers build in a temporary directory and
// rename it into place (no half-written WAL is ever visible under the final name).
import * as path from 'node:path';
import { DiskError } from '../errors.js';
import { crc32cUpdate } from '../crc32c.js';
import { BufferedFile, readDirSorted } from '../fsutil.js';
import type { LogSink } from '../log.js';
import { encodeWalRecord, encodeWalSnapshot, type WalSnapshot } from '../proto/walpb.js';
import { encodeEntry, encodeHardState, isEmptyHardState, type Entry, type HardState } from '../proto/raftpb.js';
import { encodeFrame } from './frame.js';
import { walName, parseWalName } from './names.js';
import { RecordType } from './record-types.js';

/** etcd's wal.SegmentSizeBytes: 64 * 1000 * 1000. */
export const SEGMENT_SIZE_BYTES = 64 * 1000 * 1000;

export interface WalWriterOptions {
  /** segment size for preallocation and cuts (tests use small values) */
  segmentSize?: number;
  /** extend each segment to segmentSize like etcd's preallocation (default true) */
  preallocate?: boolean;
  /** directory name used in the "created a new WAL segment" log line (the final WAL dir) */
  logDir?: string;
  log?: LogSink;
}

export class WalWriter {
  private file: BufferedFile;
  private seq = 0n;
  private crc = 0;
  private lastIndex = 0n;
  private state: HardState = { term: 0n, vote: 0n, commit: 0n };
  private readonly segmentSize: number;
  private readonly preallocate: boolean;
  /** every segment path written, in order */
  readonly files: string[] = [];
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly metadata: Buffer,
    private readonly opts: WalWriterOptions,
  ) {
    this.segmentSize = opts.segmentSize ?? SEGMENT_SIZE_BYTES;
    this.preallocate = opts.preallocate ?? true;
    this.file = this.openSegment(walName(0n, 0n));
  }

  /**
   * A whole WAL: create, the records `write` saves, close (synced); on a failure closed unsynced.
   * Returns the closed writer (its `files`).
   */
  static write(dir: string, metadata: Buffer, opts: WalWriterOptions, write: (w: WalWriter) => void): WalWriter {
    const w = WalWriter.create(dir, metadata, opts);
    try {
      write(w);
      w.close();
      return w;
    } catch (err) {
      w.abort();
      throw err;
    }
  }

  /** wal.Create into an existing directory without segments. */
  static create(dir: string, metadata: Buffer, opts: WalWriterOptions = {}): WalWriter {
    const names = readDirSorted(dir);
    if (names.some((n) => parseWalName(n) !== undefined)) throw new DiskError('file already exists', 'WAL_EXISTS');
    const w = new WalWriter(dir, metadata, opts);
    try {
      w.writeRecord(RecordType.Crc, undefined, 0);
      w.writeRecord(RecordType.Metadata, metadata);
      w.saveSnapshot({ index: 0n, term: 0n });
    } catch (err) {
      w.file.closeQuietly();
      throw err;
    }
    return w;
  }

  private openSegment(name: string): BufferedFile {
    const p = path.join(this.dir, name);
    const f = new BufferedFile(p, 0o600);
    if (this.preallocate) f.truncate(this.segmentSize);
    this.files.push(p);
    return f;
  }

  /** Appends one record; `crcOverride` is used for crc records (which carry the running value). */
  private writeRecord(type: bigint, data: Buffer | undefined, crcOverride?: number): void {
    let crc: number;
    if (crcOverride !== undefined) {
      crc = crcOverride;
    } else {
      this.crc = crc32cUpdate(this.crc, data ?? EMPTY);
      crc = this.crc;
    }
    this.file.write(encodeFrame(encodeWalRecord({ type, crc, data })));
  }

  /** wal.Save: entries, then the HardState (unless empty), then a cut when the segment is full. */
  save(state: HardState, entries: readonly Entry[]): void {
    this.assertOpen();
    if (isEmptyHardState(state) && entries.length === 0) return;
    for (const e of entries) {
      this.writeRecord(RecordType.Entry, encodeEntry(e));
      this.lastIndex = e.index;
    }
    if (!isEmptyHardState(state)) {
      this.state = state;
      this.writeRecord(RecordType.State, encodeHardState(state));
    }
    if (this.file.offset >= this.segmentSize) this.cut();
  }

  /** wal.SaveSnapshot. */
  saveSnapshot(s: WalSnapshot): void {
    this.assertOpen();
    this.writeRecord(RecordType.Snapshot, encodeWalSnapshot(s));
    if (this.lastIndex < s.index) this.lastIndex = s.index;
  }

  private cut(): void {
    const off = this.file.offset;
    this.file.truncate(off);
    this.file.sync();
    this.file.close();
    this.seq += 1n;
    const name = walName(this.seq, this.lastIndex + 1n);
    this.file = this.openSegment(name);
    const prev = this.crc;
    this.writeRecord(RecordType.Crc, undefined, prev);
    this.writeRecord(RecordType.Metadata, this.metadata);
    if (!isEmptyHardState(this.state)) this.writeRecord(RecordType.State, encodeHardState(this.state));
    this.opts.log?.({
      level: 'info',
      msg: 'created a new WAL segment',
      caller: 'wal/wal.go:784',
      fields: [['path', path.join(this.opts.logDir ?? this.dir, name)]],
    });
  }

  /** The running CRC after the last record. */
  get lastCrc(): number {
    return this.crc;
  }

  private assertOpen(): void {
    if (this.closed) throw new DiskError('wal: writer closed', 'WAL_CORRUPT');
  }

  /** Flushes, fsyncs and closes the current segment. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.sync();
    this.file.close();
  }

  /** Closes without syncing (after a failure). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.closeQuietly();
  }
}

const EMPTY = new Uint8Array(0);
