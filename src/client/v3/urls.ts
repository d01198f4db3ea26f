// Peer URL checks that clientv3 makes before MemberAdd/MemberUpdate (etcd pkg/types NewURLs on
// Go's net/url), with Go's error texts: etcdctl prints them as `Error: <text>`, exit 1.
import { goQuoteSimple } from '../../cli/go-parse.js';

export class URLError extends Error {}

interface GoURL {
  scheme: string;
  opaque: string;
  host: string;
  path: string;
}

function parseError(raw: string, why: string): URLError {
  return new URLError(`parse ${goQuoteSimple(raw)}: ${why}`);
}

/** Go's url.getScheme: a scheme is letters, then letters, digits, + - . up to the first ':'. */
function getScheme(raw: string): { scheme: string; rest: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
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

/** Go's validOptionalPort: empty, or ':' followed by digits only. */
function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return /^:[0-9]*$/.test(port);
}

/** Go's url.parseHost (the parts that can fail for a peer URL). */
function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${goQuoteSimple(colonPort)} after host`);
    return host;
  }
  const i = host.lastIndexOf(':');
  if (i >= 0) {
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${goQuoteSimple(colonPort)} after host`);
  }
  const bad = /[^a-zA-Z0-9\-._~!$&'()*+,;=:%[\]]/.exec(host);
  if (bad) throw new Error(`invalid character ${goQuoteSimple(bad[0])} in host name`);
  return host;
}

/** Go's url.Parse, reduced to what NewURLs looks at (scheme, host, path). */
export function parseGoURL(rawURL: string): GoURL {
  // the fragment goes first, and errors quote what is left
  const raw = rawURL.includes('#') ? rawURL.slice(0, rawURL.indexOf('#')) : rawURL;
  try {
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
    let rest: string;
    let scheme: string;
    ({ scheme, rest } = getScheme(raw));
    scheme = scheme.toLowerCase();
    const q = rest.indexOf('?');
    if (q >= 0) rest = rest.slice(0, q);
    if (!rest.startsWith('/')) {
      if (scheme !== '') return { scheme, opaque: rest, host: '', path: '' };
      const colon = rest.indexOf(':');
      const slash = rest.indexOf('/');
      if (colon >= 0 && (slash < 0 || colon < slash)) throw new Error('first path segment in URL cannot contain colon');
    }
    let host = '';
    if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      rest = '';
      const slash = authority.indexOf('/');
      if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
      const at = authority.lastIndexOf('@');
      host = parseHost(at >= 0 ? authority.slice(at + 1) : authority);
    }
    return { scheme, opaque: '', host, path: rest };
  } catch (e) {
    throw parseError(raw, (e as Error).message);
  }
}

/** Go's net.SplitHostPort success check. */
function hasHostPort(hostport: string): boolean {
  if (hostport.startsWith('[')) return /^\[[^\]]*\]:[^:\]]*$/.test(hostport);
  const i = hostport.lastIndexOf(':');
  if (i < 0) return false;
  return !hostport.slice(0, i).includes(':');
}

/** pkg/types.NewURLs: every URL must be http(s)/unix(s)://host:port with no path. */
export function checkPeerURLs(urls: readonly string[]): void {
  if (urls.length === 0) throw new URLError('no valid URLs given');
  for (const raw of urls) {
    const s = raw.trim();
    const u = parseGoURL(s);
    if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) throw new URLError(`URL scheme must be http, https, unix, or unixs: ${s}`);
    if (!hasHostPort(u.host)) throw new URLError(`URL address does not have the form "host:port": ${s}`);
    if (u.path !== '') throw new URLError(`URL must not contain a path: ${s}`);
  }
}
