#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and Citus 13.2.2 servers for tieuchi's tests and benchmarks.
#
#   scripts/postgres.sh install   Debian's postgresql (15) + build deps; builds Citus from ../shared/vendor/citus
#   scripts/postgres.sh start     plain PostgreSQL on 55432, Citus coordinator 55433 + workers 55434, 55435
#   scripts/postgres.sh stop      stops all four and removes their folders (safe when nothing runs)
#   scripts/postgres.sh status    which of the four answer
#
# `start` prints, on stdout only, lines to eval:
#   DATABASE_URL=postgres://postgres@localhost:55432/tieuchi
#   CITUS_URL=postgres://postgres@localhost:55433/tieuchi
# e.g. eval "$(scripts/postgres.sh start)" && export DATABASE_URL CITUS_URL
#
# Measured on this 2-core machine (2026-11-29, load average 15-20: other engineers' tests and type
# checks ran throughout, so these are pessimistic):
#   install, everything present (the usual case):                          0.9 s
#   install, first run here (postgresql-15 15.18 present; apt update, server-dev 15.18 with its
#     clang-14/llvm-14-dev dependencies and the -dev libraries, then the Citus build): 11 min 23 s
#   install, Citus build alone with LLVM bitcode (before with_llvm=no; not re-measured after): 13 min 54 s wall under that
#     load, 3 min 48 s of CPU (user 3:07 + sys 0:41); with_llvm=no skips the half of it that compiles
#     every file a second time with clang, so expect ~2 min of CPU (about a minute on an idle machine)
#   start, first run (builds the cached template: initdb + CREATE DATABASE):  ~45-50 s
#   start, later runs: 22-31 s with PGDATA_ROOT under /tmp (13 s of it copying the template four
#     times on the busy disk), 7 s with PGDATA_ROOT=/dev/shm/tieuchi-postgres (tmpfs: fsync stays on
#     but costs nothing; a SIGKILLed server or app loses nothing there, only a machine crash would)
#   stop: 1.4-3.3 s (immediate shutdown: the folders are deleted anyway)
#
# Settings: trust authentication on localhost only (listen_addresses='localhost', sockets in the node's
# folder, not /var/run/postgresql), fsync and synchronous_commit left on (the crash tests need real
# durability), small memory for a 2-core box shared with the app and the tests (shared_buffers 32MB),
# max_connections 120 (workers 250: the coordinator opens connections to them on the app's behalf),
# C collation (byte order, the same as SQLite's BINARY), citus.shard_count 8 (32 by default: 4x the
# shard tables to create for no gain on two local workers).
#
# Environment: PGDATA_ROOT (default /tmp/tieuchi-postgres), PGDATA_TEMPLATE (the cached initdb'd
# folder, default /tmp/tieuchi-postgres-template, kept by `stop`), PG_PORT, CITUS_PORT, CITUS_WORKER_PORTS
# ("55434 55435"), CITUS_SHARD_COUNT, CITUS_VENDOR (default ../shared/vendor/citus from the repo root).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CITUS_VENDOR=${CITUS_VENDOR:-$REPO_ROOT/../shared/vendor/citus}
CITUS_VERSION=13.2.2
CITUS_TARBALL=citus-$CITUS_VERSION.tar.gz
CITUS_PATCH=pg15.20-have_createdb_privilege.patch

PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config

PGDATA_ROOT=${PGDATA_ROOT:-/tmp/tieuchi-postgres}
PG_PORT=${PG_PORT:-55432}
CITUS_PORT=${CITUS_PORT:-55433}
read -r -a WORKER_PORTS <<<"${CITUS_WORKER_PORTS:-55434 55435}"
CITUS_SHARD_COUNT=${CITUS_SHARD_COUNT:-8}
DB_NAME=tieuchi
TEMPLATE_DIR=${PGDATA_TEMPLATE:-/tmp/tieuchi-postgres-template}
MARKER=.tieuchi-postgres # only a folder holding this file is ever removed by `stop`

log() { printf '%s\n' "postgres.sh: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# ---------------------------------------------------------------------------------------------- install

APT_UPDATED=0
apt_install() {
  # $@: package specs (name or name=version); runs apt-get update once per invocation of the script
  [[ $EUID -eq 0 ]] || die "installing packages needs root: apt-get install $*"
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --allow-downgrades \
    -o Dpkg::Options::=--force-confold "$@" >/dev/null
}

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_packages() {
  # The server first: its version decides the headers' version.
  if ! pkg_installed "postgresql-$PG_MAJOR" || ! pkg_installed postgresql; then
    apt_install postgresql "postgresql-$PG_MAJOR"
  fi
  local server_version
  server_version=$(pkg_version "postgresql-$PG_MAJOR")
  # The headers must be those of the installed server, not apt's newest: a citus.so built against
  # 15.20's headers (with the patch) calls have_createdb_privilege(), which a 15.18 server does not
  # export, and fails to load ("undefined symbol").
  local want=()
  if [[ $(pkg_version "postgresql-server-dev-$PG_MAJOR") != "$server_version" ]]; then
    want+=("postgresql-server-dev-$PG_MAJOR=$server_version")
  fi
  local p
  for p in build-essential liblz4-dev libzstd-dev libkrb5-dev libssl-dev libselinux1-dev libxslt1-dev \
    libpam0g-dev libreadline-dev; do
    pkg_installed "$p" || want+=("$p")
  done
  if [[ ${#want[@]} -gt 0 ]]; then
    apt_install "${want[@]}"
  fi
}

# "<citus version> for PostgreSQL <server package version>", written next to citus.so after a build.
build_stamp() { echo "citus $CITUS_VERSION for postgresql-$PG_MAJOR $(pkg_version "postgresql-$PG_MAJOR")"; }

install_citus() {
  local pkglibdir stamp_file
  pkglibdir=$("$PG_CONFIG" --pkglibdir)
  stamp_file=$pkglibdir/citus.tieuchi-build
  if [[ -f $pkglibdir/citus.so && -f $stamp_file && $(cat "$stamp_file") == "$(build_stamp)" ]]; then
    log "$(build_stamp): already installed"
    return
  fi
  if [[ -f $pkglibdir/citus.so && ! -f $stamp_file ]] && pkg_installed "postgresql-$PG_MAJOR-citus-13.2"; then
    log "Citus installed from its package (postgresql-$PG_MAJOR-citus-13.2): not building"
    return
  fi
  [[ -f $CITUS_VENDOR/$CITUS_TARBALL ]] || die "no $CITUS_TARBALL in $CITUS_VENDOR"
  [[ $EUID -eq 0 ]] || die "installing Citus into $pkglibdir needs root"

  local build_dir
  build_dir=$(mktemp -d "${TMPDIR:-/tmp}/citus-build.XXXXXX")
  # shellcheck disable=SC2064 # expand now: build_dir is local
  trap "rm -rf '$build_dir'" EXIT
  log "building Citus $CITUS_VERSION in $build_dir (log: $build_dir/build.log)"
  tar -xzf "$CITUS_VENDOR/$CITUS_TARBALL" -C "$build_dir"
  local src=$build_dir/citus-$CITUS_VERSION

  # PostgreSQL 15.20 exports have_createdb_privilege(); Citus 13.2.2 defines its own static copy for
  # PG 15, which no longer compiles against those headers. Patch only when the headers declare it.
  local dbcommands_h
  dbcommands_h=$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h
  if grep -q 'have_createdb_privilege' "$dbcommands_h"; then
    if (cd "$src" && patch -p1 --dry-run -s <"$CITUS_VENDOR/$CITUS_PATCH" >/dev/null); then
      log "$dbcommands_h declares have_createdb_privilege: applying $CITUS_PATCH"
      (cd "$src" && patch -p1 -s <"$CITUS_VENDOR/$CITUS_PATCH")
    else
      die "$dbcommands_h declares have_createdb_privilege but $CITUS_PATCH does not apply"
    fi
  else
    log "$dbcommands_h does not declare have_createdb_privilege: no patch needed"
  fi

  # with_llvm=no: Debian's PGXS would also compile every file to LLVM bitcode with clang (for JIT
  # inlining, useless here), which doubles the build.
  if ! (
    cd "$src" &&
      PG_CONFIG=$PG_CONFIG ./configure --without-libcurl &&
      make -j2 with_llvm=no &&
      make install with_llvm=no
  ) >"$build_dir/build.log" 2>&1; then
    tail -n 40 "$build_dir/build.log" >&2
    die "Citus build failed (last lines above)"
  fi
  build_stamp >"$stamp_file"
  rm -rf "$build_dir"
  trap - EXIT
  log "installed $(build_stamp) into $pkglibdir"
}

cmd_install() {
  install_packages
  install_citus
}

# ------------------------------------------------------------------------------------------ start/stop

as_postgres() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# name:port of each instance
nodes() {
  echo "plain:$PG_PORT"
  echo "coordinator:$CITUS_PORT"
  local i=1 p
  for p in "${WORKER_PORTS[@]}"; do
    echo "worker$i:$p"
    i=$((i + 1))
  done
}

# Waits for every pid given; fails if any failed.
wait_all() {
  local pid rc=0
  for pid in "$@"; do wait "$pid" || rc=1; done
  return $rc
}

psql_at() {
  # $1 port, $2 database, rest: psql arguments
  local port=$1 db=$2
  shift 2
  as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h localhost -p "$port" -U postgres -d "$db" "$@"
}

cmd_stop() {
  [[ -d $PGDATA_ROOT ]] || return 0
  [[ -f $PGDATA_ROOT/$MARKER ]] || die "$PGDATA_ROOT exists but was not made by this script: not touching it"
  local node name
  local pids=()
  for node in $(nodes); do
    name=${node%%:*}
    if [[ -f $PGDATA_ROOT/$name/postmaster.pid ]]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_ROOT/$name" -m immediate -w -t 30 stop >/dev/null 2>&1 &
      pids+=($!)
    fi
  done
  [[ ${#pids[@]} -eq 0 ]] || wait_all "${pids[@]}" || true
  # A server that survived a fast stop (should not happen) must not keep the folder alive.
  for node in $(nodes); do
    name=${node%%:*}
    if [[ -f $PGDATA_ROOT/$name/postmaster.pid ]]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_ROOT/$name" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$PGDATA_ROOT"
  log "stopped and removed $PGDATA_ROOT"
}

node_conf() {
  # $1 port, $2 max_connections, $3 extra lines
  cat <<EOF

# --- tieuchi scripts/postgres.sh (throwaway test server) ---
port = $1
listen_addresses = 'localhost'
unix_socket_directories = '.'
max_connections = $2
shared_buffers = 32MB
work_mem = 4MB
maintenance_work_mem = 32MB
max_wal_size = 512MB
fsync = on
synchronous_commit = on
timezone = 'UTC'
log_timezone = 'UTC'
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
$3
EOF
}

# A stopped, initdb'd data folder with the database already created, kept between runs (initdb alone
# took ~8 s on this loaded 2-core machine), copied to the four nodes in parallel; 1 MB WAL segments
# keep it small (~30 MB instead of ~46 MB: the copies are most of a start on a busy disk). Rebuilt when
# the PostgreSQL package version or this recipe changes. Built aside and renamed, so an interrupted
# build leaves no half template.
ensure_template() {
  local key="postgresql-$PG_MAJOR $(pkg_version "postgresql-$PG_MAJOR") / template v2 / $DB_NAME"
  if [[ -f $TEMPLATE_DIR/key && $(cat "$TEMPLATE_DIR/key") == "$key" ]]; then
    return
  fi
  local tmp
  tmp=$(mktemp -d "$TEMPLATE_DIR.XXXXXX")
  chmod 755 "$tmp"
  [[ $EUID -ne 0 ]] || chown postgres: "$tmp"
  as_postgres "$PG_BIN/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
    --wal-segsize=1 >"$tmp/initdb.log" 2>&1 || {
    cat "$tmp/initdb.log" >&2
    rm -rf "$tmp"
    die "initdb failed"
  }
  # Socket only, no TCP port: nothing else can collide with it.
  as_postgres "$PG_BIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$tmp' -c fsync=off" start >/dev/null
  as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp" -U postgres -d postgres \
    -c "CREATE DATABASE $DB_NAME" || {
    as_postgres "$PG_BIN/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
    die "CREATE DATABASE $DB_NAME failed in the template"
  }
  as_postgres "$PG_BIN/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null
  sync -f "$tmp/data" 2>/dev/null || true
  echo "$key" >"$tmp/key"
  rm -rf "$TEMPLATE_DIR"
  mv "$tmp" "$TEMPLATE_DIR"
  log "made the data folder template $TEMPLATE_DIR ($key)"
}

cmd_start() {
  [[ -x $PG_BIN/initdb ]] || die "PostgreSQL $PG_MAJOR is not installed: run scripts/postgres.sh install"
  local pkglibdir
  pkglibdir=$("$PG_CONFIG" --pkglibdir 2>/dev/null || echo "/usr/lib/postgresql/$PG_MAJOR/lib")
  [[ -f $pkglibdir/citus.so ]] || die "Citus is not installed: run scripts/postgres.sh install"
  cmd_stop

  local node name port
  for node in $(nodes); do
    port=${node#*:}
    if "$PG_BIN/pg_isready" -q -h localhost -p "$port" -t 1; then
      die "something already answers on port $port (another checkout's servers?)"
    fi
  done

  ensure_template
  mkdir -p "$PGDATA_ROOT"
  touch "$PGDATA_ROOT/$MARKER"
  chmod 755 "$PGDATA_ROOT"
  [[ $EUID -ne 0 ]] || chown postgres: "$PGDATA_ROOT"

  local pids=()
  for node in $(nodes); do
    name=${node%%:*}
    as_postgres cp -a "$TEMPLATE_DIR/data" "$PGDATA_ROOT/$name" &
    pids+=($!)
  done
  wait_all "${pids[@]}" || die "copying the template failed"
  pids=()
  for node in $(nodes); do
    name=${node%%:*}
    port=${node#*:}
    case $name in
      plain) node_conf "$port" 120 "" ;;
      coordinator) node_conf "$port" 120 "shared_preload_libraries = 'citus'
citus.shard_count = $CITUS_SHARD_COUNT" ;;
      *) node_conf "$port" 250 "shared_preload_libraries = 'citus'" ;;
    esac | as_postgres tee -a "$PGDATA_ROOT/$name/postgresql.conf" >/dev/null
  done

  for node in $(nodes); do
    name=${node%%:*}
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_ROOT/$name" -l "$PGDATA_ROOT/$name.log" -w -t 60 start \
      >/dev/null &
    pids+=($!)
  done
  if ! wait_all "${pids[@]}"; then
    tail -n 20 "$PGDATA_ROOT"/*.log >&2 || true
    die "a server did not start (logs above)"
  fi
  pids=()

  # The extension on every node (the database comes from the template), workers before the
  # coordinator adds them.
  for node in $(nodes); do
    name=${node%%:*}
    port=${node#*:}
    [[ $name == plain ]] && continue
    psql_at "$port" "$DB_NAME" -c "CREATE EXTENSION citus" &
    pids+=($!)
  done
  wait_all "${pids[@]}" || die "CREATE EXTENSION citus failed"
  {
    echo "SELECT citus_set_coordinator_host('localhost', $CITUS_PORT);"
    for port in "${WORKER_PORTS[@]}"; do
      echo "SELECT citus_add_node('localhost', $port);"
    done
  } | psql_at "$CITUS_PORT" "$DB_NAME" -o /dev/null
  local workers
  workers=$(psql_at "$CITUS_PORT" "$DB_NAME" -At -c "SELECT count(*) FROM citus_get_active_worker_nodes()")
  [[ $workers -eq ${#WORKER_PORTS[@]} ]] || die "the coordinator sees $workers workers, not ${#WORKER_PORTS[@]}"

  log "PostgreSQL $PG_MAJOR on $PG_PORT; Citus coordinator on $CITUS_PORT, workers on ${WORKER_PORTS[*]} ($PGDATA_ROOT)"
  echo "DATABASE_URL=postgres://postgres@localhost:$PG_PORT/$DB_NAME"
  echo "CITUS_URL=postgres://postgres@localhost:$CITUS_PORT/$DB_NAME"
}

cmd_status() {
  local node name port rc=0
  for node in $(nodes); do
    name=${node%%:*}
    port=${node#*:}
    if "$PG_BIN/pg_isready" -q -h localhost -p "$port" -t 1; then
      echo "$name: up on $port"
    else
      echo "$name: down ($port)"
      rc=1
    fi
  done
  return $rc
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
