// `-w fields` (printer_fields.go): `"Name" : value` lines. Strings and bytes are Go-quoted (%q),
// numbers decimal, enums by name, lists as Go's %v. Member add/remove/update, move-leader and
// user get/list are not printable here (exit 4); a missing response header panics as in Go
// (alarm responses from 3.4 servers have none).
import type { IO } from '../../cli/core/io.js';
import { goQuote, goStringList } from '../../format/go-quote.js';
import { alarmTypeName } from '../../format/go-fmt.js';
import type * as rpc from '../../proto/gen/etcdserverpb/rpc.js';
import type { KeyValue } from '../../proto/gen/mvccpb/kv.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Printer, RangeStream, SnapshotStatus, WatchResponseView } from './printer.js';
import { ChunkWriter } from '../chunk-writer.js';
import { ZERO_HEADER, i64, memberPromotePanic, nilPointerPanic, requireHeader, u64, unsupported } from './common.js';

const PERM_TYPE_NAMES: Record<number, string> = { 0: 'READ', 1: 'WRITE', 2: 'READWRITE' };

function eventTypeName(type: number): string {
  return type === 0 ? 'PUT' : type === 1 ? 'DELETE' : String(type);
}

export class FieldsPrinter implements Printer {
  readonly format = 'fields' as const;

  constructor(private readonly io: IO) {}

  private lines(...lines: string[]): void {
    this.io.stdout.write(lines.map((l) => l + '\n').join(''));
  }

  private hdr(h: rpc.ResponseHeader | undefined, frame: string): void {
    const header = requireHeader(h, frame);
    this.lines(
      `"ClusterID" : ${u64(header.clusterId)}`,
      `"MemberID" : ${u64(header.memberId)}`,
      `"Revision" : ${i64(header.revision)}`,
      `"RaftTerm" : ${u64(header.raftTerm)}`,
    );
  }

  private kv(pfx: string, kv: KeyValue | undefined): void {
    if (kv === undefined) throw nilPointerPanic(['(*fieldsPrinter).kv']);
    this.lines(
      `"${pfx}Key" : ${goQuote(kv.key)}`,
      `"${pfx}CreateRevision" : ${i64(kv.createRevision)}`,
      `"${pfx}ModRevision" : ${i64(kv.modRevision)}`,
      `"${pfx}Version" : ${i64(kv.version)}`,
      `"${pfx}Value" : ${goQuote(kv.value)}`,
      `"${pfx}Lease" : ${i64(kv.lease)}`,
    );
  }

  del(r: rpc.DeleteRangeResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Del');
    this.lines(`"Deleted" : ${i64(r.deleted)}`);
    for (const kv of r.prevKvs) this.kv('Prev', kv);
  }

  get(r: rpc.RangeResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Get');
    for (const kv of r.kvs) this.kv('', kv);
    this.lines(`"More" : ${r.more}`, `"Count" : ${i64(r.count)}`);
  }

  async getStream(r: RangeStream): Promise<void> {
    this.hdr(r.header, '(*fieldsPrinter).Get');
    const out = new ChunkWriter(this.io.stdout);
    for await (const kvs of r.pages) {
      for (const kv of kvs) {
        if (kv === undefined) throw nilPointerPanic(['(*fieldsPrinter).kv']);
        out.text(
          `"Key" : ${goQuote(kv.key)}\n"CreateRevision" : ${i64(kv.createRevision)}\n"ModRevision" : ${i64(kv.modRevision)}\n` +
            `"Version" : ${i64(kv.version)}\n"Value" : ${goQuote(kv.value)}\n"Lease" : ${i64(kv.lease)}\n`,
        );
      }
      await out.drain();
    }
    this.lines(`"More" : ${r.more}`, `"Count" : ${i64(r.count)}`);
  }

  put(r: rpc.PutResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Put');
    if (r.prevKv !== undefined) this.kv('Prev', r.prevKv);
  }

  txn(r: rpc.TxnResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Txn');
    this.lines(`"Succeeded" : ${r.succeeded}`);
    for (const op of r.responses) {
      const v = op.response;
      if (v?.$case === 'responseDeleteRange') this.del(v.responseDeleteRange);
      else if (v?.$case === 'responsePut') this.put(v.responsePut);
      else if (v?.$case === 'responseRange') this.get(v.responseRange);
      // A nested txn (etcdctl cannot send one): Go prints `"Unknown" : %q` of `%+v`; approximated.
      else this.lines(`"Unknown" : ${goQuote(v === undefined ? '<nil>' : '&{' + v.$case + '}')}`);
    }
  }

  watch(resp: WatchResponseView): void {
    // clientv3.WatchResponse holds its header by value: never nil.
    this.hdr(resp.header ?? ZERO_HEADER, '(*fieldsPrinter).Watch');
    for (const e of resp.events ?? []) {
      this.lines(`"Type" : ${eventTypeName(e.type)}`);
      if (e.prevKv !== undefined) this.kv('Prev', e.prevKv);
      this.kv('', e.kv);
    }
  }

  grant(r: rpc.LeaseGrantResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Grant');
    this.lines(`"ID" : ${i64(r.ID)}`, `"TTL" : ${i64(r.TTL)}`);
  }

  revoke(_id: bigint, r: rpc.LeaseRevokeResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Revoke');
  }

  keepAlive(r: rpc.LeaseKeepAliveResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).KeepAlive');
    this.lines(`"ID" : ${i64(r.ID)}`, `"TTL" : ${i64(r.TTL)}`);
  }

  timeToLive(r: rpc.LeaseTimeToLiveResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).TimeToLive');
    this.lines(`"ID" : ${i64(r.ID)}`, `"TTL" : ${i64(r.TTL)}`, `"GrantedTTL" : ${i64(r.grantedTTL)}`);
    for (const k of r.keys) this.lines(`"Key" : ${goQuote(k)}`);
  }

  leases(r: rpc.LeaseLeasesResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Leases');
    for (const item of r.leases) this.lines(`"ID" : ${i64(item.ID)}`);
  }

  memberAdd(): void {
    throw unsupported('fields');
  }

  memberRemove(): void {
    throw unsupported('fields');
  }

  memberUpdate(): void {
    throw unsupported('fields');
  }

  memberPromote(): void {
    throw memberPromotePanic();
  }

  memberList(r: rpc.MemberListResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).MemberList');
    for (const m of r.members) {
      this.lines(`"ID" : ${u64(m.ID)}`, `"Name" : ${goQuote(m.name)}`);
      for (const u of m.peerURLs) this.lines(`"PeerURL" : ${goQuote(u)}`);
      for (const u of m.clientURLs) this.lines(`"ClientURL" : ${goQuote(u)}`);
      this.lines(`"IsLearner" : ${m.isLearner}`, '');
    }
  }

  /** Go's Println puts a space after `"Error" :` even when the error is empty. */
  endpointHealth(list: readonly EndpointHealth[]): void {
    for (const h of list) {
      this.lines(`"Endpoint" : ${goQuote(h.ep)}`, `"Health" : ${h.health}`, `"Took" : ${h.took}`, `"Error" : ${h.error}`, '');
    }
  }

  endpointStatus(list: readonly EndpointStatus[]): void {
    for (const { ep, resp } of list) {
      this.hdr(resp.header, '(*fieldsPrinter).EndpointStatus');
      this.lines(
        `"Version" : ${goQuote(resp.version)}`,
        `"DBSize" : ${i64(resp.dbSize)}`,
        `"Leader" : ${u64(resp.leader)}`,
        `"IsLearner" : ${resp.isLearner}`,
        `"RaftIndex" : ${u64(resp.raftIndex)}`,
        `"RaftTerm" : ${u64(resp.raftTerm)}`,
        `"RaftAppliedIndex" : ${u64(resp.raftAppliedIndex)}`,
        `"Errors" : ${goStringList(resp.errors)}`,
        `"Endpoint" : ${goQuote(ep)}`,
        '',
      );
    }
  }

  endpointHashKV(list: readonly EndpointHashKV[]): void {
    for (const { ep, resp } of list) {
      this.hdr(resp.header, '(*fieldsPrinter).EndpointHashKV');
      this.lines(`"Endpoint" : ${goQuote(ep)}`, `"Hash" : ${resp.hash >>> 0}`, '');
    }
  }

  moveLeader(): void {
    throw unsupported('fields');
  }

  /** 3.4 servers send alarm responses without a header, so this panics there, as etcdctl does. */
  alarm(r: rpc.AlarmResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).Alarm');
    for (const a of r.alarms) this.lines(`"MemberID" : ${u64(a.memberID)}`, `"AlarmType" : ${alarmTypeName(a.alarm)}`, '');
  }

  dbStatus(r: SnapshotStatus): void {
    this.lines(`"Hash" : ${r.hash >>> 0}`, `"Revision" : ${i64(r.revision)}`, `"Keys" : ${i64(r.totalKey)}`, `"Size" : ${i64(r.totalSize)}`);
  }

  roleAdd(_role: string, r: rpc.AuthRoleAddResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).RoleAdd');
  }

  /** `"PermType" : ` is Println of a string ending in a space and the type name: two spaces. */
  roleGet(_role: string, r: rpc.AuthRoleGetResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).RoleGet');
    for (const p of r.perm) {
      this.lines(
        `"PermType" :  ${PERM_TYPE_NAMES[p.permType] ?? String(p.permType)}`,
        `"Key" : ${goQuote(p.key)}`,
        `"RangeEnd" : ${goQuote(p.rangeEnd)}`,
      );
    }
  }

  roleDelete(_role: string, r: rpc.AuthRoleDeleteResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).RoleDelete');
  }

  roleList(r: rpc.AuthRoleListResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).RoleList');
    this.lines('"Roles" :' + r.roles.map((role) => ' ' + goQuote(role)).join(''));
  }

  roleGrantPermission(_role: string, r: rpc.AuthRoleGrantPermissionResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).RoleGrantPermission');
  }

  roleRevokePermission(_role: string, _key: string, _end: string, r: rpc.AuthRoleRevokePermissionResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).RoleRevokePermission');
  }

  userAdd(_user: string, r: rpc.AuthUserAddResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).UserAdd');
  }

  userGet(): void {
    throw unsupported('fields');
  }

  userList(): void {
    throw unsupported('fields');
  }

  userChangePassword(r: rpc.AuthUserChangePasswordResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).UserChangePassword');
  }

  userGrantRole(_user: string, _role: string, r: rpc.AuthUserGrantRoleResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).UserGrantRole');
  }

  userRevokeRole(_user: string, _role: string, r: rpc.AuthUserRevokeRoleResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).UserRevokeRole');
  }

  userDelete(_user: string, r: rpc.AuthUserDeleteResponse): void {
    this.hdr(r.header, '(*fieldsPrinter).UserDelete');
  }

  authStatus(): void {
    throw unsupported('fields');
  }
}
