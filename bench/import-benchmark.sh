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
source "$root/bench/section.sh"
mkdir -p "$work"

results="$work/results-$customers.tsv"
# meta NAME VALUE: a measured figure the report needs besides the import rows.
meta() { printf 'meta\t%s\t%s\n' "$1" "$2" >> "$results"; }
metric() { awk -F'\t' -v n="$1" '$1 == "meta" && $2 == n { v = $3 } END { print v }' "$results"; }

kinds=(branches staff customers consents purchases touches)

if [ -z "${REPORT_ONLY:-}" ]; then
echo "Building…" >&2
dotnet build "$root/src/Rapport.Cli" -c Release -nologo -v quiet >&2
rapport=(dotnet "$root/src/Rapport.Cli/bin/Release/net10.0/rapport.dll")
files="$work/demo-$customers"

echo "Generating the demo business ($customers customers)…" >&2
gen_start=$(date +%s.%N)
"${rapport[@]}" demo --customers "$customers" --seed 1 --as-of "$as_of" --out "$files" --no-import >&2
: > "$results"
meta gen_seconds "$(echo "$(date +%s.%N) - $gen_start" | bc)"

# import PROVIDER DB KIND FILE: one timed run of `rapport import`, recorded in $results.
import() {
  local provider="$1" db="$2" kind="$3" file="$4" timing rows own seconds kilobytes
  timing="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$timing" "${rapport[@]}" --db "$db" import "$kind" "$file" > "$timing.out"
  rows=$(sed -n 's/^[^:]*: \([0-9,]*\) rows read.*/\1/p' "$timing.out" | tr -d ,)
  own=$(sed -n 's/.* — \([0-9.]*\) s, .*/\1/p' "$timing.out")
  read -r seconds kilobytes < "$timing"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$provider" "$kind" "$rows" "$seconds" "$kilobytes" "$own" >> "$results"
  printf '%-14s %-9s %10s rows %8s s (import %s s) %8s MB peak\n' "$provider" "$kind" "$rows" "$seconds" "$own" "$((kilobytes / 1024))" >&2
  rm -f "$timing" "$timing.out"
}


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
meta sqlite_bytes "$(stat -c %s "$sqlite_db")"

pg_dir=""
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}
trap stop_postgres EXIT

# postgres_run LABEL SETTINGS: a fresh throwaway server with these settings, all six files.
postgres_run() {
  local label="$1" settings="$2" port
  pg_dir="$(mktemp -d /tmp/rapport-bench-pg-XXXXXX)"
  [ "$(id -u)" = 0 ] && chown nobody "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C > /dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 $settings" start > /dev/null
  pg_conn="Host=127.0.0.1;Port=$port;Username=postgres;Database=rapport_bench"
  "${rapport[@]}" --db "$pg_conn" init > /dev/null
  for kind in "${kinds[@]}"; do
    import "$label" "$pg_conn" "$kind" "$files/$kind.csv"
  done
}

if [ -n "${BENCH_POSTGRES:-}" ]; then
  echo "PostgreSQL (your server)…" >&2
  "${rapport[@]}" --db "$BENCH_POSTGRES" init > /dev/null
  for kind in "${kinds[@]}"; do import postgres "$BENCH_POSTGRES" "$kind" "$files/$kind.csv"; done
else
  common="-c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min"
  echo "PostgreSQL, default durability (wal_level=replica)…" >&2
  postgres_run postgres "$common"
  # PostgreSQL's own COPY of the same purchases from a binary file: the server's ceiling.
  pg_port="$(echo "$pg_conn" | sed 's/.*Port=\([0-9]*\).*/\1/')"
  psql_run=(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d rapport_bench -q)
  "${psql_run[@]}" -c "\\copy purchases TO '$work/purchases.bin' WITH (FORMAT binary)"
  "${psql_run[@]}" -c "CREATE TABLE purchases_again (LIKE purchases INCLUDING INDEXES)"
  copy_start=$(date +%s.%N)
  "${psql_run[@]}" -c "\\copy purchases_again FROM '$work/purchases.bin' WITH (FORMAT binary)"
  meta server_copy_seconds "$(echo "$(date +%s.%N) - $copy_start" | bc)"
  rm -f "$work/purchases.bin"
  stop_postgres
  echo "PostgreSQL, bulk-load settings (wal_level=minimal)…" >&2
  postgres_run postgres-bulk "$common -c wal_level=minimal -c max_wal_senders=0"
  stop_postgres
fi

fi

# The report (REPORT_ONLY=1 writes it again from the last run's results).
gen_seconds=$(metric gen_seconds)
sqlite_bytes=$(metric sqlite_bytes)
server_copy_seconds=$(metric server_copy_seconds)
machine_cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
machine_cores=$(nproc)
machine_memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
dotnet_version=$(dotnet --version)
pg_version=$(psql --version 2>/dev/null | awk '{print $3}')
row() {
  awk -F'\t' -v p="$1" -v k="$2" '
    function grouped(n,   s) { n = sprintf("%d", n); s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } return n s }
    $1 == p && $2 == k {
      rate = ($6 > 0) ? $3 / $6 : 0
      printf "| %s | %s | %s | %.1f s | %.1f s | %s rows/s | %d MB |\n", p, k, grouped($3), $4, $6, grouped(rate), $5 / 1024 }' "$results"
}
{
  echo "## Import"
  echo
  echo "Produced by \`bench/import-benchmark.sh\` (rerun it to refresh this section)."
  echo
  echo "- Date: $(date -u +%Y-%m-%d)"
  echo "- Machine: $machine_cpu, $machine_cores cores, $machine_memory RAM, $(uname -sr)"
  echo "- .NET SDK $dotnet_version; SQLite $(sqlite3 --version 2>/dev/null | awk '{print $1}' || echo '(bundled)') on local disk; PostgreSQL $pg_version on the same machine (local socket over TCP 127.0.0.1)"
  echo "- Data: \`rapport demo --customers $customers --seed 1 --as-of $as_of\`, generated in $(printf '%.1f' "$gen_seconds") s"
  echo
  echo "Each row is one \`rapport import KIND FILE\` process into an empty table. *Process* is the"
  echo "wall time from start to exit; *import* is the time the command reports for the import itself"
  echo "(reading known ids, parsing, checking every value and reference, writing, commit), and rows per"
  echo "second are counted on it. Peak memory is the process's maximum resident set size."
  echo
  echo "- \`sqlite\`: the default SQLite file, WAL mode."
  echo "- \`postgres\`: a local PostgreSQL server with default durability (\`wal_level=replica\`),"
  echo "  \`shared_buffers=1GB\`, \`max_wal_size=8GB\`."
  echo "- \`postgres-bulk\`: the same with \`wal_level=minimal\` and \`max_wal_senders=0\`, PostgreSQL's"
  echo "  documented settings for populating a database (a server without replicas): the import"
  echo "  truncates an empty table in its transaction, so the rows are not written to the WAL as well."
  echo
  echo "| database | file | rows | process | import | rows per second | peak memory |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  for kind in "${kinds[@]}"; do row sqlite "$kind"; done
  for kind in "${kinds[@]}"; do row postgres "$kind"; done
  for kind in "${kinds[@]}"; do row postgres-bulk "$kind"; done
  if [ -n "${server_copy_seconds:-}" ]; then
    echo
    echo "For comparison, PostgreSQL's own \`COPY\` of the same purchases from a binary file (psql's"
    echo "\`\\copy\`, no client work at all) into an empty copy of the table with its indexes took"
    purchase_rows=$(awk -F'\t' '$1 == "postgres" && $2 == "purchases" { print $3 }' "$results")
    echo "$(printf '%.1f' "$server_copy_seconds") s with default durability, $(echo "$purchase_rows / $server_copy_seconds" | bc) rows/s: the most the server takes in on this machine, whatever the client does."
  fi
  echo
  echo "SQLite file after the import: $((sqlite_bytes / 1048576)) MB."
  echo
  echo "### Memory stays flat as the file grows"
  echo
  echo "The purchases import streams the file: its memory is the known customer ids and SQLite's"
  echo "page cache (256 MB), not the file. The first fifth of purchases.csv, imported into a copy of"
  echo "the same database, against the whole file:"
  echo
  echo "| database | file | rows | process | import | rows per second | peak memory |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  row sqlite-fifth purchases
  row sqlite purchases
  echo
  echo "### Against the targets (issue 2)"
  echo
  awk -F'\t' '
    function grouped(n,   s) { n = sprintf("%d", n); s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } return n s }
    $2 == "purchases" { rows[$1] = $3; import[$1] = $6; process[$1] = $4; memory[$1] = $5 / 1024 }
    END {
      printf "- Purchases into SQLite in under 60 s: %s rows in %.1f s (%.1f s with process start-up): %s.\n", grouped(rows["sqlite"]), import["sqlite"], process["sqlite"], (process["sqlite"] < 60 ? "met" : "not met")
      for (p in rows) if (p ~ /^postgres/) {
        rate = rows[p] / import[p]
        printf "- PostgreSQL at 300,000 rows/s or more (`%s`): %s rows/s: %s.\n", p, grouped(rate), (rate >= 300000 ? "met" : "not met")
      }
      printf "- Memory flat as the file grows: %d MB for a fifth of the purchases, %d MB for all of them: %s.\n", memory["sqlite-fifth"], memory["sqlite"], (memory["sqlite"] <= memory["sqlite-fifth"] * 1.1 ? "met" : "not met")
    }' "$results" | sort
} | replace_section import "$report"
echo "Wrote $report" >&2
