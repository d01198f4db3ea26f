// The v3 API as typed calls over a Connection: one method per etcd RPC that etcdctl uses.
// Requests are built with the generated fromPartial (unset fields take proto3 defaults).
import {
  AuthService,
  ClusterService,
  KVService,
  LeaseService,
  MaintenanceService,
  AlarmRequest,
  AuthEnableRequest,
  AuthDisableRequest,
  AuthStatusRequest,
  AuthRoleAddRequest,
  AuthRoleDeleteRequest,
  AuthRoleGetRequest,
  AuthRoleGrantPermissionRequest,
  AuthRoleListRequest,
  AuthRoleRevokePermissionRequest,
  AuthUserAddRequest,
  AuthUserChangePasswordRequest,
  AuthUserDeleteRequest,
  AuthUserGetRequest,
  AuthUserGrantRoleRequest,
  AuthUserListRequest,
  AuthUserRevokeRoleRequest,
  CompactionRequest,
  DefragmentRequest,
  DeleteRangeRequest,
  HashKVRequest,
  LeaseGrantRequest,
  LeaseLeasesRequest,
  LeaseRevokeRequest,
  LeaseTimeToLiveRequest,
  MemberAddRequest,
  MemberListRequest,
  MemberPromoteRequest,
  MemberRemoveRequest,
  MemberUpdateRequest,
  MoveLeaderRequest,
  PutRequest,
  RangeRequest,
  StatusRequest,
  TxnRequest,
} from '../../proto/gen/etcdserverpb/rpc.js';
import { Connection, type CallOptions, type ClientConfig } from './connection.js';
import { decodeRangeResponse, decodeRangeResponseEncoded } from './range-decode.js';

/** KV.Range with the lean decoder (range-decode.ts): keys and values are views on the response */
const RANGE = { ...KVService.range, responseDeserialize: decodeRangeResponse };
/** KV.Range whose key-values are decoded when read, a batch at a time (pages of large ranges) */
const RANGE_ENCODED = { ...KVService.range, responseDeserialize: decodeRangeResponseEncoded };

type Partial<T> = { [K in keyof T]?: T[K] };

export class EtcdClient {
  private constructor(readonly conn: Connection) {}

  /** authVia: another client whose token this one uses (clientv3's per-endpoint Maintenance dial) */
  static async connect(cfg: ClientConfig, authVia?: EtcdClient): Promise<EtcdClient> {
    return new EtcdClient(await Connection.open(cfg, authVia?.conn));
  }

  close(): void {
    this.conn.close();
  }

  get endpoints(): string[] {
    return this.conn.endpoints;
  }

  // KV
  range(req: Partial<RangeRequest>, o: CallOptions = {}) {
    return this.conn.unary(RANGE, RangeRequest.fromPartial(req), { idempotent: true, ...o });
  }
  /** range() with the key-values left encoded until read (range-decode.ts EncodedKeyValues) */
  rangeEncoded(req: Partial<RangeRequest>, o: CallOptions = {}) {
    return this.conn.unary(RANGE_ENCODED, RangeRequest.fromPartial(req), { idempotent: true, ...o });
  }
  put(req: Partial<PutRequest>, o: CallOptions = {}) {
    return this.conn.unary(KVService.put, PutRequest.fromPartial(req), o);
  }
  deleteRange(req: Partial<DeleteRangeRequest>, o: CallOptions = {}) {
    return this.conn.unary(KVService.deleteRange, DeleteRangeRequest.fromPartial(req), o);
  }
  txn(req: TxnRequest, o: CallOptions = {}) {
    return this.conn.unary(KVService.txn, req, o);
  }
  compact(req: Partial<CompactionRequest>, o: CallOptions = {}) {
    return this.conn.unary(KVService.compact, CompactionRequest.fromPartial(req), o);
  }

  // Lease
  leaseGrant(req: Partial<LeaseGrantRequest>, o: CallOptions = {}) {
    return this.conn.unary(LeaseService.leaseGrant, LeaseGrantRequest.fromPartial(req), o);
  }
  leaseRevoke(req: Partial<LeaseRevokeRequest>, o: CallOptions = {}) {
    return this.conn.unary(LeaseService.leaseRevoke, LeaseRevokeRequest.fromPartial(req), o);
  }
  leaseTimeToLive(req: Partial<LeaseTimeToLiveRequest>, o: CallOptions = {}) {
    return this.conn.unary(LeaseService.leaseTimeToLive, LeaseTimeToLiveRequest.fromPartial(req), { idempotent: true, ...o });
  }
  leaseLeases(o: CallOptions = {}) {
    return this.conn.unary(LeaseService.leaseLeases, LeaseLeasesRequest.fromPartial({}), { idempotent: true, ...o });
  }

  // Cluster
  memberList(o: CallOptions = {}) {
    return this.conn.unary(ClusterService.memberList, MemberListRequest.fromPartial({}), { idempotent: true, ...o });
  }
  memberAdd(req: Partial<MemberAddRequest>, o: CallOptions = {}) {
    return this.conn.unary(ClusterService.memberAdd, MemberAddRequest.fromPartial(req), o);
  }
  memberRemove(req: Partial<MemberRemoveRequest>, o: CallOptions = {}) {
    return this.conn.unary(ClusterService.memberRemove, MemberRemoveRequest.fromPartial(req), o);
  }
  memberUpdate(req: Partial<MemberUpdateRequest>, o: CallOptions = {}) {
    return this.conn.unary(ClusterService.memberUpdate, MemberUpdateRequest.fromPartial(req), o);
  }
  memberPromote(req: Partial<MemberPromoteRequest>, o: CallOptions = {}) {
    return this.conn.unary(ClusterService.memberPromote, MemberPromoteRequest.fromPartial(req), o);
  }

  // Maintenance
  status(o: CallOptions = {}) {
    return this.conn.unary(MaintenanceService.status, StatusRequest.fromPartial({}), { idempotent: true, ...o });
  }
  hashKV(req: Partial<HashKVRequest>, o: CallOptions = {}) {
    return this.conn.unary(MaintenanceService.hashKv, HashKVRequest.fromPartial(req), { idempotent: true, ...o });
  }
  alarm(req: Partial<AlarmRequest>, o: CallOptions = {}) {
    return this.conn.unary(MaintenanceService.alarm, AlarmRequest.fromPartial(req), o);
  }
  defragment(o: CallOptions = {}) {
    return this.conn.unary(MaintenanceService.defragment, DefragmentRequest.fromPartial({}), o);
  }
  moveLeader(req: Partial<MoveLeaderRequest>, o: CallOptions = {}) {
    return this.conn.unary(MaintenanceService.moveLeader, MoveLeaderRequest.fromPartial(req), o);
  }

  // Auth
  authEnable(o: CallOptions = {}) {
    return this.conn.unary(AuthService.authEnable, AuthEnableRequest.fromPartial({}), o);
  }
  authDisable(o: CallOptions = {}) {
    return this.conn.unary(AuthService.authDisable, AuthDisableRequest.fromPartial({}), o);
  }
  /** etcd 3.5+ */
  authStatus(o: CallOptions = {}) {
    return this.conn.unary(AuthService.authStatus, AuthStatusRequest.fromPartial({}), { idempotent: true, ...o });
  }
  userAdd(req: Partial<AuthUserAddRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.userAdd, AuthUserAddRequest.fromPartial(req), o);
  }
  userGet(req: Partial<AuthUserGetRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.userGet, AuthUserGetRequest.fromPartial(req), { idempotent: true, ...o });
  }
  userList(o: CallOptions = {}) {
    return this.conn.unary(AuthService.userList, AuthUserListRequest.fromPartial({}), { idempotent: true, ...o });
  }
  userDelete(req: Partial<AuthUserDeleteRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.userDelete, AuthUserDeleteRequest.fromPartial(req), o);
  }
  userChangePassword(req: Partial<AuthUserChangePasswordRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.userChangePassword, AuthUserChangePasswordRequest.fromPartial(req), o);
  }
  userGrantRole(req: Partial<AuthUserGrantRoleRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.userGrantRole, AuthUserGrantRoleRequest.fromPartial(req), o);
  }
  userRevokeRole(req: Partial<AuthUserRevokeRoleRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.userRevokeRole, AuthUserRevokeRoleRequest.fromPartial(req), o);
  }
  roleAdd(req: Partial<AuthRoleAddRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.roleAdd, AuthRoleAddRequest.fromPartial(req), o);
  }
  roleGet(req: Partial<AuthRoleGetRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.roleGet, AuthRoleGetRequest.fromPartial(req), { idempotent: true, ...o });
  }
  roleList(o: CallOptions = {}) {
    return this.conn.unary(AuthService.roleList, AuthRoleListRequest.fromPartial({}), { idempotent: true, ...o });
  }
  roleDelete(req: Partial<AuthRoleDeleteRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.roleDelete, AuthRoleDeleteRequest.fromPartial(req), o);
  }
  roleGrantPermission(req: Partial<AuthRoleGrantPermissionRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.roleGrantPermission, AuthRoleGrantPermissionRequest.fromPartial(req), o);
  }
  roleRevokePermission(req: Partial<AuthRoleRevokePermissionRequest>, o: CallOptions = {}) {
    return this.conn.unary(AuthService.roleRevokePermission, AuthRoleRevokePermissionRequest.fromPartial(req), o);
  }
}

export { Connection };
export type { CallOptions, ClientConfig };
