// raftpb (etcd raft/raftpb/raft.proto, proto2, gogo), the subset found on disk:
//   Entry            { 1 Type enum, 2 Term u64, 3 Index u64 (all always), 4 Data bytes (iff non-nil) }
//   HardState        { 1 term, 2 vote, 3 commit (all always) }
//   ConfState        { 1 voters, 2 learners, 3 voters_outgoing, 4 learners_next: repeated u64 unpacked;
//                      5 auto_leave bool (always) }
//   SnapshotMetadata { 1 conf_state ConfState, 2 index, 3 term (all always) }
//   Snapshot         { 1 data bytes (iff non-nil), 2 metadata (always) }
//   ConfChange       { 1 ID u64, 2 Type enum, 3 NodeID u64 (always), 4 Context bytes (iff non-nil) }
// Example (restore WAL, docs/disk-formats.md 8.1): Entry{Type 1, Term 1, Index 1, Data ConfChange}
//   = 08 01 10 01 18 01 22 62 | 08 00 10 00 18 <id> 22 51 <member JSON>
import { ProtoReader, ProtoWriter, ProtoDecodeError } from './wire.js';

export const EntryType = { Normal: 0, ConfChange: 1, ConfChangeV2: 2 } as const;
export const ConfChangeType = { AddNode: 0, RemoveNode: 1, UpdateNode: 2, AddLearnerNode: 3 } as const;

export interface Entry {
  type: number;
  term: bigint;
  index: bigint;
  data?: Buffer;
  unknown?: Buffer;
}

export interface HardState {
  term: bigint;
  vote: bigint;
  commit: bigint;
  unknown?: Buffer;
}

export interface ConfState {
  voters: bigint[];
  learners: bigint[];
  votersOutgoing: bigint[];
  learnersNext: bigint[];
  autoLeave: boolean;
  unknown?: Buffer;
}

export interface SnapshotMetadata {
  confState: ConfState;
  index: bigint;
  term: bigint;
  unknown?: Buffer;
}

export interface RaftSnapshot {
  data?: Buffer;
  metadata: SnapshotMetadata;
  unknown?: Buffer;
}

export interface ConfChange {
  id: bigint;
  type: number;
  nodeId: bigint;
  context?: Buffer;
  unknown?: Buffer;
}

const cat = (prev: Buffer | undefined, b: Buffer): Buffer => (prev ? Buffer.concat([prev, b]) : Buffer.from(b));

/** int32 enum accumulation as in gogo (`m.Type |= EntryType(b&0x7F) << shift`). */
function enum32(r: ProtoReader): number {
  return Number(BigInt.asIntN(32, r.varint64()));
}

export function emptyConfState(): ConfState {
  return { voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
}

export function isEmptyHardState(h: HardState): boolean {
  return h.term === 0n && h.vote === 0n && h.commit === 0n;
}

// ---- Entry

export function encodeEntry(e: Entry): Buffer {
  const w = new ProtoWriter(32 + (e.data?.length ?? 0));
  w.uint(1, BigInt(e.type)).uint(2, e.term).uint(3, e.index);
  if (e.data !== undefined) w.bytes(4, e.data);
  if (e.unknown) w.raw(e.unknown);
  return w.finish();
}

export function decodeEntry(buf: Uint8Array): Entry {
  const r = new ProtoReader(buf, 'Entry');
  const e: Entry = { type: 0, term: 0n, index: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 0, 'Type');
        e.type = enum32(r);
        break;
      case 2:
        r.expect(wireType, 0, 'Term');
        e.term = r.varint64();
        break;
      case 3:
        r.expect(wireType, 0, 'Index');
        e.index = r.varint64();
        break;
      case 4:
        r.expect(wireType, 2, 'Data');
        e.data = r.bytes();
        break;
      default:
        e.unknown = cat(e.unknown, r.skip(start));
    }
  }
  return e;
}

/**
 * Go's text form of an Entry (its String(), golang/protobuf 1.5's CompactTextString): the fields
 * in raft.proto's order (Term, Index, Type, Data), each `Name:value ` with a trailing space; Type
 * is left out when EntryNormal (a non-pointer proto2 field counts as set when non-zero), Data when
 * nil; bytes quoted with C-style escapes and every other non-printable byte as 3-digit octal.
 */
export function formatEntryGo(e: Entry): string {
  const typeNames = ['EntryNormal', 'EntryConfChange', 'EntryConfChangeV2'];
  let out = '';
  if (e.term !== 0n) out += `Term:${e.term} `;
  if (e.index !== 0n) out += `Index:${e.index} `;
  if (e.type !== 0) out += `Type:${typeNames[e.type] ?? String(e.type)} `;
  if (e.data !== undefined) out += `Data:${goTextQuote(e.data)} `;
  return out;
}

/** golang/protobuf's writeQuotedString of bytes. */
function goTextQuote(b: Uint8Array): string {
  let out = '"';
  for (const c of b) {
    if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\' + c.toString(8).padStart(3, '0');
  }
  return out + '"';
}

// ---- HardState

export function encodeHardState(h: HardState): Buffer {
  const w = new ProtoWriter(32);
  w.uint(1, h.term).uint(2, h.vote).uint(3, h.commit);
  if (h.unknown) w.raw(h.unknown);
  return w.finish();
}

export function decodeHardState(buf: Uint8Array): HardState {
  const r = new ProtoReader(buf, 'HardState');
  const h: HardState = { term: 0n, vote: 0n, commit: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 0, 'Term');
        h.term = r.varint64();
        break;
      case 2:
        r.expect(wireType, 0, 'Vote');
        h.vote = r.varint64();
        break;
      case 3:
        r.expect(wireType, 0, 'Commit');
        h.commit = r.varint64();
        break;
      default:
        h.unknown = cat(h.unknown, r.skip(start));
    }
  }
  return h;
}

// ---- ConfState

function writeConfState(w: ProtoWriter, c: ConfState): void {
  for (const v of c.voters) w.uint(1, v);
  for (const v of c.learners) w.uint(2, v);
  for (const v of c.votersOutgoing) w.uint(3, v);
  for (const v of c.learnersNext) w.uint(4, v);
  w.bool(5, c.autoLeave);
  if (c.unknown) w.raw(c.unknown);
}

export function encodeConfState(c: ConfState): Buffer {
  const w = new ProtoWriter(32);
  writeConfState(w, c);
  return w.finish();
}

function readRepeatedU64(r: ProtoReader, wireType: number, name: string, into: bigint[]): void {
  if (wireType === 0) {
    into.push(r.varint64());
  } else if (wireType === 2) {
    const packed = new ProtoReader(r.bytes(), r.msg);
    while (!packed.done) into.push(packed.varint64());
  } else {
    throw new ProtoDecodeError(`proto: wrong wireType = ${wireType} for field ${name}`);
  }
}

export function decodeConfState(buf: Uint8Array): ConfState {
  const r = new ProtoReader(buf, 'ConfState');
  const c = emptyConfState();
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        readRepeatedU64(r, wireType, 'Voters', c.voters);
        break;
      case 2:
        readRepeatedU64(r, wireType, 'Learners', c.learners);
        break;
      case 3:
        readRepeatedU64(r, wireType, 'VotersOutgoing', c.votersOutgoing);
        break;
      case 4:
        readRepeatedU64(r, wireType, 'LearnersNext', c.learnersNext);
        break;
      case 5:
        r.expect(wireType, 0, 'AutoLeave');
        c.autoLeave = r.bool();
        break;
      default:
        c.unknown = cat(c.unknown, r.skip(start));
    }
  }
  return c;
}

// ---- SnapshotMetadata / Snapshot

function encodeSnapshotMetadata(m: SnapshotMetadata): Buffer {
  const w = new ProtoWriter(48);
  w.bytes(1, encodeConfState(m.confState)).uint(2, m.index).uint(3, m.term);
  if (m.unknown) w.raw(m.unknown);
  return w.finish();
}

function decodeSnapshotMetadata(buf: Uint8Array): SnapshotMetadata {
  const r = new ProtoReader(buf, 'SnapshotMetadata');
  const m: SnapshotMetadata = { confState: emptyConfState(), index: 0n, term: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 2, 'ConfState');
        m.confState = decodeConfState(r.bytes());
        break;
      case 2:
        r.expect(wireType, 0, 'Index');
        m.index = r.varint64();
        break;
      case 3:
        r.expect(wireType, 0, 'Term');
        m.term = r.varint64();
        break;
      default:
        m.unknown = cat(m.unknown, r.skip(start));
    }
  }
  return m;
}

export function encodeRaftSnapshot(s: RaftSnapshot): Buffer {
  const meta = encodeSnapshotMetadata(s.metadata);
  const w = new ProtoWriter(16 + meta.length + (s.data?.length ?? 0));
  if (s.data !== undefined) w.bytes(1, s.data);
  w.bytes(2, meta);
  if (s.unknown) w.raw(s.unknown);
  return w.finish();
}

export function decodeRaftSnapshot(buf: Uint8Array): RaftSnapshot {
  const r = new ProtoReader(buf, 'Snapshot');
  const s: RaftSnapshot = { metadata: { confState: emptyConfState(), index: 0n, term: 0n } };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 2, 'Data');
        s.data = r.bytes();
        break;
      case 2:
        r.expect(wireType, 2, 'Metadata');
        s.metadata = decodeSnapshotMetadata(r.bytes());
        break;
      default:
        s.unknown = cat(s.unknown, r.skip(start));
    }
  }
  return s;
}

// ---- ConfChange

export function encodeConfChange(c: ConfChange): Buffer {
  const w = new ProtoWriter(32 + (c.context?.length ?? 0));
  w.uint(1, c.id).uint(2, BigInt(c.type)).uint(3, c.nodeId);
  if (c.context !== undefined) w.bytes(4, c.context);
  if (c.unknown) w.raw(c.unknown);
  return w.finish();
}

export function decodeConfChange(buf: Uint8Array): ConfChange {
  const r = new ProtoReader(buf, 'ConfChange');
  const c: ConfChange = { id: 0n, type: 0, nodeId: 0n };
  while (!r.done) {
    const { field, wireType, start } = r.tag();
    switch (field) {
      case 1:
        r.expect(wireType, 0, 'ID');
        c.id = r.varint64();
        break;
      case 2:
        r.expect(wireType, 0, 'Type');
        c.type = enum32(r);
        break;
      case 3:
        r.expect(wireType, 0, 'NodeID');
        c.nodeId = r.varint64();
        break;
      case 4:
        r.expect(wireType, 2, 'Context');
        c.context = r.bytes();
        break;
      default:
        c.unknown = cat(c.unknown, r.skip(start));
    }
  }
  return c;
}
