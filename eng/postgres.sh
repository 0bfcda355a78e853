#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the storage tests: no Docker, only Debian's postgresql package.
#   eng/postgres.sh start DIR [PORT]   initdb (if DIR holds no cluster) and start on 127.0.0.1:PORT (0 or none:
#                                      a free port); the last line printed is the Npgsql connection string.
#   eng/postgres.sh stop DIR           stop the cluster (fast shutdown); DIR is left for the caller to delete.
# Trust authentication on loopback only: this cluster is for tests, never for data.
set -euo pipefail

usage() { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
log() { printf '==> %s\n' "$*" >&2; }

[ $# -ge 2 ] || usage
command_name=$1
dir=$2
port=${3:-0}

find_bin() {
    local bin
    for bin in /usr/lib/postgresql/*/bin; do
        [ -x "$bin/pg_ctl" ] && { printf '%s' "$bin"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

install_postgres() {
    log "installing postgresql"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# initdb refuses to run as root, so root runs the server tools as the package's postgres user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    local candidate
    for _ in $(seq 1 200); do
        candidate=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            printf '%s' "$candidate"; return 0
        fi
    done
    echo "no free loopback port found" >&2; return 1
}

case "$command_name" in
start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then install_postgres; bin=$(find_bin); fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner test -w "$dir" || { echo "the postgres user cannot reach $dir (a parent directory is private?)" >&2; exit 1; }
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    [ "$port" != 0 ] || port=$(free_port)
    # The socket lives in DIR: /var/run/postgresql may not exist or belong to another cluster.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
stop)
    bin=$(find_bin)
    [ -f "$dir/data/postmaster.pid" ] || exit 0
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    ;;
*) usage ;;
esac
