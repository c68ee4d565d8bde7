#!/usr/bin/env bash
# The test command of the README: starts the private MariaDB the MySQL tests use, runs every test assembly,
# and prints one closing line "N passed, N failed, N skipped" summed over assemblies.
set -uo pipefail
cd "$(dirname "$0")/.."
export MYSQL_TEST_CONNECTION=${MYSQL_TEST_CONNECTION:-$(bash tests/mariadb.sh)} || { echo "could not start MariaDB" >&2; exit 1; }
log=$(mktemp)
dotnet test ControlPlane.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
awk '/^(Passed|Failed)! +- Failed:/ { gsub(/,/,""); for(i=1;i<=NF;i++){ if($i=="Failed:")f+=$(i+1); if($i=="Passed:")p+=$(i+1); if($i=="Skipped:")s+=$(i+1) } } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
