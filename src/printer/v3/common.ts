// Pieces shared by the v3 printers: etcdctl's failure modes, the rows behind simple and table
// output (printer.go's make*Table), and Go's views of 64-bit integers.
import { CliError, badFeature } from '../../cli/core/errors.js';
import { humanizeBytes } from '../../format/humanize.js';
import { hexId } from '../../format/go-fmt.js';
import type { MemberListResponse, ResponseHeader } from '../../proto/gen/etcdserverpb/rpc.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, SnapshotStatus } from './printer.js';

/** A uint64 field as Go sees it (the decoder may hand back any bigint). */
export function u64(v: bigint): bigint {
  return BigInt.asUintN(64, v);
}

/** An int64 field as Go sees it. */
export function i64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

export const ZERO_HEADER: ResponseHeader = { clusterId: 0n, memberId: 0n, revision: 0n, raftTerm: 0n };

/** printerUnsupported: `<format> not supported as output format`, exit 4. */
export function unsupported(format: string): CliError {
  return badFeature(`${format} not supported as output format`);
}

/**
 * What etcdctl does where its printer dereferences a nil pointer: a Go runtime panic, exit 2,
 * after the RPC already took effect. stderr starts like the real panic; the stack is reduced to
 * the printer frame (addresses are those of Debian's build, so the first lines look familiar).
 */
export function nilPointerPanic(frames: readonly string[], addr = '0x0', pc = '0x0'): CliError {
  const message = 'runtime error: invalid memory address or nil pointer dereference';
  return new CliError(
    message,
    2,
    `panic: ${message}\n[signal SIGSEGV: segmentation violation code=0x1 addr=${addr} pc=${pc}]\n\n` +
      'goroutine 1 [running]:\n' +
      frames.map((f) => `go.etcd.io/etcd/etcdctl/ctlv3/command.${f}(...)\n`).join(''),
  );
}

/**
 * `member promote` with any format but simple: etcdctl's non-simple printers have no MemberPromote
 * and fall through to a nil printer (printerUnsupported's embedded interface), so the call panics
 * after the promotion succeeded.
 */
export function memberPromotePanic(): CliError {
  return nilPointerPanic(['(*printerUnsupported).MemberPromote'], '0x78', '0xbab2ee');
}

/** The header etcdctl's fields printer dereferences (in hdr): a nil one panics, as in Go. */
export function requireHeader(h: ResponseHeader | undefined, caller: string): ResponseHeader {
  if (h === undefined) throw nilPointerPanic(['(*fieldsPrinter).hdr', caller], '0x0', '0xb9181e');
  return h;
}

export const MEMBER_LIST_HEADER = ['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'] as const;

export function memberListRows(resp: MemberListResponse): string[][] {
  return resp.members.map((m) => [
    hexId(m.ID),
    m.name.length === 0 ? 'unstarted' : 'started',
    m.name,
    m.peerURLs.join(','),
    m.clientURLs.join(','),
    String(m.isLearner),
  ]);
}

export const ENDPOINT_HEALTH_HEADER = ['endpoint', 'health', 'took', 'error'] as const;

export function endpointHealthRows(list: readonly EndpointHealth[]): string[][] {
  return list.map((h) => [h.ep, String(h.health), h.took, h.error]);
}

export const ENDPOINT_STATUS_HEADER = [
  'endpoint',
  'ID',
  'version',
  'db size',
  'is leader',
  'is learner',
  'raft term',
  'raft index',
  'raft applied index',
  'errors',
] as const;

export function endpointStatusRows(list: readonly EndpointStatus[]): string[][] {
  return list.map(({ ep, resp }) => {
    const memberId = u64((resp.header ?? ZERO_HEADER).memberId);
    return [
      ep,
      hexId(memberId),
      resp.version,
      humanizeBytes(u64(resp.dbSize)),
      String(u64(resp.leader) === memberId),
      String(resp.isLearner),
      u64(resp.raftTerm).toString(),
      u64(resp.raftIndex).toString(),
      u64(resp.raftAppliedIndex).toString(),
      resp.errors.join(', '),
    ];
  });
}

export const ENDPOINT_HASHKV_HEADER = ['endpoint', 'hash'] as const;

export function endpointHashKVRows(list: readonly EndpointHashKV[]): string[][] {
  return list.map(({ ep, resp }) => [ep, String(resp.hash >>> 0)]);
}

export const DB_STATUS_HEADER = ['hash', 'revision', 'total keys', 'total size'] as const;

export function dbStatusRows(ds: SnapshotStatus): string[][] {
  return [[hexId(ds.hash >>> 0), i64(ds.revision).toString(), i64(ds.totalKey).toString(), humanizeBytes(u64(ds.totalSize))]];
}
