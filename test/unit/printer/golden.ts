// Access to the golden printer output of Debian's etcdctl 3.4.23 (golden/capture.sh) and the
// responses behind it. golden/<format>/<name>.out is what `etcdctl ... -w <format>` printed,
// .err its stderr, .code its exit code; .in.pb / .in.json the same read-only response captured
// again right after as protobuf or json, for decoding (the protobuf run's always as json).
import { readFileSync, existsSync } from 'node:fs';
import { BufferIO } from '../../../src/cli/core/io.js';
import { CliError } from '../../../src/cli/core/errors.js';
import { newPrinter, type Printer } from '../../../src/printer/v3/printer.js';
import type { HashKVResponse, Member, ResponseHeader, StatusResponse } from '../../../src/proto/gen/etcdserverpb/rpc.js';

export const FORMATS = ['simple', 'json', 'fields', 'table', 'protobuf'] as const;
export type Format = (typeof FORMATS)[number];

const DIR = new URL('./golden/', import.meta.url);

export function goldenPath(format: Format, file: string): URL {
  return new URL(`${format}/${file}`, DIR);
}

export interface Golden {
  out: Buffer;
  err: string;
  code: number;
}

export function golden(format: Format, name: string): Golden {
  const read = (ext: string) => (existsSync(goldenPath(format, name + ext)) ? readFileSync(goldenPath(format, name + ext)) : undefined);
  const out = read('.out');
  if (out === undefined) throw new Error(`no golden ${format}/${name}.out; run test/unit/printer/golden/capture.sh`);
  return { out, err: read('.err')?.toString() ?? '', code: Number(read('.code')?.toString().trim() ?? '0') };
}

export function goldenFile(format: Format, file: string): Buffer {
  return readFileSync(goldenPath(format, file));
}

export interface Printed {
  stdout: Buffer;
  stderr: string;
  error: CliError | undefined;
}

/** Runs one printer call against a buffer IO, catching the typed error a printer may throw. */
export async function print(format: Format, call: (p: Printer) => void, opts: { hex?: boolean } = {}): Promise<Printed> {
  const io = new BufferIO();
  const printer = await newPrinter(format, { hex: opts.hex ?? false }, io);
  let error: CliError | undefined;
  try {
    call(printer);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    error = e;
  }
  return { stdout: io.stdoutBytes, stderr: io.stderrText, error };
}

/** The `Error: ...` or `panic: ...` line etcdctl wrote (zap log lines skipped). */
export function errorLine(stderr: string): string | undefined {
  return stderr.split('\n').find((l) => l.startsWith('Error: ') || l.startsWith('panic: '));
}

// ---- Go JSON with exact integers ---------------------------------------------------------------

// etcdctl's json has 64-bit ids: read it with the v2 client's reader, which keeps integers exact
export { parseJSON as parseJson, type JsonValue } from '../../../src/client/v2/json.js';
import { parseJSON as parseJson, type JsonValue } from '../../../src/client/v2/json.js';

type Obj = { [k: string]: JsonValue };
const big = (o: Obj, k: string): bigint => (o[k] as bigint | undefined) ?? 0n;

export function headerFromJson(o: JsonValue | undefined): ResponseHeader | undefined {
  if (o === undefined || o === null) return undefined;
  const h = o as Obj;
  return { clusterId: big(h, 'cluster_id'), memberId: big(h, 'member_id'), revision: big(h, 'revision'), raftTerm: big(h, 'raft_term') };
}

export function memberFromJson(o: JsonValue): Member {
  const m = o as Obj;
  return {
    ID: big(m, 'ID'),
    name: (m.name as string | undefined) ?? '',
    peerURLs: (m.peerURLs as string[] | undefined) ?? [],
    clientURLs: (m.clientURLs as string[] | undefined) ?? [],
    isLearner: (m.isLearner as boolean | undefined) ?? false,
  };
}

export function statusFromJson(o: JsonValue): StatusResponse {
  const s = o as Obj;
  return {
    header: headerFromJson(s.header),
    version: (s.version as string | undefined) ?? '',
    dbSize: big(s, 'dbSize'),
    leader: big(s, 'leader'),
    raftIndex: big(s, 'raftIndex'),
    raftTerm: big(s, 'raftTerm'),
    raftAppliedIndex: big(s, 'raftAppliedIndex'),
    errors: (s.errors as string[] | undefined) ?? [],
    dbSizeInUse: big(s, 'dbSizeInUse'),
    isLearner: (s.isLearner as boolean | undefined) ?? false,
    dbSizeQuota: big(s, 'dbSizeQuota'),
  };
}

export function hashKVFromJson(o: JsonValue): HashKVResponse {
  const h = o as Obj;
  return { header: headerFromJson(h.header), hash: Number(big(h, 'hash')), compactRevision: big(h, 'compact_revision') };
}

// ---- a response from etcdctl's `-w json` ------------------------------------------------------

/** A generated message's codec: protobuf bytes, or a partial object (nested messages, oneofs, defaults). */
export interface Codec<T> {
  decode(input: Uint8Array): T;
  fromPartial(object: never): T;
}

// etcdctl's json is Go's encoding/json of the gogoproto structs: proto field names (cluster_id),
// Go names where a struct has no json tags (Header, ID, TTL), bytes as base64, oneofs as
// {"Response":{"ResponsePut":{...}}}, enums and 32-bit fields as numbers, zero values left out.
const BYTES = new Set(['key', 'value', 'range_end']);
const NUMBERS = new Set(['permType', 'alarm', 'type', 'hash']);

function tsName(goName: string): string {
  if (/^[A-Z]+$/.test(goName)) return goName; // ID, TTL
  return (goName[0]!.toLowerCase() + goName.slice(1)).replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function fromGoJson(v: JsonValue, goName = ''): unknown {
  if (Array.isArray(v)) return v.map((e) => fromGoJson(e, goName));
  if (v === null || typeof v !== 'object') {
    if (BYTES.has(goName) && typeof v === 'string') return Buffer.from(v, 'base64');
    if (NUMBERS.has(goName) && typeof v === 'bigint') return Number(v);
    return v;
  }
  const out: { [k: string]: unknown } = {};
  for (const [k, e] of Object.entries(v)) {
    if (e === null) continue;
    if (k === 'Response') {
      // a oneof: its one set case
      const [[which, inner]] = Object.entries(e as Obj) as [[string, JsonValue]];
      const name = tsName(which);
      out.response = { $case: name, [name]: fromGoJson(inner) };
    } else {
      out[tsName(k)] = fromGoJson(e, k);
    }
  }
  return out;
}

/** The typed response behind etcdctl's `-w json` output (a whole response object). */
export function responseFromJson<T>(codec: Codec<T>, json: string): T {
  return codec.fromPartial(fromGoJson(parseJson(json)) as never);
}

/**
 * The read-only response captured again next to a golden output, for decoding: NAME.in.pb, or for
 * the protobuf run NAME.in.json, so its test never rebuilds the response from the bytes it compares.
 */
export function goldenInput<T>(codec: Codec<T>, format: Format, name: string): T {
  if (format === 'protobuf') return responseFromJson(codec, goldenFile(format, `${name}.in.json`).toString());
  return codec.decode(goldenFile(format, `${name}.in.pb`));
}
