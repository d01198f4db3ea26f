// Reading a WAL directory the way etcd's wal.OpenForRead + ReadAll do (read-only mode, as
// `etcdctl backup` uses it). Nothing is written, renamed or locked.
//
// 1. Segment selection: the sorted *.wal names; scanning backwards, the first whose index is
//    <= snap.index starts the read ("wal: file not found" if none, or if the sequence numbers from
//    there on are not consecutive).
// 2. Frames are decoded across the selected segments in order (frame.ts). A segment ends at EOF
//    or at a zero lenField. The running CRC-32C chains across segments: each non-crc record's
//    crc = crc32c_update(running, data); a crc record carries the running value and, when the
//    reader's value is non-zero, must equal it ("wal: crc mismatch").
// 3. Read-only semantics: a short frame or short length (anywhere), or an undecodable/CRC-failing
//    record in the last segment that looks like a torn write, ends the read normally. Other
//    decode failures are errors ("walpb: crc mismatch", gogo's proto errors, ...).
// 4. Records: entry -> kept iff index > snap.index, and a re-written index truncates everything
//    after it ("wal: slice bounds out of range" for gaps); state -> last wins; metadata -> all
//    must be identical ("wal: conflicting metadata found"); snapshot -> a record with snap.index
//    must have snap.term ("wal: snapshot mismatch") and marks the snapshot as found; any other
//    type -> "unexpected block type N".
// Memory: one frame at a time is read from disk (fs.readSync at offsets); entries are kept.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskError, pathError } from '../errors.js';
import { crc32cUpdate } from '../crc32c.js';
import { readDirSorted, readFullAt } from '../fsutil.js';
import type { LogSink } from '../log.js';
import { decodeWalRecord, decodeWalSnapshot, type WalRecord, type WalSnapshot } from '../proto/walpb.js';
import { decodeEntry, decodeHardState, type Entry, type HardState } from '../proto/raftpb.js';
import { ProtoDecodeError } from '../proto/wire.js';
import { decodeFrameSize, isTornEntry, FRAME_HEADER_BYTES, MAX_WAL_ENTRY_SIZE_LIMIT } from './frame.js';
import { parseWalName, searchIndex, isValidSeq } from './names.js';
import { RecordType } from './record-types.js';

export const ErrFileNotFound = 'wal: file not found';

/** WAL file names of a directory (sorted), warning about foreign files as etcd does. */
export function readWalNames(dir: string, log?: LogSink): string[] {
  const names = readDirSorted(dir);
  const out: string[] = [];
  for (const n of names) {
    if (parseWalName(n)) out.push(n);
    else if (!n.endsWith('.tmp')) {
      log?.({ level: 'warn', msg: 'ignored file in WAL directory', caller: 'wal/util.go:99', fields: [['path', n]] });
    }
  }
  if (out.length === 0) throw new DiskError(ErrFileNotFound, 'WAL_FILE_NOT_FOUND');
  return out;
}

/** The segment names a read starting at `snapIndex` uses (wal.selectWALFiles). */
export function selectWalFiles(dir: string, snapIndex: bigint, log?: LogSink): string[] {
  const names = readWalNames(dir, log);
  const i = searchIndex(names, snapIndex);
  if (i < 0 || !isValidSeq(names.slice(i))) throw new DiskError(ErrFileNotFound, 'WAL_FILE_NOT_FOUND');
  return names.slice(i);
}

type DecodeResult = { rec: WalRecord } | { end: 'eof' | 'unexpected-eof' };

/** One segment file read sequentially with positioned reads. */
class SegmentReader {
  private fd: number;
  offset = 0;
  readonly size: number;

  constructor(readonly file: string) {
    try {
      this.fd = fs.openSync(file, 'r');
      this.size = fs.fstatSync(this.fd).size;
    } catch (err) {
      throw pathError('open', file, err);
    }
  }

  /** Reads up to n bytes; returns fewer only at EOF. */
  read(n: number): Buffer {
    const want = Math.max(0, Math.min(n, this.size - this.offset));
    const out = Buffer.allocUnsafe(want);
    const got = readFullAt(this.fd, out, this.offset, this.file);
    this.offset += got;
    return got === want ? out : out.subarray(0, got);
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // ignore
    }
  }
}

/** wal/decoder.go over a list of segment files. */
export class WalDecoder {
  private readers: SegmentReader[];
  private idx = 0;
  /** offset in the current file following the last valid frame */
  lastValidOff = 0;
  /** running CRC (finalised form) */
  crc = 0;

  constructor(files: string[]) {
    this.readers = [];
    try {
      for (const f of files) this.readers.push(new SegmentReader(f));
    } catch (err) {
      this.close();
      throw err;
    }
  }

  get currentFile(): string | undefined {
    return this.readers[this.idx]?.file;
  }

  close(): void {
    for (const r of this.readers) r.close();
  }

  updateCrc(prev: number): void {
    this.crc = prev >>> 0;
  }

  decode(): DecodeResult {
    for (;;) {
      const rd = this.readers[this.idx];
      if (!rd) return { end: 'eof' };
      const head = rd.read(FRAME_HEADER_BYTES);
      let lenField = 0n;
      if (head.length === FRAME_HEADER_BYTES) lenField = head.readBigUInt64LE(0);
      if (head.length === 0 || (head.length === FRAME_HEADER_BYTES && lenField === 0n)) {
        // end of file or preallocated space: next segment
        this.idx++;
        this.lastValidOff = 0;
        if (this.idx >= this.readers.length) return { end: 'eof' };
        continue;
      }
      if (head.length < FRAME_HEADER_BYTES) return { end: 'unexpected-eof' };
      const { recBytes, padBytes } = decodeFrameSize(lenField);
      if (recBytes >= BigInt(MAX_WAL_ENTRY_SIZE_LIMIT - padBytes)) {
        throw new DiskError('wal: max entry size limit exceeded', 'WAL_MAX_ENTRY_SIZE');
      }
      const total = Number(recBytes) + padBytes;
      const data = rd.read(total);
      if (data.length < total) return { end: 'unexpected-eof' };
      const isLast = this.idx === this.readers.length - 1;
      const torn = (): boolean => isLast && isTornEntry(data, this.lastValidOff + FRAME_HEADER_BYTES);
      let rec: WalRecord;
      try {
        rec = decodeWalRecord(data.subarray(0, Number(recBytes)));
      } catch (err) {
        if (torn()) return { end: 'unexpected-eof' };
        if (err instanceof ProtoDecodeError && err.unexpectedEof) return { end: 'unexpected-eof' };
        throw err;
      }
      if (rec.type !== RecordType.Crc) {
        this.crc = crc32cUpdate(this.crc, rec.data ?? EMPTY);
        if (rec.crc !== this.crc) {
          if (torn()) return { end: 'unexpected-eof' };
          throw new DiskError('walpb: crc mismatch', 'WAL_RECORD_CRC_MISMATCH');
        }
      }
      this.lastValidOff += FRAME_HEADER_BYTES + total;
      return { rec };
    }
  }
}

const EMPTY = new Uint8Array(0);

export interface WalReadResult {
  /** data of the metadata records (all identical); undefined when the WAL had none */
  metadata?: Buffer;
  /** last HardState seen (all zero when none) */
  state: HardState;
  /** entries after the snapshot index, in index order */
  entries: Entry[];
  /** a snapshot record matching the requested snapshot was seen (else etcd's ErrSnapshotNotFound) */
  snapshotFound: boolean;
  /** the segment paths that were read */
  files: string[];
  /** running CRC after the last valid record */
  lastCrc: number;
  /** how the read ended: clean EOF, or a truncated/torn tail that read-only mode accepts */
  end: 'eof' | 'unexpected-eof';
}

export interface ReadWalOptions {
  log?: LogSink;
}

function mustDecode<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ProtoDecodeError) {
      throw new DiskError(`wal: cannot unmarshal ${what} record: ${err.message}`, 'WAL_CORRUPT');
    }
    throw err;
  }
}

/**
 * wal.OpenForRead(dir, snap) + ReadAll(). Returns the data even when the snapshot record was not
 * found (snapshotFound=false), as etcd returns it alongside ErrSnapshotNotFound.
 */
export function readWal(dir: string, snap: WalSnapshot, opts: ReadWalOptions = {}): WalReadResult {
  const names = selectWalFiles(dir, snap.index, opts.log);
  const files = names.map((n) => path.join(dir, n));
  const dec = new WalDecoder(files);
  let metadata: Buffer | undefined;
  let state: HardState = { term: 0n, vote: 0n, commit: 0n };
  const entries: Entry[] = [];
  let match = false;
  try {
    for (;;) {
      const r = dec.decode();
      if ('end' in r) {
        return { metadata, state, entries, snapshotFound: match, files, lastCrc: dec.crc, end: r.end };
      }
      const rec = r.rec;
      switch (rec.type) {
        case RecordType.Entry: {
          const e = mustDecode('entry', () => decodeEntry(rec.data ?? EMPTY));
          if (e.index > snap.index) {
            const up = e.index - snap.index - 1n;
            if (up > BigInt(entries.length)) throw new DiskError('wal: slice bounds out of range', 'WAL_SLICE_OUT_OF_RANGE');
            entries.length = Number(up);
            entries.push(e);
          }
          break;
        }
        case RecordType.State:
          state = mustDecode('state', () => decodeHardState(rec.data ?? EMPTY));
          break;
        case RecordType.Metadata: {
          if (metadata !== undefined && !metadata.equals(rec.data ?? EMPTY)) {
            throw new DiskError('wal: conflicting metadata found', 'WAL_METADATA_CONFLICT');
          }
          metadata = rec.data !== undefined ? Buffer.from(rec.data) : undefined;
          break;
        }
        case RecordType.Crc: {
          if (dec.crc !== 0 && rec.crc !== dec.crc) throw new DiskError('wal: crc mismatch', 'WAL_CRC_MISMATCH');
          dec.updateCrc(rec.crc);
          break;
        }
        case RecordType.Snapshot: {
          const s = mustDecode('snapshot', () => decodeWalSnapshot(rec.data ?? EMPTY));
          if (s.index === snap.index) {
            if (s.term !== snap.term) throw new DiskError('wal: snapshot mismatch', 'WAL_SNAPSHOT_MISMATCH');
            match = true;
          }
          break;
        }
        default:
          throw new DiskError(`unexpected block type ${rec.type}`, 'WAL_UNEXPECTED_BLOCK_TYPE');
      }
    }
  } finally {
    dec.close();
  }
}
