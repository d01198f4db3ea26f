// etcdctl v3's global (persistent) flags: names, defaults and help texts of etcdctl/ctlv3/ctl.go.
import { flag, type Flag } from './flags.js';

const SECOND = 1000_000_000n;

export function v3GlobalFlags(): Flag[] {
  return [
    flag.stringSlice('endpoints', ['127.0.0.1:2379'], 'gRPC endpoints'),
    flag.bool('debug', false, 'enable client-side debug logging'),
    flag.string('write-out', 'simple', 'set the output format (fields, json, protobuf, simple, table)', 'w'),
    flag.bool('hex', false, 'print byte strings as hex encoded strings'),
    flag.duration('dial-timeout', 2n * SECOND, 'dial timeout for client connections'),
    flag.duration('command-timeout', 5n * SECOND, 'timeout for short running command (excluding dial timeout)'),
    flag.duration('keepalive-time', 2n * SECOND, 'keepalive time for client connections'),
    flag.duration('keepalive-timeout', 6n * SECOND, 'keepalive timeout for client connections'),
    flag.bool('insecure-transport', true, 'disable transport security for client connections'),
    flag.bool('insecure-discovery', true, 'accept insecure SRV records describing cluster endpoints'),
    flag.bool(
      'insecure-skip-tls-verify',
      false,
      'skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)',
    ),
    flag.string('cert', '', 'identify secure client using this TLS certificate file'),
    flag.string('key', '', 'identify secure client using this TLS key file'),
    flag.string('cacert', '', 'verify certificates of TLS-enabled secure servers using this CA bundle'),
    flag.string('user', '', 'username[:password] for authentication (prompt if password is not supplied)'),
    flag.string('password', '', "password for authentication (if this option is used, --user option shouldn't include password)"),
    flag.string('discovery-srv', '', 'domain name to query for SRV records describing cluster endpoints', 'd'),
    flag.string('discovery-srv-name', '', 'service name to query when using DNS discovery'),
  ];
}
