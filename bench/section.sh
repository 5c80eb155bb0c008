# Sourced by the benchmark scripts.
#
# replace_section NAME FILE  (new content on standard input)
# Replaces the lines between <!-- NAME:begin --> and <!-- NAME:end --> in FILE, or appends the
# section when FILE does not have it yet, so each benchmark refreshes only its own part.
replace_section() {
  local name="$1" file="$2" content
  content="$(mktemp)"
  { echo "<!-- $name:begin -->"; cat; echo "<!-- $name:end -->"; } > "$content"
  touch "$file"
  if grep -q "<!-- $name:begin -->" "$file"; then
    awk -v begin="<!-- $name:begin -->" -v end="<!-- $name:end -->" -v content="$content" '
      $0 == begin { while ((getline line < content) > 0) print line; skip = 1; next }
      $0 == end { skip = 0; next }
      !skip { print }' "$file" > "$file.new" && mv "$file.new" "$file"
  else
    { [ -s "$file" ] && echo; cat "$content"; } >> "$file"
  fi
  rm -f "$content"
}

# free_port: a loopback port nobody listens on, from the ephemeral range.
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
