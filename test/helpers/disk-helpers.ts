// Helpers for the disk-format tests: temporary directories, tree fingerprints (to prove a source
// directory was not modified), and small wrappers around the real etcd/etcdctl.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { real, type RunResult } from './run.js';
import { EtcdMember, freePort, type MemberOptions } from './etcd.js';

export function tmp(prefix = 'disk-'): string {
  return fs.mkdtempSync(path.join(tmpdir(), `etcdctl-ts-${prefix}`));
}

/** A maker of fresh, numbered, empty directories below `root`. */
export function dirMaker(root: string): (name?: string) => string {
  let n = 0;
  return (name = 'd') => {
    const d = path.join(root, `${name}-${++n}`);
    fs.mkdirSync(d);
    return d;
  };
}

/** Two new directories, ours and etcdctl's, each prepared by `setup`: one command, two runs. */
export function twinDirs(newDir: (name?: string) => string, setup?: (dir: string) => void): [string, string] {
  const dirs: [string, string] = [newDir(), newDir()];
  for (const d of dirs) setup?.(d);
  return dirs;
}

/** name -> "mode size sha256" for every entry below `dir` (sorted), to compare before/after. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(dir, p);
      if (st.isDirectory()) {
        out[rel + '/'] = `${(st.mode & 0o7777).toString(8)} dir`;
        walk(p);
      } else {
        const h = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
        out[rel] = `${(st.mode & 0o7777).toString(8)} ${st.size} ${h}`;
      }
    }
  };
  walk(dir);
  return out;
}

/** Runs the real etcdctl (v3 unless told) and fails loudly on a non-zero exit. */
export async function realOk(args: string[], api: '2' | '3' = '3'): Promise<RunResult> {
  const r = await real(args, { api });
  if (r.code !== 0) throw new Error(`etcdctl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

/** Real `etcdctl snapshot status -w json` parsed. */
export async function realStatus(file: string): Promise<{ hash: number; revision: number; totalKey: number; totalSize: number }> {
  const r = await realOk(['snapshot', 'status', file, '-w', 'json']);
  return JSON.parse(r.stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
}

/** Starts a real etcd (3.4.23 unless opts.etcdBin says) on an existing (restored or backed-up) data dir. */
export async function startOnDataDir(
  name: string,
  dataDir: string,
  peerPort: number,
  extraArgs: string[] = [],
  opts: MemberOptions = {},
): Promise<EtcdMember> {
  const clientPort = await freePort();
  const m = new EtcdMember(name, clientPort, peerPort, dataDir, `${name}=http://127.0.0.1:${peerPort}`, 'new', { ...opts, extraArgs });
  await m.start();
  await m.waitHealthy();
  return m;
}

/** Collects the chunks of a file as an async iterable (for the snapshot file writer). */
export async function* fileChunks(file: string, chunkSize = 32 * 1024): AsyncGenerator<Buffer> {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    for (let off = 0; off < size; off += chunkSize) {
      const b = Buffer.alloc(Math.min(chunkSize, size - off));
      fs.readSync(fd, b, 0, b.length, off);
      yield b;
    }
  } finally {
    fs.closeSync(fd);
  }
}
