// Gathers ClusterFacts for `etcdctl check cluster`: every endpoint is asked at once (status, the
// linearizable health read, the member list and the alarm list), then the voting members that
// answered are asked for HashKV at the lowest of their revisions, which every one of them has.
// Every call has a deadline, and every wait is raced against it too (a member that accepted the
// TCP connection and then stopped answering must not hold the check past --command-timeout).
import {
  SetupError,
  isPermissionDenied,
  type Answer,
  type ClusterFacts,
  type EndpointFacts,
  type MemberInfo,
  type AlarmInfo,
  type StatusFacts,
} from './facts.js';

/** The calls the check makes, as EtcdClient has them (narrowed, so tests can fake them). */
export interface HealthClient {
  status(o: { deadline: Date }): Promise<{
    header: { clusterId: bigint; memberId: bigint; revision: bigint } | undefined;
    version: string;
    dbSize: bigint;
    dbSizeInUse: bigint;
    leader: bigint;
    raftIndex: bigint;
    raftTerm: bigint;
    raftAppliedIndex: bigint;
    errors: string[];
    isLearner: boolean;
    dbSizeQuota?: bigint;
  }>;
  range(req: { key: Buffer }, o: { deadline: Date }): Promise<unknown>;
  memberList(o: { deadline: Date }): Promise<{ members: Array<{ ID: bigint; name: string; clientURLs: string[]; isLearner: boolean }> }>;
  alarm(req: { action: number }, o: { deadline: Date }): Promise<{ alarms: Array<{ memberID: bigint; alarm: number }> }>;
  hashKV(req: { revision: bigint }, o: { deadline: Date }): Promise<{ hash: number; compactRevision: bigint }>;
  close(): void;
}

export interface GatherDeps {
  endpoints: string[];
  /** a client for one endpoint (with the command's TLS and auth settings) */
  clientFor(endpoint: string): Promise<HealthClient>;
}

export interface GatherDeadlines {
  /** for the first round (status, health, member list, alarms) */
  ask: Date;
  /** for the hashes */
  hash: Date;
}

/** AlarmRequest.AlarmAction.GET */
const ALARM_GET = 0;
/** etcd's AlarmType names by number */
const ALARM_NAMES = ['NONE', 'NOSPACE', 'CORRUPT'];

const DEADLINE_EXCEEDED = 'context deadline exceeded';

/** The promise, or a deadline error once the deadline has passed (whichever comes first). */
export function beforeDeadline<T>(p: Promise<T>, deadline: Date): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(DEADLINE_EXCEEDED)), Math.max(0, deadline.getTime() - Date.now()));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function answer<T>(p: Promise<T>, deadline: Date): Promise<Answer<T>> {
  try {
    return { ok: true, value: await beforeDeadline(p, deadline) };
  } catch (e) {
    if (e instanceof SetupError) throw e;
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

interface Asked {
  facts: EndpointFacts;
  client?: HealthClient;
  members: Answer<MemberInfo[]>;
  alarms: Answer<AlarmInfo[]>;
}

async function askEndpoint(deps: GatherDeps, endpoint: string, deadline: Date): Promise<Asked> {
  const o = { deadline };
  const made = await answer(deps.clientFor(endpoint), deadline);
  if (!made.ok) {
    const failed = { ok: false as const, error: made.error };
    return { facts: { endpoint, status: failed, health: failed }, members: failed, alarms: failed };
  }
  const client = made.value;
  const [status, health, members, alarms] = await Promise.all([
    answer(
      client.status(o).then(
        (r): StatusFacts => ({
          memberId: r.header?.memberId ?? 0n,
          clusterId: r.header?.clusterId ?? 0n,
          revision: r.header?.revision ?? 0n,
          leader: r.leader,
          raftTerm: r.raftTerm,
          raftIndex: r.raftIndex,
          raftAppliedIndex: r.raftAppliedIndex,
          dbSize: r.dbSize,
          dbSizeInUse: r.dbSizeInUse,
          dbSizeQuota: r.dbSizeQuota ?? 0n,
          version: r.version,
          isLearner: r.isLearner,
          errors: r.errors,
        }),
      ),
      deadline,
    ),
    answer(client.range({ key: Buffer.from('health') }, o).then(() => true as const), deadline),
    answer(
      client.memberList(o).then((r) => r.members.map((m) => ({ id: m.ID, name: m.name, clientURLs: m.clientURLs, isLearner: m.isLearner }))),
      deadline,
    ),
    answer(
      client.alarm({ action: ALARM_GET }, o).then((r) => r.alarms.map((a) => ({ memberId: a.memberID, alarm: ALARM_NAMES[a.alarm] ?? String(a.alarm) }))),
      deadline,
    ),
  ]);
  return { facts: { endpoint, status, health }, client, members, alarms };
}

/** The first answer, else the permission error (it says the most), else the first error. */
function firstAnswer<T>(answers: Array<Answer<T>>): Answer<T> {
  return (
    answers.find((a) => a.ok) ??
    answers.find((a) => !a.ok && isPermissionDenied(a.error)) ??
    answers[0] ?? { ok: false, error: 'no endpoint' }
  );
}

export async function gatherFacts(deps: GatherDeps, deadlines: GatherDeadlines): Promise<ClusterFacts> {
  let asked: Asked[];
  try {
    asked = await Promise.all(deps.endpoints.map((ep) => askEndpoint(deps, ep, deadlines.ask)));
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    const failed = { ok: false as const, error: e.message };
    return { endpoints: [], members: failed, alarms: failed, setupError: e.message };
  }
  try {
    // the lists from voting members that answered (a learner serves neither)
    const voters = asked.filter((a) => a.facts.status.ok && !a.facts.status.value.isLearner);
    const from = voters.length > 0 ? voters : asked;
    const members = firstAnswer(from.map((a) => a.members));
    const alarms = firstAnswer(from.map((a) => a.alarms));

    const revisions = voters.map((a) => (a.facts.status as { value: StatusFacts }).value.revision);
    if (revisions.length === 0) return { endpoints: asked.map((a) => a.facts), members, alarms };
    const hashRevision = revisions.reduce((a, b) => (b < a ? b : a));
    await Promise.all(
      voters.map(async (a) => {
        a.facts.hash = await answer(
          a.client!.hashKV({ revision: hashRevision }, { deadline: deadlines.hash }).then((r) => ({ hash: r.hash, compactRevision: r.compactRevision })),
          deadlines.hash,
        );
      }),
    );
    return { endpoints: asked.map((a) => a.facts), members, alarms, hashRevision };
  } finally {
    for (const a of asked) a.client?.close();
  }
}
