// The parts of Go's net/url and path that etcdctl v2's endpoints and request URLs go through, so
// that URLs on the wire, `--debug` cURL lines and parse errors read as etcdctl's:
// url.Parse (scheme, opaque, authority, path; `parse "x": first path segment in URL cannot
// contain colon`), URL.String, path escaping (only `?` among the reserved characters), query
// encoding with sorted keys (url.Values.Encode), path.Clean/Join and etcd's CanonicalURLPath.

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
  return new URLError(`parse ${goQuoteURL(raw)}: ${why}`);
}

/** %q of the raw URL in a parse error. */
function goQuoteURL(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

function isHexDigit(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/** url.unescape in path or host mode; throws `invalid URL escape "%zz"`. */
function unescape(s: string, mode: 'path' | 'host'): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const src = Buffer.from(s, 'utf8');
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25) {
      const h = String.fromCharCode(src[i + 1] ?? 0) + String.fromCharCode(src[i + 2] ?? 0);
      if (i + 2 >= src.length || !isHexDigit(h[0]!) || !isHexDigit(h[1]!)) {
        let bad = Buffer.from(src.subarray(i)).toString('latin1');
        if (bad.length > 3) bad = bad.slice(0, 3);
        throw new URLError(`invalid URL escape ${goQuoteURL(bad)}`);
      }
      const v = parseInt(h, 16);
      if (mode === 'host' && v < 0x80 && v !== 0x25) {
        // Go only allows %25 (and non-ASCII) escapes in hosts; keep it simple and reject
        throw new URLError(`invalid URL escape ${goQuoteURL('%' + h)}`);
      }
      bytes.push(v);
      i += 2;
    } else bytes.push(b);
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
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${goQuoteURL(colonPort)} after host`);
    return host;
  }
  const i = host.lastIndexOf(':');
  if (i !== -1) {
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${goQuoteURL(colonPort)} after host`);
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

function escapeHost(h: string): string {
  let out = '';
  for (const b of Buffer.from(h, 'utf8')) {
    const c = String.fromCharCode(b);
    if (b >= 0x80 || UNRESERVED.test(c) || "!$&'()*+,;=:[]<>\"".includes(c)) out += b >= 0x80 ? Buffer.from([b]).toString('latin1') : c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  // non-ASCII bytes are kept as they are: re-decode them
  return Buffer.from(out, 'latin1').toString('utf8');
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
