// `-w json` (printer_json.go): Go's json.Marshal of the structs etcdctl holds, one line each.
// Field names and omitempty come from the gogo-generated json tags (snake_case for most fields,
// camelCase for some, Go field names where a struct has no tags). clientv3 wrappers change the
// shape: lease responses embed *ResponseHeader (its fields are flattened into the top level),
// watch responses are clientv3.WatchResponse (Go names, nothing omitted at the top), and a txn's
// ResponseOp marshals its oneof interface as {"Response":{"ResponsePut":{...}}}.
import type { IO } from '../../cli/core/io.js';
import { field, goMarshal, goObject, omitEmpty, type GoField, type GoJson, type GoObject } from '../../format/go-json.js';
import type * as rpc from '../../proto/gen/etcdserverpb/rpc.js';
import type { Event, KeyValue } from '../../proto/gen/mvccpb/kv.js';
import type { Permission } from '../../proto/gen/authpb/auth.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Printer, RangeStream, SnapshotStatus, WatchResponseView } from './printer.js';
import { ChunkWriter } from '../chunk-writer.js';
import { ZERO_HEADER, i64, memberPromotePanic, u64 } from './common.js';

function headerFields(h: rpc.ResponseHeader): GoField[] {
  return [
    omitEmpty('cluster_id', u64(h.clusterId)),
    omitEmpty('member_id', u64(h.memberId)),
    omitEmpty('revision', i64(h.revision)),
    omitEmpty('raft_term', u64(h.raftTerm)),
  ];
}

/** pb.ResponseHeader */
function header(h: rpc.ResponseHeader | undefined): GoObject | undefined {
  return h === undefined ? undefined : goObject(...headerFields(h));
}

/** mvccpb.KeyValue */
function keyValue(kv: KeyValue | undefined): GoObject | undefined {
  if (kv === undefined) return undefined;
  return goObject(
    omitEmpty('key', kv.key),
    omitEmpty('create_revision', i64(kv.createRevision)),
    omitEmpty('mod_revision', i64(kv.modRevision)),
    omitEmpty('version', i64(kv.version)),
    omitEmpty('value', kv.value),
    omitEmpty('lease', i64(kv.lease)),
  );
}

/** mvccpb.Event */
function event(e: Event): GoObject {
  return goObject(omitEmpty('type', e.type), omitEmpty('kv', keyValue(e.kv)), omitEmpty('prev_kv', keyValue(e.prevKv)));
}

function rangeResponse(r: rpc.RangeResponse): GoObject {
  return goObject(
    omitEmpty('header', header(r.header)),
    omitEmpty('kvs', r.kvs.map((kv) => keyValue(kv) ?? null)),
    omitEmpty('more', r.more),
    omitEmpty('count', i64(r.count)),
  );
}

function putResponse(r: rpc.PutResponse): GoObject {
  return goObject(omitEmpty('header', header(r.header)), omitEmpty('prev_kv', keyValue(r.prevKv)));
}

function deleteRangeResponse(r: rpc.DeleteRangeResponse): GoObject {
  return goObject(
    omitEmpty('header', header(r.header)),
    omitEmpty('deleted', i64(r.deleted)),
    omitEmpty('prev_kvs', r.prevKvs.map((kv) => keyValue(kv) ?? null)),
  );
}

/** pb.ResponseOp: the oneof is an interface field without a tag, holding a wrapper struct. */
function responseOp(op: rpc.ResponseOp): GoObject {
  const r = op.response;
  let inner: GoJson = null;
  if (r?.$case === 'responseRange') inner = goObject(['ResponseRange', rangeResponse(r.responseRange)]);
  else if (r?.$case === 'responsePut') inner = goObject(['ResponsePut', putResponse(r.responsePut)]);
  else if (r?.$case === 'responseDeleteRange') inner = goObject(['ResponseDeleteRange', deleteRangeResponse(r.responseDeleteRange)]);
  else if (r?.$case === 'responseTxn') inner = goObject(['ResponseTxn', txnResponse(r.responseTxn)]);
  return goObject(['Response', inner]);
}

function txnResponse(r: rpc.TxnResponse): GoObject {
  return goObject(
    omitEmpty('header', header(r.header)),
    omitEmpty('succeeded', r.succeeded),
    omitEmpty('responses', r.responses.map(responseOp)),
  );
}

/** pb.Member */
function member(m: rpc.Member): GoObject {
  return goObject(
    omitEmpty('ID', u64(m.ID)),
    omitEmpty('name', m.name),
    omitEmpty('peerURLs', m.peerURLs),
    omitEmpty('clientURLs', m.clientURLs),
    omitEmpty('isLearner', m.isLearner),
  );
}

/** The common shape {header, members} of member remove/update/list responses. */
function membersResponse(r: { header: rpc.ResponseHeader | undefined; members: rpc.Member[] }): GoObject {
  return goObject(omitEmpty('header', header(r.header)), omitEmpty('members', r.members.map(member)));
}

/** A response that is only a header (role/user mutations, lease revoke, move-leader). */
function headerOnly(r: { header: rpc.ResponseHeader | undefined }): GoObject {
  return goObject(omitEmpty('header', header(r.header)));
}

function statusResponse(r: rpc.StatusResponse): GoObject {
  return goObject(
    omitEmpty('header', header(r.header)),
    omitEmpty('version', r.version),
    omitEmpty('dbSize', i64(r.dbSize)),
    omitEmpty('leader', u64(r.leader)),
    omitEmpty('raftIndex', u64(r.raftIndex)),
    omitEmpty('raftTerm', u64(r.raftTerm)),
    omitEmpty('raftAppliedIndex', u64(r.raftAppliedIndex)),
    omitEmpty('errors', r.errors),
    omitEmpty('dbSizeInUse', i64(r.dbSizeInUse)),
    omitEmpty('isLearner', r.isLearner),
  );
}

function hashKVResponse(r: rpc.HashKVResponse): GoObject {
  return goObject(
    omitEmpty('header', header(r.header)),
    omitEmpty('hash', r.hash >>> 0),
    omitEmpty('compact_revision', i64(r.compactRevision)),
  );
}

/** authpb.Permission */
function permission(p: Permission): GoObject {
  return goObject(omitEmpty('permType', p.permType), omitEmpty('key', p.key), omitEmpty('range_end', p.rangeEnd));
}

/** A clientv3 lease wrapper: the embedded *ResponseHeader's fields first (none if nil). */
function flattenedHeader(h: rpc.ResponseHeader | undefined): GoField[] {
  return h === undefined ? [] : headerFields(h);
}

export class JsonPrinter implements Printer {
  readonly format = 'json' as const;

  constructor(private readonly io: IO) {}

  private print(value: GoJson): void {
    this.io.stdout.write(goMarshal(value) + '\n');
  }

  get(resp: rpc.RangeResponse): void {
    this.print(rangeResponse(resp));
  }

  /**
   * rangeResponse's marshalling written piece by piece: Go's compact json.Marshal of an object is
   * its fields' marshalling joined, so each key is marshalled on its own as it arrives.
   */
  async getStream(resp: RangeStream): Promise<void> {
    const out = new ChunkWriter(this.io.stdout);
    const h = header(resp.header);
    out.text(h === undefined ? '{' : `{"header":${goMarshal(h)}`);
    let sep = h === undefined ? '' : ',';
    let n = 0;
    for await (const kvs of resp.pages) {
      for (const kv of kvs) {
        const item = goMarshal(keyValue(kv) ?? null);
        out.text(n++ === 0 ? `${sep}"kvs":[${item}` : `,${item}`);
      }
      await out.drain();
    }
    if (n > 0) {
      out.text(']');
      sep = ',';
    }
    const tail = goMarshal(goObject(omitEmpty('more', resp.more), omitEmpty('count', i64(resp.count))));
    out.text(tail === '{}' ? '}\n' : `${sep}${tail.slice(1)}\n`);
    await out.drain();
  }

  put(resp: rpc.PutResponse): void {
    this.print(putResponse(resp));
  }

  del(resp: rpc.DeleteRangeResponse): void {
    this.print(deleteRangeResponse(resp));
  }

  txn(resp: rpc.TxnResponse): void {
    this.print(txnResponse(resp));
  }

  /** clientv3.WatchResponse: Header is a struct value; the other fields have no tags. */
  watch(resp: WatchResponseView): void {
    this.print(
      goObject(
        ['Header', goObject(...headerFields(resp.header ?? ZERO_HEADER))],
        ['Events', resp.events === null ? null : resp.events.map(event)],
        ['CompactRevision', i64(resp.compactRevision)],
        ['Canceled', resp.canceled],
        ['Created', resp.created],
      ),
    );
  }

  /** clientv3.LeaseGrantResponse: `Error` has no omitempty, so `"Error":""` is always there. */
  grant(resp: rpc.LeaseGrantResponse): void {
    this.print(goObject(...flattenedHeader(resp.header), ['ID', i64(resp.ID)], ['TTL', i64(resp.TTL)], ['Error', resp.error]));
  }

  revoke(_id: bigint, resp: rpc.LeaseRevokeResponse): void {
    this.print(headerOnly(resp));
  }

  keepAlive(resp: rpc.LeaseKeepAliveResponse): void {
    this.print(goObject(...flattenedHeader(resp.header), ['ID', i64(resp.ID)], ['TTL', i64(resp.TTL)]));
  }

  /** clientv3.LeaseTimeToLiveResponse: json tags without omitempty; no keys is a nil slice. */
  timeToLive(resp: rpc.LeaseTimeToLiveResponse): void {
    this.print(
      goObject(
        ...flattenedHeader(resp.header),
        ['id', i64(resp.ID)],
        ['ttl', i64(resp.TTL)],
        ['granted-ttl', i64(resp.grantedTTL)],
        field('keys', resp.keys.length === 0 ? null : resp.keys),
      ),
    );
  }

  /** clientv3.LeaseLeasesResponse: clientv3 always makes the slice, so no leases is `[]`. */
  leases(resp: rpc.LeaseLeasesResponse): void {
    this.print(goObject(...flattenedHeader(resp.header), ['leases', resp.leases.map((l) => goObject(['id', i64(l.ID)]))]));
  }

  memberAdd(resp: rpc.MemberAddResponse): void {
    this.print(
      goObject(
        omitEmpty('header', header(resp.header)),
        omitEmpty('member', resp.member === undefined ? undefined : member(resp.member)),
        omitEmpty('members', resp.members.map(member)),
      ),
    );
  }

  memberRemove(_id: bigint, resp: rpc.MemberRemoveResponse): void {
    this.print(membersResponse(resp));
  }

  memberUpdate(_id: bigint, resp: rpc.MemberUpdateResponse): void {
    this.print(membersResponse(resp));
  }

  memberPromote(): void {
    throw memberPromotePanic();
  }

  memberList(resp: rpc.MemberListResponse): void {
    this.print(membersResponse(resp));
  }

  endpointHealth(list: readonly EndpointHealth[]): void {
    this.print(
      list.map((h) => goObject(['endpoint', h.ep], ['health', h.health], ['took', h.took], omitEmpty('error', h.error))),
    );
  }

  endpointStatus(list: readonly EndpointStatus[]): void {
    this.print(list.map((s) => goObject(['Endpoint', s.ep], ['Status', statusResponse(s.resp)])));
  }

  endpointHashKV(list: readonly EndpointHashKV[]): void {
    this.print(list.map((h) => goObject(['Endpoint', h.ep], ['HashKV', hashKVResponse(h.resp)])));
  }

  moveLeader(_leader: bigint, _target: bigint, resp: rpc.MoveLeaderResponse): void {
    this.print(headerOnly(resp));
  }

  alarm(resp: rpc.AlarmResponse): void {
    this.print(
      goObject(
        omitEmpty('header', header(resp.header)),
        omitEmpty(
          'alarms',
          resp.alarms.map((a) => goObject(omitEmpty('memberID', u64(a.memberID)), omitEmpty('alarm', a.alarm))),
        ),
      ),
    );
  }

  /** snapshot.Status: plain json tags, nothing omitted. */
  dbStatus(s: SnapshotStatus): void {
    this.print(
      goObject(['hash', s.hash >>> 0], ['revision', i64(s.revision)], ['totalKey', i64(s.totalKey)], ['totalSize', i64(s.totalSize)]),
    );
  }

  roleAdd(_role: string, resp: rpc.AuthRoleAddResponse): void {
    this.print(headerOnly(resp));
  }

  roleGet(_role: string, resp: rpc.AuthRoleGetResponse): void {
    this.print(goObject(omitEmpty('header', header(resp.header)), omitEmpty('perm', resp.perm.map(permission))));
  }

  roleDelete(_role: string, resp: rpc.AuthRoleDeleteResponse): void {
    this.print(headerOnly(resp));
  }

  roleList(resp: rpc.AuthRoleListResponse): void {
    this.print(goObject(omitEmpty('header', header(resp.header)), omitEmpty('roles', resp.roles)));
  }

  roleGrantPermission(_role: string, resp: rpc.AuthRoleGrantPermissionResponse): void {
    this.print(headerOnly(resp));
  }

  roleRevokePermission(_role: string, _key: string, _end: string, resp: rpc.AuthRoleRevokePermissionResponse): void {
    this.print(headerOnly(resp));
  }

  userAdd(_user: string, resp: rpc.AuthUserAddResponse): void {
    this.print(headerOnly(resp));
  }

  userGet(_user: string, resp: rpc.AuthUserGetResponse): void {
    this.print(goObject(omitEmpty('header', header(resp.header)), omitEmpty('roles', resp.roles)));
  }

  userList(resp: rpc.AuthUserListResponse): void {
    this.print(goObject(omitEmpty('header', header(resp.header)), omitEmpty('users', resp.users)));
  }

  userChangePassword(resp: rpc.AuthUserChangePasswordResponse): void {
    this.print(headerOnly(resp));
  }

  userGrantRole(_user: string, _role: string, resp: rpc.AuthUserGrantRoleResponse): void {
    this.print(headerOnly(resp));
  }

  userRevokeRole(_user: string, _role: string, resp: rpc.AuthUserRevokeRoleResponse): void {
    this.print(headerOnly(resp));
  }

  userDelete(_user: string, resp: rpc.AuthUserDeleteResponse): void {
    this.print(headerOnly(resp));
  }

  authStatus(resp: rpc.AuthStatusResponse): void {
    this.print(goObject(omitEmpty('header', header(resp.header)), omitEmpty('enabled', resp.enabled), omitEmpty('authRevision', u64(resp.authRevision))));
  }
}
