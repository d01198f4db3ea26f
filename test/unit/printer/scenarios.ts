// The golden scenarios of golden/capture.sh as printer calls. For every command etcdctl ran, the
// response is rebuilt as etcdctl had it, from a capture other than the one compared: the text
// formats decode what the same command printed with -w protobuf, the protobuf format what it
// printed with -w json (same command, same state: a read-only command again in the same run, a
// mutation in the json run), so the protobuf test never decodes the bytes it expects. Where the
// values differ per run (lease ids, remaining TTLs, added member ids, durations), they are read
// back from that run's own output. The test then prints the response with our printer of the same
// format and compares with what etcdctl printed.
import * as rpc from '../../../src/proto/gen/etcdserverpb/rpc.js';
import type { EndpointHealth, Printer } from '../../../src/printer/v3/printer.js';
import {
  errorLine,
  golden,
  goldenFile,
  goldenInput,
  hashKVFromJson,
  headerFromJson,
  memberFromJson,
  parseJson,
  responseFromJson,
  statusFromJson,
  type Codec,
  type Format,
  type Golden,
  type JsonValue,
} from './golden.js';

/** The read-only response captured again in the same run (NAME.in.pb, or NAME.in.json for protobuf). */
const sameRun = goldenInput;

/**
 * A mutation's response as the other machine-readable run printed it (headers and revisions are the
 * same in every run): the protobuf run's bytes, or for the protobuf format the json run's output.
 */
function fromOtherRun<T>(codec: Codec<T>, f: Format, name: string): T {
  return f === 'protobuf' ? responseFromJson(codec, golden('json', name).out.toString()) : codec.decode(golden('protobuf', name).out);
}

function json(f: Format, name: string): { [k: string]: JsonValue } {
  return parseJson(golden(f, name).out.toString()) as { [k: string]: JsonValue };
}

const text = (f: Format, name: string) => golden(f, name).out.toString();
const hexId = (s: string) => BigInt('0x' + s.trim());
const leaseId = (f: Format, file: string) => hexId(goldenFile(f, file).toString());

/** A number printed by this run: simple/json/fields each print it their own way. */
function printed(f: Format, name: string, patterns: Partial<Record<Format, RegExp>>, fallback: bigint): bigint {
  const re = patterns[f];
  const m = re === undefined ? null : re.exec(text(f, name));
  return m === null ? fallback : BigInt(m[1]!);
}

/** The lease responses' header: the flattened fields of the json run (the same in every run). */
const leaseHeader = (name: string) => headerFromJson(json('json', name));

function healthRows(f: Format, name: string): EndpointHealth[] {
  const g = golden(f, name);
  switch (f) {
    case 'simple':
      return g.err
        .split('\n')
        .map((l) => /^(.*) is healthy: successfully committed proposal: took = (.*)$/.exec(l) ?? /^(.*) is unhealthy: failed to commit proposal: (.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => (m[0].includes(' is healthy: ') ? { ep: m[1]!, health: true, took: m[2]!, error: '' } : { ep: m[1]!, health: false, took: '', error: m[2]! }));
    case 'json':
      return (parseJson(g.out.toString()) as { [k: string]: JsonValue }[]).map((h) => ({
        ep: h.endpoint as string,
        health: h.health as boolean,
        took: h.took as string,
        error: (h.error as string | undefined) ?? '',
      }));
    case 'fields':
      return g.out
        .toString()
        .split('\n\n')
        .filter((b) => b.trim() !== '')
        .map((block) => {
          const get = (k: string) => new RegExp(`^"${k}" : (.*)$`, 'm').exec(block)![1]!;
          return { ep: JSON.parse(get('Endpoint')) as string, health: get('Health') === 'true', took: get('Took'), error: get('Error') };
        });
    case 'table':
      return g.out
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.includes('ENDPOINT'))
        .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
        .map(([ep, health, took, error]) => ({ ep: ep!, health: health === 'true', took: took!, error: error! }));
    case 'protobuf':
      return [];
  }
}

/** member add/update/remove/promote: simple prints ids only, json everything, protobuf its bytes. */
function memberChange<T>(f: Format, name: string, codec: Codec<T>, simple: RegExp): { id: bigint; resp: T & { header: rpc.ResponseHeader | undefined; members: rpc.Member[] } } {
  type R = T & { header: rpc.ResponseHeader | undefined; members: rpc.Member[] };
  if (f === 'simple') {
    const m = simple.exec(text(f, name))!;
    const resp = { header: { clusterId: hexId(m[2]!), memberId: 0n, revision: 0n, raftTerm: 0n }, members: [], member: { ID: hexId(m[1]!) } };
    return { id: hexId(m[1]!), resp: resp as unknown as R };
  }
  if (f === 'json' && golden(f, name).out.length > 0) {
    const o = json(f, name);
    const resp = {
      header: headerFromJson(o.header),
      members: ((o.members as JsonValue[] | undefined) ?? []).map(memberFromJson),
      ...(o.member === undefined ? {} : { member: memberFromJson(o.member) }),
    };
    return { id: 0n, resp: resp as unknown as R };
  }
  if (f === 'protobuf' && name !== 'member_promote') {
    // the member list right after the change, in the same run: the change's header and members
    const list = responseFromJson(rpc.MemberListResponse, goldenFile(f, `${name}.in.json`).toString());
    const learner = name === 'member_add' ? list.members.find((m) => m.isLearner) : undefined;
    return { id: 0n, resp: codec.fromPartial({ ...list, ...(learner === undefined ? {} : { member: learner }) } as never) as R };
  }
  // fields and table refuse these responses, and protobuf panics on promote: any response will do.
  return { id: 0n, resp: { header: undefined, members: [] } as unknown as R };
}

export interface Scenario {
  name: string;
  formats?: readonly Format[];
  hex?: boolean;
  call(f: Format): (p: Printer) => void;
  /** what our printer should produce, when it is not simply NAME.out (with NAME.code 2/4 as a thrown error) */
  expect?(f: Format, g: Golden): Partial<Expected>;
}

export interface Expected {
  stdout: Buffer;
  stderr: string;
  /** exit code of the error the printer throws (0: none) */
  code: number;
  /** its first stderr line */
  errorLine: string | undefined;
}

/** The default expectation: etcdctl's stdout; exit 2 and 4 come from the printer, other codes from the command. */
export function expected(s: Scenario, f: Format): Expected {
  const g = golden(f, s.name);
  const printerError = g.code === 2 || g.code === 4;
  return {
    stdout: g.out,
    stderr: '',
    code: printerError ? g.code : 0,
    errorLine: printerError ? errorLine(g.err) : undefined,
    ...s.expect?.(f, g),
  };
}

export const SCENARIOS: Scenario[] = [
  ...['get_all', 'get_keys_only', 'get_none', 'get_limit'].map((name) => ({
    name,
    call: (f: Format) => (p: Printer) => p.get(sameRun(rpc.RangeResponse, f, name)),
  })),
  ...['get_hex', 'get_hex_all'].map((name) => ({
    name,
    hex: true,
    call: (f: Format) => (p: Printer) => p.get(sameRun(rpc.RangeResponse, f, name)),
  })),
  { name: 'get_value_only', formats: ['simple'], call: (f) => (p) => p.get(sameRun(rpc.RangeResponse, f, 'get_value_only'), true) },
  ...['put', 'put_prev', 'put_prev_empty'].map((name) => ({ name, call: (f: Format) => (p: Printer) => p.put(fromOtherRun(rpc.PutResponse, f, name)) })),
  ...['txn_success', 'txn_failure'].map((name) => ({ name, call: (f: Format) => (p: Printer) => p.txn(fromOtherRun(rpc.TxnResponse, f, name)) })),
  ...['del_prev', 'del_none'].map((name) => ({ name, call: (f: Format) => (p: Printer) => p.del(fromOtherRun(rpc.DeleteRangeResponse, f, name)) })),
  ...['watch_put', 'watch_delete', 'watch_compacted'].map((name) => ({
    name,
    call: (f: Format) => (p: Printer) => p.watch(fromOtherRun(rpc.WatchResponse, f, name)),
  })),
  {
    name: 'lease_grant',
    call: (f) => (p) =>
      p.grant({
        header: leaseHeader('lease_grant'),
        ID: f === 'simple' ? hexId(/lease ([0-9a-f]{16})/.exec(text(f, 'lease_grant'))![1]!) : printed(f, 'lease_grant', { json: /"ID":(\d+)/, fields: /"ID" : (\d+)/ }, 1n),
        TTL: 100n,
        error: '',
      }),
  },
  ...(['lease_timetolive', 'lease_timetolive_keys'] as const).map((name) => ({
    name,
    call: (f: Format) => (p: Printer) =>
      p.timeToLive(
        {
          header: leaseHeader(name),
          ID: leaseId(f, 'lease_id.txt'),
          TTL: printed(f, name, { simple: /remaining\((-?\d+)s\)/, json: /"ttl":(-?\d+)/, fields: /"TTL" : (-?\d+)/ }, 299n),
          grantedTTL: 300n,
          keys: name === 'lease_timetolive_keys' ? [Buffer.from('lk1'), Buffer.from('lk2')] : [],
        },
        name === 'lease_timetolive_keys',
      ),
  })),
  {
    name: 'lease_timetolive_expired',
    call: (f) => (p) =>
      p.timeToLive({ header: leaseHeader('lease_timetolive_expired'), ID: leaseId(f, 'lease_gone_id.txt'), TTL: -1n, grantedTTL: 0n, keys: [] }, false),
  },
  {
    name: 'lease_keepalive',
    call: (f) => (p) => p.keepAlive({ header: leaseHeader('lease_keepalive'), ID: leaseId(f, 'lease_id.txt'), TTL: 300n }),
  },
  {
    name: 'lease_list',
    call: (f) => (p) => {
      const out = text(f, 'lease_list');
      const ids =
        f === 'simple'
          ? [...out.matchAll(/^([0-9a-f]{16})$/gm)].map((m) => hexId(m[1]!))
          : f === 'json'
            ? [...out.matchAll(/"id":(\d+)/g)].map((m) => BigInt(m[1]!))
            : [...out.matchAll(/"ID" : (\d+)/g)].map((m) => BigInt(m[1]!));
      p.leases({ header: leaseHeader('lease_list'), leases: ids.map((ID) => ({ ID })) });
    },
  },
  {
    name: 'lease_revoke',
    call: (f) => (p) => p.revoke(leaseId(f, 'lease_gone_id.txt'), { header: headerFromJson(json('json', 'lease_revoke').header) }),
  },
  { name: 'role_add', call: (f) => (p) => p.roleAdd('r1', fromOtherRun(rpc.AuthRoleAddResponse, f, 'role_add')) },
  { name: 'role_grant', call: (f) => (p) => p.roleGrantPermission('r1', fromOtherRun(rpc.AuthRoleGrantPermissionResponse, f, 'role_grant')) },
  { name: 'role_get', call: (f) => (p) => p.roleGet('r1', sameRun(rpc.AuthRoleGetResponse, f, 'role_get')) },
  { name: 'role_list', call: (f) => (p) => p.roleList(sameRun(rpc.AuthRoleListResponse, f, 'role_list')) },
  {
    name: 'role_revoke_key',
    call: (f) => (p) => p.roleRevokePermission('r1', 'k1', '', fromOtherRun(rpc.AuthRoleRevokePermissionResponse, f, 'role_revoke_key')),
  },
  {
    name: 'role_revoke_range',
    call: (f) => (p) => p.roleRevokePermission('r1', '/a', '/b', fromOtherRun(rpc.AuthRoleRevokePermissionResponse, f, 'role_revoke_range')),
  },
  {
    name: 'role_revoke_from',
    call: (f) => (p) => p.roleRevokePermission('r1', '/z', '\x00', fromOtherRun(rpc.AuthRoleRevokePermissionResponse, f, 'role_revoke_from')),
  },
  { name: 'role_delete', call: (f) => (p) => p.roleDelete('r0', fromOtherRun(rpc.AuthRoleDeleteResponse, f, 'role_delete')) },
  { name: 'user_add', call: (f) => (p) => p.userAdd('u1', fromOtherRun(rpc.AuthUserAddResponse, f, 'user_add')) },
  { name: 'user_grant', call: (f) => (p) => p.userGrantRole('u1', 'r1', fromOtherRun(rpc.AuthUserGrantRoleResponse, f, 'user_grant')) },
  { name: 'user_get', call: (f) => (p) => p.userGet('u1', sameRun(rpc.AuthUserGetResponse, f, 'user_get')) },
  { name: 'user_list', call: (f) => (p) => p.userList(sameRun(rpc.AuthUserListResponse, f, 'user_list')) },
  { name: 'user_passwd', call: (f) => (p) => p.userChangePassword(fromOtherRun(rpc.AuthUserChangePasswordResponse, f, 'user_passwd')) },
  { name: 'user_revoke', call: (f) => (p) => p.userRevokeRole('u1', 'r1', fromOtherRun(rpc.AuthUserRevokeRoleResponse, f, 'user_revoke')) },
  { name: 'user_delete', call: (f) => (p) => p.userDelete('u0', fromOtherRun(rpc.AuthUserDeleteResponse, f, 'user_delete')) },
  ...['member_list', 'member_list_learner'].map((name) => ({
    name,
    call: (f: Format) => (p: Printer) => p.memberList(sameRun(rpc.MemberListResponse, f, name)),
  })),
  {
    name: 'member_add',
    call: (f) => (p) => p.memberAdd(memberChange(f, 'member_add', rpc.MemberAddResponse, /Member +([0-9a-f]+) added to cluster +([0-9a-f]+)/).resp),
    // The ETCD_* block after the first line is the command's, printed only in simple mode.
    expect: (f, g) => (f === 'simple' ? { stdout: Buffer.from(g.out.toString().split('\n')[0] + '\n') } : {}),
  },
  {
    name: 'member_update',
    call: (f) => (p) => {
      const { id, resp } = memberChange(f, 'member_update', rpc.MemberUpdateResponse, /Member +([0-9a-f]+) updated in cluster +([0-9a-f]+)/);
      p.memberUpdate(id, resp);
    },
  },
  {
    name: 'member_remove',
    call: (f) => (p) => {
      const { id, resp } = memberChange(f, 'member_remove', rpc.MemberRemoveResponse, /Member +([0-9a-f]+) removed from cluster +([0-9a-f]+)/);
      p.memberRemove(id, resp);
    },
  },
  {
    name: 'member_promote',
    call: (f) => (p) => {
      const { id, resp } = memberChange(f, 'member_promote', rpc.MemberPromoteResponse, /Member +([0-9a-f]+) promoted in cluster +([0-9a-f]+)/);
      p.memberPromote(id, resp);
    },
  },
  ...['endpoint_status', 'endpoint_status_alarm', 'endpoint_status_dead'].map((name) => ({
    name,
    call: (f: Format) => (p: Printer) =>
      p.endpointStatus(
        (parseJson(goldenFile(f, `${name}.in.json`).toString()) as { [k: string]: JsonValue }[]).map((s) => ({
          ep: s.Endpoint as string,
          resp: statusFromJson(s.Status!),
        })),
      ),
  })),
  {
    name: 'endpoint_hashkv',
    call: (f) => (p) =>
      p.endpointHashKV(
        (parseJson(goldenFile(f, 'endpoint_hashkv.in.json').toString()) as { [k: string]: JsonValue }[]).map((h) => ({
          ep: h.Endpoint as string,
          resp: hashKVFromJson(h.HashKV!),
        })),
      ),
  },
  ...['endpoint_health', 'endpoint_health_dead'].map((name) => ({
    name,
    call: (f: Format) => (p: Printer) => p.endpointHealth(healthRows(f, name)),
    // simple writes the health lines to stderr; etcdctl's stderr also has zap logs and its Error line.
    expect: (f: Format, g: Golden): Partial<Expected> =>
      f === 'simple'
        ? { stdout: Buffer.alloc(0), stderr: g.err.split('\n').filter((l) => / is (un)?healthy: /.test(l)).map((l) => l + '\n').join('') }
        : {},
  })),
  {
    name: 'move_leader',
    call: (f) => (p) => {
      const id = hexId(/from ([0-9a-f]+) to/.exec(text('simple', 'move_leader'))![1]!);
      p.moveLeader(id, id, fromOtherRun(rpc.MoveLeaderResponse, f, 'move_leader'));
    },
  },
  ...['alarm_list_none', 'alarm_list'].map((name) => ({ name, call: (f: Format) => (p: Printer) => p.alarm(sameRun(rpc.AlarmResponse, f, name)) })),
  { name: 'alarm_disarm', call: (f) => (p) => p.alarm(fromOtherRun(rpc.AlarmResponse, f, 'alarm_disarm')) },
  {
    name: 'snapshot_status',
    call: (f) => (p) => {
      const s = parseJson(goldenFile(f, 'snapshot_status.in.json').toString()) as { [k: string]: bigint };
      p.dbStatus({ hash: Number(s.hash), revision: s.revision!, totalKey: s.totalKey!, totalSize: s.totalSize! });
    },
  },
];

