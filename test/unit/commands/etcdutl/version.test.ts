// etcdutl version (commands/etcdutl/version.ts): the version lines, whatever the arguments and -w.
import { caseTests, helpTests } from './golden.js';

helpTests([['version']]);
caseTests('version');
