#!/usr/bin/env bash
# Benchmark: the planner alone on synthetic businesses of 10,000, 100,000 and 1,000,000
# customers held in memory, then `rapport plan` end to end (read SQLite, plan, store the plan) on
# the demo business of each size; writes the "Planning" section of docs/performance.md.
#
#   bench/plan-benchmark.sh                     # builds the demo databases on first use (~5 minutes)
#   SIZES="10000 100000" bench/plan-benchmark.sh  # a quicker run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/section.sh"
sizes="${SIZES:-10000 100000 1000000}"
work="${BENCH_DIR:-$root/bench/out}"
as_of="2026-11-23"
mkdir -p "$work"

echo "Building…" >&2
dotnet build "$root/src/Rapport.Cli" -c Release -nologo -v quiet -clp:NoSummary >&2
dotnet build "$root/bench/Rapport.Bench" -c Release -nologo -v quiet -clp:NoSummary >&2
rapport=(dotnet "$root/src/Rapport.Cli/bin/Release/net10.0/rapport.dll")
bench=(dotnet "$root/bench/Rapport.Bench/bin/Release/net10.0/Rapport.Bench.dll")

planner_rows="$(mktemp)"
plan_rows="$(mktemp)"
for customers in $sizes; do
  echo "Planner alone, $customers customers…" >&2
  timing="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$timing" "${bench[@]}" planner "$customers" > "$timing.out"
  read -r _ peak_kb < "$timing"
  seconds="$(awk -F'\t' '$1 == "plan" { print $2 }' "$timing.out")"
  note="$(awk -F'\t' '$1 == "plan" { print $3 }' "$timing.out")"
  printf '| %s | %s | %s | %s |\n' "$customers" "$seconds" "$((peak_kb / 1024))" "$note" >> "$planner_rows"

  db="$work/plan-$customers.db"
  files="$work/demo-$customers"
  if [ ! -f "$db" ]; then
    if [ ! -f "$files/purchases.csv" ]; then
      echo "Generating the demo business ($customers customers)…" >&2
      "${rapport[@]}" demo --customers "$customers" --seed 1 --as-of "$as_of" --out "$files" --no-import >&2
    fi
    echo "Importing it into $db and analysing it…" >&2
    for kind in branches staff customers consents purchases touches; do
      [ -f "$files/$kind.csv" ] && "${rapport[@]}" --db "$db" import "$kind" "$files/$kind.csv" >&2
    done
    "${rapport[@]}" --db "$db" analyze --as-of "$as_of" > /dev/null
  fi
  echo "rapport plan, $customers customers…" >&2
  /usr/bin/time -f "%e %M" -o "$timing" "${rapport[@]}" --db "$db" plan --as-of "$as_of" > "$timing.out"
  read -r plan_seconds plan_kb < "$timing"
  account="$(grep -m 1 -i 'read' "$timing.out" || head -n 1 "$timing.out")"
  printf '| %s | %s | %s | %s |\n' "$customers" "$plan_seconds" "$((plan_kb / 1024))" "$account" >> "$plan_rows"
  rm -f "$timing" "$timing.out"
done

{
  echo "## Planning"
  echo
  echo "Produced by \`bench/plan-benchmark.sh\` on $(date -u +%Y-%m-%d): $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores."
  echo
  echo "The planner alone (\`Planner.Make\`, one process per size, first run including JIT), on a synthetic"
  echo "business in memory: 20 branches of 5 staff with 40 calls a day each, the demo's shares of tiers,"
  echo "consents and preferences, up to 6 past touches per customer, a 365-day horizon."
  echo
  echo "| customers | seconds | peak MB (whole process) | plan |"
  echo "| ---: | ---: | ---: | --- |"
  cat "$planner_rows"
  echo
  echo "\`rapport plan\` end to end on the demo business (\`rapport demo --seed 1 --as-of $as_of\`) in SQLite:"
  echo "start-up, reading customers, consents, scores, purchases and touches, planning, and storing the"
  echo "whole plan in one transaction."
  echo
  echo "| customers | seconds | peak MB | the command's own account |"
  echo "| ---: | ---: | ---: | --- |"
  cat "$plan_rows"
  echo
  echo "Targets (issue 4): the planner under 10 s and 3 GB for one million customers; \`rapport plan\` end"
  echo "to end under 60 s."
} | replace_section planning "$root/docs/performance.md"
rm -f "$planner_rows" "$plan_rows"
echo "Written to docs/performance.md" >&2
