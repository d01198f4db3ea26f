// The environment: a `.env` file in the working directory is read with dotenv *below* the real
// environment (a variable already set wins). etcdctl v3's ETCDCTL_<FLAG> mapping is in
// src/cli/v3/global-options.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Env = Record<string, string | undefined>;

/**
 * The process environment with `.env` entries added where the real environment has none, and
 * which variables came from `.env`.
 * dotenv (which loads node:crypto, ~8 ms) is imported only when there is a file to parse.
 */
export async function loadEnvLayers(processEnv: Env, cwd: string): Promise<{ env: Env; fromFile: Set<string> }> {
  let fileVars: Record<string, string> = {};
  let text: Buffer | undefined;
  try {
    text = readFileSync(join(cwd, '.env'));
  } catch {
    // no .env (or unreadable): the real environment alone
  }
  if (text !== undefined) fileVars = (await import('dotenv')).parse(text);
  const env: Env = { ...processEnv };
  const fromFile = new Set<string>();
  for (const [k, v] of Object.entries(fileVars)) {
    if (env[k] !== undefined) continue;
    env[k] = v;
    fromFile.add(k);
  }
  return { env, fromFile };
}
