// etcdctl v2's global flags (etcdctl/ctlv2/ctl.go), in etcdctl's order: the help lists them so.
import { uflag, type UFlag } from './urfave.js';

const SECOND = 1_000_000_000n;

export const V2_DEFAULT_ENDPOINTS = 'http://127.0.0.1:2379,http://127.0.0.1:4001';

export function v2GlobalFlags(): UFlag[] {
  return [
    uflag.bool('debug', 'output cURL commands which can be used to reproduce the request'),
    uflag.bool('no-sync', "don't synchronize cluster information before sending request"),
    uflag.string('output, o', 'simple', 'output response in the given format (`simple`, `extended` or `json`)'),
    uflag.string('discovery-srv, D', '', 'domain name to query for SRV records describing cluster endpoints'),
    uflag.bool('insecure-discovery', 'accept insecure SRV records describing cluster endpoints'),
    uflag.string('peers, C', '', 'DEPRECATED - "--endpoints" should be used instead'),
    uflag.string('endpoint', '', 'DEPRECATED - "--endpoints" should be used instead'),
    uflag.string('endpoints', '', `a comma-delimited list of machine addresses in the cluster (default: "${V2_DEFAULT_ENDPOINTS}")`),
    uflag.string('cert-file', '', 'identify HTTPS client using this SSL certificate file'),
    uflag.string('key-file', '', 'identify HTTPS client using this SSL key file'),
    uflag.string('ca-file', '', 'verify certificates of HTTPS-enabled servers using this CA bundle'),
    uflag.string('username, u', '', 'provide username[:password] and prompt if password is not supplied.'),
    uflag.duration('timeout', 2n * SECOND, 'connection timeout per request'),
    uflag.duration('total-timeout', 5n * SECOND, 'timeout for the command execution (except watch)'),
  ];
}
