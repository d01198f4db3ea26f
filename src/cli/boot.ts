// Loads the bundled CLI (dist/etcdctl.cjs) with V8's code cache (dist/etcdctl.cjs.cache, made at
// build time by scripts/warm-cache.mjs). Compiling a megabyte of JavaScript on every start is most
// of what a CLI written for Node spends before doing anything; with the cache V8 skips it. A cache
// that does not fit (another Node or V8 version) is ignored and the bundle compiles as usual.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

interface Bundle {
  main(proc: NodeJS.Process): Promise<void>;
}

export const BUNDLE = join(__dirname, 'etcdctl.cjs');
export const CACHE = `${BUNDLE}.cache`;

/** Compiles and evaluates the bundle; `useCache` false compiles from source (to make the cache). */
export function load(useCache = true): { bundle: Bundle; script: Script; cacheRejected: boolean } {
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(CACHE);
    } catch {
      // no cache: compile from source
    }
  }
  // the bundle is a function expression (scripts/build.mjs) in ASCII (esbuild escapes the rest):
  // read as latin1, with no UTF-8 decoding and no wrapped copy of the text
  const script = new Script(readFileSync(BUNDLE, 'latin1'), { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Bundle };
  const fn = script.runInThisContext() as (e: object, r: NodeRequire, m: object, f: string, d: string) => void;
  fn.call(module.exports, module.exports, require, module, BUNDLE, __dirname);
  return { bundle: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

export function run(proc: NodeJS.Process): Promise<void> {
  return load().bundle.main(proc);
}
