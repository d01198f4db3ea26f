#!/usr/bin/env bash
# Captures the snapshot fixtures of test/unit/commands/v3/snapshot.test.ts from Debian's etcd and
# etcdctl 3.4.23: a snapshot of a fresh member holding two keys (snap.db), and what
# `etcdctl snapshot status` prints for it in each format (status.<format>.out/.err/.code).
# usage: capture.sh <free client port> <free peer port>
set -euo pipefail
cd "$(dirname "$0")"
port=${1:?client port}; peer=${2:?peer port}
data=$(mktemp -d)
etcd --data-dir "$data/d" --name s --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "s=http://127.0.0.1:$peer" >"$data/log" 2>&1 &
pid=$!
trap 'kill $pid; wait $pid || true; rm -rf "$data"' EXIT
export ETCDCTL_API=3
for _ in $(seq 50); do etcdctl --endpoints="127.0.0.1:$port" endpoint health >/dev/null 2>&1 && break; sleep 0.2; done
etcdctl --endpoints="127.0.0.1:$port" put a 1 >/dev/null
etcdctl --endpoints="127.0.0.1:$port" put b 2 >/dev/null
etcdctl --endpoints="127.0.0.1:$port" snapshot save snap.db >/dev/null 2>&1
for f in simple json fields table protobuf; do
  set +e
  etcdctl snapshot status snap.db -w "$f" >"status.$f.out" 2>"status.$f.err"
  echo $? >"status.$f.code"
  set -e
done
