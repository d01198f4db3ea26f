// The etcd v2 key tree as `etcdctl migrate` rebuilds it (etcdserver/api/v2store, 3.4): only the
// state matters here (no watchers, events or stats), but every rule that decides that state is
// kept, because the store's index (which becomes the keys' create/mod revisions) counts exactly
// the operations that succeed:
//
// - paths are cleaned (path.Clean(path.Join("/", p))); "/" is read-only
// - create/set make missing parent directories (created at the new index, parents' indexes are
//   never bumped); set replaces a file (new created index) but never a directory
// - create with `unique` appends "/%020d" of the new index (POST, in-order keys)
// - update, compareAndSwap, compareAndDelete need an existing file and matching prev value/index
// - delete of a directory needs dir (or recursive), and recursive unless it is empty
// - refresh keeps the current value and only moves the expiration
// - deleteExpiredKeys(t) removes every node whose expiration is not after t, one index each,
//   in expiration order (a directory takes its subtree with it)
// - every successful write advances the index by one; failures change nothing

export const Ecode = {
  KeyNotFound: 100,
  TestFailed: 101,
  NotFile: 102,
  NotDir: 104,
  NodeExist: 105,
  RootROnly: 107,
  DirNotEmpty: 108,
} as const;

export class V2StoreError extends Error {
  constructor(
    readonly code: number,
    readonly where: string,
    readonly index: bigint,
  ) {
    super(`${v2Message(code)} (${where}) [${index}]`);
    this.name = 'V2StoreError';
  }
}

function v2Message(code: number): string {
  switch (code) {
    case Ecode.KeyNotFound: return 'Key not found';
    case Ecode.TestFailed: return 'Compare failed';
    case Ecode.NotFile: return 'Not a file';
    case Ecode.NotDir: return 'Not a directory';
    case Ecode.NodeExist: return 'Key already exists';
    case Ecode.RootROnly: return 'Root is read only';
    case Ecode.DirNotEmpty: return 'Directory not empty';
    default: return `error ${code}`;
  }
}

/** A node; a directory has children (possibly none), a file has none. expire: unix ns, 0n = permanent. */
export class V2Node {
  children: Map<string, V2Node> | undefined;
  constructor(
    public path: string,
    public createdIndex: bigint,
    public modifiedIndex: bigint,
    public value: string,
    dir: boolean,
    public parent: V2Node | undefined,
    public expire: bigint,
  ) {
    this.children = dir ? new Map() : undefined;
  }
  get isDir(): boolean {
    return this.children !== undefined;
  }
  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }
}

/** path.Clean(path.Join("/", p)) for the slash-separated paths of the store. */
export function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of ('/' + p).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export interface TtlOptions {
  /** unix ns; 0n = permanent */
  expire: bigint;
  refresh: boolean;
}

const PERMANENT: TtlOptions = { expire: 0n, refresh: false };

export class V2Store {
  root = new V2Node('/', 0n, 0n, '', true, undefined, 0n);
  currentIndex = 0n;
  private ttl = new Set<V2Node>();

  private err(code: number, cause: string): V2StoreError {
    return new V2StoreError(code, cause, this.currentIndex);
  }

  /** The node at `p`, or undefined (a file on the way counts as not found). */
  private lookup(p: string): V2Node | undefined {
    let n: V2Node | undefined = this.root;
    for (const part of p.split('/').filter((x) => x !== '')) {
      if (!n?.isDir) return undefined;
      n = n.children!.get(part);
    }
    return n;
  }

  private mustGet(p: string): V2Node {
    const n = this.lookup(p);
    if (!n) throw this.err(Ecode.KeyNotFound, p);
    return n;
  }

  get(p: string): V2Node {
    return this.mustGet(cleanPath(p));
  }

  private setTtl(n: V2Node, expire: bigint): void {
    n.expire = expire;
    if (expire === 0n) this.ttl.delete(n);
    else this.ttl.add(n);
  }

  private remove(n: V2Node): void {
    const walk = (x: V2Node) => {
      this.ttl.delete(x);
      for (const c of x.children?.values() ?? []) walk(c);
    };
    walk(n);
    n.parent?.children?.delete(n.name);
  }

  private internalCreate(p: string, dir: boolean, value: string, unique: boolean, replace: boolean, expire: bigint): V2Node {
    const next = this.currentIndex + 1n;
    let nodePath = cleanPath(p);
    if (unique) nodePath = cleanPath(`${nodePath}/${String(next).padStart(20, '0')}`);
    if (nodePath === '/') throw this.err(Ecode.RootROnly, '/');
    const dirName = nodePath.slice(0, nodePath.lastIndexOf('/')) || '/';
    const name = nodePath.slice(nodePath.lastIndexOf('/') + 1);
    // walk to the parent, making missing directories (checkDir)
    let parent = this.root;
    for (const part of dirName.split('/').filter((x) => x !== '')) {
      const child = parent.children!.get(part);
      if (child) {
        if (!child.isDir) throw this.err(Ecode.NotDir, child.path);
        parent = child;
      } else {
        const d = new V2Node(cleanPath(`${parent.path}/${part}`), next, next, '', true, parent, 0n);
        parent.children!.set(part, d);
        parent = d;
      }
    }
    const existing = parent.children!.get(name);
    if (existing) {
      if (!replace) throw this.err(Ecode.NodeExist, nodePath);
      if (existing.isDir) throw this.err(Ecode.NotFile, nodePath);
      this.remove(existing);
    }
    const n = new V2Node(nodePath, next, next, dir ? '' : value, dir, parent, 0n);
    parent.children!.set(name, n);
    if (expire !== 0n) this.setTtl(n, expire);
    this.currentIndex = next;
    return n;
  }

  create(p: string, dir: boolean, value: string, unique: boolean, ttl: TtlOptions = PERMANENT): V2Node {
    return this.internalCreate(p, dir, value, unique, false, ttl.expire);
  }

  set(p: string, dir: boolean, value: string, ttl: TtlOptions = PERMANENT): V2Node {
    const nodePath = cleanPath(p);
    const n = this.lookup(nodePath);
    if (ttl.refresh) {
      if (!n) throw this.err(Ecode.KeyNotFound, nodePath);
      value = n.value;
    }
    return this.internalCreate(nodePath, dir, value, false, true, ttl.expire);
  }

  update(p: string, value: string, ttl: TtlOptions = PERMANENT): V2Node {
    const nodePath = cleanPath(p);
    if (nodePath === '/') throw this.err(Ecode.RootROnly, '/');
    const n = this.mustGet(nodePath);
    if (n.isDir) throw this.err(Ecode.NotFile, nodePath);
    if (ttl.refresh) value = n.value;
    n.value = value;
    n.modifiedIndex = this.currentIndex + 1n;
    this.setTtl(n, ttl.expire);
    this.currentIndex++;
    return n;
  }

  private compare(n: V2Node, prevValue: string, prevIndex: bigint): boolean {
    return (prevValue === '' || n.value === prevValue) && (prevIndex === 0n || n.modifiedIndex === prevIndex);
  }

  compareAndSwap(p: string, prevValue: string, prevIndex: bigint, value: string, ttl: TtlOptions = PERMANENT): V2Node {
    const nodePath = cleanPath(p);
    if (nodePath === '/') throw this.err(Ecode.RootROnly, '/');
    const n = this.mustGet(nodePath);
    if (n.isDir) throw this.err(Ecode.NotFile, nodePath);
    if (!this.compare(n, prevValue, prevIndex)) throw this.err(Ecode.TestFailed, nodePath);
    if (ttl.refresh) value = n.value;
    n.value = value;
    n.modifiedIndex = this.currentIndex + 1n;
    this.setTtl(n, ttl.expire);
    this.currentIndex++;
    return n;
  }

  delete(p: string, dir: boolean, recursive: boolean): void {
    const nodePath = cleanPath(p);
    if (nodePath === '/') throw this.err(Ecode.RootROnly, '/');
    if (recursive) dir = true;
    const n = this.mustGet(nodePath);
    if (n.isDir) {
      if (!dir) throw this.err(Ecode.NotFile, nodePath);
      if (n.children!.size > 0 && !recursive) throw this.err(Ecode.DirNotEmpty, nodePath);
    }
    this.remove(n);
    this.currentIndex++;
  }

  compareAndDelete(p: string, prevValue: string, prevIndex: bigint): void {
    const nodePath = cleanPath(p);
    const n = this.mustGet(nodePath);
    if (n.isDir) throw this.err(Ecode.NotFile, nodePath);
    if (!this.compare(n, prevValue, prevIndex)) throw this.err(Ecode.TestFailed, nodePath);
    this.remove(n);
    this.currentIndex++;
  }

  /** Removes every node whose expiration is not after `cutoff` (unix ns). */
  deleteExpiredKeys(cutoff: bigint): void {
    for (;;) {
      let first: V2Node | undefined;
      for (const n of this.ttl) if (!first || n.expire < first.expire) first = n;
      if (!first || first.expire > cutoff) return;
      this.currentIndex++;
      this.remove(first);
    }
  }

  /** Rebuilds the tree from a v2 snapshot's JSON (json.Marshal of the store). */
  recover(json: string): void {
    interface NodeJson {
      Path: string;
      CreatedIndex: number | string;
      ModifiedIndex: number | string;
      ExpireTime: string;
      Value: string;
      Children: Record<string, NodeJson> | null;
    }
    // indexes are uint64: keep their digits exact
    const safe = json.replace(/"(CreatedIndex|ModifiedIndex|CurrentIndex)":(\d+)/g, '"$1":"$2"');
    const st = JSON.parse(safe) as { Root: NodeJson; CurrentIndex: string };
    this.ttl.clear();
    const build = (j: NodeJson, parent: V2Node | undefined): V2Node => {
      const n = new V2Node(j.Path, BigInt(j.CreatedIndex), BigInt(j.ModifiedIndex), j.Value, j.Children !== null, parent, 0n);
      const expire = parseGoTime(j.ExpireTime);
      if (expire !== 0n) this.setTtl(n, expire);
      for (const [name, c] of Object.entries(j.Children ?? {})) n.children!.set(name, build(c, n));
      return n;
    };
    this.root = build(st.Root, undefined);
    this.currentIndex = BigInt(st.CurrentIndex);
  }
}

const GO_ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?Z$/;

/** An RFC 3339 time (Go's time.Time JSON) as unix ns; Go's zero time as 0n. */
export function parseGoTime(s: string): bigint {
  if (GO_ZERO_TIME.test(s)) return 0n;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) throw new Error(`parsing time ${JSON.stringify(s)}: cannot parse`);
  const ms = Date.parse(`${m[1]}${m[3] === 'Z' ? 'Z' : m[3]}`);
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

/** Go's time.Time JSON (RFC 3339 with nanoseconds, trailing zeros dropped) of unix ns, in UTC. */
export function formatGoTime(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = ns % 1_000_000_000n;
  const base = new Date(Number(ms - (ms % 1000n))).toISOString().slice(0, 19);
  const f = frac === 0n ? '' : '.' + String(frac).padStart(9, '0').replace(/0+$/, '');
  return `${base}${f}Z`;
}

/** NodeExtern's TTL: ceil((expire - now) / 1s), with Go's truncating division (0 = permanent). */
export function ttlOf(n: V2Node, nowNs: bigint): bigint {
  if (n.expire === 0n) return 0n;
  const left = n.expire - nowNs;
  let ttl = left / 1_000_000_000n;
  if (left % 1_000_000_000n > 0n) ttl++;
  return ttl;
}
