// Password prompts. etcdctl (bgentry/speakeasy) writes the prompt to stdout, turns terminal echo
// off, reads one line, trims surrounding white space and ends the prompt line with "\n". With no
// terminal there is nobody to ask: etcdctl would print stty errors and quietly read a line from
// the pipe; we say so in one line instead of hanging or reading a password by surprise.
import { CliError } from './errors.js';
import type { IO } from './io.js';

export class NoTerminalError extends CliError {}

/** The reason given when stdin is not a terminal (callers put their own context around it). */
export const NOT_A_TERMINAL = 'standard input is not a terminal';

/**
 * Writes `prompt` to stdout and reads one line from the terminal with echo off.
 * Rejects with NoTerminalError(`<wrap(NOT_A_TERMINAL)>`, exitCode) when stdin is not a terminal.
 * Ctrl-C restores the terminal and ends the process as speakeasy does (exit 255, no message).
 */
export function askPassword(io: IO, prompt: string, exitCode: number, wrap: (reason: string) => string = (r) => `cannot ask for a password: ${r}`): Promise<string> {
  if (!io.stdinIsTTY) {
    return Promise.reject(new NoTerminalError(wrap(NOT_A_TERMINAL), exitCode));
  }
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
