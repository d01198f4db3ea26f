// Facts tables for the verdict and format tests: a 3-member cluster, healthy unless a case says
// otherwise.
import type { Answer, ClusterFacts, EndpointFacts, MemberInfo, StatusFacts } from '../../../src/health/facts.js';

export const CLUSTER_ID = 0xcdf818194e3a8c32n;
export const IDS = [0x8e9e05c52164694dn, 0x91bc3c398fb3c146n, 0xfd422379fda50e48n] as const;
export const NAMES = ['infra1', 'infra2', 'infra3'] as const;
export const EPS = ['127.0.0.1:2379', '127.0.0.1:22379', '127.0.0.1:32379'] as const;

export const ok = <T>(value: T): Answer<T> => ({ ok: true, value });
export const fail = (error: string): Answer<never> => ({ ok: false, error });

export function status(i: number, over: Partial<StatusFacts> = {}): StatusFacts {
  return {
    memberId: IDS[i]!,
    clusterId: CLUSTER_ID,
    revision: 1042n,
    leader: IDS[0],
    raftTerm: 4n,
    raftIndex: 2000n,
    raftAppliedIndex: 2000n,
    dbSize: 12_000_000n,
    dbSizeInUse: 9_000_000n,
    dbSizeQuota: 0n,
    version: '3.4.23',
    isLearner: false,
    errors: [],
    ...over,
  };
}

export function endpoint(i: number, over: Partial<EndpointFacts> = {}, st: Partial<StatusFacts> = {}): EndpointFacts {
  return {
    endpoint: EPS[i]!,
    status: ok(status(i, st)),
    health: ok(true as const),
    hash: ok({ hash: 3157290528, compactRevision: 1000n }),
    ...over,
  };
}

export function memberInfo(i: number, over: Partial<MemberInfo> = {}): MemberInfo {
  return { id: IDS[i]!, name: NAMES[i]!, clientURLs: [`http://${EPS[i]}`], isLearner: false, ...over };
}

export function facts(over: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    endpoints: [endpoint(0), endpoint(1), endpoint(2)],
    members: ok([memberInfo(0), memberInfo(1), memberInfo(2)]),
    alarms: ok([]),
    hashRevision: 1042n,
    ...over,
  };
}

export const UNREACHABLE: Partial<EndpointFacts> = {
  status: fail('context deadline exceeded'),
  health: fail('context deadline exceeded'),
  hash: undefined,
};
