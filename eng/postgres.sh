#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server (Debian's packaged binaries) for the PostgreSQL store's tests and benchmarks:
# a temporary data folder, a free local port, run as the 'postgres' user, listening on 127.0.0.1 only.
#
#   bash eng/postgres.sh start        prints 'export ALPHA_LEARNING_POSTGRES=...' lines to eval, and the server's folder
#   bash eng/postgres.sh stop DIR     stops the server started in DIR and removes DIR
#   bash eng/postgres.sh run CMD...   starts a server, runs CMD with ALPHA_LEARNING_POSTGRES set, stops it (exit code of CMD)
#
# Installs the 'postgresql' package with apt-get when no PostgreSQL binaries are found (root or sudo needed).
set -euo pipefail

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else sudo -u postgres "$@"; fi
}

start() {
  local bin
  if ! bin=$(find_bin); then
    echo "PostgreSQL not found under /usr/lib/postgresql; installing the 'postgresql' package" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
    else sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2; fi
    bin=$(find_bin)
  fi
  if ! id postgres >/dev/null 2>&1; then
    echo "There is no 'postgres' user; install the 'postgresql' package (it creates it)." >&2
    exit 1
  fi
  local dir port password
  dir=$(mktemp -d /tmp/alpha-pg.XXXXXX)
  chown postgres: "$dir" 2>/dev/null || sudo chown postgres: "$dir"
  chmod 700 "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' )
  printf '%s\n' "$password" > "$dir/pwfile"
  chown postgres: "$dir/pwfile" 2>/dev/null || true
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "$bin" > "$dir/bin"
  echo "export ALPHA_LEARNING_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres'"
  echo "export ALPHA_LEARNING_POSTGRES_DIR='$dir'"
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] || { echo "no PostgreSQL data folder in '$dir'" >&2; exit 1; }
  as_postgres "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?the folder printed by start}" ;;
  run)
    shift
    eval "$(start)"
    trap 'stop "$ALPHA_LEARNING_POSTGRES_DIR"' EXIT
    set +e
    "$@"
    status=$?
    set -e
    exit $status ;;
  *) echo "usage: $0 start | stop DIR | run COMMAND..." >&2; exit 2 ;;
esac
