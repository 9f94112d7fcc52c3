# Services the dossier engine tests need, for CI: a throwaway PostgreSQL cluster on loopback and a JDK for
# Spark in local mode. SOURCE this file (`. scripts/ci-services.sh`): it exports TTHC_TEST_PG_URL for the
# tests and stops the cluster and removes its folder when the sourcing shell exits.
# Debian packages are installed with apt-get only when missing (needs root or sudo).
# Nothing here touches an existing cluster: the new one lives in a temporary folder, listens on
# 127.0.0.1 only (port TTHC_TEST_PG_PORT, default 5433, or the next free one) with trust authentication.

_tthc_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

_tthc_services() {
  local need=() pg_bin port dir owner
  command -v java >/dev/null 2>&1 || need+=(default-jdk-headless)
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    echo "ci-services: installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    _tthc_sudo apt-get update -qq
    _tthc_sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi

  port=${TTHC_TEST_PG_PORT:-5433}
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  dir=$(mktemp -d /tmp/tthc-pg.XXXXXX)
  # initdb refuses to run as root: the cluster belongs to the postgres user then (created by the package).
  owner=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    chown postgres: "$dir"
  fi
  _tthc_as() { if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
  _tthc_as "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  _tthc_as "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  export TTHC_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  # The engine tests fail (rather than skip) when a service they need is missing.
  export TTHC_REQUIRE_SERVICES=1
  export TTHC_CI_PG_DIR="$dir" TTHC_CI_PG_BIN="$pg_bin" TTHC_CI_PG_OWNER="$owner"
  trap '_tthc_stop_services' EXIT
  echo "ci-services: PostgreSQL on 127.0.0.1:$port ($dir), java: $(command -v java)" >&2
}

_tthc_stop_services() {
  if [ -n "${TTHC_CI_PG_DIR:-}" ] && [ -d "$TTHC_CI_PG_DIR/data" ]; then
    if [ "$TTHC_CI_PG_OWNER" = "$(id -un)" ]; then
      "$TTHC_CI_PG_BIN/pg_ctl" -D "$TTHC_CI_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    else
      runuser -u "$TTHC_CI_PG_OWNER" -- "$TTHC_CI_PG_BIN/pg_ctl" -D "$TTHC_CI_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TTHC_CI_PG_DIR"
  fi
}

_tthc_services
