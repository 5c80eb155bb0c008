#!/usr/bin/env bash
# Benchmark: analyse the demo business (one million customers, about ten million purchases by
# default) stored in SQLite, time each step and `rapport analyze` end to end, and write the
# figures to the "Analytics" section of docs/performance.md.
#
#   bench/analytics-benchmark.sh                  # builds the database on first use (~3 minutes)
#   CUSTOMERS=100000 bench/analytics-benchmark.sh   # a quicker run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/section.sh"
customers="${CUSTOMERS:-1000000}"
work="${BENCH_DIR:-$root/bench/out}"
as_of="2026-11-23"
mkdir -p "$work"

echo "Building…" >&2
dotnet build "$root/src/Rapport.Cli" -c Release -nologo -v quiet -clp:NoSummary >&2
dotnet build "$root/bench/Rapport.Bench" -c Release -nologo -v quiet -clp:NoSummary >&2
rapport=(dotnet "$root/src/Rapport.Cli/bin/Release/net10.0/rapport.dll")
bench=(dotnet "$root/bench/Rapport.Bench/bin/Release/net10.0/Rapport.Bench.dll")

db="$work/analytics-$customers.db"
files="$work/demo-$customers"
if [ ! -f "$db" ]; then
  if [ ! -f "$files/purchases.csv" ]; then
    echo "Generating the demo business ($customers customers)…" >&2
    "${rapport[@]}" demo --customers "$customers" --seed 1 --as-of "$as_of" --out "$files" --no-import >&2
  fi
  echo "Importing it into $db…" >&2
  for kind in branches staff customers purchases; do
    "${rapport[@]}" --db "$db" import "$kind" "$files/$kind.csv" >&2
  done
fi

echo "Timing each step…" >&2
steps="$(mktemp)"
"${bench[@]}" "$db" "$as_of" | tee "$steps" >&2

echo "Timing rapport analyze end to end…" >&2
timing="$(mktemp)"
/usr/bin/time -f "%e %M" -o "$timing" "${rapport[@]}" --db "$db" analyze --as-of "$as_of" > "$timing.out"
read -r analyze_seconds analyze_kb < "$timing"
head -n 1 "$timing.out" >&2

{
  echo "## Analytics"
  echo
  echo "Produced by \`bench/analytics-benchmark.sh\` on $(date -u +%Y-%m-%d): $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores."
  echo "The demo business of $customers customers (\`rapport demo --seed 1 --as-of $as_of\`) in SQLite."
  echo
  echo "| step | seconds | note |"
  echo "| --- | ---: | --- |"
  awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$steps"
  echo
  echo "\`rapport analyze\` end to end (start-up, reading SQLite, analysing, storing every customer's"
  echo "scores, printing the summary): **$analyze_seconds s**, peak memory $((analyze_kb / 1024)) MB."
  echo "The command's own account: $(head -n 1 "$timing.out")"
  echo
  echo "Targets (issue 3): each fit under 1 s, scoring every customer under 1 s, \`rapport analyze\` under 30 s."
} | replace_section analytics "$root/docs/performance.md"
rm -f "$steps" "$timing" "$timing.out"
echo "Wrote the Analytics section of $root/docs/performance.md" >&2
