// `-w protobuf`: every golden scenario captured from Debian's etcdctl 3.4.23 by golden/capture.sh
// (the commands are listed in golden/protobuf/commands.txt).
import { runGoldenScenarios } from './run-golden.js';

runGoldenScenarios('protobuf');
