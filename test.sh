#!/usr/bin/env bash
# Runs every test of Rapport: unit tests, SQLite and PostgreSQL integration tests, end-to-end
# tests of the `rapport` command. Needs only the .NET SDK and PostgreSQL's server binaries
# (the tests start a throwaway PostgreSQL server themselves; see
# tests/Rapport.TestSupport/PostgresServer.cs). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Rapport.slnx -c Release "$@"
