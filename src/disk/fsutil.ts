// Small synchronous file-system helpers shared by the disk algorithms: Go-worded errors, fsync of
// files and directories, directory listings as etcd's fileutil.ReadDir makes them, unique
// temporary paths next to a target, and an undo list for directories we create.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskError, pathError, linkError, isErrno } from './errors.js';

/** fileutil.ReadDir: sorted entry names; errors worded as Go's (open/readdirent). */
export function readDirSorted(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (err) {
    if (isErrno(err, 'ENOTDIR')) throw pathError('readdirent', dir, err);
    throw pathError('open', dir, err);
  }
}

/** Opens a file (or directory) read-only; fails as Go's os.Open does ("open <p>: ..."). */
export function openReadOnly(p: string): number {
  try {
    return fs.openSync(p, 'r');
  } catch (err) {
    throw pathError('open', p, err);
  }
}

/** fsync a file or directory by path. */
export function fsyncPath(p: string): void {
  const fd = openReadOnly(p);
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    throw pathError('sync', p, err);
  } finally {
    fs.closeSync(fd);
  }
}

/** os.Stat success, as etcd's fileutil.Exist. */
export function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** A fresh, not yet existing path in the directory of `target`: <dir>/.<base>.tmp-<hex>. */
export function tempSibling(target: string): string {
  const dir = path.dirname(path.resolve(target));
  const base = path.basename(path.resolve(target));
  for (;;) {
    // Web Crypto's global: importing node:crypto would cost every reader (status) its load time
    const p = path.join(dir, `.${base}.tmp-${Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex')}`);
    if (!fs.existsSync(p)) return p;
  }
}

/**
 * The error Go's os.MkdirAll reports: ENOTDIR for the deepest existing ancestor that is not a
 * directory, otherwise the errno of the first component that could not be made.
 */
export function mkdirAllError(dir: string, err: unknown): DiskError {
  const abs = path.resolve(dir);
  const parts: string[] = [];
  for (let p = abs; ; p = path.dirname(p)) {
    parts.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of parts) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return pathError('mkdir', relativeLike(dir, p), err);
      return pathError('mkdir', relativeLike(dir, p), e);
    }
    if (!st.isDirectory()) return pathError('mkdir', relativeLike(dir, p), { code: 'ENOTDIR' });
  }
  return pathError('mkdir', dir, err);
}

/** `p` (absolute, a prefix of resolve(dir)) written the way `dir` was written (relative or not). */
function relativeLike(dir: string, p: string): string {
  if (path.isAbsolute(dir)) return p;
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel;
}

/**
 * Records directories (and files) created during an operation so that a failure can remove
 * exactly those, leaving anything that existed before untouched.
 */
export class Undo {
  private readonly created: string[] = [];

  /** mkdir -p with `mode`; remembers the top-most directory it had to create. */
  mkdirp(dir: string, mode = 0o700): void {
    let first: string | undefined;
    try {
      first = fs.mkdirSync(dir, { recursive: true, mode });
    } catch (err) {
      throw mkdirAllError(dir, err);
    }
    if (first) this.created.push(first);
  }

  /** Remember a path (file or directory tree) to remove on rollback. */
  track(p: string): void {
    this.created.push(p);
  }

  /** Forget a tracked path (it was renamed into place, or must survive). */
  untrack(p: string): void {
    const i = this.created.lastIndexOf(p);
    if (i >= 0) this.created.splice(i, 1);
  }

  rollback(): void {
    for (const p of this.created.reverse()) {
      try {
        fs.rmSync(p, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
    this.created.length = 0;
  }

  commit(): void {
    this.created.length = 0;
  }
}

/** rename with fsync of the destination's parent directory. */
export function renameDurable(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    throw linkError('rename', from, to, err);
  }
  fsyncPath(path.dirname(path.resolve(to)));
}

/** pread until buf is full or the file ends: the bytes read (fewer only at its end); a failure is `read <file>: <why>`. */
export function readFullAt(fd: number, buf: Uint8Array, position: number, file: string): number {
  let got = 0;
  while (got < buf.length) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, got, buf.length - got, position + got);
    } catch (err) {
      throw pathError('read', file, err);
    }
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** pwrite until all of data is written; a failure is `write <file>: <why>`. */
export function writeFullAt(fd: number, data: Uint8Array, position: number, file: string): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(fd, data, off, data.length - off, position + off);
    } catch (err) {
      throw pathError('write', file, err);
    }
  }
}

/**
 * A sequential file writer with a large buffer (fs.writeSync at explicit offsets). Used for WAL
 * segments, .snap files and bolt databases.
 */
export class BufferedFile {
  private buf: Buffer;
  private used = 0;
  /** file offset of buf[0] */
  private base = 0;
  readonly fd: number;

  constructor(
    readonly path: string,
    mode: number,
    bufferSize = 1 << 20,
  ) {
    try {
      this.fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, mode);
    } catch (err) {
      throw pathError('open', path, err);
    }
    this.buf = Buffer.allocUnsafe(bufferSize);
  }

  /** current logical write offset */
  get offset(): number {
    return this.base + this.used;
  }

  write(data: Uint8Array): void {
    if (this.used + data.length > this.buf.length) {
      this.flush();
      if (data.length >= this.buf.length) {
        this.writeAt(data, this.base);
        this.base += data.length;
        return;
      }
    }
    this.buf.set(data, this.used);
    this.used += data.length;
  }

  /** Writes at an absolute position (flushes first); does not move the sequential offset. */
  pwrite(data: Uint8Array, position: number): void {
    this.flush();
    this.writeAt(data, position);
  }

  private writeAt(data: Uint8Array, position: number): void {
    writeFullAt(this.fd, data, position, this.path);
  }

  flush(): void {
    if (this.used === 0) return;
    this.writeAt(this.buf.subarray(0, this.used), this.base);
    this.base += this.used;
    this.used = 0;
  }

  truncate(size: number): void {
    this.flush();
    try {
      fs.ftruncateSync(this.fd, size);
    } catch (err) {
      throw pathError('truncate', this.path, err);
    }
  }

  sync(): void {
    this.flush();
    try {
      fs.fsyncSync(this.fd);
    } catch (err) {
      throw pathError('sync', this.path, err);
    }
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  /** Close without flushing (after an error). */
  closeQuietly(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // ignore
    }
  }
}
