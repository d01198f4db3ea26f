// Placeholder run function for commands whose behaviour is not built yet: says so, exit 1.
import type { RunFn } from '../../src/cli/command.js';
import { v3Error } from '../../src/cli/errors.js';

export function notImplemented(path: string): RunFn {
  return () => {
    throw v3Error(`"${path}" is not implemented yet in this etcdctl`);
  };
}
