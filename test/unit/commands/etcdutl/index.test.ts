// The etcdutl root (commands/etcdutl/index.ts, src/etcdutl/execute.ts): no command, unknown
// commands and flags, a missing -w value, as etcdutl 3.5.16 answers them.
import { caseTests, helpTests } from './golden.js';

helpTests([[]]);
caseTests('index');
