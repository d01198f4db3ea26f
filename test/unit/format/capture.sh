#!/usr/bin/env bash
# Captures what Debian's etcdctl 3.4.23 (Go 1.19) prints for the Go formatting the format tests
# check, into test/unit/format/golden/:
#   durations.txt   `<flag value> => <Duration.String()>`, from `--debug`, which prints every global
#                   flag, --command-timeout included, as ETCDCTL_COMMAND_TIMEOUT=<duration>
#   humanize.txt    `<bytes> => <humanize.Bytes>`, from `snapshot status -w json` and `-w simple`
#                   of snapshots of a growing database (about a minute)
#   quote-sample.*  a value holding the bytes of quote-sample.bin (make-quote-sample.ts) and
#                   `get -w fields` of it (Go's %q)
#   endpoint.*      `endpoint health -w json|fields` for an endpoint name full of characters that
#                   Go's JSON and %q escape
# Uses ports 21379-21380.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/golden
ETCD=${ETCD_BIN:-/usr/bin/etcd}
CTL=${REAL_ETCDCTL:-/usr/bin/etcdctl}
EP=127.0.0.1:21379
export ETCDCTL_API=3
ctl() { "$CTL" --endpoints=$EP "$@"; }
mkdir -p "$OUT"

: >"$OUT/durations.txt"
for d in 0 1ns 999ns 1000ns 1001ns 1500ns 999999ns 2940151ns 2940000ns 850000ns 1100ms 5001023393ns 59.999999999s \
  60000000000ns 61s 3599s 3723000000001ns 1.5h 100h -1ns -1.5s -90m 9223372036854775807ns -9223372036854775808ns; do
  v=$(timeout 2 "$CTL" --debug --command-timeout="$d" --endpoints=127.0.0.1:1 --dial-timeout=1ms get x 2>&1 |
    sed -n 's/^ETCDCTL_COMMAND_TIMEOUT=//p')
  echo "$d => $v" >>"$OUT/durations.txt"
done

WORK=$(mktemp -d)
"$ETCD" --name default --data-dir "$WORK/d" --listen-client-urls http://$EP --advertise-client-urls http://$EP \
  --listen-peer-urls http://127.0.0.1:21380 --initial-advertise-peer-urls http://127.0.0.1:21380 \
  --initial-cluster default=http://127.0.0.1:21380 --log-level error --logger zap >"$WORK/log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do ctl endpoint health >/dev/null 2>&1 && break; sleep 0.1; done

ctl put sample <"$HERE/golden/quote-sample.bin" >/dev/null
ctl get sample -w fields >"$OUT/quote-sample.fields"

weird=$'a<b>&c\x01\x08\x09\x0c\x0d\x1f\x7f\xe2\x80\xa8\xe2\x80\xa9\xc2\xa0\xc3\xa9\\ q\xf0\x9f\x98\x80 end'
printf '%s' "$weird" >"$OUT/endpoint.name"
for w in json fields; do
  ctl endpoint health --endpoints="$weird" --command-timeout=200ms -w $w >"$OUT/endpoint.$w" 2>/dev/null
done

: >"$OUT/humanize.txt"
value=$(head -c 3000 /dev/zero | tr '\0' v)
for i in $(seq 1 300); do
  ctl put "k$i" "$value" >/dev/null
  ctl snapshot save "$WORK/s.db" >/dev/null 2>&1
  size=$(ctl snapshot status "$WORK/s.db" -w json | sed 's/.*"totalSize":\([0-9]*\).*/\1/')
  human=$(ctl snapshot status "$WORK/s.db" -w simple | awk -F', ' '{print $4}')
  grep -q "^$size =>" "$OUT/humanize.txt" || echo "$size => $human" >>"$OUT/humanize.txt"
done

kill $PID; wait $PID 2>/dev/null
rm -rf "$WORK"
