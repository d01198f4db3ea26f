// etcd membership encodings (etcdserver/api/membership) and the bootstrap checks `snapshot
// restore` runs (etcdserver/config.go VerifyBootstrap, pkg/netutil).
//
// Member ID  = first 8 bytes (BE) of sha1(concat(sorted peer URL strings) ‖ cluster token
//              [‖ decimal unix time]); restore passes no time.
// Cluster ID = first 8 bytes (BE) of sha1(concat(u64 BE of the member IDs sorted ascending)).
// Member JSON (Go encoding/json, embedded structs flattened):
//   {"id":<decimal>,"peerURLs":[...],"isLearner":true?,"name":"..."?,"clientURLs":[...]?}
// raftAttributes JSON (v2 store): {"peerURLs":[...]} (+ "isLearner":true).
// Hex member IDs in bolt keys, v2 paths and logs are strconv.FormatUint(id, 16): unpadded.
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DiskError } from '../errors.js';
import type { LogSink } from '../log.js';
import { goJsonString, goMarshal } from '../../format/go-json.js';
import { goURLString, newURLs, newURLsMap, parseGoURL, splitHostPort, urlsMapString, type GoURL } from './urls.js';
import { goQuote } from '../../format/go-quote.js';

export interface Member {
  id: bigint;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export function memberIdHex(id: bigint): string {
  return id.toString(16);
}

export function computeMemberId(peerURLs: readonly string[], token: string, nowUnixSeconds?: number): bigint {
  const sorted = [...peerURLs].sort();
  let s = sorted.join('') + token;
  if (nowUnixSeconds !== undefined) s += String(nowUnixSeconds);
  return createHash('sha1').update(Buffer.from(s, 'utf8')).digest().readBigUInt64BE(0);
}

export function computeClusterId(memberIds: readonly bigint[]): bigint {
  const ids = [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const b = Buffer.alloc(8 * ids.length);
  ids.forEach((id, i) => b.writeBigUInt64BE(id, 8 * i));
  return createHash('sha1').update(b).digest().readBigUInt64BE(0);
}

/** json.Marshal(Member). */
export function memberJson(m: Member): string {
  let s = `{"id":${m.id},"peerURLs":${goMarshal(m.peerURLs)}`;
  if (m.isLearner) s += ',"isLearner":true';
  if (m.name !== '') s += `,"name":${goJsonString(m.name)}`;
  if (m.clientURLs.length > 0) s += `,"clientURLs":${goMarshal(m.clientURLs)}`;
  return s + '}';
}

/** json.Marshal(RaftAttributes). */
export function raftAttributesJson(m: Pick<Member, 'peerURLs' | 'isLearner'>): string {
  let s = `{"peerURLs":${goMarshal(m.peerURLs)}`;
  if (m.isLearner) s += ',"isLearner":true';
  return s + '}';
}

/** Go's %q of a []string: ["a" "b"]. */
function goQuoteList(a: readonly string[]): string {
  return '[' + a.map((s) => goQuote(s)).join(' ') + ']';
}

export type Resolver = (host: string) => Promise<string>;

const defaultResolver: Resolver = async (host) => (await lookup(host)).address;

export interface BootstrapConfig {
  name: string;
  /** --initial-advertise-peer-urls, already split on ',' */
  peerURLs: readonly string[];
  /** --initial-cluster */
  initialCluster: string;
  /** --initial-cluster-token */
  token: string;
  log?: LogSink;
  /** DNS lookup of a host name to an IP (default: node:dns lookup) */
  resolve?: Resolver;
  /** total time to keep retrying failed lookups, as etcd does for 30 s */
  resolveTimeoutMs?: number;
}

export interface BootstrapCluster {
  /** members sorted by ID */
  members: Member[];
  clusterId: bigint;
  /** the member named by `name` */
  local: Member;
}

async function resolveHost(
  u: GoURL, cfg: BootstrapConfig, deadline: number,
): Promise<string | undefined> {
  if (u.scheme === 'unix' || u.scheme === 'unixs') return undefined;
  const { host, port } = splitHostPort(u.host);
  if (host === 'localhost' || isIP(host) !== 0) return undefined;
  const resolve = cfg.resolve ?? defaultResolver;
  for (;;) {
    try {
      const ip = await resolve(host);
      const addr = isIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
      cfg.log?.({
        level: 'info', msg: 'resolved URL Host', caller: 'netutil/netutil.go:112',
        fields: [['url', goURLString(u)], ['host', u.host], ['resolved-addr', addr]],
      });
      return addr;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      cfg.log?.({
        level: 'warn', msg: 'failed to resolve URL Host', caller: 'netutil/netutil.go:121',
        fields: [['url', goURLString(u)], ['host', u.host], ['retry-interval', { seconds: 1 }], ['error', msg]],
      });
      if (Date.now() + 1000 > deadline) {
        throw new Error(`failed to resolve ${goQuote(goURLString(u))} (${msg})`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** netutil.URLStringsEqual: [equal, error text or undefined]. */
async function urlStringsEqual(a: string[], b: string[], cfg: BootstrapConfig): Promise<[boolean, string | undefined]> {
  if (a.length !== b.length) return [false, `len(${goQuoteList(a)}) != len(${goQuoteList(b)})`];
  let ua: GoURL[];
  let ub: GoURL[];
  try {
    ua = a.map((s) => parseGoURL(s));
    ub = b.map((s) => parseGoURL(s));
  } catch (err) {
    return [false, (err as Error).message];
  }
  const str = (l: GoURL[]): string[] => l.map(goURLString).sort();
  const sa = str(ua);
  const sb = str(ub);
  if (sa.every((s, i) => s === sb[i])) return [true, undefined];
  const deadline = Date.now() + (cfg.resolveTimeoutMs ?? 30000);
  try {
    for (const list of [ua, ub]) {
      for (const u of list) {
        const h = await resolveHost(u, cfg, deadline);
        if (h !== undefined) u.host = h;
      }
    }
  } catch (err) {
    return [false, (err as Error).message];
  }
  const ra = str(ua);
  const rb = str(ub);
  for (let i = 0; i < ra.length; i++) {
    if (ra[i] !== rb[i]) return [false, `resolved urls: ${goQuote(ra[i]!)} != ${goQuote(rb[i]!)}`];
  }
  return [true, undefined];
}

/**
 * The membership `snapshot restore` bootstraps: types.NewURLs(peer URLs), types.NewURLsMap(
 * initial cluster), ServerConfig.VerifyBootstrap, membership.NewClusterFromURLsMap.
 * Errors carry etcd's messages (code BAD_CONFIG).
 */
export async function bootstrapCluster(cfg: BootstrapConfig): Promise<BootstrapCluster> {
  const peer = newURLs(cfg.peerURLs);
  const ics = newURLsMap(cfg.initialCluster);

  // VerifyBootstrap: hasLocalMember
  const localUrls = ics.get(cfg.name);
  if (!localUrls) {
    throw new DiskError(`couldn't find local name ${goQuote(cfg.name)} in the initial cluster configuration`, 'BAD_CONFIG');
  }
  // advertiseMatchesCluster
  const urls = localUrls.map(goURLString).sort();
  const apurls = peer.map(goURLString).sort();
  const [ok, err] = await urlStringsEqual(apurls, urls, cfg);
  if (!ok) {
    const apSet = new Set(apurls);
    const initSet = new Set(urls);
    const missingInit = [...initSet].filter((u) => !apSet.has(u));
    const errText = err ?? '<nil>';
    if (missingInit.length > 0) {
      const mstr = missingInit.map((u) => `${cfg.name}=${u}`).join(',');
      throw new DiskError(
        `--initial-cluster has ${mstr} but missing from --initial-advertise-peer-urls=${apurls.join(',')} (${errText})`,
        'BAD_CONFIG',
      );
    }
    const umap = urlsMapString(new Map([[cfg.name, peer]]));
    const missingAp = [...apSet].filter((u) => !initSet.has(u));
    if (missingAp.length > 0) {
      throw new DiskError(
        `--initial-advertise-peer-urls has ${missingAp.join(',')} but missing from --initial-cluster=${umap}`,
        'BAD_CONFIG',
      );
    }
    throw new DiskError(`failed to resolve ${apurls.join(',')} to match --initial-cluster=${umap} (${errText})`, 'BAD_CONFIG');
  }
  // checkDuplicateURL
  const seen = new Set<string>();
  for (const list of ics.values()) {
    for (const u of list) {
      const s = goURLString(u);
      if (seen.has(s)) throw new DiskError(`initial cluster ${urlsMapString(ics)} has duplicate url`, 'BAD_CONFIG');
      seen.add(s);
    }
  }
  // NewClusterFromURLsMap
  const members = new Map<bigint, Member>();
  for (const [name, list] of ics) {
    const peerURLs = list.map(goURLString);
    const m: Member = { id: computeMemberId(peerURLs, cfg.token), name, peerURLs: [...peerURLs].sort(), clientURLs: [], isLearner: false };
    if (members.has(m.id)) throw new DiskError(`member exists with identical ID ${memberIdHex(m.id)}`, 'BAD_CONFIG');
    if (m.id === 0n) throw new DiskError('cannot use 0 as member id', 'BAD_CONFIG');
    members.set(m.id, m);
  }
  const sorted = [...members.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const clusterId = computeClusterId(sorted.map((m) => m.id));
  const local = sorted.find((m) => m.name === cfg.name)!;
  return { members: sorted, clusterId, local };
}
