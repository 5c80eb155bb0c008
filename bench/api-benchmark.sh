#!/usr/bin/env bash
# Benchmark: purchases posted through the HTTP API (POST /api/purchases) on loopback against
# `rapport serve` on the demo business, several requests at a time, each one stored, audited and
# followed at once by that customer's moments (the thank-you). Writes the "HTTP API" section of
# docs/performance.md. The issue's target: 1,000 purchases a second on the one-million-customer demo.
#
#   bench/api-benchmark.sh                                   # 100,000 customers, 2,000 purchases, 16 at a time
#   CUSTOMERS=1000000 PURCHASES=5000 bench/api-benchmark.sh  # the issue's size (the demo takes a while to make)
#   CONCURRENCY="4 16 64" bench/api-benchmark.sh             # several levels of parallelism
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/section.sh"
customers="${CUSTOMERS:-100000}"
purchases="${PURCHASES:-2000}"
levels="${CONCURRENCY:-16}"
work="${BENCH_DIR:-$root/bench/out}"
as_of="2026-11-23"
mkdir -p "$work"

echo "Building…" >&2
dotnet build "$root/src/Rapport.Cli" -c Release -nologo -v quiet -clp:NoSummary >&2
dotnet build "$root/bench/Rapport.Bench" -c Release -nologo -v quiet -clp:NoSummary >&2
rapport=(dotnet "$root/src/Rapport.Cli/bin/Release/net10.0/rapport.dll")
bench=(dotnet "$root/bench/Rapport.Bench/bin/Release/net10.0/Rapport.Bench.dll")

base="$work/api-$customers.db"
if [ ! -f "$base" ]; then
  echo "Making the demo business ($customers customers) and its plan in $base…" >&2
  rm -f "$base.tmp" "$base.tmp-wal" "$base.tmp-shm"
  "${rapport[@]}" --db "$base.tmp" demo --customers "$customers" --seed 1 --as-of "$as_of" --out "$work/api-demo-$customers" >&2
  "${rapport[@]}" --db "$base.tmp" plan --as-of "$as_of" > /dev/null
  mv "$base.tmp" "$base"
fi

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

scratch="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

db="$scratch/api.db"
cp "$base" "$db"
key="$("${rapport[@]}" --db "$db" apikeys add --all --name benchmark 2> /dev/null)"
port="$(free_port)"
"${rapport[@]}" --db "$db" serve --urls "http://127.0.0.1:$port" > "$scratch/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
url="http://127.0.0.1:$port"
load="$(cut -d' ' -f1-3 /proc/loadavg)"

# Warm up (JIT, connection pools, SQLite's page cache), then measure.
"${bench[@]}" api "$db" "$url" "$key" 200 4 warm > /dev/null
rows="$(mktemp)"
run=0
for level in $levels; do
  run=$((run + 1))
  echo "POST /api/purchases: $purchases purchases, $level at a time…" >&2
  line="$("${bench[@]}" api "$db" "$url" "$key" "$purchases" "$level" "run$run")"
  echo "$line" >&2
  field() { echo "$line" | awk -F'\t' -v name="$1" '{ for (i = 1; i < NF; i += 2) if ($i == name) print $(i + 1) }'; }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$level" "$(field purchases)" "$(field seconds)" "$(field rate)" "$(field p50)" "$(field p95)" "$(field p99)" "$(field other)" >> "$rows"
done
rss_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0)"
moments="$(sqlite3 "$db" "select count(*) from moments where kind = 'thank-you'" 2>/dev/null || echo "?")"

replace_section api "$root/docs/performance.md" <<SECTION
## HTTP API

\`bench/api-benchmark.sh\`: \`rapport serve\` (Release) on the demo business of $(printf "%'d" "$customers") customers (SQLite,
with its plan), and a load client (\`bench/Rapport.Bench api\`) on the same machine posting purchases to
\`POST /api/purchases\` over loopback with an API key for every branch, each to a customer drawn at random.
Every request authenticates the key, checks the customer's scope, reads the purchase by the rules of
purchases.csv, stores it with its audit entry, and runs that customer's moments at once (the thank-you is
stored before the answer). After a warm-up of 200 requests:

| requests at a time | purchases | seconds | purchases/s | p50 ms | p95 ms | p99 ms | other answers |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
$(cat "$rows")

Thank-you moments stored by the runs: $moments. Server peak memory: $((rss_kb / 1024)) MB. Load average when
the run started: $load, on $(nproc) cores shared with other work; client and server share them.
Measured $(date -u +%Y-%m-%d).

Each purchase costs about a dozen SQL statements and two write transactions: the key (1 read), the
customer's scope (1), the ids a purchase may refer to — every branch and member of staff, read again
per request (2) —, the purchase id (1), the purchase and its audit entry (1 write), then the moments for
that customer (6 reads) and their write (1). SQLite takes one writer at a time, so the writes serialise.
SECTION
rm -f "$rows"
echo "Wrote the HTTP API section of docs/performance.md." >&2
