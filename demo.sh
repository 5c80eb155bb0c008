#!/usr/bin/env bash
# Rapport's main job on the embedded SQLite default, from a fresh clone: builds the command,
# writes a demo business (2,000 customers unless CUSTOMERS says otherwise) to ./demo, imports it
# into a fresh ./demo/rapport.db, scores every customer, shows what is there, makes the year-round
# contact plan and shows today's work from it.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p demo
rm -f demo/rapport.db demo/rapport.db-wal demo/rapport.db-shm
export RAPPORT_DB="$PWD/demo/rapport.db"
./rapport demo --customers "${CUSTOMERS:-2000}" --out demo
./rapport stats
./rapport analyze --report demo/report
./rapport customers list --limit 5
./rapport customers show "$(./rapport customers list --limit 1 --json | sed -n 's/.*"id": "\(.*\)".*/\1/p' | head -n 1)"
./rapport plan
./rapport today

# The web app on the same database: a password for the demo's administrator, and how to start it.
admin="$(grep -m 1 ',admin,' demo/staff.csv | cut -d, -f1)"
printf '%s\n' "rapport-demo" | ./rapport users set-password "$admin" > /dev/null
cat <<TEXT

To work through it in the browser, start the web app on the same database:

  RAPPORT_DB="$PWD/demo/rapport.db" ./rapport serve

then open http://127.0.0.1:5080 and sign in as $admin with the password rapport-demo (the demo
administrator; set passwords for other staff with ./rapport users set-password STAFF_ID).
TEXT
