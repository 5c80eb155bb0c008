#!/usr/bin/env bash
# Benchmark: the staff pages of `rapport serve` on the demo business (one million customers unless
# CUSTOMERS says otherwise), planned for today. Signs in as the member of staff with the most calls
# today and asks for Today and for customer pages of their branch, one request after another, and
# writes the latency percentiles into the "Web pages" section of docs/performance.md.
#
#   bench/web-benchmark.sh                          # builds the database on first use (~5 minutes)
#   CUSTOMERS=100000 REQUESTS=300 bench/web-benchmark.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/section.sh"
customers="${CUSTOMERS:-1000000}"
requests="${REQUESTS:-500}"
work="${BENCH_DIR:-$root/bench/out}"
today="$(date -u +%Y-%m-%d)"
mkdir -p "$work"

echo "Building…" >&2
dotnet build "$root/src/Rapport.Cli" -c Release -nologo -v quiet -clp:NoSummary >&2
dotnet build "$root/bench/Rapport.Bench" -c Release -nologo -v quiet -clp:NoSummary >&2
rapport=(dotnet "$root/src/Rapport.Cli/bin/Release/net10.0/rapport.dll")
bench=(dotnet "$root/bench/Rapport.Bench/bin/Release/net10.0/Rapport.Bench.dll")

db="$work/web-$customers-$today.db"
if [ ! -f "$db" ]; then
  echo "Making the demo business ($customers customers) and today's plan in $db…" >&2
  rm -f "$db.tmp"
  "${rapport[@]}" --db "$db.tmp" demo --customers "$customers" --seed 1 --out "$work/web-demo-$customers" >&2
  "${rapport[@]}" --db "$db.tmp" plan --horizon 90 > /dev/null
  mv "$db.tmp" "$db"
fi

day_number="$(sqlite3 "$db" "select cast(julianday('$today') - julianday('1970-01-01') as integer)")"
staff="$(sqlite3 "$db" "select staff_id from plan_touches where day = $day_number and channel = 'phone' and staff_id is not null group by staff_id order by count(*) desc, staff_id limit 1")"
branch="$(sqlite3 "$db" "select branch_id from staff where staff_id = '$staff'")"
calls="$(sqlite3 "$db" "select count(*) from plan_touches where day = $day_number and channel = 'phone' and staff_id = '$staff'")"
ids="$(mktemp)"
sqlite3 "$db" "select customer_id from customers where home_branch_id = '$branch' order by random() limit 5000" > "$ids"
printf '%s\n' "benchmark password" | "${rapport[@]}" --db "$db" users set-password "$staff" > /dev/null

port="$(free_port)"
log="$(mktemp)"
"${rapport[@]}" --db "$db" serve --urls "http://127.0.0.1:$port" > "$log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$ids" "$log"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q "Rapport is serving" "$log" && break
  sleep 0.1
done

load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "Timing $requests requests per page as $staff (branch $branch, $calls calls today)…" >&2
out="$("${bench[@]}" pages "http://127.0.0.1:$port" "$staff" "benchmark password" "$ids" "$requests")"
echo "$out" >&2

{
  echo "## Web pages"
  echo
  echo "Produced by \`bench/web-benchmark.sh\` on $(date -u +%Y-%m-%d): $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, .NET SDK $(dotnet --version)."
  echo
  echo "\`rapport serve\` (Release, SQLite) on the demo business of $customers customers (seed 1) with a 90-day plan"
  echo "made today. Signed in as $staff (branch $branch, the member of staff with the most calls today: $calls), one"
  echo "request after another over loopback, after 20 warm-up requests per page: **Today** (the day's calls with"
  echo "each customer's context and script, letters and messages due) and the **customer page** (the 360 view with"
  echo "consent history, purchases, touches, scores and the next 90 days of the plan) for random customers of the"
  echo "branch. Times are from request sent to the last byte read, in milliseconds. Load average $load at the start."
  echo
  echo "| page | requests | p50 ms | p95 ms | p99 ms | max ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  echo "$out" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
  echo
  echo "Target: Today and the customer page under 100 ms at the 95th percentile on the one-million-customer business."
} | replace_section web-pages "$root/docs/performance.md"
echo "Written to docs/performance.md" >&2
