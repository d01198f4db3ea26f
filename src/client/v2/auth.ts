// The v2 auth API (client/auth_user.go, auth_role.go): users, roles and enable/disable on
// /v2/auth. Request bodies are the JSON Go's encoding/json writes for the client's structs
// (field order, omitempty, HTML escaping), since `--debug` prints them.
import type { Ctx } from './context.js';
import type { Action, HttpResult, V2Client } from './client.js';
import type { HttpRequest } from './transport.js';
import { asString, asStrings, getField, parseJSON, type JsonValue } from './json.js';
import { pathJoin, withPath, type GoURL } from './url.js';
import { goMarshal, goObject, field, omitEmpty, type GoJson } from '../../format/go-json.js';

function authURL(ep: GoURL, action: string, name: string): GoURL {
  return withPath(ep, name !== '' ? pathJoin(ep.path, '/v2/auth', action, name) : pathJoin(ep.path, '/v2/auth', action));
}

function decode(body: Buffer): JsonValue {
  try {
    return parseJSON(body.toString('utf8'));
  } catch (e) {
    throw new Error(body.length === 0 ? 'unexpected end of JSON input' : (e as Error).message);
  }
}

/** authError: the server's `message`. */
function authError(resp: HttpResult): Error {
  return new Error(asString(getField(decode(resp.body), 'message'), 'message'));
}

function strs(v: string[] | null | undefined): GoJson {
  return v === null || v === undefined ? null : v;
}

// --- users ---------------------------------------------------------------------------------

export interface User {
  user: string;
  password?: string;
  roles: string[] | null;
  grant?: string[];
  revoke?: string[];
}

function userJSON(u: User): string {
  return goMarshal(
    goObject(
      field('user', u.user),
      omitEmpty('password', u.password ?? ''),
      field('roles', strs(u.roles)),
      omitEmpty('grant', strs(u.grant)),
      omitEmpty('revoke', strs(u.revoke)),
    ),
  );
}

function userAction(verb: string, username: string, user?: User): Action {
  return {
    httpRequest: (ep: GoURL): HttpRequest =>
      user === undefined
        ? { method: verb, url: authURL(ep, 'users', username), headers: {} }
        : { method: verb, url: authURL(ep, 'users', username), headers: { 'Content-Type': 'application/json' }, body: userJSON(user) },
  };
}

export async function listUsers(c: V2Client, ctx: Ctx): Promise<string[]> {
  const resp = await c.do(ctx, {
    httpRequest: (ep) => ({ method: 'GET', url: authURL(ep, 'users', ''), headers: { 'Content-Type': 'application/json' } }),
  });
  if (resp.status !== 200) throw authError(resp);
  const users = getField(decode(resp.body), 'users');
  if (!Array.isArray(users)) return [];
  return users.map((u) => asString(getField(u, 'user'), 'user'));
}

async function addRemoveUser(c: V2Client, ctx: Ctx, act: Action): Promise<void> {
  const resp = await c.do(ctx, act);
  if (resp.status !== 200 && resp.status !== 201) throw authError(resp);
}

export function addUser(c: V2Client, ctx: Ctx, username: string, password: string): Promise<void> {
  return addRemoveUser(c, ctx, userAction('PUT', username, { user: username, password, roles: null }));
}

export function removeUser(c: V2Client, ctx: Ctx, username: string): Promise<void> {
  return addRemoveUser(c, ctx, userAction('DELETE', username));
}

async function modUser(c: V2Client, ctx: Ctx, act: Action): Promise<User> {
  const resp = await c.do(ctx, act);
  if (resp.status !== 200) throw authError(resp);
  const v = decode(resp.body);
  const rolesField = getField(v, 'roles');
  const user = asString(getField(v, 'user'), 'user');
  // The server answers GET with roles as objects ({"role": ...}). The client first decodes them
  // as strings, which fails but leaves one "" per element in Roles, then decodes them as roles
  // and appends their names: `user get` prints `Roles:  root` with two spaces.
  if (Array.isArray(rolesField) && rolesField.some((r) => typeof r !== 'string')) {
    const partial = rolesField.map((r) => (typeof r === 'string' ? r : ''));
    if (rolesField.some((r) => r !== null && (typeof r !== 'object' || Array.isArray(r)))) {
      throw new Error('json: cannot unmarshal object into Go struct field User.roles of type string');
    }
    return { user, roles: [...partial, ...rolesField.map((r) => asString(getField(r, 'role'), 'role'))] };
  }
  return { user, roles: asStrings(rolesField, 'roles') };
}

export function getUser(c: V2Client, ctx: Ctx, username: string): Promise<User> {
  return modUser(c, ctx, userAction('GET', username));
}

export function grantUser(c: V2Client, ctx: Ctx, username: string, roles: string[]): Promise<User> {
  return modUser(c, ctx, userAction('PUT', username, { user: username, roles: null, grant: roles }));
}

export function revokeUser(c: V2Client, ctx: Ctx, username: string, roles: string[]): Promise<User> {
  return modUser(c, ctx, userAction('PUT', username, { user: username, roles: null, revoke: roles }));
}

export function changePassword(c: V2Client, ctx: Ctx, username: string, password: string): Promise<User> {
  return modUser(c, ctx, userAction('PUT', username, { user: username, password, roles: null }));
}

// --- roles ---------------------------------------------------------------------------------

export interface RWPermission {
  read: string[] | null;
  write: string[] | null;
}

export interface Role {
  role: string;
  permissions: { kv: RWPermission };
  grant?: { kv: RWPermission };
  revoke?: { kv: RWPermission };
}

export type PermissionType = 'read' | 'write' | 'readwrite';

function permsJSON(p: { kv: RWPermission }): GoJson {
  return goObject(field('kv', goObject(field('read', strs(p.kv.read)), field('write', strs(p.kv.write)))));
}

function roleJSON(r: Role): string {
  return goMarshal(
    goObject(
      field('role', r.role),
      field('permissions', permsJSON(r.permissions)),
      r.grant ? field('grant', permsJSON(r.grant)) : undefined,
      r.revoke ? field('revoke', permsJSON(r.revoke)) : undefined,
    ),
  );
}

function roleAction(verb: string, name: string, role?: Role): Action {
  return {
    httpRequest: (ep: GoURL): HttpRequest =>
      role === undefined
        ? { method: verb, url: authURL(ep, 'roles', name), headers: {} }
        : { method: verb, url: authURL(ep, 'roles', name), headers: { 'Content-Type': 'application/json' }, body: roleJSON(role) },
  };
}

const emptyPerms = (): { kv: RWPermission } => ({ kv: { read: null, write: null } });

export async function listRoles(c: V2Client, ctx: Ctx): Promise<string[]> {
  const resp = await c.do(ctx, {
    httpRequest: (ep) => ({ method: 'GET', url: authURL(ep, 'roles', ''), headers: { 'Content-Type': 'application/json' } }),
  });
  if (resp.status !== 200) throw new Error(`unexpected status code ${resp.status}`);
  const roles = getField(decode(resp.body), 'roles');
  if (!Array.isArray(roles)) return [];
  return roles.map((r) => asString(getField(r, 'role'), 'role'));
}

async function addRemoveRole(c: V2Client, ctx: Ctx, act: Action): Promise<void> {
  const resp = await c.do(ctx, act);
  if (resp.status !== 200 && resp.status !== 201) throw authError(resp);
}

export function addRole(c: V2Client, ctx: Ctx, name: string): Promise<void> {
  return addRemoveRole(c, ctx, roleAction('PUT', name, { role: name, permissions: emptyPerms() }));
}

export function removeRole(c: V2Client, ctx: Ctx, name: string): Promise<void> {
  return addRemoveRole(c, ctx, roleAction('DELETE', name));
}

function toPerms(v: JsonValue | undefined): { kv: RWPermission } {
  const kv = getField(v ?? null, 'kv');
  return { kv: { read: asStrings(getField(kv ?? null, 'read'), 'read'), write: asStrings(getField(kv ?? null, 'write'), 'write') } };
}

async function modRole(c: V2Client, ctx: Ctx, act: Action): Promise<Role> {
  const resp = await c.do(ctx, act);
  if (resp.status !== 200) throw authError(resp);
  const v = decode(resp.body);
  const role: Role = { role: asString(getField(v, 'role'), 'role'), permissions: toPerms(getField(v, 'permissions')) };
  const g = getField(v, 'grant');
  if (g !== undefined && g !== null) role.grant = toPerms(g);
  const r = getField(v, 'revoke');
  if (r !== undefined && r !== null) role.revoke = toPerms(r);
  return role;
}

export function getRole(c: V2Client, ctx: Ctx, name: string): Promise<Role> {
  return modRole(c, ctx, roleAction('GET', name));
}

function rwPermission(prefixes: string[], t: PermissionType): RWPermission {
  return { read: t === 'write' ? null : prefixes, write: t === 'read' ? null : prefixes };
}

export function grantRoleKV(c: V2Client, ctx: Ctx, name: string, prefixes: string[], t: PermissionType): Promise<Role> {
  return modRole(c, ctx, roleAction('PUT', name, { role: name, permissions: emptyPerms(), grant: { kv: rwPermission(prefixes, t) } }));
}

export function revokeRoleKV(c: V2Client, ctx: Ctx, name: string, prefixes: string[], t: PermissionType): Promise<Role> {
  return modRole(c, ctx, roleAction('PUT', name, { role: name, permissions: emptyPerms(), revoke: { kv: rwPermission(prefixes, t) } }));
}

/** reflect.DeepEqual of two decoded roles (nil and empty slices differ). */
export function sameRole(a: Role, b: Role): boolean {
  const list = (x: string[] | null) => (x === null ? 'nil' : JSON.stringify(x));
  const perms = (p: { kv: RWPermission } | undefined) => (p === undefined ? 'nil' : `${list(p.kv.read)}|${list(p.kv.write)}`);
  return a.role === b.role && perms(a.permissions) === perms(b.permissions) && perms(a.grant) === perms(b.grant) && perms(a.revoke) === perms(b.revoke);
}

// --- enable / disable ------------------------------------------------------------------------

async function enableDisable(c: V2Client, ctx: Ctx, verb: 'PUT' | 'DELETE'): Promise<void> {
  const resp = await c.do(ctx, { httpRequest: (ep) => ({ method: verb, url: authURL(ep, 'enable', ''), headers: {} }) });
  if (resp.status !== 200 && resp.status !== 201) throw authError(resp);
}

export const enableAuth = (c: V2Client, ctx: Ctx) => enableDisable(c, ctx, 'PUT');
export const disableAuth = (c: V2Client, ctx: Ctx) => enableDisable(c, ctx, 'DELETE');
