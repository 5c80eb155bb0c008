#!/usr/bin/env bash
# Benchmark: composes newsletter-sized e-mails and sends them to maildev (started from tools/ on
# free loopback ports, mail kept in memory) through SmtpDelivery with 1, 2, 4 and 8 parallel
# connections; checks that every message arrived, prints messages a second, and writes the
# "Delivering e-mail" section of docs/performance.md.
#
#   bench/smtp-benchmark.sh                        # 5,000 messages per run
#   MESSAGES=1000 CONNECTIONS="1 4" bench/smtp-benchmark.sh   # a quicker run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/section.sh"
messages="${MESSAGES:-5000}"
connection_counts="${CONNECTIONS:-1 2 4 8}"

maildev_bin="$root/tools/node_modules/.bin/maildev"
if [ ! -x "$maildev_bin" ]; then
  echo "smtp-benchmark.sh: maildev is missing; run ./test.sh once (it installs it into tools/), or: npm ci --prefix tools" >&2
  exit 1
fi

echo "Building…" >&2
dotnet build "$root/bench/Rapport.Bench" -c Release -nologo -v quiet -clp:NoSummary >&2
bench=(dotnet "$root/bench/Rapport.Bench/bin/Release/net10.0/Rapport.Bench.dll")


smtp_port="$(free_port)"
web_port="$(free_port)"
while [ "$web_port" = "$smtp_port" ]; do web_port="$(free_port)"; done
# maildev writes each message's source under $TMPDIR/maildev even in memory mode: give it its own.
scratch="$(mktemp -d)"
TMPDIR="$scratch" "$maildev_bin" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$smtp_port" --web "$web_port" --silent > "$scratch/maildev.log" 2>&1 &
maildev_pid=$!
rows="$(mktemp)"
cleanup() {
  kill "$maildev_pid" 2>/dev/null || true
  wait "$maildev_pid" 2>/dev/null || true
  rm -rf "$scratch" "$rows"
}
trap cleanup EXIT
api="http://127.0.0.1:$web_port/api"
for _ in $(seq 1 300); do
  if curl -fsS "$api/healthz" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$maildev_pid" 2>/dev/null; then cat "$scratch/maildev.log" >&2; exit 1; fi
  sleep 0.1
done
curl -fsS "$api/healthz" > /dev/null

load_before="$(cut -d' ' -f1 /proc/loadavg)"
for connections in $connection_counts; do
  curl -fsS -X DELETE "$api/email/all" > /dev/null
  echo "$messages messages over $connections connection(s)…" >&2
  out="$("${bench[@]}" smtp "smtp://127.0.0.1:$smtp_port" "$messages" "$connections")"
  echo "$out" >&2
  seconds="$(awk -F'\t' '$1 == "send" { print $2 }' <<< "$out")"
  size="$(awk -F'\t' '$1 == "compose" { print $3 }' <<< "$out" | sed -n 's/.*(\([0-9,]*\) bytes each).*/\1/p')"
  arrived="$(curl -fsS "$api/email/summary?limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)"
  rate="$(awk -v n="$messages" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
  printf '| %s | %s | %s | %s | %s |\n' "$connections" "$messages" "$seconds" "$rate" "$arrived" >> "$rows"
  echo "  → $rate messages/s; maildev holds $arrived (including the warm-up)" >&2
done

{
  echo "## Delivering e-mail"
  echo
  echo "Produced by \`bench/smtp-benchmark.sh\` on $(date -u +%Y-%m-%d): $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
  echo "(one-minute load average $load_before before the run and $(cut -d' ' -f1 /proc/loadavg) after it; 2 means both cores busy)."
  echo
  echo "\`SmtpDelivery\` sending newsletters composed by \`EmailComposer\` (text and HTML parts, UTF-8"
  echo "names, one-click unsubscribe headers; ${size:-?} bytes each) to maildev 3.0.0 on the same machine,"
  echo "over loopback, from tasks that each wait for a free connection. The clock starts after a"
  echo "warm-up of 100 messages that opens the connections. maildev (Node.js) parses and stores every"
  echo "message on the same two cores as the sender, so the figures are for the pair together. Over a"
  echo "network each message costs about three round trips (MAIL and RCPT pipelined, DATA, the data):"
  echo "with 20 ms to a relay one connection manages some 15 messages a second, and the number of"
  echo "connections, not the CPU, sets the pace. The sockets are opened with Nagle's algorithm off:"
  echo "with it on, the end of each message waited some 40 ms for a delayed acknowledgement, and one"
  echo "connection managed 21 messages a second."
  echo
  echo "| connections | messages | seconds | messages/s | in maildev afterwards (with warm-up) |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
  cat "$rows"
  echo
  echo "Target (issue: e-mail delivery): 200 messages a second or more with a few parallel connections."
} | replace_section smtp "$root/docs/performance.md"
echo "Written to docs/performance.md" >&2
