// `-w protobuf` (printer_protobuf.go): the response's wire bytes, no newline. The generated
// encoders write fields in field-number order and skip zero values, as gogo's Marshal does.
// Quirks kept from etcdctl:
// * clientv3's lease wrappers (grant, keep-alive, time-to-live, leases) embed *ResponseHeader, whose
//   Marshal is the one promoted, so only the header's bytes are printed;
// * clientv3.LeaseRevokeResponse has no Marshal: exit 4 with Go's %T (%v) of the value;
// * a watch response is rebuilt from clientv3.WatchResponse: header (always present, by value),
//   events, compact revision, canceled, created; watch id, cancel reason and fragment are lost;
// * endpoint health/status/hashkv and snapshot status are not supported (exit 4); member promote
//   panics like the other non-simple printers.
// This module loads the generated codecs, whose module loads gRPC: only network commands get here.
import type { IO } from '../../cli/core/io.js';
import { badFeature } from '../../cli/core/errors.js';
import { responseHeaderText } from '../../format/go-fmt.js';
import {
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
  MemberAddResponse,
  MemberListResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  TxnResponse,
  WatchResponse,
  type LeaseGrantResponse,
  type LeaseKeepAliveResponse,
  type LeaseLeasesResponse,
  type LeaseRevokeResponse,
  type LeaseTimeToLiveResponse,
} from '../../proto/gen/etcdserverpb/rpc.js';
import type { Printer, WatchResponseView } from './printer.js';
import { ZERO_HEADER, memberPromotePanic, unsupported } from './common.js';

interface Encoder<T> {
  encode(message: T): { finish(): Uint8Array };
}

function notProtobuf(): never {
  throw unsupported('protobuf');
}

export class ProtobufPrinter implements Printer {
  readonly format = 'protobuf' as const;

  constructor(private readonly io: IO) {}

  private print<T>(codec: Encoder<T>, message: T): void {
    this.io.stdout.write(codec.encode(message).finish());
  }

  /** The embedded *ResponseHeader's Marshal (an absent header is printed as an empty one). */
  private header(h: ResponseHeader | undefined): void {
    this.print(ResponseHeader, h ?? ZERO_HEADER);
  }

  get(resp: RangeResponse): void {
    this.print(RangeResponse, resp);
  }

  put(resp: PutResponse): void {
    this.print(PutResponse, resp);
  }

  del(resp: DeleteRangeResponse): void {
    this.print(DeleteRangeResponse, resp);
  }

  txn(resp: TxnResponse): void {
    this.print(TxnResponse, resp);
  }

  watch(resp: WatchResponseView): void {
    this.print(WatchResponse, {
      header: resp.header ?? ZERO_HEADER,
      watchId: 0n,
      created: resp.created,
      canceled: resp.canceled,
      compactRevision: resp.compactRevision,
      cancelReason: '',
      fragment: false,
      events: [...(resp.events ?? [])],
    });
  }

  grant(resp: LeaseGrantResponse): void {
    this.header(resp.header);
  }

  /** Go: `marshal unsupported for type clientv3.LeaseRevokeResponse ({<header text>})`. */
  revoke(_id: bigint, resp: LeaseRevokeResponse): void {
    const text = resp.header === undefined ? '<nil>' : responseHeaderText(resp.header);
    throw badFeature(`marshal unsupported for type clientv3.LeaseRevokeResponse ({${text}})`);
  }

  keepAlive(resp: LeaseKeepAliveResponse): void {
    this.header(resp.header);
  }

  timeToLive(resp: LeaseTimeToLiveResponse): void {
    this.header(resp.header);
  }

  leases(resp: LeaseLeasesResponse): void {
    this.header(resp.header);
  }

  memberAdd(resp: MemberAddResponse): void {
    this.print(MemberAddResponse, resp);
  }

  memberRemove(_id: bigint, resp: MemberRemoveResponse): void {
    this.print(MemberRemoveResponse, resp);
  }

  memberUpdate(_id: bigint, resp: MemberUpdateResponse): void {
    this.print(MemberUpdateResponse, resp);
  }

  memberPromote(): void {
    throw memberPromotePanic();
  }

  memberList(resp: MemberListResponse): void {
    this.print(MemberListResponse, resp);
  }

  endpointHealth = notProtobuf;
  endpointStatus = notProtobuf;
  endpointHashKV = notProtobuf;
  dbStatus = notProtobuf;

  moveLeader(_leader: bigint, _target: bigint, resp: MoveLeaderResponse): void {
    this.print(MoveLeaderResponse, resp);
  }

  alarm(resp: AlarmResponse): void {
    this.print(AlarmResponse, resp);
  }

  roleAdd(_role: string, resp: AuthRoleAddResponse): void {
    this.print(AuthRoleAddResponse, resp);
  }

  roleGet(_role: string, resp: AuthRoleGetResponse): void {
    this.print(AuthRoleGetResponse, resp);
  }

  roleDelete(_role: string, resp: AuthRoleDeleteResponse): void {
    this.print(AuthRoleDeleteResponse, resp);
  }

  roleList(resp: AuthRoleListResponse): void {
    this.print(AuthRoleListResponse, resp);
  }

  roleGrantPermission(_role: string, resp: AuthRoleGrantPermissionResponse): void {
    this.print(AuthRoleGrantPermissionResponse, resp);
  }

  roleRevokePermission(_role: string, _key: string, _end: string, resp: AuthRoleRevokePermissionResponse): void {
    this.print(AuthRoleRevokePermissionResponse, resp);
  }

  userAdd(_user: string, resp: AuthUserAddResponse): void {
    this.print(AuthUserAddResponse, resp);
  }

  userGet(_user: string, resp: AuthUserGetResponse): void {
    this.print(AuthUserGetResponse, resp);
  }

  userList(resp: AuthUserListResponse): void {
    this.print(AuthUserListResponse, resp);
  }

  userChangePassword(resp: AuthUserChangePasswordResponse): void {
    this.print(AuthUserChangePasswordResponse, resp);
  }

  userGrantRole(_user: string, _role: string, resp: AuthUserGrantRoleResponse): void {
    this.print(AuthUserGrantRoleResponse, resp);
  }

  userRevokeRole(_user: string, _role: string, resp: AuthUserRevokeRoleResponse): void {
    this.print(AuthUserRevokeRoleResponse, resp);
  }

  userDelete(_user: string, resp: AuthUserDeleteResponse): void {
    this.print(AuthUserDeleteResponse, resp);
  }

  authStatus(resp: AuthStatusResponse): void {
    this.print(AuthStatusResponse, resp);
  }
}
