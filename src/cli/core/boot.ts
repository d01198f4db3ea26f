// Loads a bundled CLI (dist/etcdctl.cjs, or dist/etcdutl.cjs for bin/etcdutl) with V8's code cache
// (dist/<name>.cjs.cache, made at build time by scripts/warm-cache.mjs). Compiling a megabyte of JavaScript on every start is most
// of what a CLI written for Node spends before doing anything; with the cache V8 skips it. A cache
// that does not fit (another Node or V8 version) is ignored and the bundle compiles as usual.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

interface Bundle {
  main(proc: NodeJS.Process): Promise<void>;
}

export type BundleName = 'etcdctl' | 'etcdutl';

export const BUNDLE = join(__dirname, 'etcdctl.cjs');
export const CACHE = `${BUNDLE}.cache`;

/** The bundle file of a command. */
export function bundlePath(name: BundleName): string {
  return join(__dirname, `${name}.cjs`);
}

/** Compiles and evaluates the bundle; `useCache` false compiles from source (to make the cache). */
export function load(useCache = true, name: BundleName = 'etcdctl'): { bundle: Bundle; script: Script; cacheRejected: boolean } {
  const BUNDLE = bundlePath(name);
  const CACHE = `${BUNDLE}.cache`;
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

/** bin/etcdutl */
export function runEtcdutl(proc: NodeJS.Process): Promise<void> {
  return load(true, 'etcdutl').bundle.main(proc);
}
