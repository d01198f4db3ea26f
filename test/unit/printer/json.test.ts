// `-w json`: every golden scenario captured from Debian's etcdctl 3.4.23 by golden/capture.sh
// (the commands are listed in golden/json/commands.txt).
import { runGoldenScenarios } from './run-golden.js';

runGoldenScenarios('json');
