// etcdctl make-mirror: declared from etcdctl 3.4.23's help; not implemented yet.
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newMakeMirrorCommand() {
  return defineCommand<V3Factory>({
    use: 'make-mirror [options] <destination>',
    short: 'Makes a mirror at the destination etcd cluster',
    flags: [
      flag.string('dest-cacert', '', 'Verify certificates of TLS enabled secure servers using this CA bundle'),
      flag.string('dest-cert', '', 'Identify secure client using this TLS certificate file for the destination cluster'),
      flag.bool('dest-insecure-transport', true, 'Disable transport security for client connections'),
      flag.string('dest-key', '', 'Identify secure client using this TLS key file'),
      flag.string('dest-prefix', '', 'destination prefix to mirror a prefix to a different prefix in the destination cluster'),
      flag.bool('no-dest-prefix', false, 'mirror key-values to the root of the destination cluster'),
      flag.string('prefix', '', 'Key-value prefix to mirror'),
    ],
    run: notImplemented('make-mirror'),
  });
}
