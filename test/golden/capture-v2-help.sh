#!/usr/bin/env bash
# Captures Debian etcdctl 3.4.23's v2 help output (ETCDCTL_API=2) into test/golden/v2/help/.
# One file per invocation, named after its arguments (spaces as `_`; `etcdctl.txt` for no
# arguments). These files are the specification for test/unit/cli/help-v2.test.ts.
set -euo pipefail
cd "$(dirname "$0")/v2/help"
export ETCDCTL_API=2
rm -f ./*.txt
capture() {
  local name
  if [ $# -eq 0 ]; then name=etcdctl; else name=$(printf '%s_' "$@"); name=${name%_}; fi
  etcdctl "$@" > "$name.txt"
}
capture
capture --help
capture -h
capture help
capture h
capture help help
capture --version
commands=$(sed -n '/^COMMANDS:/,/^$/p' etcdctl.txt | grep '^   ' | awk '{print $1}' | tr -d ,)
for c in $commands; do
  capture "$c" --help
  capture help "$c"
done
for p in member user role auth; do
  capture "$p"
  capture "$p" help
  subs=$(etcdctl "$p" --help | sed -n '/^COMMANDS:/,/^$/p' | grep '^   ' | awk '{print $1}' | tr -d ,)
  for s in $subs; do
    capture "$p" "$s" --help
    capture "$p" help "$s"
  done
done
