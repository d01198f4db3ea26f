// Derives GO_NOT_PRINT_RANGES (src/format/go-print.ts) from Debian's etcdctl: stores every code
// point from U+0080 to U+10FFFF (in chunks) as values in an etcd, reads them back with
// `etcdctl get -w fields` (Go's %q), and prints the ranges Go escapes but the current
// \p{L}\p{M}\p{N}\p{P}\p{S} test accepts, plus any the other way (there were none).
// A generator, not a test (no test imports it): rerun it by hand when the oracle's Go changes.
// Usage: node --import tsx test/unit/format/derive-go-print.ts <etcd endpoint, e.g. 127.0.0.1:21379>
import { spawnSync } from 'node:child_process';

const endpoint = process.argv[2] ?? '127.0.0.1:21379';
const CTL = process.env.REAL_ETCDCTL ?? '/usr/bin/etcdctl';
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function etcdctl(args: string[], input?: Buffer): string {
  const r = spawnSync(CTL, [`--endpoints=${endpoint}`, ...args], { input, env: { ...process.env, ETCDCTL_API: '3' }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8');
}

const goPrint = new Map<number, boolean>();
const CHUNK = 150_000;
for (let start = 0x80; start <= 0x10ffff; start += CHUNK) {
  const end = Math.min(start + CHUNK - 1, 0x10ffff);
  const runes: number[] = [];
  for (let c = start; c <= end; c++) if (c < 0xd800 || c > 0xdfff) runes.push(c);
  etcdctl(['put', 'derive-go-print'], Buffer.from(runes.map((c) => String.fromCodePoint(c)).join(''), 'utf8'));
  const line = etcdctl(['get', 'derive-go-print', '-w', 'fields']).split('\n').find((l) => l.startsWith('"Value" : "'))!;
  const body = [...line.slice('"Value" : "'.length, -1)];
  let i = 0;
  for (const c of runes) {
    if (body[i] === '\\') {
      const len = body[i + 1] === 'u' ? 6 : body[i + 1] === 'U' ? 10 : body[i + 1] === 'x' ? 4 : 2;
      goPrint.set(c, false);
      i += len;
    } else {
      if (body[i]!.codePointAt(0) !== c) throw new Error(`unexpected output at U+${c.toString(16)}`);
      goPrint.set(c, true);
      i += 1;
    }
  }
}
etcdctl(['del', 'derive-go-print']);

const notPrint: Array<[number, number]> = [];
const printOnlyInGo: number[] = [];
for (const [c, printable] of goPrint) {
  const js = PRINTABLE.test(String.fromCodePoint(c));
  if (printable && !js) printOnlyInGo.push(c);
  if (!printable && js) {
    const last = notPrint[notPrint.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else notPrint.push([c, c]);
  }
}
console.log(`// ${notPrint.length} ranges; printable in Go only: ${printOnlyInGo.length}`);
console.log(notPrint.map(([a, b]) => `[0x${a.toString(16)}, 0x${b.toString(16)}]`).join(', '));
