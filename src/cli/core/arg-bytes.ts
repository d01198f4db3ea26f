// Arguments as the bytes the user gave. Node decodes argv as UTF-8 and turns every byte that is
// not part of valid UTF-8 into U+FFFD, so `put $'k\xff' v` would store another key than etcdctl
// (which takes argv as bytes). main.ts hands the raw bytes over in io.argvBytes (on Linux from
// /proc/self/cmdline); an argument holding U+FFFD is looked up there. Where the bytes cannot be
// had, the command refuses rather than store other bytes.
import { badArgs } from './errors.js';
import type { IO } from './io.js';
import { goQuote } from '../../format/go-quote.js';

/** The bytes of a command-line argument (a positional, or the value part of `--flag=value`). */
export function argBytes(io: Pick<IO, 'argvBytes'>, arg: string): Buffer {
  if (!arg.includes('\uFFFD')) return Buffer.from(arg);
  const raw = io.argvBytes;
  if (!raw) throw badArgs(`argument ${goQuote(arg)} is not valid UTF-8 and its bytes cannot be read on this system`);
  const found = new Map<string, Buffer>();
  for (const whole of raw) {
    const eq = whole.indexOf(0x3d); // '=': `--flag=value` carries an argument's bytes after it
    for (const b of eq > 0 && whole[0] === 0x2d ? [whole, whole.subarray(eq + 1)] : [whole]) {
      if (b.toString('utf8') === arg) found.set(b.toString('hex'), b);
    }
  }
  if (found.size === 1) return [...found.values()][0]!;
  throw badArgs(`argument ${goQuote(arg)} is not valid UTF-8 and ${found.size === 0 ? 'its bytes were not found' : 'several arguments decode to it'}`);
}
