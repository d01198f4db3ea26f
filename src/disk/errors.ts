// Errors of the offline disk layer. Every failure is a DiskError carrying a stable `code` and a
// message worded as etcd/etcdctl 3.4.23 words it where etcd has a wording ("wal: crc mismatch",
// "snap: crc mismatch", "invalid database", `data-dir "x" exists`, ...). Errors that come from the
// operating system are rendered the way Go's *os.PathError prints them ("open /x: no such file or
// directory"), because etcdctl prints those verbatim.

export type DiskErrorCode =
  // operating-system errors (message = Go's PathError text); errno in DiskError.errno
  | 'IO'
  // WAL (etcd wal package)
  | 'WAL_FILE_NOT_FOUND'
  | 'WAL_CRC_MISMATCH'
  | 'WAL_RECORD_CRC_MISMATCH'
  | 'WAL_SNAPSHOT_MISMATCH'
  | 'WAL_SNAPSHOT_NOT_FOUND'
  | 'WAL_METADATA_CONFLICT'
  | 'WAL_SLICE_OUT_OF_RANGE'
  | 'WAL_MAX_ENTRY_SIZE'
  | 'WAL_UNEXPECTED_BLOCK_TYPE'
  | 'WAL_EXISTS'
  | 'WAL_CORRUPT'
  // snap (etcd snap package)
  | 'SNAP_NO_SNAPSHOT'
  | 'SNAP_EMPTY'
  | 'SNAP_CRC_MISMATCH'
  | 'SNAP_CORRUPT'
  // protobuf decoding
  | 'PROTO_DECODE'
  // bbolt
  | 'BOLT_INVALID'
  | 'BOLT_VERSION_MISMATCH'
  | 'BOLT_CHECKSUM'
  | 'BOLT_FILE_TOO_SMALL'
  | 'BOLT_TRUNCATED'
  | 'BOLT_CORRUPT'
  | 'BOLT_CHECK_FAILED'
  | 'BOLT_NOT_BUCKET'
  | 'BOLT_WRITE'
  // etcdctl-level configuration and algorithm errors
  | 'BAD_CONFIG'
  | 'DATA_DIR_EXISTS'
  | 'WAL_DIR_EXISTS'
  | 'DIR_NOT_EMPTY'
  | 'HASH_MISSING'
  | 'HASH_MISMATCH'
  | 'SNAPSHOT_TRUNCATED'
  | 'ABORTED';

export class DiskError extends Error {
  override readonly name = 'DiskError';
  constructor(
    message: string,
    readonly code: DiskErrorCode,
    /** errno name (ENOENT, EACCES, ...) for code 'IO' */
    readonly errno?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** strerror texts as Go's syscall.Errno.Error() prints them on Linux. */
const ERRNO_TEXT: Record<string, string> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  EIO: 'input/output error',
  EBADF: 'bad file descriptor',
  EAGAIN: 'resource temporarily unavailable',
  ENOMEM: 'cannot allocate memory',
  EACCES: 'permission denied',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  EXDEV: 'invalid cross-device link',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EINVAL: 'invalid argument',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EFBIG: 'file too large',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMLINK: 'too many links',
  ENAMETOOLONG: 'file name too long',
  ENOTEMPTY: 'directory not empty',
  ELOOP: 'too many levels of symbolic links',
  EDQUOT: 'disk quota exceeded',
  ETXTBSY: 'text file busy',
};

function errnoOf(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}

/** The Go text of an errno ("no such file or directory"), or Node's message when unknown. */
export function errnoText(err: unknown): string {
  const code = errnoOf(err);
  if (code && ERRNO_TEXT[code]) return ERRNO_TEXT[code];
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A DiskError worded like Go's *os.PathError: `<op> <path>: <strerror>`. */
export function pathError(op: string, path: string, err: unknown): DiskError {
  if (err instanceof DiskError) return err;
  return new DiskError(`${op} ${path}: ${errnoText(err)}`, 'IO', errnoOf(err), { cause: err });
}

/** Go's *os.LinkError text: `rename <old> <new>: <strerror>`. */
export function linkError(op: string, oldPath: string, newPath: string, err: unknown): DiskError {
  if (err instanceof DiskError) return err;
  return new DiskError(`${op} ${oldPath} ${newPath}: ${errnoText(err)}`, 'IO', errnoOf(err), { cause: err });
}

export function isErrno(err: unknown, code: string): boolean {
  return errnoOf(err) === code;
}
