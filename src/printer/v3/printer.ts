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
import type {
  AlarmResponse,
  AuthRoleAddResponse,
  AuthStatusResponse,
  AuthRoleDeleteResponse,
  AuthRoleGetResponse,
  AuthRoleGrantPermissionResponse,
  AuthRoleListResponse,
  AuthRoleRevokePermissionResponse,
  AuthUserAddResponse,
  AuthUserChangePasswordResponse,
  AuthUserDeleteResponse,
  AuthUserGetResponse,
  AuthUserGrantRoleResponse,
  AuthUserListResponse,
  AuthUserRevokeRoleResponse,
  DeleteRangeResponse,
  HashKVResponse,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  MemberAddResponse,
  MemberListResponse,
  MemberPromoteResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  StatusResponse,
  TxnResponse,
} from '../../proto/gen/etcdserverpb/rpc.js';
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
  resp: StatusResponse;
}

/** One successful `endpoint hashkv` result (etcdctl's epHashKV). */
export interface EndpointHashKV {
  ep: string;
  resp: HashKVResponse;
}

/** `snapshot status` result (clientv3/snapshot.Status), as the disk layer reads it. */
export type { SnapshotStatus };

/**
 * A watch response as clientv3 hands it to etcdctl (clientv3.WatchResponse). A decoded
 * pb.WatchResponse fits as is. `events: null` is the nil slice of the response clientv3 makes up
 * when the stream closes (json prints `"Events":null` there, `[]` for a server response).
 */
export interface WatchResponseView {
  header: ResponseHeader | undefined;
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
  header: ResponseHeader | undefined;
  more: boolean;
  count: bigint;
  pages: AsyncIterable<readonly KeyValue[]>;
}

export interface Printer {
  readonly format: OutputFormat;

  /** `valueOnly` is get --print-value-only (the command allows it only for simple) */
  get(resp: RangeResponse, valueOnly?: boolean): void;
  /**
   * The same bytes as get() of the whole response, printed page by page as pages arrive (each
   * page's output handed to stdout and drained before the next page is taken). Formats that can
   * only print the whole message (table, protobuf) do not have it.
   */
  getStream?(resp: RangeStream, valueOnly?: boolean): Promise<void>;
  put(resp: PutResponse): void;
  del(resp: DeleteRangeResponse): void;
  txn(resp: TxnResponse): void;
  watch(resp: WatchResponseView): void;

  grant(resp: LeaseGrantResponse): void;
  revoke(id: bigint, resp: LeaseRevokeResponse): void;
  keepAlive(resp: LeaseKeepAliveResponse): void;
  timeToLive(resp: LeaseTimeToLiveResponse, keys: boolean): void;
  leases(resp: LeaseLeasesResponse): void;

  memberAdd(resp: MemberAddResponse): void;
  memberRemove(id: bigint, resp: MemberRemoveResponse): void;
  memberUpdate(id: bigint, resp: MemberUpdateResponse): void;
  memberPromote(id: bigint, resp: MemberPromoteResponse): void;
  memberList(resp: MemberListResponse): void;

  endpointHealth(list: readonly EndpointHealth[]): void;
  endpointStatus(list: readonly EndpointStatus[]): void;
  endpointHashKV(list: readonly EndpointHashKV[]): void;
  moveLeader(leader: bigint, target: bigint, resp: MoveLeaderResponse): void;

  alarm(resp: AlarmResponse): void;
  dbStatus(status: SnapshotStatus): void;

  roleAdd(role: string, resp: AuthRoleAddResponse): void;
  roleGet(role: string, resp: AuthRoleGetResponse): void;
  roleDelete(role: string, resp: AuthRoleDeleteResponse): void;
  roleList(resp: AuthRoleListResponse): void;
  roleGrantPermission(role: string, resp: AuthRoleGrantPermissionResponse): void;
  /** `key` and `end` are the command's arguments (end "" for one key, "\x00" for open-ended) */
  roleRevokePermission(role: string, key: string, end: string, resp: AuthRoleRevokePermissionResponse): void;

  userAdd(user: string, resp: AuthUserAddResponse): void;
  userGet(user: string, resp: AuthUserGetResponse): void;
  userList(resp: AuthUserListResponse): void;
  userChangePassword(resp: AuthUserChangePasswordResponse): void;
  userGrantRole(user: string, role: string, resp: AuthUserGrantRoleResponse): void;
  userRevokeRole(user: string, role: string, resp: AuthUserRevokeRoleResponse): void;
  userDelete(user: string, resp: AuthUserDeleteResponse): void;

  /** etcdctl 3.5's `auth status` */
  authStatus(resp: AuthStatusResponse): void;
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
