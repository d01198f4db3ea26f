// etcdctl's argify (ctlv3/command/util.go), which splits txn op lines and interactive watch lines
// into words, over the raw bytes of the line. It matches
//   "(?:[^"\\]|\\.)*"  |  '[^']*'  |  [^'"\s]\S*[^'"\s]?
// (Go's \s is ASCII space, tab, newline, form feed and carriage return) and then
// * unquotes double-quoted words with fmt's %q (a bad escape: `Error: invalid syntax`, exit 3);
// * cuts single-quoted words to word[1 : len(words)-1], slicing by the NUMBER OF WORDS instead
//   of the word's length. This etcdctl bug is kept: `put 'sq' 'hello world'` (3 words) stores
//   key "s" and value "h", and a slice out of range is Go's runtime panic (exit 2).
import { CliError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { goSscanf } from '../../src/format/go-scan.js';

/** Go's \s in RE2: [\t\n\f\r ] */
function isReSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/** The regexp's matches (FindAllString) as byte slices of the line. */
export function argifyWords(line: Buffer): Buffer[] {
  const words: Buffer[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    let end = -1;
    if (c === 0x22) {
      // "(?:[^"\\]|\\.)*"  (`.` is any rune but a newline)
      for (let j = i + 1; j < line.length; j++) {
        const d = line[j]!;
        if (d === 0x22) {
          end = j + 1;
          break;
        }
        if (d === 0x5c) {
          if (j + 1 >= line.length || line[j + 1] === 0x0a) break;
          j++;
        }
      }
    } else if (c === 0x27) {
      const close = line.indexOf(0x27, i + 1);
      if (close >= 0) end = close + 1;
    } else if (!isReSpace(c)) {
      end = i + 1;
      while (end < line.length && !isReSpace(line[end]!)) end++;
    }
    if (end < 0) {
      i++;
      continue;
    }
    words.push(line.subarray(i, end));
    i = end;
  }
  return words;
}

/** A Go runtime panic as etcdctl dies of it: the message and the first frames, exit 2. */
export function goPanic(message: string, frames: readonly string[]): CliError {
  return new CliError(
    message,
    2,
    `panic: ${message}\n\ngoroutine 1 [running]:\n${frames.map((f) => `${f}(...)\n`).join('')}`,
  );
}

/** argify: the words, unquoted as etcdctl does (bugs included). */
export function argify(line: Buffer, frames: readonly string[]): Buffer[] {
  const words = argifyWords(line);
  const n = words.length;
  return words.map((w) => {
    if (w.length === 0) return w;
    if (w[0] === 0x27) {
      // args[i][1 : len(args)-1]
      const hi = n - 1;
      if (hi > w.length) throw goPanic(`runtime error: slice bounds out of range [:${hi}] with length ${w.length}`, ['go.etcd.io/etcd/etcdctl/ctlv3/command.argify', ...frames]);
      if (hi < 1) throw goPanic(`runtime error: slice bounds out of range [1:${hi}]`, ['go.etcd.io/etcd/etcdctl/ctlv3/command.argify', ...frames]);
      return w.subarray(1, hi);
    }
    if (w[0] === 0x22) {
      const r = goSscanf(w, '%q', 1);
      if (r.err !== undefined) throw new CliError(r.err, ExitCode.InvalidInput);
      return r.values[0]!;
    }
    return w;
  });
}
