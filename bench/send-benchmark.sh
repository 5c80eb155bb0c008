#!/usr/bin/env bash
# Benchmark: `rapport send` end to end on the demo business — read what is due from the plan and
# the moments, read each customer's facts, render every message with the shipped templates, check
# consent again, deliver the e-mails to maildev (started from tools/ on free loopback ports) over
# a few parallel connections, write the letters' PDF and the hand-sent CSVs, and record every
# touch in the outbox and the history. Writes the "Sending" section of docs/performance.md.
#
#   bench/send-benchmark.sh                          # 100,000 customers, the first of the month
#   CUSTOMERS=20000 bench/send-benchmark.sh          # a quicker run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/section.sh"
customers="${CUSTOMERS:-100000}"
connections="${CONNECTIONS:-4}"
work="${BENCH_DIR:-$root/bench/out}"
as_of="2026-11-23"
# The first of the month: the newsletter is due to everyone who consented to e-mail.
send_day="2026-12-01"
mkdir -p "$work"

maildev_bin="$root/tools/node_modules/.bin/maildev"
if [ ! -x "$maildev_bin" ]; then
  echo "send-benchmark.sh: maildev is missing; run ./test.sh once (it installs it into tools/), or: npm ci --prefix tools" >&2
  exit 1
fi

echo "Building…" >&2
dotnet build "$root/src/Rapport.Cli" -c Release -nologo -v quiet -clp:NoSummary >&2
rapport=(dotnet "$root/src/Rapport.Cli/bin/Release/net10.0/rapport.dll")

base="$work/send-$customers.db"
if [ ! -f "$base" ]; then
  echo "Making the demo business ($customers customers) and its plan in $base…" >&2
  rm -f "$base.tmp"
  "${rapport[@]}" --db "$base.tmp" demo --customers "$customers" --seed 1 --as-of "$as_of" --out "$work/send-demo-$customers" >&2
  "${rapport[@]}" --db "$base.tmp" plan --as-of "$as_of" > /dev/null
  mv "$base.tmp" "$base"
fi


scratch="$(mktemp -d)"
smtp_port="$(free_port)"
web_port="$(free_port)"
while [ "$web_port" = "$smtp_port" ]; do web_port="$(free_port)"; done
# maildev writes each message's source under $TMPDIR/maildev even in memory mode: give it its own.
mkdir -p "$scratch/tmp"
TMPDIR="$scratch/tmp" "$maildev_bin" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$smtp_port" --web "$web_port" --silent > "$scratch/maildev.log" 2>&1 &
maildev_pid=$!
cleanup() {
  kill "$maildev_pid" 2>/dev/null || true
  wait "$maildev_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break
  sleep 0.1
done

db="$scratch/send.db"
cp "$base" "$db"
due_email="$(sqlite3 "$db" "select count(*) from plan_touches where day = (julianday('$send_day') - julianday('1970-01-01')) and channel = 'email'" 2>/dev/null || echo "?")"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "rapport send for $send_day ($connections connections)…" >&2
timing="$scratch/timing"
/usr/bin/time -f "%e %M" -o "$timing" "${rapport[@]}" --db "$db" send --date "$send_day" --smtp "smtp://127.0.0.1:$smtp_port" \
  --public-url "https://shop.example/rapport" --connections "$connections" --out "$scratch/out" --json > "$scratch/report.json"
read -r seconds peak_kb < "$timing"
report="$scratch/report.json"
number() { sed -n "s/.*\"$1\": *\([0-9]*\).*/\1/p" "$report" | head -n 1; }
due="$(number due)"
sent="$(number sent)"
attention="$(number needs_attention)"
withheld="$(number withheld)"
deferred="$(number deferred)"
uncertain="$(number uncertain)"
states="$(sqlite3 "$db" "select channel || ' ' || state || ': ' || count(*) from outbox group by channel, state order by channel, state" | paste -sd ';' | sed 's/;/; /g')"
arrived="$(curl -fsS "http://127.0.0.1:$web_port/api/email/summary?limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)"
rate="$(awk -v n="$sent" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
echo "due $due, sent $sent, arrived $arrived, in $seconds s ($rate a second), peak $((peak_kb / 1024)) MB" >&2

{
  echo "## Sending"
  echo
  echo "Produced by \`bench/send-benchmark.sh\` on $(date -u +%Y-%m-%d): $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, .NET SDK $(dotnet --version)."
  echo
  echo "\`rapport send\` end to end, the Release build in a fresh process, on the demo business of"
  echo "$customers customers (seed 1) planned on $as_of, for $send_day: the first of the month, when the"
  echo "newsletter is due to every customer who consented to e-mail, besides the day's letters, texts and moments."
  echo "What falls due includes the touches of the days since the plan was made that no send has taken yet"
  echo "(up to six days back), so more e-mails are due than the plan holds for the day itself."
  echo "It reads what is due, reads each customer's facts (purchases, account manager, branch, scores),"
  echo "renders every message, checks consent again, delivers the e-mails to maildev on loopback over"
  echo "$connections connections, writes the letters' PDF and the CSVs of hand-sent messages, and records"
  echo "each touch in the outbox and the customer's history. The database is SQLite. Load average"
  echo "$load (1, 5, 15 min) at the start."
  echo
  echo "| touches due | e-mails planned for the day itself | sent | arrived at maildev | need attention | withheld | deferred | uncertain | time, s | sent/s | peak MB |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| $due | $due_email | $sent | $arrived | $attention | $withheld | $deferred | $uncertain | $seconds | $rate | $((peak_kb / 1024)) |"
  echo
  echo "Outbox afterwards: $states."
  echo
  echo "Targets: rendering 100,000 messages in under 10 s (the Rendering section); delivering at 200"
  echo "messages a second or more with a few parallel connections."
} | replace_section sending "$root/docs/performance.md"
echo "Written to docs/performance.md" >&2
