// CRC-32C's slicing-by-16 loop as a WebAssembly function, assembled here byte by byte (no wasm
// toolchain, no binary file): the same table lookups as crc32c.ts, but compiled without JS's
// bounds and type checks, 1.5-1.8x the JS loop's speed. `snapshot status` hashes every byte of
// the db, so on large snapshots this loop is most of its time.
//
// Module layout (one linear memory of MEMORY_PAGES 64 KiB pages, exported as "mem"):
//   [0, 16384)        the table T[k*256 + b] as little-endian int32 (filled from JS)
//   [16384, 278528)   the data chunk the caller copies (or reads) in
// crc(state, ptr, len) -> state works on the raw register (not inverted), 16 bytes a step while
// 16 remain, then bytes.

/** Where the data chunk starts in the module's memory, and its size. */
export const CHUNK_OFFSET = 16384;
export const CHUNK_SIZE = 262144;
// 256 KiB: a file range is read in a quarter of the calls 64 KiB would take (fewer calls, less
// garbage, the read still warm in the L2 cache when hashed)
const MEMORY_PAGES = Math.ceil((CHUNK_OFFSET + CHUNK_SIZE) / 65536);

const I32 = 0x7f;
const op = {
  block: 0x02, loop: 0x03, end: 0x0b, br: 0x0c, brIf: 0x0d,
  get: 0x20, set: 0x21, load: 0x28, load8u: 0x2d, const: 0x41,
  geU: 0x4f, add: 0x6a, sub: 0x6b, and: 0x71, xor: 0x73, shl: 0x74, shrU: 0x76,
  void: 0x40,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'latin1')];

// locals: params c, p, n; then end, end16, and the four words of a step
const C = 0, P = 1, N = 2, END = 3, END16 = 4, W = [5, 6, 7, 8];
const get = (l: number): number[] => [op.get, l];
const set = (l: number): number[] => [op.set, l];
const i32 = (v: number): number[] => [op.const, ...sleb(v)];
const load = (offset: number): number[] => [op.load, 2, ...uleb(offset)];

/** T[k*256 + byte `shift/8` of local w]. */
function lookup(w: number, shift: number, k: number): number[] {
  // the byte times 4 (the table's stride) in two operations: shifted to bits 2..9, then masked
  const moved = shift === 0 ? [...i32(2), op.shl] : [...i32(shift - 2), op.shrU];
  return [...get(w), ...moved, ...i32(0x3fc), op.and, ...load(k * 1024)];
}

function body(): number[] {
  const step: number[] = [
    ...get(C), ...get(P), ...load(0), op.xor, ...set(W[0]!),
    ...get(P), ...load(4), ...set(W[1]!),
    ...get(P), ...load(8), ...set(W[2]!),
    ...get(P), ...load(12), ...set(W[3]!),
  ];
  // The word at byte 4*i is followed by 15-4i-j more bytes after its byte j. Only word 0's
  // lookups depend on the previous step's CRC: the other twelve are XORed first (off the
  // critical path), word 0's four as a tree, so a step waits on one lookup and three XORs.
  let first = true;
  for (let i = 1; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      step.push(...lookup(W[i]!, 8 * j, 15 - 4 * i - j));
      if (!first) step.push(op.xor);
      first = false;
    }
  }
  step.push(
    ...lookup(W[0]!, 0, 15), ...lookup(W[0]!, 8, 14), op.xor,
    ...lookup(W[0]!, 16, 13), ...lookup(W[0]!, 24, 12), op.xor,
    op.xor, op.xor,
  );
  step.push(...set(C), ...get(P), ...i32(16), op.add, ...set(P));

  const byteStep = [
    ...get(C), ...get(P), op.load8u, 0, 0, op.xor, ...i32(255), op.and, ...i32(2), op.shl, ...load(0),
    ...get(C), ...i32(8), op.shrU, op.xor, ...set(C),
    ...get(P), ...i32(1), op.add, ...set(P),
  ];
  const loopUntil = (limit: number, inner: number[]): number[] => [
    op.block, op.void, op.loop, op.void,
    ...get(P), ...get(limit), op.geU, op.brIf, 1,
    ...inner, op.br, 0,
    op.end, op.end,
  ];
  const code = [
    ...get(P), ...get(N), op.add, ...set(END),
    ...get(END), ...get(N), ...i32(15), op.and, op.sub, ...set(END16),
    ...loopUntil(END16, step),
    ...loopUntil(END, byteStep),
    ...get(C), op.end,
  ];
  const fn = [...vec([[6, I32]]), ...code];
  return [...uleb(fn.length), ...fn];
}

function moduleBytes(): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(MEMORY_PAGES)]])),
    ...section(7, vec([[...name('mem'), 0x02, 0], [...name('crc'), 0x00, 0]])),
    ...section(10, vec([body()])),
  ]);
}

export interface Crc32cKernel {
  /** the module's memory; the caller copies up to CHUNK_SIZE bytes to CHUNK_OFFSET */
  memory: Uint8Array;
  /** advances the raw CRC register over memory[ptr, ptr+len) */
  crc: (state: number, ptr: number, len: number) => number;
}

/** The part of the WebAssembly API used here (Node's types declare it only with the DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let compiled: object | null | undefined;

/**
 * The compiled module, or undefined where wasm is unavailable. Compiled once per process: a
 * WebAssembly.Module can be handed to a worker thread, which then instantiates it without
 * compiling it again (crc32c-ranges.ts).
 */
export function crc32cWasmModule(): object | undefined {
  if (compiled === undefined) {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    try {
      compiled = wasm === undefined ? null : new wasm.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

/** Instantiates the kernel over `table` (16 x 256 int32), or undefined where wasm is unavailable. */
export function newCrc32cKernel(table: Int32Array): Crc32cKernel | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  const module = crc32cWasmModule();
  if (wasm === undefined || module === undefined) return undefined;
  try {
    const { exports } = new wasm.Instance(module, {});
    const { buffer } = exports.mem as { buffer: ArrayBuffer };
    new Int32Array(buffer, 0, table.length).set(table);
    return { memory: new Uint8Array(buffer), crc: exports.crc as Crc32cKernel['crc'] };
  } catch {
    return undefined;
  }
}
