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
import * as rpc from '../../proto/gen/etcdserverpb/rpc.js';
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
  private header(h: rpc.ResponseHeader | undefined): void {
    this.print(rpc.ResponseHeader, h ?? ZERO_HEADER);
  }

  get(resp: rpc.RangeResponse): void {
    this.print(rpc.RangeResponse, resp);
  }

  put(resp: rpc.PutResponse): void {
    this.print(rpc.PutResponse, resp);
  }

  del(resp: rpc.DeleteRangeResponse): void {
    this.print(rpc.DeleteRangeResponse, resp);
  }

  txn(resp: rpc.TxnResponse): void {
    this.print(rpc.TxnResponse, resp);
  }

  watch(resp: WatchResponseView): void {
    this.print(rpc.WatchResponse, {
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

  grant(resp: rpc.LeaseGrantResponse): void {
    this.header(resp.header);
  }

  /** Go: `marshal unsupported for type clientv3.LeaseRevokeResponse ({<header text>})`. */
  revoke(_id: bigint, resp: rpc.LeaseRevokeResponse): void {
    const text = resp.header === undefined ? '<nil>' : responseHeaderText(resp.header);
    throw badFeature(`marshal unsupported for type clientv3.LeaseRevokeResponse ({${text}})`);
  }

  keepAlive(resp: rpc.LeaseKeepAliveResponse): void {
    this.header(resp.header);
  }

  timeToLive(resp: rpc.LeaseTimeToLiveResponse): void {
    this.header(resp.header);
  }

  leases(resp: rpc.LeaseLeasesResponse): void {
    this.header(resp.header);
  }

  memberAdd(resp: rpc.MemberAddResponse): void {
    this.print(rpc.MemberAddResponse, resp);
  }

  memberRemove(_id: bigint, resp: rpc.MemberRemoveResponse): void {
    this.print(rpc.MemberRemoveResponse, resp);
  }

  memberUpdate(_id: bigint, resp: rpc.MemberUpdateResponse): void {
    this.print(rpc.MemberUpdateResponse, resp);
  }

  memberPromote(): void {
    throw memberPromotePanic();
  }

  memberList(resp: rpc.MemberListResponse): void {
    this.print(rpc.MemberListResponse, resp);
  }

  endpointHealth = notProtobuf;
  endpointStatus = notProtobuf;
  endpointHashKV = notProtobuf;
  dbStatus = notProtobuf;

  moveLeader(_leader: bigint, _target: bigint, resp: rpc.MoveLeaderResponse): void {
    this.print(rpc.MoveLeaderResponse, resp);
  }

  alarm(resp: rpc.AlarmResponse): void {
    this.print(rpc.AlarmResponse, resp);
  }

  roleAdd(_role: string, resp: rpc.AuthRoleAddResponse): void {
    this.print(rpc.AuthRoleAddResponse, resp);
  }

  roleGet(_role: string, resp: rpc.AuthRoleGetResponse): void {
    this.print(rpc.AuthRoleGetResponse, resp);
  }

  roleDelete(_role: string, resp: rpc.AuthRoleDeleteResponse): void {
    this.print(rpc.AuthRoleDeleteResponse, resp);
  }

  roleList(resp: rpc.AuthRoleListResponse): void {
    this.print(rpc.AuthRoleListResponse, resp);
  }

  roleGrantPermission(_role: string, resp: rpc.AuthRoleGrantPermissionResponse): void {
    this.print(rpc.AuthRoleGrantPermissionResponse, resp);
  }

  roleRevokePermission(_role: string, _key: string, _end: string, resp: rpc.AuthRoleRevokePermissionResponse): void {
    this.print(rpc.AuthRoleRevokePermissionResponse, resp);
  }

  userAdd(_user: string, resp: rpc.AuthUserAddResponse): void {
    this.print(rpc.AuthUserAddResponse, resp);
  }

  userGet(_user: string, resp: rpc.AuthUserGetResponse): void {
    this.print(rpc.AuthUserGetResponse, resp);
  }

  userList(resp: rpc.AuthUserListResponse): void {
    this.print(rpc.AuthUserListResponse, resp);
  }

  userChangePassword(resp: rpc.AuthUserChangePasswordResponse): void {
    this.print(rpc.AuthUserChangePasswordResponse, resp);
  }

  userGrantRole(_user: string, _role: string, resp: rpc.AuthUserGrantRoleResponse): void {
    this.print(rpc.AuthUserGrantRoleResponse, resp);
  }

  userRevokeRole(_user: string, _role: string, resp: rpc.AuthUserRevokeRoleResponse): void {
    this.print(rpc.AuthUserRevokeRoleResponse, resp);
  }

  userDelete(_user: string, resp: rpc.AuthUserDeleteResponse): void {
    this.print(rpc.AuthUserDeleteResponse, resp);
  }

  authStatus(resp: rpc.AuthStatusResponse): void {
    this.print(rpc.AuthStatusResponse, resp);
  }
}
