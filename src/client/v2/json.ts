// A strict JSON reader that keeps integers exact (as bigint), for the v2 API's uint64 indexes
// and int64 TTLs. Other numbers become JS numbers. Throws SyntaxError on malformed input.

export type JsonValue = null | boolean | bigint | number | string | JsonValue[] | { [k: string]: JsonValue };

export function parseJSON(text: string): JsonValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  // Go's encoding/json wording for the common cases
  const fail = (context = 'looking for beginning of value'): never => {
    if (i >= text.length) throw new SyntaxError('unexpected end of JSON input');
    const ch = text[i]!;
    const quoted = ch === "'" ? "'\\''" : `'${ch}'`;
    throw new SyntaxError(`invalid character ${quoted} ${context}`);
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        obj[k] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail();
      }
    }
    if (c === '"') return str();
    // a literal is checked a character at a time, as Go's scanner does (`invalid character 'o' in
    // literal null (expecting 'u')` for "nope")
    const literals: Record<string, [string, JsonValue]> = { t: ['true', true], f: ['false', false], n: ['null', null] };
    const lit = c === undefined ? undefined : literals[c];
    if (lit) {
      const [word, v] = lit;
      for (let j = 1; j < word.length; j++) {
        i++;
        if (text[i] !== word[j]) fail(`in literal ${word} (expecting '${word[j]}')`);
      }
      i++;
      return v;
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') return fail();
    i += m[0].length;
    return m[2] === undefined && m[3] === undefined ? BigInt(m[0]) : Number(m[0]);
  };
  const str = (): string => {
    // text[i] === '"'
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i]!;
      if (ch === '"') break;
      if (ch === '\\') i += 2;
      else if (ch.charCodeAt(0) < 0x20) fail();
      else i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i < text.length) fail('after top-level value');
  return v;
}

/** A field of a decoded object, matched like encoding/json does (exact name first, then case-insensitively). */
export function getField(obj: JsonValue, name: string, caseSensitive = false): JsonValue | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  if (caseSensitive) return undefined;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

export class JsonTypeError extends Error {}

export function asString(v: JsonValue | undefined, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new JsonTypeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string (${what})`);
  return v;
}

export function asUint(v: JsonValue | undefined, what: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v !== 'bigint') throw new JsonTypeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type uint64 (${what})`);
  return v;
}

export function asBool(v: JsonValue | undefined, what: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new JsonTypeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type bool (${what})`);
  return v;
}

export function asStrings(v: JsonValue | undefined, what: string): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new JsonTypeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type []string (${what})`);
  return v.map((x) => asString(x, what));
}

export function jsonKind(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint' || typeof v === 'number') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}
