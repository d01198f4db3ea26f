// JSON as Go's encoding/json writes it, for the byte-exact JSON etcd stores (member JSON in WAL
// entries and bolt, raftAttributes and the v2 store in .snap files): strings escape `"`, `\`,
// \n \r \t, other control characters as \u00XX, and HTML-sensitive <, >, & as \u003c, \u003e,
// \u0026, plus U+2028/U+2029; map keys are sorted (the caller sorts); no whitespace.

export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x3c:
      case 0x3e:
      case 0x26:
      case 0x2028:
      case 0x2029:
        out += '\\u' + c.toString(16).padStart(4, '0');
        break;
      default:
        if (c < 0x20) out += '\\u00' + c.toString(16).padStart(2, '0');
        else if (c >= 0xd800 && c <= 0xdfff) {
          // lone surrogates are invalid UTF-8 in Go: replaced by U+FFFD
          const next = s.charCodeAt(i + 1);
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            out += s[i]! + s[i + 1]!;
            i++;
          } else out += '\ufffd';
        } else out += s[i];
    }
  }
  return out + '"';
}

export function goJsonStringArray(a: readonly string[] | null): string {
  if (a === null) return 'null';
  return '[' + a.map(goJsonString).join(',') + ']';
}
