// Running the command given to `watch ... -- cmd` and `lock <name> cmd` the way Go's os/exec
// does for etcdctl: the program is looked up in $PATH unless its name has a slash, stdin is
// /dev/null, stdout and stderr are etcdctl's own, and the environment is a list in which the
// last entry for a name wins. Errors are worded as Go's: `exit status 3`, `signal: killed`,
// `exec: "x": executable file not found in $PATH`, `fork/exec ./x: permission denied`.
import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { IO } from '../../src/cli/core/io.js';
import { goQuote } from '../../src/format/go-quote.js';

/** os/signal names as Go's syscall.Signal.String() prints them */
const SIGNAL_NAMES: Record<string, string> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
};

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOEXEC: 'exec format error',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
};

function isExecutable(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isDirectory() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** exec.LookPath (Go 1.19: a match in a relative $PATH entry is an error) */
function lookPath(file: string, pathEnv: string): { path: string } | { err: string } {
  if (file.includes('/')) return { path: file };
  for (const dir of pathEnv.split(delimiter)) {
    const p = join(dir === '' ? '.' : dir, file);
    if (!isExecutable(p)) continue;
    if (!p.startsWith('/')) return { err: `exec: ${goQuote(file)}: cannot run executable found relative to current directory` };
    return { path: p };
  }
  return { err: `exec: ${goQuote(file)}: executable file not found in $PATH` };
}

/** The environment as a Go []string made into a map: later entries win (exec's dedupEnv). */
export function environ(...parts: Array<Record<string, string | undefined> | Array<[string, string]>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const part of parts) {
    const entries = Array.isArray(part) ? part : Object.entries(part);
    for (const [k, v] of entries) {
      if (v === undefined) continue;
      delete env[k];
      env[k] = v;
    }
  }
  return env;
}

/** cmd.Run(): resolves with undefined when the command exited 0, else with Go's error text. */
export async function runCommand(argv: string[], env: Record<string, string>, io: IO): Promise<string | undefined> {
  const [name, ...args] = argv as [string, ...string[]];
  const found = lookPath(name, io.env.PATH ?? '');
  if ('err' in found) return found.err;
  // loaded here: every command's module is evaluated at start, and child_process costs ms
  const { spawn } = await import('node:child_process');
  const path = found.path;
  const inherit = io.childStdio === 'inherit';
  return new Promise((resolve) => {
    const child = spawn(path, args, {
      argv0: name,
      env,
      cwd: io.cwd,
      stdio: ['ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => io.stdout.write(d));
    child.stderr?.on('data', (d: Buffer) => io.stderr.write(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      resolve(`fork/exec ${path}: ${ERRNO_TEXT[e.code ?? ''] ?? e.message}`);
    });
    child.on('close', (code, signal) => {
      if (signal) resolve(`signal: ${SIGNAL_NAMES[signal] ?? signal}`);
      else if (code !== 0) resolve(`exit status ${code}`);
      else resolve(undefined);
    });
  });
}
