#!/usr/bin/env bash
# Captures Debian etcdctl 3.4.23's help text for every v3 command into test/golden/v3/help/.
# These files are the specification for our help output (test/unit/cli/help.test.ts).
# etcdctl.txt and check.txt also list our `check cluster` (one line each, not in etcdctl): after a
# fresh capture, put that line back in both.
set -euo pipefail
cd "$(dirname "$0")/v3/help"
export ETCDCTL_API=3
etcdctl --help > etcdctl.txt
paths=$(sed -n '/^COMMANDS:/,/^$/p' etcdctl.txt | grep $'^\t' | sed 's/^\t//; s/\t.*//')
# parents of nested commands too (member, lease, ...)
parents=$(echo "$paths" | awk 'NF>1{print $1}' | sort -u)
for p in $paths $parents; do :; done
{ echo "$paths"; echo "$parents"; } | sort -u | while read -r path; do
  [ -z "$path" ] && continue
  # shellcheck disable=SC2086
  etcdctl $path --help > "$(echo "$path" | tr ' ' '_').txt"
done
