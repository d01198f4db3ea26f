// Writes a large keyspace fast: txns of up to 128 puts (etcd's default --max-txn-ops) and ~1 MB
// (below its 1.5 MiB request limit), 16 in flight, over one client. Used by the paged-read tests and by bench/ (through bench/fill.ts).
import { EtcdClient } from '../../src/client/v3/client.js';

/** keys `${prefix}${i padded to 8}` for i in [0, n), each with `value` bytes of value or value(i) */
export async function fillKeys(endpoint: string, prefix: string, n: number, value: number | ((i: number) => Buffer)): Promise<void> {
  const c = await EtcdClient.connect({ endpoints: [endpoint], dialTimeoutMs: 5000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 });
  try {
    const fixed = typeof value === 'number' ? Buffer.alloc(value, 'v') : undefined;
    const size = fixed?.length ?? 64;
    const perTxn = Math.max(1, Math.min(128, Math.floor(1_000_000 / (size + 64))));
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const start = next;
        next = Math.min(n, next + perTxn);
        const success = [];
        for (let i = start; i < next; i++) {
          const key = Buffer.from(`${prefix}${String(i).padStart(8, '0')}`);
          success.push({ request: { $case: 'requestPut' as const, requestPut: { key, value: fixed ?? (value as (i: number) => Buffer)(i), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } } });
        }
        await c.txn({ compare: [], success, failure: [] }, { deadline: new Date(Date.now() + 60000) });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  } finally {
    c.close();
  }
}
