// Password prompts. etcdctl (bgentry/speakeasy) writes the prompt to stdout, turns terminal echo
// off, reads one line, trims surrounding white space and ends the prompt line with "\n". With no
// terminal speakeasy does the same: its `stty -echo` and `stty echo` fail (two lines on stderr)
// and the line is read from the pipe one byte at a time, so what follows it (a second prompt's
// line, a value) is still there for the next reader. Scripts rely on that; so do we.
import type { Readable } from 'node:stream';
import { CliError } from './errors.js';
import type { IO } from './io.js';
import { readLine } from './line-reader.js';

/** What Debian's stty says (on stderr) when speakeasy runs it on a stdin that is not a terminal. */
export const STTY_NOT_A_TTY = "stty: 'standard input': Inappropriate ioctl for device\n";

/**
 * Writes `prompt` to stdout and reads one line from the terminal with echo off; with stdin not a
 * terminal, reads one line from it as speakeasy does (its two stty complaints on stderr).
 * Ctrl-C restores the terminal and ends the process as speakeasy does (exit 255, no message).
 * (exitCode and wrap are kept for callers; no failure of a pipe read uses them.)
 */
export function askPassword(io: IO, prompt: string, _exitCode: number, _wrap?: (reason: string) => string): Promise<string> {
  if (!io.stdinIsTTY) return askFromPipe(io, prompt);
  const stdin = io.stdin as NodeJS.ReadStream;
  io.stdout.write(prompt);
  return new Promise((resolve, reject) => {
    let line = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      io.stdout.write('\n');
      if (err) reject(err);
      else resolve(line.trim());
    };
    const onEnd = () => done();
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('interrupted', 255, ''));
        if (ch === '\u0004') {
          if (line === '') return done();
          continue;
        }
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else if (ch === '\u0015') line = '';
        else line += ch;
      }
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
  });
}

async function askFromPipe(io: IO, prompt: string): Promise<string> {
  io.stdout.write(prompt);
  io.stderr.write(STTY_NOT_A_TTY);
  const { line } = await readLine(io.stdin as Readable);
  io.stderr.write(STTY_NOT_A_TTY);
  io.stdout.write('\n');
  return line.toString('utf8').replace(/\r$/, '').trim();
}
