// etcd's URL handling for bootstrap configuration (pkg/types/urls.go, urlsmap.go) on top of the
// project's Go net/url (format/go-url), with its errors as the disk layer's BAD_CONFIG:
//   NewURLs: trimmed, parsed, scheme in {http, https, unix, unixs}, "host:port", no path; sorted.
//   NewURLsMap("a=u1,a=u2,b=u3"): split on ',', then at the first '='; empty items skipped;
//     repeated names accumulate URLs.
import { parseNewURLs, parseURL, splitHostPort as goSplitHostPort, urlString, URLError, type GoURL } from '../../format/go-url.js';
import { DiskError } from '../errors.js';

export type { GoURL };
export const goURLString = urlString;

function asDiskError<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof URLError) throw new DiskError(err.message, 'BAD_CONFIG');
    throw err;
  }
}

/** Go's url.Parse. */
export function parseGoURL(raw: string): GoURL {
  return asDiskError(() => parseURL(raw));
}

/** net.SplitHostPort; throws with Go's message. */
export function splitHostPort(hostport: string): { host: string; port: string } {
  return asDiskError(() => goSplitHostPort(hostport));
}

/** types.NewURLs: validated, sorted by String(). Returns the parsed URLs. */
export function newURLs(strs: readonly string[]): GoURL[] {
  return asDiskError(() => parseNewURLs(strs));
}

/** types.NewURLsMap: name -> sorted URLs, names in first-appearance order. */
export function newURLsMap(s: string): Map<string, GoURL[]> {
  const raw = new Map<string, string[]>();
  for (const item of s.split(',')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq >= 0 ? item.slice(0, eq) : item;
    const list = raw.get(name) ?? [];
    list.push(eq >= 0 ? item.slice(eq + 1) : '');
    raw.set(name, list);
  }
  const out = new Map<string, GoURL[]>();
  for (const [name, urls] of raw) out.set(name, newURLs(urls));
  return out;
}

/** URLsMap.String(): "name=url" pairs sorted, comma-joined (also what fmt's %v prints of one). */
export function urlsMapString(m: ReadonlyMap<string, readonly GoURL[]>): string {
  const pairs: string[] = [];
  for (const [name, urls] of m) for (const u of urls) pairs.push(`${name}=${urlString(u)}`);
  pairs.sort();
  return pairs.join(',');
}
