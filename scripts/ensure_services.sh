#!/usr/bin/env bash
# Make sure the PostgreSQL and Redis servers the test suite uses answer,
# starting local ones when they do not. Used by `make test`.
#
# PostgreSQL: PGHOST / PGPORT (default 127.0.0.1:5432, user postgres), or the
#   host/port of DATABASE_URL when PGHOST/PGPORT are not set. Skipped when
#   DATABASE_URL is set to something that is not PostgreSQL (e.g. sqlite://).
# Redis: REDIS_HOST / REDIS_PORT (default 127.0.0.1:6379), or the host/port
#   of CELERY_TEST_BROKER_URL when those are not set.
# A server is only ever started when the target host is this machine.
# JPT_PG_DIR: data directory for a throw-away cluster, used only when
#   PostgreSQL is installed but has no Debian cluster (default /tmp/jpt-pg).
set -euo pipefail

WAIT_SECONDS=20

say() { echo "ensure_services: $*"; }
die() {
    echo "ensure_services: $*" >&2
    exit 1
}

is_local_host() {
    case "$1" in
        127.0.0.1 | localhost | ::1 | "[::1]" | "") return 0 ;;
        *) return 1 ;;
    esac
}

# Split "scheme://[user[:pass]@]host[:port][/...]" into URL_HOST / URL_PORT.
parse_url_host_port() {
    local rest="${1#*://}"
    rest="${rest%%[/?#]*}"
    rest="${rest##*@}"
    URL_HOST="" URL_PORT=""
    if [[ "$rest" =~ ^\[([^]]*)\](:([0-9]+))?$ ]]; then # [ipv6]:port
        URL_HOST="${BASH_REMATCH[1]}" URL_PORT="${BASH_REMATCH[3]}"
    elif [[ "$rest" =~ ^([^:]*)(:([0-9]+))?$ ]]; then
        URL_HOST="${BASH_REMATCH[1]}" URL_PORT="${BASH_REMATCH[3]}"
    fi
    # A percent-encoded socket path (host=%2Fvar%2Frun...) is not a TCP host.
    case "$URL_HOST" in %2[Ff]* | /*) URL_HOST="" ;; esac
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}

# Run a command as the postgres system user (root: runuser; otherwise sudo -n).
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    elif [ "$(id -un)" = postgres ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n -u postgres -- "$@"
    else
        return 1
    fi
}

# --------------------------------------------------------------- PostgreSQL

pg_answers() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
    elif command -v psql >/dev/null 2>&1; then
        PGCONNECT_TIMEOUT=2 psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres \
            -X -q -t -c 'select 1' >/dev/null 2>&1
    else # last resort: is something listening on the port?
        timeout 2 bash -c "exec 3<>/dev/tcp/$PG_HOST/$PG_PORT" 2>/dev/null
    fi
}

pg_wait() {
    local i
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        pg_answers && return 0
        sleep 1
    done
    pg_answers
}

# Port configured for a Debian cluster (postgresql.conf), 5432 when unset.
debian_cluster_port() {
    local conf="/etc/postgresql/$1/main/postgresql.conf" port
    port=$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]\+\).*/\1/p' "$conf" 2>/dev/null | tail -n 1)
    echo "${port:-5432}"
}

start_debian_cluster() {
    local versions=() v chosen=""
    for v in /etc/postgresql/*/main; do
        [ -d "$v" ] && versions+=("$(basename "$(dirname "$v")")")
    done
    [ ${#versions[@]} -gt 0 ] || return 1
    # The (newest) cluster configured for the wanted port.
    for v in $(printf '%s\n' "${versions[@]}" | sort -V); do
        [ "$(debian_cluster_port "$v")" = "$PG_PORT" ] && chosen="$v"
    done
    if [ -z "$chosen" ]; then
        say "no Debian cluster is configured for port $PG_PORT (found: ${versions[*]})"
        return 1
    fi
    say "PostgreSQL does not answer on $PG_HOST:$PG_PORT; starting Debian cluster $chosen/main"
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        die "pg_ctlcluster not found (install postgresql-common), or start PostgreSQL yourself"
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$chosen" main start ||
        die "could not start PostgreSQL $chosen/main (need root or password-less sudo): run 'sudo pg_ctlcluster $chosen main start'"
}

start_private_cluster() {
    local bindir dir="${JPT_PG_DIR:-/tmp/jpt-pg}"
    # shellcheck disable=SC2012 # plain version-numbered directories
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] || return 1
    say "PostgreSQL does not answer on $PG_HOST:$PG_PORT and no Debian cluster serves that port; using a private cluster in $dir ($bindir)"

    cd / # the postgres user may not be able to read the current directory
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd postgres >/dev/null || die "the 'postgres' system user does not exist; cannot run initdb as root"
        run=(runuser -u postgres --)
        { mkdir -p "$dir" && chown postgres: "$dir"; } || die "cannot create $dir"
    else
        mkdir -p "$dir" || die "cannot create $dir" # initdb/pg_ctl run as the current user
    fi
    chmod 700 "$dir" || die "cannot chmod $dir"

    if [ ! -f "$dir/PG_VERSION" ]; then
        "${run[@]}" "$bindir/initdb" -D "$dir" -A trust -U postgres -E UTF8 >"$dir.initdb.log" 2>&1 ||
            {
                cat "$dir.initdb.log" >&2
                die "initdb failed"
            }
    fi
    "${run[@]}" "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t "$WAIT_SECONDS" \
        -o "-h 127.0.0.1 -p $PG_PORT -k /tmp" start ||
        {
            tail -n 20 "$dir/server.log" >&2 || true
            die "could not start the private PostgreSQL cluster in $dir"
        }
}

# Create the database named in DATABASE_URL when missing (local server only).
ensure_database() {
    local db="${DATABASE_URL:-}"
    [ -n "$db" ] || return 0
    db="${db#*://}"
    db="${db#*/}"
    db="${db%%[?#]*}"
    [[ "$db" =~ ^[A-Za-z0-9_]+$ ]] || return 0
    command -v psql >/dev/null 2>&1 || return 0
    local exists
    exists=$(PGCONNECT_TIMEOUT=5 psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -X -q -t -A \
        -c "select 1 from pg_database where datname = '$db'" 2>/dev/null) || return 0
    if [ "$exists" != 1 ]; then
        if PGCONNECT_TIMEOUT=5 psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -X -q \
            -c "create database \"$db\"" >/dev/null 2>&1; then
            say "created database $db"
        else
            say "warning: could not create database $db" >&2
        fi
    fi
}

ensure_postgres() {
    case "${DATABASE_URL:-}" in
        "" | postgres://* | postgresql://* | pgsql://* | psql://* | postgis://*) ;;
        *)
            say "DATABASE_URL is not a PostgreSQL URL; skipping PostgreSQL"
            return 0
            ;;
    esac
    URL_HOST="" URL_PORT=""
    [ -n "${DATABASE_URL:-}" ] && parse_url_host_port "$DATABASE_URL"
    PG_HOST="${PGHOST:-${URL_HOST:-127.0.0.1}}"
    PG_PORT="${PGPORT:-${URL_PORT:-5432}}"
    case "$PG_HOST" in /*) PG_HOST=127.0.0.1 ;; esac # PGHOST as a socket dir

    if ! pg_answers; then
        is_local_host "$PG_HOST" ||
            die "PostgreSQL does not answer on $PG_HOST:$PG_PORT (not this machine, so not starting one)"
        if [ -d /etc/postgresql ] && [ -n "$(ls -A /etc/postgresql 2>/dev/null)" ] && start_debian_cluster; then
            :
        elif start_private_cluster; then
            :
        else
            die "PostgreSQL is not installed: apt-get install postgresql, or set DATABASE_URL to a running server"
        fi
        pg_wait || die "PostgreSQL still does not answer on $PG_HOST:$PG_PORT after ${WAIT_SECONDS}s"
    fi
    ensure_database
    echo "PostgreSQL answers on $PG_HOST:$PG_PORT"
}

# -------------------------------------------------------------------- Redis

redis_answers() {
    local reply=""
    if command -v redis-cli >/dev/null 2>&1; then
        reply=$(timeout 3 redis-cli -h "$REDIS_HOST_" -p "$REDIS_PORT_" ping 2>/dev/null) || true
    else
        # shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash
        reply=$(timeout 3 bash -c '
            exec 3<>"/dev/tcp/$1/$2" || exit 1
            printf "PING\r\n" >&3
            IFS= read -r line <&3 && printf "%s" "$line"' _ "$REDIS_HOST_" "$REDIS_PORT_" 2>/dev/null) || true
    fi
    [[ "$reply" == *PONG* ]]
}

ensure_redis() {
    URL_HOST="" URL_PORT=""
    case "${CELERY_TEST_BROKER_URL:-}" in
        redis://* | rediss://*) parse_url_host_port "$CELERY_TEST_BROKER_URL" ;;
    esac
    REDIS_HOST_="${REDIS_HOST:-${URL_HOST:-127.0.0.1}}"
    REDIS_PORT_="${REDIS_PORT:-${URL_PORT:-6379}}"

    if ! redis_answers; then
        is_local_host "$REDIS_HOST_" ||
            die "Redis does not answer on $REDIS_HOST_:$REDIS_PORT_ (not this machine, so not starting one)"
        command -v redis-server >/dev/null 2>&1 ||
            die "Redis is not installed: apt-get install redis-server, or start one on port $REDIS_PORT_ (REDIS_PORT)"
        say "Redis does not answer on $REDIS_HOST_:$REDIS_PORT_; starting redis-server"
        local tmp="${TMPDIR:-/tmp}"
        redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT_" --save "" --appendonly no \
            --dir "$tmp" --logfile "$tmp/jpt-redis-$REDIS_PORT_.log" ||
            die "redis-server failed to start (see $tmp/jpt-redis-$REDIS_PORT_.log)"
        local i
        for ((i = 0; i < WAIT_SECONDS; i++)); do
            redis_answers && break
            sleep 1
        done
        redis_answers || die "Redis still does not answer on $REDIS_HOST_:$REDIS_PORT_ after ${WAIT_SECONDS}s (see $tmp/jpt-redis-$REDIS_PORT_.log)"
    fi
    echo "Redis answers on $REDIS_HOST_:$REDIS_PORT_"
}

ensure_postgres
ensure_redis
