// Why a connection could not be used, in Go's words. grpc-js keeps the last transport error of a
// channel in Node's words ("connect ECONNREFUSED 127.0.0.1:2379", "unable to verify the first
// certificate"); etcdctl's users know grpc-go's ("connection refused", "x509: certificate signed
// by unknown authority"). This module words them and collects them per endpoint: `--debug` shows
// them as they happen, and a person at a terminal gets one line per endpoint after the final
// error. It loads no gRPC code (the factory builds one for every v3 command).

export type TransportLevel = 'INFO' | 'WARNING';

/** What the connection reports, and what a command may ask for afterwards. */
export class TransportDiagnostics {
  /** `<endpoint>: <cause>` for every endpoint of the last wait that found no ready member */
  private gaveUpLines: string[] = [];

  constructor(
    /** receives a readable line (with its newline) for each transport event; undefined: nothing */
    private readonly debugLine?: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A connectivity change or a failed attempt of one endpoint, as grpc-go's logger prints them. */
  event(level: TransportLevel, endpoint: string, text: string): void {
    if (!this.debugLine) return;
    this.debugLine(`${level}: ${goLogTime(this.now())} [core]${endpoint}: ${text}\n`);
  }

  /** A wait for a ready member ended at its deadline; `causes` holds each endpoint's last cause. */
  gaveUp(causes: Array<{ endpoint: string; cause: string }>): void {
    this.gaveUpLines = causes.map((c) => `${c.endpoint}: ${c.cause}`);
  }

  /** The per-endpoint causes of the last wait that found no ready member (empty when none). */
  causes(): string[] {
    return this.gaveUpLines;
  }
}

/** Go's log package default prefix time: `2006/01/02 15:04:05` in local time. */
function goLogTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A channel still connecting when the deadline came: no error, no answer (a stopped server, a dropped SYN). */
export const NO_HANDSHAKE = 'timed out waiting for server handshake';

/**
 * grpc-js's last-error text of a channel (the picker's "No connection established. Last error:
 * ... Resolution note: ...", or a resolver failure) worded as grpc-go/Go's net and crypto/tls
 * packages word the same failure. Unknown texts are kept as they are.
 */
export function goTransportCause(details: string): string {
  let text = details;
  const last = /Last error: ([\s\S]*?)(?:\. Resolution note:[\s\S]*)?$/.exec(text);
  if (last) text = last[1]!;
  text = text.replace(/^Error: /, '').trim();

  const resolve = /^Name resolution failed for target dns:(.*?)(?::\d+)?$/.exec(text);
  if (resolve) return `dial tcp: lookup ${resolve[1]}: no such host`;
  const sys = /^connect (E[A-Z]+) (\S+)$/.exec(text);
  if (sys) {
    const [, code, addr] = sys as unknown as [string, string, string];
    const net = addr.startsWith('/') ? 'unix' : 'tcp';
    const why: Record<string, string> = {
      ECONNREFUSED: 'connect: connection refused',
      ETIMEDOUT: 'i/o timeout',
      EHOSTUNREACH: 'connect: no route to host',
      ENETUNREACH: 'connect: network is unreachable',
      ENOENT: 'connect: no such file or directory',
      EACCES: 'connect: permission denied',
    };
    if (why[code]) return `dial ${net} ${addr}: ${why[code]}`;
  }
  if (/^getaddrinfo (ENOTFOUND|EAI_AGAIN) (\S+)/.test(text)) {
    return `dial tcp: lookup ${/^getaddrinfo \S+ (\S+)/.exec(text)![1]}: no such host`;
  }
  if (
    /unable to verify the first certificate|self[- ]signed certificate|unable to get (local )?issuer certificate|certificate signature failure/.test(text)
  ) {
    return 'x509: certificate signed by unknown authority';
  }
  if (/certificate has expired|certificate is not yet valid/.test(text)) return 'x509: certificate has expired or is not yet valid';
  const ip = /^Hostname\/IP does not match certificate's altnames: IP: (\S+) is not in the cert's list: (.*)$/.exec(text);
  if (ip) return `x509: certificate is valid for ${ip[2]!.trim()}, not ${ip[1]}`;
  const host = /^Hostname\/IP does not match certificate's altnames: Host: (\S+?)\.? is not in the cert's altnames: (.*)$/.exec(text);
  if (host) return `x509: certificate is valid for ${host[2]!.replace(/(^|, )(DNS|IP Address):/g, '$1')}, not ${host[1]}`;
  if (/^Client network socket disconnected before secure TLS connection was established/.test(text)) {
    return 'authentication handshake failed: EOF';
  }
  if (/wrong version number|packet length too long/.test(text)) return 'tls: first record does not look like a TLS handshake';
  const alert = /alert (bad certificate|certificate required|unknown ca|handshake failure|certificate expired|certificate unknown)/.exec(text);
  if (alert) {
    const goName: Record<string, string> = { 'unknown ca': 'unknown certificate authority' };
    return `remote error: tls: ${goName[alert[1]!] ?? alert[1]}`;
  }
  // grpc-js's word for a connection closed before the HTTP/2 settings came (plain http to a TLS port)
  if (/^Failed to connect( \(|$)/.test(text)) return 'connection closed before server preface received';
  return text;
}
