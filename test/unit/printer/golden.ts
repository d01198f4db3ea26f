// Access to the golden printer output of Debian's etcdctl 3.4.23 (golden/capture.sh) and the
// responses behind it. golden/<format>/<name>.out is what `etcdctl ... -w <format>` printed,
// .err its stderr, .code its exit code; .in.pb / .in.json the same read-only response captured
// again right after as protobuf or json, for decoding.
import { readFileSync, existsSync } from 'node:fs';
import { BufferIO } from '../../../src/cli/io.js';
import { CliError } from '../../../src/cli/errors.js';
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
import type { JsonValue } from '../../../src/client/v2/json.js';

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
