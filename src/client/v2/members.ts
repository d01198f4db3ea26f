// The v2 members API (client/members.go): list, leader, add, remove, update on /v2/members.
import type { Ctx } from './context.js';
import type { V2Client } from './client.js';
import { asString, asStrings, getField, parseJSON, type JsonValue } from './json.js';
import { pathJoin, parseURL, withPath, type GoURL } from './url.js';

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

function membersURL(ep: GoURL, ...rest: string[]): GoURL {
  return withPath(ep, pathJoin(ep.path, '/v2/members', ...rest));
}

/** Go's json.Unmarshal error texts, approximately (they rarely show). */
function decode(body: Buffer): JsonValue {
  try {
    return parseJSON(body.toString('utf8'));
  } catch (e) {
    throw new Error((e as Error).message);
  }
}

function toMember(v: JsonValue): Member {
  return {
    id: asString(getField(v, 'id'), 'id'),
    name: asString(getField(v, 'name'), 'name'),
    peerURLs: asStrings(getField(v, 'peerURLs'), 'peerURLs') ?? [],
    clientURLs: asStrings(getField(v, 'clientURLs'), 'clientURLs') ?? [],
  };
}

function assertStatus(got: number, ...want: number[]): void {
  if (!want.includes(got)) throw new Error(`unexpected status code ${got}`);
}

/** types.NewURLs: validates and sorts peer URLs. */
export function newURLs(strs: string[]): string[] {
  if (strs.length === 0) throw new Error('no valid URLs given');
  const out: string[] = [];
  for (let s of strs) {
    s = s.trim();
    const u = parseURL(s);
    if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) throw new Error(`URL scheme must be http, https, unix, or unixs: ${s}`);
    if (!/^(\[[^\]]*\]|[^:]*):[^:]*$/.test(u.host)) throw new Error(`URL address does not have the form "host:port": ${s}`);
    if (u.path !== '') throw new Error(`URL must not contain a path: ${s}`);
    // URL.String of the parsed URL
    out.push(`${u.scheme}://${u.userinfo !== undefined ? `${u.userinfo}@` : ''}${u.host}${u.rawQuery !== '' || u.forceQuery ? `?${u.rawQuery}` : ''}`);
  }
  return out.sort();
}

function peerURLsBody(urls: string[]): string {
  return JSON.stringify({ peerURLs: urls }).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function listMembers(c: V2Client, ctx: Ctx): Promise<Member[]> {
  const resp = await c.do(ctx, { httpRequest: (ep) => ({ method: 'GET', url: membersURL(ep), headers: {} }) });
  assertStatus(resp.status, 200);
  const v = decode(resp.body);
  const ms = getField(v, 'Members');
  if (ms === undefined || ms === null) return [];
  if (!Array.isArray(ms)) throw new Error('json: cannot unmarshal into Go struct field .Members');
  return ms.map(toMember);
}

export async function memberLeader(c: V2Client, ctx: Ctx): Promise<Member> {
  const resp = await c.do(ctx, { httpRequest: (ep) => ({ method: 'GET', url: membersURL(ep, '/leader'), headers: {} }) });
  assertStatus(resp.status, 200);
  return toMember(decode(resp.body));
}

export async function addMember(c: V2Client, ctx: Ctx, peerURL: string): Promise<Member> {
  const urls = newURLs([peerURL]);
  const resp = await c.do(ctx, {
    httpRequest: (ep) => ({ method: 'POST', url: membersURL(ep), headers: { 'Content-Type': 'application/json' }, body: peerURLsBody(urls) }),
  });
  assertStatus(resp.status, 201, 409);
  const v = decode(resp.body);
  if (resp.status !== 201) throw new Error(asString(getField(v, 'message'), 'message'));
  return toMember(v);
}

export async function updateMember(c: V2Client, ctx: Ctx, id: string, peerURLs: string[]): Promise<void> {
  const urls = newURLs(peerURLs);
  const resp = await c.do(ctx, {
    httpRequest: (ep) => ({ method: 'PUT', url: membersURL(ep, id), headers: { 'Content-Type': 'application/json' }, body: peerURLsBody(urls) }),
  });
  assertStatus(resp.status, 204, 404, 409);
  if (resp.status !== 204) throw new Error(asString(getField(decode(resp.body), 'message'), 'message'));
}

export async function removeMember(c: V2Client, ctx: Ctx, id: string): Promise<void> {
  const resp = await c.do(ctx, { httpRequest: (ep) => ({ method: 'DELETE', url: membersURL(ep, id), headers: {} }) });
  assertStatus(resp.status, 204, 410);
}
