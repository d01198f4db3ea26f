// `-w simple` (printer_simple.go): the human form. Keys, values, role keys and lease keys are
// written as raw bytes, as Go prints them; --hex writes keys and values as \xHH.
import type { IO } from '../../cli/core/io.js';
import { hexEscape } from '../../format/go-quote.js';
import { hexId, leaseIdHex, memberIdPadded, alarmMemberText } from '../../format/go-fmt.js';
import type * as rpc from '../../proto/gen/etcdserverpb/rpc.js';
import type { KeyValue } from '../../proto/gen/mvccpb/kv.js';
import { Permission_Type, type Permission } from '../../proto/gen/authpb/auth.js';
import { prefixEnd } from '../../client/v3/range.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Printer, RangeStream, SnapshotStatus, WatchResponseView } from './printer.js';
import { ChunkWriter } from '../chunk-writer.js';
import {
  dbStatusRows,
  endpointHashKVRows,
  endpointStatusRows,
  i64,
  memberListRows,
  nilPointerPanic,
  u64,
} from './common.js';

type Chunk = string | Uint8Array;

function eventTypeName(type: number): string {
  return type === 0 ? 'PUT' : type === 1 ? 'DELETE' : String(type);
}

export class SimplePrinter implements Printer {
  readonly format = 'simple' as const;

  constructor(
    private readonly io: IO,
    private readonly isHex: boolean,
  ) {}

  /** One Println: the chunks joined, then "\n", in one write. */
  private line(...chunks: Chunk[]): void {
    this.io.stdout.write(Buffer.concat([...chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)), Buffer.from('\n')]));
  }

  /** printKV (util.go): key line (unless value-only), then value line. */
  private kv(kv: KeyValue | undefined, valueOnly: boolean): void {
    if (kv === undefined) throw nilPointerPanic(['printKV']);
    const key: Chunk = this.isHex ? hexEscape(kv.key) : kv.key;
    const value: Chunk = this.isHex ? hexEscape(kv.value) : kv.value;
    if (!valueOnly) this.line(key);
    this.line(value);
  }

  /** kv() into a ChunkWriter; what came before a missing kv is written before the panic */
  private kvTo(out: ChunkWriter, kv: KeyValue | undefined, valueOnly: boolean): void {
    if (kv === undefined) {
      out.flush();
      throw nilPointerPanic(['printKV']);
    }
    if (this.isHex) {
      if (!valueOnly) {
        out.text(hexEscape(kv.key));
        out.newline();
      }
      out.text(hexEscape(kv.value));
    } else {
      if (!valueOnly) {
        out.bytes(kv.key);
        out.newline();
      }
      out.bytes(kv.value);
    }
    out.newline();
  }

  private clusterId(h: rpc.ResponseHeader | undefined, frame: string): bigint {
    if (h === undefined) throw nilPointerPanic([`(*simplePrinter).${frame}`]);
    return u64(h.clusterId);
  }

  get(resp: rpc.RangeResponse, valueOnly = false): void {
    for (const kv of resp.kvs) this.kv(kv, valueOnly);
  }

  async getStream(resp: RangeStream, valueOnly = false): Promise<void> {
    const out = new ChunkWriter(this.io.stdout);
    for await (const kvs of resp.pages) {
      for (const kv of kvs) this.kvTo(out, kv, valueOnly);
      await out.drain();
    }
  }

  put(resp: rpc.PutResponse): void {
    this.line('OK');
    if (resp.prevKv !== undefined) this.kv(resp.prevKv, false);
  }

  del(resp: rpc.DeleteRangeResponse): void {
    this.line(i64(resp.deleted).toString());
    for (const kv of resp.prevKvs) this.kv(kv, false);
  }

  txn(resp: rpc.TxnResponse): void {
    this.line(resp.succeeded ? 'SUCCESS' : 'FAILURE');
    for (const op of resp.responses) {
      this.line('');
      const r = op.response;
      if (r?.$case === 'responseDeleteRange') this.del(r.responseDeleteRange);
      else if (r?.$case === 'responsePut') this.put(r.responsePut);
      else if (r?.$case === 'responseRange') this.get(r.responseRange);
      // A nested txn (etcdctl cannot send one) is Go's `unexpected response %+v`; approximated.
      else this.line(`unexpected response ${r === undefined ? '{Response:<nil>}' : '{Response:' + r.$case + '}'}`);
    }
  }

  /** a replay of many events is written in large chunks, not a write per line (flushed per response) */
  private watchOut: ChunkWriter | undefined;

  watch(resp: WatchResponseView): void {
    const out = (this.watchOut ??= new ChunkWriter(this.io.stdout));
    for (const e of resp.events ?? []) {
      out.text(eventTypeName(e.type));
      out.newline();
      if (e.prevKv !== undefined) this.kvTo(out, e.prevKv, false);
      this.kvTo(out, e.kv, false);
    }
    out.flush();
  }

  grant(resp: rpc.LeaseGrantResponse): void {
    this.line(`lease ${leaseIdHex(resp.ID)} granted with TTL(${i64(resp.TTL)}s)`);
  }

  revoke(id: bigint): void {
    this.line(`lease ${leaseIdHex(id)} revoked`);
  }

  keepAlive(resp: rpc.LeaseKeepAliveResponse): void {
    this.line(`lease ${leaseIdHex(resp.ID)} keepalived with TTL(${i64(resp.TTL)})`);
  }

  timeToLive(resp: rpc.LeaseTimeToLiveResponse, keys: boolean): void {
    const granted = i64(resp.grantedTTL);
    const ttl = i64(resp.TTL);
    if (granted === 0n && ttl === -1n) {
      this.line(`lease ${leaseIdHex(resp.ID)} already expired`);
      return;
    }
    const chunks: Chunk[] = [`lease ${leaseIdHex(resp.ID)} granted with TTL(${granted}s), remaining(${ttl}s)`];
    if (keys) {
      // `, attached keys(%v)` of a []string: the raw keys, space-separated, in brackets.
      chunks.push(', attached keys([');
      resp.keys.forEach((k, i) => chunks.push(...(i > 0 ? [' ', k] : [k])));
      chunks.push('])');
    }
    this.line(...chunks);
  }

  leases(resp: rpc.LeaseLeasesResponse): void {
    this.line(`found ${resp.leases.length} leases`);
    for (const item of resp.leases) this.line(leaseIdHex(item.ID));
  }

  alarm(resp: rpc.AlarmResponse): void {
    for (const a of resp.alarms) this.line(alarmMemberText(a));
  }

  memberAdd(resp: rpc.MemberAddResponse): void {
    if (resp.member === undefined) throw nilPointerPanic(['(*simplePrinter).MemberAdd']);
    this.line(`Member ${memberIdPadded(resp.member.ID)} added to cluster ${memberIdPadded(this.clusterId(resp.header, 'MemberAdd'))}`);
  }

  memberRemove(id: bigint, resp: rpc.MemberRemoveResponse): void {
    this.line(`Member ${memberIdPadded(id)} removed from cluster ${memberIdPadded(this.clusterId(resp.header, 'MemberRemove'))}`);
  }

  memberUpdate(id: bigint, resp: rpc.MemberUpdateResponse): void {
    this.line(`Member ${memberIdPadded(id)} updated in cluster ${memberIdPadded(this.clusterId(resp.header, 'MemberUpdate'))}`);
  }

  memberPromote(id: bigint, resp: rpc.MemberPromoteResponse): void {
    this.line(`Member ${memberIdPadded(id)} promoted in cluster ${memberIdPadded(this.clusterId(resp.header, 'MemberPromote'))}`);
  }

  memberList(resp: rpc.MemberListResponse): void {
    for (const row of memberListRows(resp)) this.line(row.join(', '));
  }

  /** Health lines go to stderr, as etcdctl writes them. */
  endpointHealth(list: readonly EndpointHealth[]): void {
    for (const h of list) {
      this.io.stderr.write(
        h.error === ''
          ? `${h.ep} is healthy: successfully committed proposal: took = ${h.took}\n`
          : `${h.ep} is unhealthy: failed to commit proposal: ${h.error}\n`,
      );
    }
  }

  endpointStatus(list: readonly EndpointStatus[]): void {
    for (const row of endpointStatusRows(list)) this.line(row.join(', '));
  }

  endpointHashKV(list: readonly EndpointHashKV[]): void {
    for (const row of endpointHashKVRows(list)) this.line(row.join(', '));
  }

  dbStatus(status: SnapshotStatus): void {
    for (const row of dbStatusRows(status)) this.line(row.join(', '));
  }

  moveLeader(leader: bigint, target: bigint): void {
    this.line(`Leadership transferred from ${hexId(leader)} to ${hexId(target)}`);
  }

  roleAdd(role: string): void {
    this.line(`Role ${role} created`);
  }

  roleGet(role: string, resp: rpc.AuthRoleGetResponse): void {
    this.line(`Role ${role}`);
    this.line('KV Read:');
    for (const perm of resp.perm) if (perm.permType === Permission_Type.READ || perm.permType === Permission_Type.READWRITE) this.permission(perm);
    this.line('KV Write:');
    for (const perm of resp.perm) if (perm.permType === Permission_Type.WRITE || perm.permType === Permission_Type.READWRITE) this.permission(perm);
  }

  /** One permission line of role get: `\t<key>`, `\t[<key>, <end>)` or `\t[<key>, <open ended>`. */
  private permission(perm: Permission): void {
    if (perm.rangeEnd.length === 0) {
      this.line('\t', perm.key);
      return;
    }
    const chunks: Chunk[] =
      perm.rangeEnd.length === 1 && perm.rangeEnd[0] === 0
        ? ['\t[', perm.key, ', <open ended>']
        : ['\t[', perm.key, ', ', perm.rangeEnd, ')'];
    if (prefixEnd(perm.key).equals(perm.rangeEnd)) chunks.push(' (prefix ', perm.key, ')');
    this.line(...chunks);
  }

  roleList(resp: rpc.AuthRoleListResponse): void {
    for (const role of resp.roles) this.line(role);
  }

  roleDelete(role: string): void {
    this.line(`Role ${role} deleted`);
  }

  roleGrantPermission(role: string): void {
    this.line(`Role ${role} updated`);
  }

  roleRevokePermission(role: string, key: string, end: string): void {
    if (end.length === 0) this.line(`Permission of key ${key} is revoked from role ${role}`);
    else if (end !== '\x00') this.line(`Permission of range [${key}, ${end}) is revoked from role ${role}`);
    else this.line(`Permission of range [${key}, <open ended> is revoked from role ${role}`);
  }

  userAdd(user: string): void {
    this.line(`User ${user} created`);
  }

  userGet(user: string, resp: rpc.AuthUserGetResponse): void {
    this.line(`User: ${user}`);
    this.line('Roles:' + resp.roles.map((r) => ' ' + r).join(''));
  }

  userChangePassword(): void {
    this.line('Password updated');
  }

  userGrantRole(user: string, role: string): void {
    this.line(`Role ${role} is granted to user ${user}`);
  }

  userRevokeRole(user: string, role: string): void {
    this.line(`Role ${role} is revoked from user ${user}`);
  }

  userDelete(user: string): void {
    this.line(`User ${user} deleted`);
  }

  userList(resp: rpc.AuthUserListResponse): void {
    for (const user of resp.users) this.line(user);
  }

  authStatus(resp: rpc.AuthStatusResponse): void {
    this.line(`Authentication Status: ${resp.enabled}`);
    this.line(`AuthRevision: ${u64(resp.authRevision)}`);
  }
}
