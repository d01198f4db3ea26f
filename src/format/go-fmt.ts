// Small pieces of Go's fmt and protobuf text formatting that etcdctl's printers rely on.
import type { AlarmMember, ResponseHeader } from '../proto/gen/etcdserverpb/rpc.js';

/**
 * Go's `%x` / `%0Nx` / `%Nx` of an integer: lower-case hex, a leading '-' for negative values,
 * padded to `width` with zeros after the sign (`zeroPad`) or with spaces before it.
 * Pass uint64 values as non-negative bigints and int64 values as they are.
 */
export function goHex(value: bigint, width = 0, zeroPad = false): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(16);
  if (zeroPad) {
    // Go counts the sign inside the width: %016x of -1 is "-000000000000001".
    const want = negative ? width - 1 : width;
    digits = digits.padStart(want, '0');
    return negative ? '-' + digits : digits;
  }
  return (negative ? '-' + digits : digits).padStart(width, ' ');
}

/** `%016x` of a lease id (int64), as lease messages print it. */
export function leaseIdHex(id: bigint): string {
  return goHex(BigInt.asIntN(64, id), 16, true);
}

/** `%16x` of a member or cluster id (uint64): space-padded, as member add/remove/update print. */
export function memberIdPadded(id: bigint): string {
  return goHex(BigInt.asUintN(64, id), 16, false);
}

/** `%x` of a uint64 (member list, endpoint status, move-leader, snapshot hash). */
export function hexId(id: bigint | number): string {
  return goHex(BigInt.asUintN(64, BigInt(id)));
}

const ALARM_NAMES: Record<number, string> = { 0: 'NONE', 1: 'NOSPACE', 2: 'CORRUPT' };

/** The Go name of an AlarmType value (its number when it has no name). */
export function alarmTypeName(alarm: number): string {
  return ALARM_NAMES[alarm] ?? String(alarm);
}

/**
 * golang/protobuf's CompactTextString of a proto3 message whose fields are scalars or enums:
 * `name:value ` for every non-zero field, each followed by a space, in field order.
 */
function compactText(fields: ReadonlyArray<readonly [string, bigint | number | string]>): string {
  let out = '';
  for (const [name, value] of fields) {
    if (value === 0n || value === 0 || value === '') continue;
    out += `${name}:${value} `;
  }
  return out;
}

/** AlarmMember's String(), e.g. `memberID:779143173033885371 alarm:NOSPACE `. */
export function alarmMemberText(m: AlarmMember): string {
  return compactText([
    ['memberID', BigInt.asUintN(64, m.memberID)],
    // An unset (NONE) enum is omitted like any zero field.
    ['alarm', !m.alarm ? 0 : alarmTypeName(m.alarm)],
  ]);
}

/** ResponseHeader's String(), e.g. `cluster_id:1 member_id:2 revision:3 raft_term:4 `. */
export function responseHeaderText(h: ResponseHeader): string {
  return compactText([
    ['cluster_id', BigInt.asUintN(64, h.clusterId)],
    ['member_id', BigInt.asUintN(64, h.memberId)],
    ['revision', BigInt.asIntN(64, h.revision)],
    ['raft_term', BigInt.asUintN(64, h.raftTerm)],
  ]);
}
