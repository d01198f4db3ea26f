// etcdutl help [command] (commands/etcdutl/help.ts): help texts of every command and unknown
// topics, as etcdutl 3.5.16 prints them; -h/--help before a command name (cobra's Find takes the
// word after it as the flag's value: `-h snapshot` is the root's help).
import { caseTests, helpTests } from './golden.js';

helpTests([[], ['help']]);
caseTests('help');
caseTests('helpFlagFirst');
