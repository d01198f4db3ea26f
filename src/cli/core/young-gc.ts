// Prompt collection of short-lived buffers while a command streams hundreds of MB.
//
// Every message of a gRPC stream leaves ~64 KiB of dead Buffers behind (HTTP/2 reads, grpc-js's
// message assembly). V8 frees them only when the young generation is collected, which it starts
// on its own once 2 x max-semi-space (32 MiB on 64-bit) of such buffers have piled up, so peak
// RSS carries ~35 MiB of garbage. A minor GC every few MiB keeps that to a few MiB at no
// measurable cost (a scavenge of a nearly dead young generation takes well under a millisecond).
// The collector is V8's own `gc` function, made reachable for this process only here: nothing
// else changes. Where it cannot be had (another engine, flags refused), this is a no-op.
// node:v8 is loaded only when a command has streamed a first amount: requiring it costs ~5 ms of
// start-up (docs/startup.md), which a one-key `get` would pay for nothing. The first collection
// due is skipped while it loads; later ones run.

type GcFn = (opts?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let cached: GcFn | null | undefined;
let loading: Promise<void> | undefined;

function gcFunction(): GcFn | null | undefined {
  if (cached === undefined) loading ??= loadGc();
  return cached;
}

async function loadGc(): Promise<void> {
  try {
    const [{ setFlagsFromString }, { runInNewContext }] = await Promise.all([import('node:v8'), import('node:vm')]);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    cached = typeof gc === 'function' ? (gc as GcFn) : null;
  } catch {
    cached = null;
  }
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
