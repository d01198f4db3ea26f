// The parts of Go's net/url and path that etcdctl's URLs go through, so that URLs on the wire,
// `--debug` cURL lines and parse errors read as etcdctl's: url.Parse (scheme, opaque, authority,
// host checks, path; `parse "x": first path segment in URL cannot contain colon`), URL.String,
// path escaping (only `?` among the reserved characters), query encoding with sorted keys
// (url.Values.Encode), path.Clean/Join, and etcd's CanonicalURLPath and types.NewURLs on top.
// Users: the v2 client (endpoints, request URLs, member peer URLs) and v3 member add/update
// (clientv3 checks the peer URLs with NewURLs before the RPC).
import { goQuote } from './go-quote.js';

export class URLError extends Error {}

export interface GoURL {
  scheme: string;
  opaque: string;
  /** `user` or `user:password` as written (escaped form), or undefined */
  userinfo?: string;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

function fail(raw: string, why: string): URLError {
  return new URLError(`parse ${goQuote(raw)}: ${why}`);
}

function isHexDigit(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/** shouldEscape(c, encodeHost): every byte but ASCII letters, digits and -_.~!$&'()*+,;=:[]<>" */
function hostMustEscape(c: number): boolean {
  return c >= 0x80 || !/[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(String.fromCharCode(c));
}

/**
 * url.unescape in path, host or zone mode. Checked in order first, as Go does: `invalid URL
 * escape "%zz"` for a malformed escape (and, in a host, an escaped ASCII byte other than %25; in
 * an IPv6 zone, one a host may not hold), `invalid character " " in host name` for an ASCII byte a
 * host or zone may not hold.
 */
function unescape(s: string, mode: 'path' | 'host' | 'zone'): string {
  const src = Buffer.from(s, 'utf8');
  let escapes = 0;
  for (let i = 0; i < src.length; ) {
    const b = src[i]!;
    if (b === 0x25) {
      escapes++;
      const h = String.fromCharCode(src[i + 1] ?? 0) + String.fromCharCode(src[i + 2] ?? 0);
      if (i + 2 >= src.length || !isHexDigit(h[0]!) || !isHexDigit(h[1]!)) {
        throw new URLError(`invalid URL escape ${goQuote(src.subarray(i, i + 3))}`);
      }
      const v = parseInt(h, 16);
      const pct25 = h === '25';
      // hosts %-encode only non-ASCII bytes (and %25, RFC 6874); zones a space or what a host may hold
      if (mode === 'host' && v < 0x80 && !pct25) throw new URLError(`invalid URL escape ${goQuote(src.subarray(i, i + 3))}`);
      if (mode === 'zone' && !pct25 && v !== 0x20 && hostMustEscape(v)) {
        throw new URLError(`invalid URL escape ${goQuote(src.subarray(i, i + 3))}`);
      }
      i += 3;
    } else {
      if (mode !== 'path' && b < 0x80 && hostMustEscape(b)) throw new URLError(`invalid character ${goQuote(String.fromCharCode(b))} in host name`);
      i++;
    }
  }
  if (escapes === 0) return s;
  const bytes: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === 0x25) {
      bytes.push(parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16));
      i += 2;
    } else bytes.push(src[i]!);
  }
  return Buffer.from(bytes).toString('utf8');
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new URLError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new URLError('missing \']\' in host');
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${goQuote(colonPort)} after host`);
    // RFC 6874: %25 starts the zone of an IPv6 literal, which may %-encode more than a host
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

/** Go's url.Parse. */
export function parseURL(rawURL: string): GoURL {
  const hash = rawURL.indexOf('#');
  const u = hash >= 0 ? rawURL.slice(0, hash) : rawURL;
  const frag = hash >= 0 ? rawURL.slice(hash + 1) : '';
  let url: GoURL;
  try {
    url = parse(u);
  } catch (e) {
    if (e instanceof URLError) throw fail(u, e.message);
    throw e;
  }
  try {
    url.fragment = frag === '' ? '' : unescape(frag, 'path');
  } catch (e) {
    if (e instanceof URLError) throw fail(rawURL, e.message);
    throw e;
  }
  return url;
}

function parse(rawURL: string): GoURL {
  // eslint-disable-next-line no-control-regex -- Go's net/url rejects exactly these bytes
  if (/[\x00-\x1f\x7f]/.test(rawURL)) throw new URLError('net/url: invalid control character in URL');
  const url: GoURL = { scheme: '', opaque: '', host: '', path: '', rawQuery: '', forceQuery: false, fragment: '' };
  if (rawURL === '*') {
    url.path = '*';
    return url;
  }
  let [scheme, rest] = getScheme(rawURL);
  url.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) throw new URLError('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      url.userinfo = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    url.host = parseHost(authority);
  }
  url.path = unescape(rest, 'path');
  return url;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** url.escape in encodePath mode (the only reserved character escaped is `?`). */
export function escapePath(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && (UNRESERVED.test(c) || '$&+,/:;=@'.includes(c))) out += c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** url.QueryEscape (over the bytes of s: a Buffer keeps bytes that are not UTF-8). */
export function queryEscape(s: string | Buffer): string {
  let out = '';
  for (const b of typeof s === 'string' ? Buffer.from(s, 'utf8') : s) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && UNRESERVED.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** url.Values.Encode: keys sorted, `k=v` joined with `&`. */
export function encodeValues(values: Record<string, string | Buffer>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${queryEscape(k)}=${queryEscape(values[k]!)}`)
    .join('&');
}

/** url.escape in encodeHost mode: non-ASCII bytes too are %-escaped (`http://%C3%A9:1`). */
function escapeHost(h: string): string {
  let out = '';
  for (const b of Buffer.from(h, 'utf8')) {
    if (b < 0x80 && !hostMustEscape(b)) out += String.fromCharCode(b);
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** URL.String. */
export function urlString(u: GoURL): string {
  let s = '';
  if (u.scheme !== '') s += `${u.scheme}:`;
  if (u.opaque !== '') {
    s += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.userinfo !== undefined) {
      if (u.host !== '' || u.path !== '' || u.userinfo !== undefined) s += '//';
      if (u.userinfo !== undefined) s += `${u.userinfo}@`;
      if (u.host !== '') s += escapeHost(u.host);
    }
    const path = escapePath(u.path);
    if (path !== '' && path[0] !== '/' && u.host !== '') s += '/';
    if (s === '') {
      const seg = path.split('/')[0]!;
      if (seg.includes(':')) s += './';
    }
    s += path;
  }
  if (u.forceQuery || u.rawQuery !== '') s += `?${u.rawQuery}`;
  if (u.fragment !== '') s += `#${escapePath(u.fragment)}`;
  return s;
}

/** Go's path.Clean. */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p[0] === '/';
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(seg);
  }
  const out = (rooted ? '/' : '') + parts.join('/');
  return out === '' ? '.' : out;
}

/** Go's path.Join. */
export function pathJoin(...elems: string[]): string {
  const nonEmpty = elems.filter((e) => e !== '');
  if (nonEmpty.length === 0) return '';
  return pathClean(nonEmpty.join('/'));
}

/** etcd's pathutil.CanonicalURLPath: cleaned, rooted, trailing slash kept. */
export function canonicalURLPath(p: string): string {
  if (p === '') return '/';
  if (p[0] !== '/') p = '/' + p;
  let np = pathClean(p);
  if (p[p.length - 1] === '/' && np !== '/') np += '/';
  return np;
}

/** A copy of u with another path (Go's value copy of url.URL). */
export function withPath(u: GoURL, path: string): GoURL {
  return { ...u, path };
}

/** Go's net.SplitHostPort; throws with Go's message (`address x: missing port in address`, ...). */
export function splitHostPort(hostport: string): { host: string; port: string } {
  const missingPort = (): URLError => new URLError(`address ${hostport}: missing port in address`);
  const tooMany = (): URLError => new URLError(`address ${hostport}: too many colons in address`);
  const i = hostport.lastIndexOf(':');
  if (i < 0) throw missingPort();
  let host: string;
  let [j, k] = [0, 0];
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) throw new URLError(`address ${hostport}: missing ']' in address`);
    if (end + 1 === hostport.length) throw missingPort();
    if (end + 1 !== i) throw hostport[end + 1] === ':' ? tooMany() : missingPort();
    host = hostport.slice(1, end);
    [j, k] = [1, end + 1];
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) throw tooMany();
  }
  if (hostport.slice(j).includes('[')) throw new URLError(`address ${hostport}: unexpected '[' in address`);
  if (hostport.slice(k).includes(']')) throw new URLError(`address ${hostport}: unexpected ']' in address`);
  return { host, port: hostport.slice(i + 1) };
}

/**
 * etcd's types.NewURLs (pkg/types/urls.go), which clients run over peer URLs before sending them
 * and `snapshot restore` over its bootstrap configuration: each trimmed and parsed, then
 * http/https/unix/unixs, `host:port` and no path are required. Sorted by URL.String().
 */
export function parseNewURLs(strs: readonly string[]): GoURL[] {
  if (strs.length === 0) throw new URLError('no valid URLs given');
  const out: { u: GoURL; s: string }[] = [];
  for (const raw of strs) {
    const s = raw.trim();
    const u = parseURL(s);
    if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) throw new URLError(`URL scheme must be http, https, unix, or unixs: ${s}`);
    try {
      splitHostPort(u.host);
    } catch {
      throw new URLError(`URL address does not have the form "host:port": ${s}`);
    }
    if (u.path !== '') throw new URLError(`URL must not contain a path: ${s}`);
    out.push({ u, s: urlString(u) });
  }
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.s), Buffer.from(b.s))).map((x) => x.u);
}

/** types.NewURLs as the URL.String()s. */
export function newURLs(strs: readonly string[]): string[] {
  return parseNewURLs(strs).map(urlString);
}
