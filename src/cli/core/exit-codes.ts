// etcdctl's exit codes, kept as etcdctl has them.

/** v3: etcdctl/ctlv3/command/error.go */
export const ExitCode = {
  Success: 0,
  Error: 1,
  BadConnection: 2,
  InvalidInput: 3,
  BadFeature: 4,
  Interrupted: 5,
  BadArgs: 128,
} as const;

/** v2: etcdctl/ctlv2/command/error.go */
export const V2ExitCode = {
  Success: 0,
  BadArgs: 1,
  BadConnection: 2,
  BadAuth: 3,
  ServerError: 4,
  ClusterNotHealthy: 5,
} as const;
