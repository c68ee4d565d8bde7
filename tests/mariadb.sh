#!/usr/bin/env bash
# Starts a private MariaDB on 127.0.0.1:${MARIADB_PORT:-3307} for the tests (recipe: shared/mariadb.md).
# Idempotent: an already running server is reused. Prints the connection string on stdout.
set -euo pipefail
D=${MARIADB_DIR:-/tmp/cp-mariadb}
PORT=${MARIADB_PORT:-3307}
if ! command -v mariadbd >/dev/null 2>&1; then
  echo "mariadbd not found: install Debian's mariadb-server (apt-get install -y mariadb-server)" >&2
  exit 1
fi
if ! mariadb-admin --no-defaults --socket="$D/run/mysqld.sock" -uroot ping >/dev/null 2>&1; then
  rm -rf "$D" && mkdir -p "$D/data" "$D/run"
  mariadb-install-db --no-defaults --user=root --datadir="$D/data" --auth-root-authentication-method=socket --skip-test-db > "$D/install.log" 2>&1
  setsid nohup mariadbd --no-defaults --user=root --datadir="$D/data" --socket="$D/run/mysqld.sock" \
    --port="$PORT" --bind-address=127.0.0.1 --pid-file="$D/run/mysqld.pid" --log-error="$D/err.log" \
    --skip-name-resolve --local-infile=1 --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --innodb-buffer-pool-size=256M --max-connections=300 > "$D/stdout.log" 2>&1 < /dev/null &
  for _ in $(seq 1 300); do mariadb-admin --no-defaults --socket="$D/run/mysqld.sock" -uroot ping >/dev/null 2>&1 && break; sleep 0.1; done
  mariadb --no-defaults --socket="$D/run/mysqld.sock" -uroot -e "CREATE DATABASE IF NOT EXISTS cp CHARACTER SET utf8mb4;
    CREATE USER IF NOT EXISTS 'cp'@'127.0.0.1' IDENTIFIED BY 'cp-pw'; GRANT ALL ON *.* TO 'cp'@'127.0.0.1';" >&2
fi
# Named time zones (SET time_zone = 'America/New_York') need the server's zone tables: the clock tests run sessions in
# UTC, Asia/Seoul and a DST zone. Loaded once per server (the script truncates and refills them), under a lock so two
# concurrent callers do not fill them twice; an already running server without them gets them here too.
tz_count() { mariadb --no-defaults --socket="$D/run/mysqld.sock" -uroot -N -e "SELECT COUNT(*) FROM mysql.time_zone_name"; }
if [ "$(tz_count)" = "0" ]; then
  if [ ! -d /usr/share/zoneinfo ]; then echo "/usr/share/zoneinfo not found: install Debian's tzdata" >&2; exit 1; fi
  (
    flock 9
    if [ "$(tz_count)" = "0" ]; then
      mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null | mariadb --no-defaults --socket="$D/run/mysqld.sock" -uroot mysql >&2
    fi
  ) 9>"$D/run/tzinfo.lock"
fi
echo "Server=127.0.0.1;Port=$PORT;User ID=cp;Password=cp-pw;Database=cp;SslMode=None;AllowLoadLocalInfile=true"
