#!/usr/bin/env bash
# Runs every test of Rapport: unit tests, SQLite and PostgreSQL integration tests, SMTP tests
# against a real server, end-to-end tests of the `rapport` command. Needs the .NET SDK,
# PostgreSQL's server binaries and Node.js; installs the rest when missing:
# - maildev (an SMTP server with an HTTP API to read what arrived) from npm into tools/,
#   pinned by tools/package-lock.json;
# - pdftotext (Debian's poppler-utils), to read the printed letters back;
# - Chromium (Debian's chromium) for the browser tests, which Playwright drives at /usr/bin/chromium
#   (no browser is ever downloaded).
# The tests start their own throwaway PostgreSQL and maildev servers on 127.0.0.1
# (tests/Rapport.TestSupport). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x tools/node_modules/.bin/maildev ]; then
  echo "test.sh: installing maildev from npm into tools/" >&2
  npm ci --prefix tools --no-audit --no-fund --loglevel=error >&2
fi

apt_install() {
  local sudo_if_needed=()
  if [ "$(id -u)" -ne 0 ]; then sudo_if_needed=(sudo); fi
  "${sudo_if_needed[@]}" apt-get update -qq >&2 || true
  "${sudo_if_needed[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

if ! command -v pdftotext >/dev/null 2>&1; then
  echo "test.sh: installing poppler-utils (pdftotext) with apt-get" >&2
  apt_install poppler-utils
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Debian's chromium (the browser tests drive it with Playwright) with apt-get" >&2
  apt_install chromium
fi

dotnet test Rapport.slnx -c Release "$@"
