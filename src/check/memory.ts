// check datascale's measurement: the member's resident memory from its /metrics page.
import type { IO } from '../cli/core/io.js';
import { goQuote } from '../format/go-quote.js';

/** The client certificate of --cert/--key and --insecure-skip-tls-verify, for an https endpoint. */
export interface MetricsTls {
  cert: string;
  key: string;
  insecureSkipVerify: boolean;
  /** the roots to trust (Node's own when absent; src/cli/core/extra-roots.ts) */
  defaultCa?: () => Buffer | undefined;
}

/**
 * process_resident_memory_bytes from http(s)://<endpoint>/metrics (etcdctl's
 * endpointMemoryMetrics): problems are reported on stdout and give 0.
 */
export async function endpointMemoryMetrics(
  host: string,
  tls: MetricsTls,
  io: IO,
): Promise<number> {
  const key = 'process_resident_memory_bytes';
  const base = host.startsWith('http://') || host.startsWith('https://') ? host : `http://${host}`;
  const url = `${base}/metrics`;
  let body: string;
  try {
    body = await httpGet(url, tls);
  } catch (e) {
    io.stdout.write(`${(e as Error).message}\n`);
    return 0;
  }
  let text = '';
  for (const line of body.split('\n')) {
    if (line.startsWith(key)) {
      text = line.slice(key.length).trim();
      break;
    }
  }
  if (text === '') {
    io.stdout.write(`could not find: ${key}\n`);
    return 0;
  }
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) {
    io.stdout.write(`parse error: strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax\n`);
    return 0;
  }
  return n;
}

async function httpGet(url: string, tls: MetricsTls): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  let options: Record<string, unknown> = {};
  const https = url.startsWith('https://');
  if (https) {
    try {
      const ca = tls.defaultCa?.();
      options = { cert: await readFile(tls.cert), key: await readFile(tls.key), rejectUnauthorized: !tls.insecureSkipVerify, ...(ca ? { ca } : {}) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or directory' : (e as Error).message;
      throw new Error(`client certificate error: open ${(e as NodeJS.ErrnoException).path ?? ''}: ${why}`);
    }
  }
  const mod = https ? await import('node:https') : await import('node:http');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = mod.get(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      res.on('error', (e) => reject(new Error(`fetch error: reading ${url}: ${e.message}`)));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ECONNREFUSED' ? `dial tcp ${u.host}: connect: connection refused` : e.message;
      reject(new Error(`fetch error: Get ${goQuote(url)}: ${why}`));
    });
  });
}

