#!/usr/bin/env bash
# Benchmark: generate the demo business (one million customers, about ten million purchases by
# default) and time importing it into SQLite and into PostgreSQL, then write the figures to
# docs/performance.md with the machine and the date.
#
#   bench/import-benchmark.sh                 # the full run (~4 GB of disk, ~10 minutes)
#   CUSTOMERS=100000 bench/import-benchmark.sh  # a quicker run
#
# PostgreSQL: a throwaway server is started from the machine's server binaries (as the user
# `nobody` when run as root), on a free port under a temporary folder, and stopped at the end.
# Set BENCH_POSTGRES to a connection string to use a server of your own instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
customers="${CUSTOMERS:-1000000}"
work="${BENCH_DIR:-$root/bench/out}"
as_of="2026-11-23"
report="$root/docs/performance.md"
mkdir -p "$work"

echo "Building…" >&2
dotnet build "$root/src/Rapport.Cli" -c Release -nologo -v quiet >&2
rapport=(dotnet "$root/src/Rapport.Cli/bin/Release/net10.0/rapport.dll")
files="$work/demo-$customers"

echo "Generating the demo business ($customers customers)…" >&2
gen_start=$(date +%s.%N)
"${rapport[@]}" demo --customers "$customers" --seed 1 --as-of "$as_of" --out "$files" --no-import >&2
gen_seconds=$(echo "$(date +%s.%N) - $gen_start" | bc)

results="$work/results-$customers.tsv"
: > "$results"

# import PROVIDER DB KIND FILE: one timed run of `rapport import`, recorded in $results.
import() {
  local provider="$1" db="$2" kind="$3" file="$4" timing rows
  timing="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$timing" "${rapport[@]}" --db "$db" import "$kind" "$file" > "$timing.out"
  rows=$(sed -n 's/^[^:]*: \([0-9,]*\) rows read.*/\1/p' "$timing.out" | tr -d ,)
  read -r seconds kilobytes < "$timing"
  printf '%s\t%s\t%s\t%s\t%s\n' "$provider" "$kind" "$rows" "$seconds" "$kilobytes" >> "$results"
  printf '%-10s %-9s %10s rows %8s s %8s MB peak\n' "$provider" "$kind" "$rows" "$seconds" "$((kilobytes / 1024))" >&2
  rm -f "$timing" "$timing.out"
}

kinds=(branches staff customers consents purchases touches)

echo "SQLite…" >&2
sqlite_db="$work/bench-$customers.db"
rm -f "$sqlite_db" "$sqlite_db-wal" "$sqlite_db-shm"
"${rapport[@]}" --db "$sqlite_db" init > /dev/null
for kind in "${kinds[@]}"; do
  if [ "$kind" = purchases ]; then
    # Memory must stay flat as the file grows: import the first fifth of the purchases into a
    # copy of the database as it is now, and compare the peak with the full file's.
    fifth=$(( ($(wc -l < "$files/purchases.csv") - 1) / 5 ))
    head -n $((fifth + 1)) "$files/purchases.csv" > "$work/purchases-fifth.csv"
    cp "$sqlite_db" "$work/fifth.db"
    import sqlite-fifth "$work/fifth.db" purchases "$work/purchases-fifth.csv"
    rm -f "$work/fifth.db" "$work/fifth.db-wal" "$work/fifth.db-shm" "$work/purchases-fifth.csv"
  fi
  import sqlite "$sqlite_db" "$kind" "$files/$kind.csv"
done
sqlite_bytes=$(stat -c %s "$sqlite_db")

echo "PostgreSQL…" >&2
pg_dir=""
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
if [ -n "${BENCH_POSTGRES:-}" ]; then
  pg_conn="$BENCH_POSTGRES"
else
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  pg_dir="$(mktemp -d /tmp/rapport-bench-pg-XXXXXX)"
  trap stop_postgres EXIT
  [ "$(id -u)" = 0 ] && chown nobody "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C > /dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=8GB -c maintenance_work_mem=512MB" start > /dev/null
  pg_conn="Host=127.0.0.1;Port=$port;Username=postgres;Database=rapport_bench"
fi
"${rapport[@]}" --db "$pg_conn" init > /dev/null
for kind in "${kinds[@]}"; do
  import postgres "$pg_conn" "$kind" "$files/$kind.csv"
done

# The report.
machine_cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
machine_cores=$(nproc)
machine_memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
dotnet_version=$(dotnet --version)
pg_version=$(psql --version 2>/dev/null | awk '{print $3}')
row() {
  awk -F'\t' -v p="$1" -v k="$2" '
    function grouped(n,   s) { n = sprintf("%d", n); s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } return n s }
    $1 == p && $2 == k {
      rate = ($4 > 0) ? $3 / $4 : 0
      printf "| %s | %s | %s | %.1f s | %s rows/s | %d MB |\n", p, k, grouped($3), $4, grouped(rate), $5 / 1024 }' "$results"
}
{
  echo "# Performance"
  echo
  echo "Produced by \`bench/import-benchmark.sh\` (rerun it to refresh this page)."
  echo
  echo "- Date: $(date -u +%Y-%m-%d)"
  echo "- Machine: $machine_cpu, $machine_cores cores, $machine_memory RAM, $(uname -sr)"
  echo "- .NET SDK $dotnet_version; SQLite $(sqlite3 --version 2>/dev/null | awk '{print $1}' || echo '(bundled)') on local disk; PostgreSQL $pg_version on the same machine (local socket over TCP 127.0.0.1)"
  echo "- Data: \`rapport demo --customers $customers --seed 1 --as-of $as_of\`, generated in $(printf '%.1f' "$gen_seconds") s"
  echo
  echo "## Import"
  echo
  echo "Each row is one \`rapport import KIND FILE\` process into an empty table, timed from start to"
  echo "exit (start-up, reading known ids, parsing, checking every value and reference, writing, commit)."
  echo "Peak memory is the process's maximum resident set size."
  echo
  echo "| database | file | rows | time | rows per second | peak memory |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  for kind in "${kinds[@]}"; do row sqlite "$kind"; done
  for kind in "${kinds[@]}"; do row postgres "$kind"; done
  echo
  echo "SQLite file after the import: $((sqlite_bytes / 1048576)) MB."
  echo
  echo "## Memory stays flat as the file grows"
  echo
  echo "The purchases import streams the file: its memory is the known customer ids and SQLite's"
  echo "page cache (256 MB), not the file. The first fifth of purchases.csv, imported into a copy of"
  echo "the same database, against the whole file:"
  echo
  echo "| database | file | rows | time | rows per second | peak memory |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  row sqlite-fifth purchases
  row sqlite purchases
  echo
  echo "## Targets (issue 2)"
  echo
  echo "- Ten million purchase rows into SQLite in under 60 s."
  echo "- PostgreSQL at 300,000 rows/s or more."
  echo "- Memory flat as the file grows."
} > "$report"
echo "Wrote $report" >&2
