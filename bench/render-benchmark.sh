#!/usr/bin/env bash
# Benchmark: the message renderer (the shipped templates, TemplateRenderer) on varied touches in
# memory — every kind on every channel it can go by, fuller and sparser customers, first, returning
# and long-time buyers, segments and languages — and write the "Rendering messages" section of
# docs/performance.md.
#
#   bench/render-benchmark.sh                      # 100,000 and 1,000,000 messages
#   MESSAGES="100000" bench/render-benchmark.sh    # a quicker run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/section.sh"
sizes="${MESSAGES:-100000 1000000}"

echo "Building…" >&2
dotnet build "$root/bench/Rapport.Bench" -c Release -nologo -v quiet -clp:NoSummary >&2
bench=(dotnet "$root/bench/Rapport.Bench/bin/Release/net10.0/Rapport.Bench.dll")

rows="$(mktemp)"
outcome=""
load="$(cut -d' ' -f1-3 /proc/loadavg)"
for messages in $sizes; do
  echo "Rendering $messages messages…" >&2
  timing="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$timing" "${bench[@]}" render "$messages" > "$timing.out"
  cat "$timing.out" >&2
  read -r process_seconds peak_kb < "$timing"
  field() { awk -F'\t' -v step="$1" -v column="$2" '$1 == step { print $column }' "$timing.out"; }
  rate() { field "$1" 3 | sed 's/.*messages, \(.*\) a second/\1/'; }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$messages" "$(field render 2)" "$(rate render)" \
    "$(field 'render again' 2)" "$(rate 'render again')" "$(field 'render again, one thread' 2)" "$(rate 'render again, one thread')" \
    "$((peak_kb / 1024))" >> "$rows"
  outcome="$(field outcome 3)"
  rm -f "$timing" "$timing.out"
done

{
  echo "## Rendering messages"
  echo
  echo "Produced by \`bench/render-benchmark.sh\` on $(date -u +%Y-%m-%d): $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, .NET SDK $(dotnet --version)."
  echo
  echo "\`TemplateRenderer.Render\` with the shipped templates on touches built in memory (\`Rapport.Bench render N\`):"
  echo "every kind on every channel it can go by, in turn; 70% of customers with everything on record, the"
  echo "rest with a first name and little else; a fifth tagged young-children, one in twenty French-speaking."
  echo "Each render chooses the template, fills it, checks the result for empty fields and form-letter"
  echo "phrases, and builds the HTML part of e-mails. *First pass* is the first run in a fresh process, on"
  echo "both cores, JIT and all; *again* is the same touches once more; *one thread* a third time on one core."
  echo "Most of the first pass is the JIT warming up (tiered compilation of Fluid's renderer); the later"
  echo "passes show the steady rate. The machine is shared: load average $load (1, 5, 15 min) at the start."
  echo
  echo "| messages | first pass, s | messages/s | again, s | messages/s | one thread, s | messages/s | peak MB |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  cat "$rows"
  echo
  echo "Outcome of the last run: $outcome."
  echo
  echo "Target: 100,000 messages in under 10 s on two cores."
} | replace_section rendering "$root/docs/performance.md"
rm -f "$rows"
echo "Written to docs/performance.md" >&2
