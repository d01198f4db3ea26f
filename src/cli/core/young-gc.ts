// Prompt collection of short-lived buffers while a command streams hundreds of MB.
//
// Every message of a gRPC stream leaves ~64 KiB of dead Buffers behind (HTTP/2 reads, grpc-js's
// message assembly). V8 frees them only when the young generation is collected, which it starts
// on its own once 2 x max-semi-space (32 MiB on 64-bit) of such buffers have piled up, so peak
// RSS carries ~35 MiB of garbage. A minor GC every few MiB keeps that to a few MiB at no
// measurable cost (a scavenge of a nearly dead young generation takes well under a millisecond).
// The collector is V8's own `gc` function, made reachable for this process only here: nothing
// else changes. Where it cannot be had (another engine, flags refused), this is a no-op.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFn = (opts?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let cached: GcFn | null | undefined;

function gcFunction(): GcFn | null {
  if (cached !== undefined) return cached;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    cached = typeof gc === 'function' ? (gc as GcFn) : null;
  } catch {
    cached = null;
  }
  return cached;
}

/**
 * Returns `count(bytes)`: call it with each chunk's size; it runs a minor GC every `every` bytes.
 * V8's flags change only once that much has passed: a process that never streams that much (the
 * build's code-cache warm-up among them: a cache made after a flag change is rejected by every
 * later start) keeps its flags as they were.
 */
export function youngGcEvery(every: number): (bytes: number) => void {
  if (every <= 0) return () => {};
  let since = 0;
  return (bytes: number) => {
    since += bytes;
    if (since >= every) {
      since = 0;
      gcFunction()?.({ type: 'minor' });
    }
  };
}
