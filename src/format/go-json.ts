// A JSON writer that produces what Go's encoding/json.Marshal produces for etcdctl's structs.
// Values are described explicitly, in Go's terms, so nothing depends on JavaScript's JSON:
//   bigint / number  -> a bare decimal number (64-bit ids stay exact)
//   Buffer/Uint8Array -> a base64 string ([]byte)
//   string           -> Go's escaping: `"` `\` \n \r \t by name, other controls and < > & U+2028
//                       U+2029 as \u00XX / \u20XX, invalid UTF-8 (lone surrogates) as \ufffd
//   null             -> null (a nil pointer, slice or interface)
//   arrays           -> [a,b]
//   GoObject         -> {"k":v,...} with keys in the order given (Go's struct field order)
// Omitempty is the caller's decision, made with the `omitEmpty` helper; there is no whitespace.
// Go 1.19 (Debian's build) writes \b and \f as \u0008 and \u000c; newer Go names them.

export type GoJson = null | boolean | number | bigint | string | Uint8Array | readonly GoJson[] | GoObject;

/** One struct field: its JSON name and value. `undefined` entries are skipped (omitted fields). */
export type GoField = readonly [name: string, value: GoJson] | undefined;

/** A Go struct (or the fields of one), in field order. */
export class GoObject {
  readonly fields: ReadonlyArray<readonly [string, GoJson]>;
  constructor(fields: readonly GoField[]) {
    this.fields = fields.filter((f): f is readonly [string, GoJson] => f !== undefined);
  }
}

/** Builds a struct from fields; `undefined` fields (omitted) are dropped. */
export function goObject(...fields: GoField[]): GoObject {
  return new GoObject(fields);
}

/**
 * A field tagged `omitempty`: left out when its value is Go's empty value (false, 0, "", a nil
 * pointer (null/undefined), or an empty slice/[]byte). Structs (GoObject) are never empty here,
 * because etcdctl's structs hold them by pointer and a present pointer is not empty.
 */
export function omitEmpty(name: string, value: GoJson | undefined): GoField {
  if (value === undefined || value === null || value === false || value === 0 || value === 0n || value === '') return undefined;
  if (value instanceof Uint8Array && value.length === 0) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return [name, value];
}

/** A field without omitempty; `undefined` is written as null (a nil pointer/slice). */
export function field(name: string, value: GoJson | undefined): GoField {
  return [name, value === undefined ? null : value];
}

const HEX = '0123456789abcdef';

/** Go's encodeState.string with HTML escaping on, as json.Marshal does. */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26) continue;
      if (c === 0x22) esc = '\\"';
      else if (c === 0x5c) esc = '\\\\';
      else if (c === 0x0a) esc = '\\n';
      else if (c === 0x0d) esc = '\\r';
      else if (c === 0x09) esc = '\\t';
      else esc = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    } else if (c === 0x2028 || c === 0x2029) {
      esc = '\\u202' + HEX[c & 0xf];
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid surrogate pair is one rune, written as is
        continue;
      }
      esc = '\\ufffd';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      esc = '\\ufffd'; // a lone surrogate: what Go writes for invalid UTF-8
    } else {
      continue;
    }
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

/** Go's json.Marshal of one value. */
export function goMarshal(value: GoJson): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isSafeInteger(value)) throw new Error(`go-json: ${value} is not an exact integer; use a bigint`);
      return String(value);
    case 'string':
      return goJsonString(value);
  }
  if (value instanceof Uint8Array) return '"' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') + '"';
  if (value instanceof GoObject) {
    return '{' + value.fields.map(([k, v]) => goJsonString(k) + ':' + goMarshal(v)).join(',') + '}';
  }
  return '[' + value.map(goMarshal).join(',') + ']';
}
