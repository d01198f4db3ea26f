// Waiting for the flock(2) a running etcd holds on its bolt database.
//
// bbolt opens a database read-only with flock(LOCK_SH) and read-write with flock(LOCK_EX), with no
// timeout; etcd keeps LOCK_EX while it runs. So etcdctl's `snapshot status` on a live member's db
// blocks until the member stops, and `backup --with-v3` logs "waiting to acquire lock on <db>"
// after one second and keeps waiting. Node has no flock(2) binding, so:
//
// strategy 'flock' (default when util-linux flock(1) is on PATH): the database is opened here and
//   its descriptor is handed to `flock --shared 0` as the child's stdin. flock(1) locks that
//   open file description and exits once the lock is granted; the lock then belongs to our still
//   open descriptor (flock locks follow the open file description, not the process) and lasts
//   until we close it. This is exactly bbolt's shared lock: no file is created, no window
//   between checking and reading, and a writer (etcd starting) waits for us in turn.
// strategy 'proc': poll /proc/locks every 100 ms until no FLOCK WRITE lock is held on the file's
//   device:inode (a check, not a lock: a process may lock the file right after).
// strategy 'none': do not wait.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskError } from './errors.js';

export type LockStrategy = 'auto' | 'flock' | 'proc' | 'none';

export interface WaitLockOptions {
  strategy?: LockStrategy;
  /** called once if the lock is not obtained within `waitingAfterMs` (default 1000) */
  onWaiting?: () => void;
  waitingAfterMs?: number;
  signal?: AbortSignal;
}

function findOnPath(bin: string): string | undefined {
  const dirs = (process.env.PATH ?? '/usr/bin:/bin').split(':');
  for (const d of [...dirs, '/usr/bin', '/bin']) {
    if (!d) continue;
    const p = path.join(d, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

function abortError(): DiskError {
  return new DiskError('aborted while waiting for the database lock', 'ABORTED');
}

/** Takes a shared flock on the open file description of `fd` with flock(1). */
function flockShared(flockBin: string, fd: number, opts: WaitLockOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(flockBin, ['--shared', '0'], { stdio: [fd, 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => opts.onWaiting?.(), opts.waitingAfterMs ?? 1000);
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) reject(abortError());
      else if (code === 0) resolve();
      else reject(new DiskError(`flock: ${stderr.trim() || `exit status ${code}`}`, 'IO'));
    });
  });
}

/** Whether /proc/locks lists an exclusive flock on the file behind `fd`; undefined if unknown. */
export function exclusiveFlockHeld(fd: number): boolean | undefined {
  let text: string;
  try {
    text = fs.readFileSync('/proc/locks', 'utf8');
  } catch {
    return undefined;
  }
  const st = fs.fstatSync(fd, { bigint: true });
  const dev = st.dev;
  // Linux new_encode_dev: major = (dev >> 8) & 0xfff | (dev >> 32) & ~0xfff; minor = dev & 0xff | (dev >> 12) & ~0xff
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  for (const line of text.split('\n')) {
    // "1: FLOCK  ADVISORY  WRITE 1234 fd:00:5678 0 EOF"  (blocked waiters have "->")
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || f[1] !== 'FLOCK' || f[2] === '->') continue;
    if (f[3] !== 'WRITE') continue;
    const [ma, mi, ino] = (f[5] ?? '').split(':');
    if (ma === undefined || mi === undefined || ino === undefined) continue;
    if (BigInt('0x' + ma) === major && BigInt('0x' + mi) === minor && BigInt(ino) === st.ino) return true;
  }
  return false;
}

async function pollProcLocks(fd: number, opts: WaitLockOptions): Promise<void> {
  const start = Date.now();
  let warned = false;
  for (;;) {
    if (opts.signal?.aborted) throw abortError();
    const held = exclusiveFlockHeld(fd);
    if (held !== true) return;
    if (!warned && Date.now() - start >= (opts.waitingAfterMs ?? 1000)) {
      warned = true;
      opts.onWaiting?.();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the database open on `fd` can be read the way bbolt's read-only open would:
 * with strategy 'flock' a shared lock is then held by `fd` until it is closed.
 */
export async function waitSharedLock(fd: number, opts: WaitLockOptions = {}): Promise<void> {
  const strategy = opts.strategy ?? 'auto';
  if (strategy === 'none') return;
  if (strategy === 'flock' || strategy === 'auto') {
    const bin = findOnPath('flock');
    if (bin) {
      await flockShared(bin, fd, opts);
      return;
    }
    if (strategy === 'flock') throw new DiskError('flock: command not found', 'IO');
  }
  await pollProcLocks(fd, opts);
}
