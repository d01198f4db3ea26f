// The v2 keys API (client/keys.go): get, set (create/update/compare-and-swap, directories),
// create-in-order, delete, and watchers, on /v2/keys. Query parameters are sorted by name and
// form bodies url-encoded (`ttl` before `value`), as Go's url.Values.Encode writes them.
import type { Ctx } from './context.js';
import type { HttpResult, V2Client } from './client.js';
import { EtcdError, ErrEmptyBody, ErrInvalidJSON } from './errors.js';
import { asBool, asString, asUint, getField, parseJSON, type JsonValue } from './json.js';
import { canonicalURLPath, encodeValues, withPath, type GoURL } from '../../format/go-url.js';
import { goQuote } from '../../format/go-quote.js';

export interface V2Node {
  key: string;
  dir: boolean;
  value: string;
  /** null when the server sent no `nodes` */
  nodes: V2Node[] | null;
  createdIndex: bigint;
  modifiedIndex: bigint;
  /** RFC 3339 text as the server sent it, or null */
  expiration: string | null;
  ttl: bigint;
}

export interface V2Response {
  action: string;
  node: V2Node | null;
  prevNode: V2Node | null;
  /** X-Etcd-Index */
  index: bigint;
}

const PREFIX = '/v2/keys';

function keysURL(ep: GoURL, key: string, params: Record<string, string>): GoURL {
  const k = key !== '' && key[0] !== '/' ? `/${key}` : key;
  const u = withPath(ep, canonicalURLPath(ep.path + PREFIX + k));
  // u.Query() of the endpoint's own query, then our parameters
  const merged: Record<string, string> = {};
  if (ep.rawQuery !== '') {
    for (const part of ep.rawQuery.split(/[&;]/)) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      try {
        merged[dec(eq >= 0 ? part.slice(0, eq) : part)] = dec(eq >= 0 ? part.slice(eq + 1) : '');
      } catch {
        // Go drops malformed pairs
      }
    }
  }
  Object.assign(merged, params);
  return { ...u, rawQuery: encodeValues(merged), forceQuery: false };
}

function toNode(v: JsonValue | undefined): V2Node | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw ErrInvalidJSON;
  const nodes = getField(v, 'nodes', true);
  let children: V2Node[] | null = null;
  if (nodes !== undefined && nodes !== null) {
    if (!Array.isArray(nodes)) throw ErrInvalidJSON;
    children = nodes.map((n) => toNode(n)!);
  }
  const exp = getField(v, 'expiration', true);
  const ttl = getField(v, 'ttl', true);
  if (ttl !== undefined && ttl !== null && typeof ttl !== 'bigint') throw ErrInvalidJSON;
  return {
    key: asString(getField(v, 'key', true), 'key'),
    dir: asBool(getField(v, 'dir', true), 'dir'),
    value: asString(getField(v, 'value', true), 'value'),
    nodes: children,
    createdIndex: asUint(getField(v, 'createdIndex', true), 'createdIndex'),
    modifiedIndex: asUint(getField(v, 'modifiedIndex', true), 'modifiedIndex'),
    expiration: exp === undefined || exp === null ? null : asString(exp, 'expiration'),
    ttl: ttl ?? 0n,
  };
}

/** unmarshalHTTPResponse */
export function unmarshalKeysResponse(resp: HttpResult): V2Response {
  if (resp.status === 200 || resp.status === 201) {
    if (resp.body.length === 0) throw ErrEmptyBody;
    let res: V2Response;
    try {
      const v = parseJSON(resp.body.toString('utf8'));
      res = {
        action: asString(getField(v, 'action', true), 'action'),
        node: toNode(getField(v, 'node', true)),
        prevNode: toNode(getField(v, 'prevNode', true)),
        index: 0n,
      };
    } catch {
      throw ErrInvalidJSON;
    }
    const idx = resp.headers['x-etcd-index'];
    if (typeof idx === 'string' && idx !== '') {
      if (!/^[0-9]+$/.test(idx)) throw new Error(`strconv.ParseUint: parsing ${goQuote(idx)}: invalid syntax`);
      res.index = BigInt(idx);
    }
    return res;
  }
  let v: JsonValue;
  try {
    v = parseJSON(resp.body.toString('utf8'));
  } catch {
    throw ErrInvalidJSON;
  }
  const code = getField(v, 'errorCode');
  throw new EtcdError(
    typeof code === 'bigint' ? Number(code) : 0,
    asString(getField(v, 'message'), 'message'),
    asString(getField(v, 'cause'), 'cause'),
    asUint(getField(v, 'index'), 'index'),
  );
}

export interface GetOptions {
  recursive?: boolean;
  sort?: boolean;
  quorum?: boolean;
}

export async function getKey(c: V2Client, ctx: Ctx, key: string, opts: GetOptions = {}): Promise<V2Response> {
  const params = { recursive: String(!!opts.recursive), sorted: String(!!opts.sort), quorum: String(!!opts.quorum) };
  const resp = await c.do(ctx, { httpRequest: (ep) => ({ method: 'GET', url: keysURL(ep, key, params), headers: {} }) });
  return unmarshalKeysResponse(resp);
}

export type PrevExist = '' | 'true' | 'false';

export interface SetOptions {
  prevValue?: string;
  prevIndex?: bigint;
  prevExist?: PrevExist;
  /** seconds; <= 0 means none */
  ttl?: bigint;
  dir?: boolean;
}

/** `value` may be a Buffer: a value read from stdin is sent byte for byte, as Go does. */
export async function setKey(c: V2Client, ctx: Ctx, key: string, value: string | Buffer, opts: SetOptions = {}): Promise<V2Response> {
  const params: Record<string, string> = {};
  const form: Record<string, string | Buffer> = {};
  if (opts.dir) params.dir = 'true';
  else {
    if (opts.prevValue) params.prevValue = opts.prevValue;
    form.value = value;
  }
  if (opts.prevIndex && opts.prevIndex !== 0n) params.prevIndex = BigInt.asUintN(64, opts.prevIndex).toString();
  if (opts.prevExist) params.prevExist = opts.prevExist;
  if (opts.ttl !== undefined && opts.ttl > 0n) form.ttl = opts.ttl.toString();
  const body = encodeValues(form);
  const resp = await c.do(
    ctx,
    {
      httpRequest: (ep) => ({
        method: 'PUT',
        url: keysURL(ep, key, params),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      }),
    },
    opts.prevExist === 'false',
  );
  return unmarshalKeysResponse(resp);
}

export async function createInOrder(c: V2Client, ctx: Ctx, dir: string, value: string | Buffer, ttl: bigint): Promise<V2Response> {
  const form: Record<string, string | Buffer> = { value };
  if (ttl > 0n) form.ttl = ttl.toString();
  const body = encodeValues(form);
  const resp = await c.do(ctx, {
    httpRequest: (ep) => ({ method: 'POST', url: keysURL(ep, dir, {}), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
  });
  return unmarshalKeysResponse(resp);
}

export interface DeleteOptions {
  prevValue?: string;
  prevIndex?: bigint;
  dir?: boolean;
  recursive?: boolean;
}

export async function deleteKey(c: V2Client, ctx: Ctx, key: string, opts: DeleteOptions = {}): Promise<V2Response> {
  const params: Record<string, string> = {};
  if (opts.prevValue) params.prevValue = opts.prevValue;
  if (opts.prevIndex && opts.prevIndex !== 0n) params.prevIndex = BigInt.asUintN(64, opts.prevIndex).toString();
  if (opts.dir) params.dir = 'true';
  if (opts.recursive) params.recursive = 'true';
  const resp = await c.do(
    ctx,
    { httpRequest: (ep) => ({ method: 'DELETE', url: keysURL(ep, key, params), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }) },
    true,
  );
  return unmarshalKeysResponse(resp);
}

/** client.Watcher: long-polls `wait=true` from an index that follows each event. */
export class Watcher {
  private waitIndex: bigint;

  constructor(
    private readonly c: V2Client,
    private readonly key: string,
    afterIndex: bigint,
    private readonly recursive: boolean,
  ) {
    // uint64(index): a negative --after-index wraps around
    const after = BigInt.asUintN(64, afterIndex);
    this.waitIndex = after > 0n ? BigInt.asUintN(64, after + 1n) : 0n;
  }

  async next(ctx: Ctx): Promise<V2Response> {
    for (;;) {
      const params = { wait: 'true', waitIndex: this.waitIndex.toString(), recursive: String(this.recursive) };
      const resp = await this.c.do(ctx, { httpRequest: (ep) => ({ method: 'GET', url: keysURL(ep, this.key, params), headers: {} }) });
      let r: V2Response;
      try {
        r = unmarshalKeysResponse(resp);
      } catch (e) {
        if (e === ErrEmptyBody) continue;
        throw e;
      }
      this.waitIndex = (r.node?.modifiedIndex ?? 0n) + 1n;
      return r;
    }
  }
}
