// WAL segment file names: fmt.Sprintf("%016x-%016x.wal", seq, index), lowercase hex.
//   seq   = segment sequence number (0, 1, 2, ... consecutive)
//   index = raft index of the first entry that may follow in this segment (lastIndex+1 at cut)
// Parsing follows Go's fmt.Sscanf("%016x-%016x.wal") after a ".wal" suffix check: up to 16 hex
// digits (either case) per number, and anything after the first ".wal" is ignored.

export interface WalName {
  seq: bigint;
  index: bigint;
}

export function walName(seq: bigint, index: bigint): string {
  return `${seq.toString(16).padStart(16, '0')}-${index.toString(16).padStart(16, '0')}.wal`;
}

const WAL_RE = /^([0-9a-fA-F]{1,16})-([0-9a-fA-F]{1,16})\.wal/;

/** The (seq, index) of a segment name, or undefined for names etcd does not treat as WAL files. */
export function parseWalName(name: string): WalName | undefined {
  if (!name.endsWith('.wal')) return undefined;
  const m = WAL_RE.exec(name);
  if (!m) return undefined;
  return { seq: BigInt('0x' + m[1]!), index: BigInt('0x' + m[2]!) };
}

/**
 * wal.searchIndex: scanning from the last name backwards, the position of the first segment whose
 * index <= snapIndex; -1 when there is none. `names` must be sorted.
 */
export function searchIndex(names: readonly string[], snapIndex: bigint): number {
  for (let i = names.length - 1; i >= 0; i--) {
    const p = parseWalName(names[i]!);
    if (p && snapIndex >= p.index) return i;
  }
  return -1;
}

/**
 * wal.isValidSeq: consecutive sequence numbers. Quirk kept from etcd: a previous seq of 0 is not
 * checked against, so [0, 5] passes while [1, 3] does not.
 */
export function isValidSeq(names: readonly string[]): boolean {
  let last = 0n;
  for (const n of names) {
    const p = parseWalName(n);
    if (!p) return false;
    if (last !== 0n && last !== p.seq - 1n) return false;
    last = p.seq;
  }
  return true;
}
