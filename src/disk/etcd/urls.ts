// etcd's URL handling for bootstrap configuration (pkg/types/urls.go, urlsmap.go), on top of a
// subset of Go's net/url parsing sufficient for peer URLs:
//   NewURLs: trim spaces, url.Parse, scheme in {http, https, unix, unixs}, Host must be
//     "host:port" (net.SplitHostPort), Path must be empty; result sorted by String().
//   NewURLsMap("a=u1,a=u2,b=u3"): split on ',', then at the first '='; empty items skipped;
//     repeated names accumulate URLs.
// Error texts follow Go's: `parse "x": first path segment in URL cannot contain colon`,
// `URL scheme must be http, https, unix, or unixs: x`, `URL address does not have the form
// "host:port": x`, `URL must not contain a path: x`.
import { DiskError } from '../errors.js';

export interface GoURL {
  scheme: string;
  opaque: string;
  user: string;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function parseError(raw: string, msg: string): DiskError {
  return new DiskError(`parse ${goQuote(raw)}: ${msg}`, 'BAD_CONFIG');
}

function getScheme(raw: string): { scheme: string; rest: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function validPort(p: string): boolean {
  if (p === '') return true;
  if (p[0] !== ':') return false;
  return /^[0-9]*$/.test(p.slice(1));
}

/** A subset of Go's url.Parse (absolute URLs, authority form, opaque form). */
export function parseGoURL(raw: string): GoURL {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw parseError(raw, 'net/url: invalid control character in URL');
  const hash = raw.indexOf('#');
  const main = hash >= 0 ? raw.slice(0, hash) : raw;
  const fragment = hash >= 0 ? raw.slice(hash + 1) : '';
  const u: GoURL = { scheme: '', opaque: '', user: '', host: '', path: '', rawQuery: '', forceQuery: false, fragment };
  let rest: string;
  try {
    const s = getScheme(main);
    u.scheme = s.scheme.toLowerCase();
    rest = s.rest;
  } catch (err) {
    throw parseError(raw, (err as Error).message);
  }
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    const seg = rest.indexOf('/');
    const first = seg >= 0 ? rest.slice(0, seg) : rest;
    if (first.includes(':')) throw parseError(raw, 'first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const after = rest.slice(2);
    const slash = after.indexOf('/');
    let authority = slash >= 0 ? after.slice(0, slash) : after;
    rest = slash >= 0 ? after.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      u.user = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    let host = authority;
    if (host.startsWith('[')) {
      const close = host.lastIndexOf(']');
      if (close < 0) throw parseError(raw, 'missing \']\' in host');
      const port = host.slice(close + 1);
      if (!validPort(port)) throw parseError(raw, `invalid port ${goQuote(port)} after host`);
    } else {
      const colon = host.lastIndexOf(':');
      if (colon >= 0) {
        const port = host.slice(colon);
        if (!validPort(port)) throw parseError(raw, `invalid port ${goQuote(port)} after host`);
      }
      const bad = /[ "<>\\^`{|}]/.exec(host);
      if (bad) throw parseError(raw, `invalid character ${goQuote(bad[0])} in host name`);
    }
    u.host = host;
  }
  u.path = rest;
  return u;
}

/** Go's url.URL.String() for the forms parseGoURL produces. */
export function goURLString(u: GoURL): string {
  let s = '';
  if (u.scheme) s += u.scheme + ':';
  if (u.opaque) s += u.opaque;
  else {
    if (u.scheme || u.host || u.user) {
      if (u.host || u.path || u.user) s += '//';
      if (u.user) s += u.user + '@';
      s += u.host;
    }
    s += u.path;
  }
  if (u.forceQuery || u.rawQuery) s += '?' + u.rawQuery;
  if (u.fragment) s += '#' + u.fragment;
  return s;
}

/** net.SplitHostPort; throws with Go's message. */
export function splitHostPort(hostport: string): { host: string; port: string } {
  const missingPort = (): Error => new Error(`address ${hostport}: missing port in address`);
  const tooMany = (): Error => new Error(`address ${hostport}: too many colons in address`);
  const i = hostport.lastIndexOf(':');
  if (i < 0) throw missingPort();
  let host: string;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) throw new Error(`address ${hostport}: missing ']' in address`);
    if (end + 1 === hostport.length) throw missingPort();
    if (end + 1 !== i) {
      if (hostport[end + 1] === ':') throw tooMany();
      throw missingPort();
    }
    host = hostport.slice(1, end);
    if (host.includes('[') || host.includes(']')) throw new Error(`address ${hostport}: unexpected '[' in address`);
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) throw tooMany();
    if (host.includes('[') || host.includes(']')) throw new Error(`address ${hostport}: unexpected '[' in address`);
  }
  return { host, port: hostport.slice(i + 1) };
}

/** types.NewURLs: validated, sorted by String(). Returns the parsed URLs. */
export function newURLs(strs: readonly string[]): GoURL[] {
  if (strs.length === 0) throw new DiskError('no valid URLs given', 'BAD_CONFIG');
  const all: GoURL[] = [];
  for (const raw of strs) {
    const s = raw.trim();
    const u = parseGoURL(s);
    if (u.scheme !== 'http' && u.scheme !== 'https' && u.scheme !== 'unix' && u.scheme !== 'unixs') {
      throw new DiskError(`URL scheme must be http, https, unix, or unixs: ${s}`, 'BAD_CONFIG');
    }
    try {
      splitHostPort(u.host);
    } catch {
      throw new DiskError(`URL address does not have the form "host:port": ${s}`, 'BAD_CONFIG');
    }
    if (u.path !== '') throw new DiskError(`URL must not contain a path: ${s}`, 'BAD_CONFIG');
    all.push(u);
  }
  return sortURLs(all);
}

export function sortURLs(us: GoURL[]): GoURL[] {
  return us
    .map((u) => ({ u, s: goURLString(u) }))
    .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0))
    .map((x) => x.u);
}

/** types.NewURLsMap: name -> sorted URLs, names in first-appearance order. */
export function newURLsMap(s: string): Map<string, GoURL[]> {
  const raw = new Map<string, string[]>();
  for (const item of s.split(',')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq >= 0 ? item.slice(0, eq) : item;
    const value = eq >= 0 ? item.slice(eq + 1) : '';
    const list = raw.get(name) ?? [];
    list.push(value);
    raw.set(name, list);
  }
  const out = new Map<string, GoURL[]>();
  for (const [name, urls] of raw) out.set(name, newURLs(urls));
  return out;
}

/** URLsMap.String(): "name=url" pairs sorted, comma-joined. */
export function urlsMapString(m: ReadonlyMap<string, readonly GoURL[]>): string {
  const pairs: string[] = [];
  for (const [name, urls] of m) for (const u of urls) pairs.push(`${name}=${goURLString(u)}`);
  pairs.sort();
  return pairs.join(',');
}

/** Go's fmt %v of a map[string]URLs (types.URLsMap has a String method, so this is it). */
export const formatURLsMap = urlsMapString;
