#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benchmarks and the station's e2e script.
#
#   scripts/pg-test-server.sh start [DIR]   initdb in DIR (default: a new /tmp/jwpg.XXXXXX), start it
#                                           listening on a Unix socket in DIR only (no TCP), and print
#                                           the settings as shell assignments:
#                                             JINGWU_TEST_PG=postgresql:///postgres?host=DIR&user=jingwu
#                                             JINGWU_TEST_PG_DIR=DIR
#                                             JINGWU_TEST_PG_PWROLE=jingwu_login
#                                             JINGWU_TEST_PG_PWFILE=DIR/pgpass
#                                           (eval "$(scripts/pg-test-server.sh start)" exports nothing by
#                                           itself: use `set -a` or export them)
#   scripts/pg-test-server.sh stop DIR      stop that cluster and remove DIR
#
# PostgreSQL refuses to run as root: as root the cluster belongs to `nobody` (runuser). The
# superuser is `jingwu`, trusted on the socket only (nothing else can reach it). A second role,
# `jingwu_login`, must log in with a password (scram-sha-256, its pg_hba line ahead of the trust
# lines): a password made at random at each start, written only to DIR/pgpass (mode 0600, libpq's
# passfile format: `passfile=` in a URL or PGPASSFILE), never printed. It owns nothing; a test gives
# it a database. fsync is off: a test cluster is thrown away, and durability is not what the tests measure.
# Needs Debian's postgresql (initdb, pg_ctl on PATH or under /usr/lib/postgresql/*/bin).
set -euo pipefail

find_bin() {
    local name="$1" candidate
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
    for candidate in /usr/lib/postgresql/*/bin/"$name"; do
        [ -x "$candidate" ] && { echo "$candidate"; return; }
    done
    echo "pg-test-server: $name not found (apt-get install postgresql)" >&2
    exit 69
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

cmd="${1:-}"
case "$cmd" in
start)
    INITDB="$(find_bin initdb)"
    PG_CTL="$(dirname "$INITDB")/pg_ctl"
    [ -x "$PG_CTL" ] || PG_CTL="$(find_bin pg_ctl)"
    DIR="${2:-$(mktemp -d /tmp/jwpg.XXXXXX)}"
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    [ "$(id -u)" = 0 ] && chown nobody:nogroup "$DIR"
    as_owner "$INITDB" -D "$DIR/data" -U jingwu --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
        || as_owner "$INITDB" -D "$DIR/data" -U jingwu --auth=trust --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
        || { echo "pg-test-server: initdb failed:" >&2; cat "$DIR/initdb.log" >&2; exit 73; }
    # The password role's line first (pg_hba.conf is read top down); written in place, so the file
    # keeps its owner (the cluster's, nobody under root).
    HBA="$DIR/data/pg_hba.conf"
    { echo "local all jingwu_login scram-sha-256"; cat "$HBA"; } >"$DIR/pg_hba.new"
    cat "$DIR/pg_hba.new" >"$HBA"
    rm -f "$DIR/pg_hba.new"
    # Read and write for the owner only; root (the tests) reaches the socket regardless.
    if ! as_owner "$PG_CTL" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -c unix_socket_directories='$DIR' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=40" \
        >"$DIR/pg_ctl.log" 2>&1; then
        echo "pg-test-server: the server did not start:" >&2
        cat "$DIR/pg_ctl.log" "$DIR/server.log" >&2 || true
        exit 69
    fi
    PSQL="$(dirname "$INITDB")/psql"
    [ -x "$PSQL" ] || PSQL="$(find_bin psql)"
    PASSWORD="pw$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
    (umask 077; echo "*:*:*:jingwu_login:$PASSWORD" >"$DIR/pgpass")
    if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 "postgresql:///postgres?host=$DIR&user=jingwu" \
        -c "CREATE ROLE jingwu_login LOGIN PASSWORD '$PASSWORD'" >"$DIR/psql.log" 2>&1; then
        echo "pg-test-server: cannot create the password role:" >&2
        cat "$DIR/psql.log" >&2
        as_owner "$PG_CTL" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        exit 69
    fi
    echo "JINGWU_TEST_PG='postgresql:///postgres?host=$DIR&user=jingwu'"
    echo "JINGWU_TEST_PG_DIR='$DIR'"
    echo "JINGWU_TEST_PG_PWROLE='jingwu_login'"
    echo "JINGWU_TEST_PG_PWFILE='$DIR/pgpass'"
    ;;
stop)
    DIR="${2:?usage: pg-test-server.sh stop DIR}"
    [ -d "$DIR/data" ] || { echo "pg-test-server: no cluster in $DIR" >&2; exit 66; }
    PG_CTL="$(dirname "$(find_bin initdb)")/pg_ctl"
    as_owner "$PG_CTL" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
*)
    echo "usage: scripts/pg-test-server.sh start [DIR] | stop DIR" >&2
    exit 64
    ;;
esac
