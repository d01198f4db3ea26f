// The v2 store JSON that `etcdctl snapshot restore` puts in the raft snapshot (`data` of the
// .snap file): json.Marshal(store.Clone()) of a fresh v2store after one Create of
// /0/members/<hexid>/raftAttributes per member (members sorted by ID, member i created at index i).
//
// {"Root":<node>,"WatcherHub":{"EventHistory":{"Queue":{"Events":[<n create events, then
//  1000-n null>],"Size":n,"Front":0,"Back":n,"Capacity":1000},"StartIndex":1,"LastIndex":n}},
//  "CurrentIndex":n,"Stats":{...16 counters, createSuccess = n...},"CurrentVersion":2}
// node = {"Path","CreatedIndex","ModifiedIndex","ExpireTime":"0001-01-01T00:00:00Z","Value",
//         "Children": {sorted name: node} | {} for an empty dir | null for a key}
// Root "/" (index 0) has the namespaces "0" and "1" (index 0); /0/members is created at index 1,
// /0/members/<hex> at its member's index; parents' ModifiedIndex is not bumped by a Create.
import { goJsonString } from '../../format/go-json.js';
import { memberIdHex, raftAttributesJson, type Member } from './membership.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const HISTORY_CAPACITY = 1000;

function dirNode(path: string, index: number, children: string): string {
  return `{"Path":${goJsonString(path)},"CreatedIndex":${index},"ModifiedIndex":${index},"ExpireTime":"${ZERO_TIME}","Value":"","Children":${children}}`;
}

function keyNode(path: string, index: number, value: string): string {
  return `{"Path":${goJsonString(path)},"CreatedIndex":${index},"ModifiedIndex":${index},"ExpireTime":"${ZERO_TIME}","Value":${goJsonString(value)},"Children":null}`;
}

/** The v2 store JSON for these members (sorted by ID here). */
export function restoreV2StoreJson(members: readonly Member[]): string {
  const sorted = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sorted.length;
  const entries = sorted.map((m, i) => ({ hex: memberIdHex(m.id), index: i + 1, value: raftAttributesJson(m) }));
  const byName = [...entries].sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
  const memberDirs = byName
    .map((e) => {
      const p = `/0/members/${e.hex}`;
      return `${goJsonString(e.hex)}:${dirNode(p, e.index, `{"raftAttributes":${keyNode(`${p}/raftAttributes`, e.index, e.value)}}`)}`;
    })
    .join(',');
  const zeroChildren = n > 0 ? `{"members":${dirNode('/0/members', 1, `{${memberDirs}}`)}}` : '{}';
  const root = dirNode('/', 0, `{"0":${dirNode('/0', 0, zeroChildren)},"1":${dirNode('/1', 0, '{}')}}`);
  const events: string[] = entries.map(
    (e) =>
      `{"action":"create","node":{"key":${goJsonString(`/0/members/${e.hex}/raftAttributes`)},"value":${goJsonString(e.value)},"modifiedIndex":${e.index},"createdIndex":${e.index}}}`,
  );
  while (events.length < HISTORY_CAPACITY) events.push('null');
  const stats =
    `{"getsSuccess":0,"getsFail":0,"setsSuccess":0,"setsFail":0,"deleteSuccess":0,"deleteFail":0,` +
    `"updateSuccess":0,"updateFail":0,"createSuccess":${n},"createFail":0,"compareAndSwapSuccess":0,` +
    `"compareAndSwapFail":0,"compareAndDeleteSuccess":0,"compareAndDeleteFail":0,"expireCount":0,"watchers":0}`;
  return (
    `{"Root":${root},"WatcherHub":{"EventHistory":{"Queue":{"Events":[${events.join(',')}],` +
    `"Size":${n},"Front":0,"Back":${n},"Capacity":${HISTORY_CAPACITY}},"StartIndex":1,"LastIndex":${n}}},` +
    `"CurrentIndex":${n},"Stats":${stats},"CurrentVersion":2}`
  );
}
