// Password prompts. etcdctl asks on the terminal without echo; with no terminal there is nobody
// to ask, so we say so instead of hanging or reading a password from a pipe by surprise.
import { CliError } from './errors.js';
import type { IO } from './io.js';

export class NoTerminalError extends CliError {}

/**
 * Writes `prompt` to stdout and reads one line from the terminal with echo off.
 * Rejects when stdin is not a terminal.
 */
export function askPassword(io: IO, prompt: string, exitCode: number): Promise<string> {
  if (!io.stdinIsTTY) {
    return Promise.reject(new NoTerminalError(`cannot ask for a password: standard input is not a terminal`, exitCode));
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
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      io.stdout.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('interrupted', 130, ''));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on('data', onData);
  });
}
