// What `etcdctl check cluster` learns from the cluster, as plain data: the gathering step
// (gather.ts) fills it from the network, the verdict (verdict.ts) reads it and nothing else, so the
// rules are tested with tables of facts.

/** The monitoring-plugin states (Nagios/Icinga/Sensu), in exit-code order. */
export type Status = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

export const STATUS_EXIT_CODE: Readonly<Record<Status, number>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

/** A finding's weight: a status, or INFO (said, but it does not change the verdict). */
export type Severity = Status | 'INFO';

/** One member's Maintenance.Status answer (the figures the rules use). */
export interface StatusFacts {
  memberId: bigint;
  clusterId: bigint;
  /** the member's current store revision (header.revision) */
  revision: bigint;
  leader: bigint;
  raftTerm: bigint;
  raftIndex: bigint;
  raftAppliedIndex: bigint;
  dbSize: bigint;
  dbSizeInUse: bigint;
  /** the server's backend quota; 0 when it does not report one (etcd 3.4 and 3.5 do not) */
  dbSizeQuota: bigint;
  version: string;
  isLearner: boolean;
  /** StatusResponse.errors: etcd lists its active alarms there ("memberID:… alarm:NOSPACE") */
  errors: string[];
}

/** The outcome of a call that may fail: the answer, or the error's message. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything asked of one endpoint. */
export interface EndpointFacts {
  endpoint: string;
  status: Answer<StatusFacts>;
  /** the linearizable read `endpoint health` makes (Range "health") */
  health: Answer<true>;
  /** HashKV at ClusterFacts.hashRevision; undefined when not asked (learner, unreachable, ...) */
  hash?: Answer<{ hash: number; compactRevision: bigint }>;
}

export interface MemberInfo {
  id: bigint;
  /** empty for a member added but never started */
  name: string;
  clientURLs: string[];
  isLearner: boolean;
}

export interface AlarmInfo {
  memberId: bigint;
  /** NOSPACE, CORRUPT, ... */
  alarm: string;
}

export interface ClusterFacts {
  endpoints: EndpointFacts[];
  /** the member list (from a member that answered it) */
  members: Answer<MemberInfo[]>;
  alarms: Answer<AlarmInfo[]>;
  /** the common revision the hashes were asked at; undefined when none was asked */
  hashRevision?: bigint;
  /** a problem before anything could be asked (TLS files, discovery, --cluster's member list) */
  setupError?: string;
}

export interface Thresholds {
  /** percent of the quota at which the db size is a WARNING */
  warnDbUsage: number;
  /** percent of the quota at which the db size is CRITICAL */
  critDbUsage: number;
  /** raft entries a member may trail the leader's index (or its own applied index) by */
  warnLag: bigint;
  /** the backend quota used when a server does not report its own */
  quota: bigint;
}

/** etcd's default --quota-backend-bytes (2 GiB). */
export const DEFAULT_QUOTA = 2n * 1024n * 1024n * 1024n;

export const DEFAULT_THRESHOLDS: Thresholds = { warnDbUsage: 80, critDbUsage: 95, warnLag: 1000n, quota: DEFAULT_QUOTA };

/** etcd's words for the errors the rules recognise. */
export const PERMISSION_DENIED = 'etcdserver: permission denied';
/**
 * What the auth layer of the Maintenance service answers a user without the root role: not one of
 * etcd's own errors, so clientv3 (and our client) report it in grpc-go's status form.
 */
export const AUTH_PERMISSION_DENIED = 'rpc error: code = Unknown desc = auth: permission denied';

export function isPermissionDenied(message: string): boolean {
  return message === PERMISSION_DENIED || message === AUTH_PERMISSION_DENIED || message === 'auth: permission denied';
}
export const NOT_FOR_LEARNER = 'etcdserver: rpc not supported for learner';
/** HashKV below the compaction point: `etcdserver: mvcc: required revision has been compacted` */
export const COMPACTED = 'required revision has been compacted';

/** A problem that stops the check before it asks anything (bad TLS files, ...): the verdict is UNKNOWN. */
export class SetupError extends Error {
  override name = 'SetupError';
}
