// etcdctl v2's key printer (ctlv2/command/format.go printResponseKey), one function per format:
//   simple    the node's value, or `PrevNode.Value: <v>` for a delete
//   extended  Key / Created-Index / Modified-Index / [PrevNode.Value] / TTL / Index, then a blank
//             line and the value (not for a delete)
//   json      encoding/json of client.Response: {"action","node","prevNode"}, with Node's fields
//             key, dir (omitempty), value, nodes (null when absent), createdIndex, modifiedIndex,
//             expiration (omitempty), ttl (omitempty)
// Any other -o value prints `Unsupported output format: <v>` on stderr and nothing else (exit 0).
import type { IO } from '../../cli/core/io.js';
import type { V2Node, V2Response } from '../../client/v2/keys.js';
import { field, goMarshal, goObject, omitEmpty, type GoJson } from '../../format/go-json.js';

export function printSimple(resp: V2Response, io: IO): void {
  if (resp.action !== 'delete') io.stdout.write(`${resp.node?.value ?? ''}\n`);
  else io.stdout.write(`PrevNode.Value: ${resp.prevNode?.value ?? ''}\n`);
}

export function printExtended(resp: V2Response, io: IO): void {
  const n = resp.node;
  let s = `Key: ${n?.key ?? ''}\nCreated-Index: ${n?.createdIndex ?? 0n}\nModified-Index: ${n?.modifiedIndex ?? 0n}\n`;
  if (resp.prevNode) s += `PrevNode.Value: ${resp.prevNode.value}\n`;
  s += `TTL: ${n?.ttl ?? 0n}\nIndex: ${resp.index}\n`;
  if (resp.action !== 'delete') s += `\n${n?.value ?? ''}\n`;
  io.stdout.write(s);
}

function nodeJSON(n: V2Node | null): GoJson {
  if (n === null) return null;
  return goObject(
    field('key', n.key),
    omitEmpty('dir', n.dir),
    field('value', n.value),
    field('nodes', n.nodes === null ? null : n.nodes.map(nodeJSON)),
    field('createdIndex', n.createdIndex),
    field('modifiedIndex', n.modifiedIndex),
    n.expiration !== null ? field('expiration', n.expiration) : undefined,
    omitEmpty('ttl', n.ttl),
  );
}

export function responseJSON(resp: V2Response): string {
  return goMarshal(goObject(field('action', resp.action), field('node', nodeJSON(resp.node)), field('prevNode', nodeJSON(resp.prevNode))));
}

export function printJSON(resp: V2Response, io: IO): void {
  io.stdout.write(`${responseJSON(resp)}\n`);
}

/** printResponseKey */
export function printResponseKey(resp: V2Response, format: string, io: IO): void {
  switch (format) {
    case 'simple':
      return printSimple(resp, io);
    case 'extended':
      return printExtended(resp, io);
    case 'json':
      return printJSON(resp, io);
    default:
      io.stderr.write(`Unsupported output format: ${format}\n`);
  }
}

/** ls's simple listing: the key of a non-directory, then every child depth-first (`/` after directories with -p). */
export function printLs(resp: V2Response, format: string, slashDirs: boolean, io: IO): void {
  if (format !== 'simple') return printResponseKey(resp, format, io);
  const lines: string[] = [];
  const walk = (n: V2Node) => {
    lines.push(n.dir && slashDirs ? `${n.key}/` : n.key);
    for (const c of n.nodes ?? []) walk(c);
  };
  const node = resp.node;
  if (node && !node.dir) lines.push(node.key);
  for (const c of node?.nodes ?? []) walk(c);
  if (lines.length > 0) io.stdout.write(lines.map((l) => `${l}\n`).join(''));
}
