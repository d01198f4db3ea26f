// The v3 printer interface (etcdctl/ctlv3/command/printer.go): one method per response kind, one
// module per output format. Commands call exactly one of these after their RPC succeeded; a format
// that cannot print a response throws the typed error etcdctl exits with (after the RPC, as in
// etcdctl). Printers write only through the injected IO, and print every 64-bit value from its
// bigint.
//
// newPrinter validates -w first (`unsupported output format`, exit 4), then loads the format's
// module: simple, json and fields are light and loaded with this module; table (cli-table3) and
// protobuf (the generated codecs, which load gRPC) are loaded only when asked for.
import type { SnapshotStatus } from '../../disk/snapshot-status.js';
import type { IO } from '../../cli/core/io.js';
import type * as rpc from '../../proto/gen/etcdserverpb/rpc.js';
import type { Event, KeyValue } from '../../proto/gen/mvccpb/kv.js';
import { badFeature } from '../../cli/core/errors.js';
import { SimplePrinter } from './simple.js';
import { JsonPrinter } from './json.js';
import { FieldsPrinter } from './fields.js';

export const OUTPUT_FORMATS = ['simple', 'json', 'fields', 'table', 'protobuf'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface PrinterOptions {
  /** --hex: keys and values as \xHH in simple output (other formats ignore it) */
  hex: boolean;
}

/** One `endpoint health` result (etcdctl's epHealth); `took` is a Go duration string. */
export interface EndpointHealth {
  ep: string;
  health: boolean;
  took: string;
  error: string;
}

/** One successful `endpoint status` result (etcdctl's epStatus). */
export interface EndpointStatus {
  ep: string;
  resp: rpc.StatusResponse;
}

/** One successful `endpoint hashkv` result (etcdctl's epHashKV). */
export interface EndpointHashKV {
  ep: string;
  resp: rpc.HashKVResponse;
}

/** `snapshot status` result (clientv3/snapshot.Status), as the disk layer reads it. */
export type { SnapshotStatus };

/**
 * A watch response as clientv3 hands it to etcdctl (clientv3.WatchResponse). A decoded
 * pb.WatchResponse fits as is. `events: null` is the nil slice of the response clientv3 makes up
 * when the stream closes (json prints `"Events":null` there, `[]` for a server response).
 */
export interface WatchResponseView {
  header: rpc.ResponseHeader | undefined;
  events: readonly Event[] | null;
  compactRevision: bigint;
  canceled: boolean;
  created: boolean;
}

/**
 * A range response whose keys arrive in pages (src/client/v3/range-pager.ts): header, more and
 * count are the whole range's, known before the first key.
 */
export interface RangeStream {
  header: rpc.ResponseHeader | undefined;
  more: boolean;
  count: bigint;
  pages: AsyncIterable<readonly KeyValue[]>;
}

export interface Printer {
  readonly format: OutputFormat;

  /** `valueOnly` is get --print-value-only (the command allows it only for simple) */
  get(resp: rpc.RangeResponse, valueOnly?: boolean): void;
  /**
   * The same bytes as get() of the whole response, printed page by page as pages arrive (each
   * page's output handed to stdout and drained before the next page is taken). Formats that can
   * only print the whole message (table, protobuf) do not have it.
   */
  getStream?(resp: RangeStream, valueOnly?: boolean): Promise<void>;
  put(resp: rpc.PutResponse): void;
  del(resp: rpc.DeleteRangeResponse): void;
  txn(resp: rpc.TxnResponse): void;
  watch(resp: WatchResponseView): void;

  grant(resp: rpc.LeaseGrantResponse): void;
  revoke(id: bigint, resp: rpc.LeaseRevokeResponse): void;
  keepAlive(resp: rpc.LeaseKeepAliveResponse): void;
  timeToLive(resp: rpc.LeaseTimeToLiveResponse, keys: boolean): void;
  leases(resp: rpc.LeaseLeasesResponse): void;

  memberAdd(resp: rpc.MemberAddResponse): void;
  memberRemove(id: bigint, resp: rpc.MemberRemoveResponse): void;
  memberUpdate(id: bigint, resp: rpc.MemberUpdateResponse): void;
  memberPromote(id: bigint, resp: rpc.MemberPromoteResponse): void;
  memberList(resp: rpc.MemberListResponse): void;

  endpointHealth(list: readonly EndpointHealth[]): void;
  endpointStatus(list: readonly EndpointStatus[]): void;
  endpointHashKV(list: readonly EndpointHashKV[]): void;
  moveLeader(leader: bigint, target: bigint, resp: rpc.MoveLeaderResponse): void;

  alarm(resp: rpc.AlarmResponse): void;
  dbStatus(status: SnapshotStatus): void;

  roleAdd(role: string, resp: rpc.AuthRoleAddResponse): void;
  roleGet(role: string, resp: rpc.AuthRoleGetResponse): void;
  roleDelete(role: string, resp: rpc.AuthRoleDeleteResponse): void;
  roleList(resp: rpc.AuthRoleListResponse): void;
  roleGrantPermission(role: string, resp: rpc.AuthRoleGrantPermissionResponse): void;
  /** `key` and `end` are the command's arguments (end "" for one key, "\x00" for open-ended) */
  roleRevokePermission(role: string, key: string, end: string, resp: rpc.AuthRoleRevokePermissionResponse): void;

  userAdd(user: string, resp: rpc.AuthUserAddResponse): void;
  userGet(user: string, resp: rpc.AuthUserGetResponse): void;
  userList(resp: rpc.AuthUserListResponse): void;
  userChangePassword(resp: rpc.AuthUserChangePasswordResponse): void;
  userGrantRole(user: string, role: string, resp: rpc.AuthUserGrantRoleResponse): void;
  userRevokeRole(user: string, role: string, resp: rpc.AuthUserRevokeRoleResponse): void;
  userDelete(user: string, resp: rpc.AuthUserDeleteResponse): void;

  /** etcdctl 3.5's `auth status` */
  authStatus(resp: rpc.AuthStatusResponse): void;
}

export function isOutputFormat(format: string): format is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(format);
}

/**
 * The printer for `-w <format>`. Formats are case-sensitive, as in etcdctl; anything else is
 * `Error: unsupported output format`, exit 4.
 */
export async function newPrinter(format: string, opts: PrinterOptions, io: IO): Promise<Printer> {
  if (!isOutputFormat(format)) throw badFeature('unsupported output format');
  switch (format) {
    case 'simple':
      return new SimplePrinter(io, opts.hex);
    case 'json':
      return new JsonPrinter(io);
    case 'fields':
      return new FieldsPrinter(io);
    case 'table': {
      const { TablePrinter } = await import('./table.js');
      return new TablePrinter(io);
    }
    case 'protobuf': {
      const { ProtobufPrinter } = await import('./protobuf.js');
      return new ProtobufPrinter(io);
    }
  }
}
