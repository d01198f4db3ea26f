// node --import tsx bench/fill.ts <endpoint> <prefix> <count> <value-bytes>
import { fillKeys } from '../test/helpers/fill.js';

const [endpoint, prefix, count, size] = process.argv.slice(2);
await fillKeys(endpoint!, prefix!, Number(count), Number(size));
