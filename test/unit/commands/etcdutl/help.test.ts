// etcdutl help [command] (commands/etcdutl/help.ts): help texts of every command and unknown
// topics, as etcdutl 3.5.16 prints them.
import { caseTests, helpTests } from './golden.js';

helpTests([[], ['help']]);
caseTests('help');
