#!/usr/bin/env bash
# Run OpenLink Virtuoso 7 (open-source edition, Debian's virtuoso-opensource) beside graf, from nothing.
#
#   bench/engines/virtuoso.sh start DIR        # install if missing (apt, as root), write DIR/virtuoso.ini with
#                                              # free ports, start virtuoso-t, wait for /sparql, print DIR/env
#   bench/engines/virtuoso.sh load DIR FILE... # bulk-load files with Virtuoso's own loader (isql ld_dir +
#                                              # rdf_loader_run); .trig/.nq keep their graphs, others need GRAPH=IRI
#   bench/engines/virtuoso.sh env DIR          # the endpoints and credentials (shell variables)
#   bench/engines/virtuoso.sh stop DIR         # checkpoint and shut down (the data stay in DIR; start DIR again
#                                              # serves them, on new free ports)
#
# The server is a plain foreground process started by this script (no system service): it listens on
# 127.0.0.1 only, on two free ports (SQL/isql and HTTP), keeps its database in DIR, and the dba password is
# random (DIR/env). What graf needs from it (docs/remote-stores.md):
#   graf info --sparql-endpoint "$VIRTUOSO_SPARQL"
#   GRAF_UPDATE_AUTH="dba:$VIRTUOSO_PASSWORD" graf load --sparql-endpoint "$VIRTUOSO_SPARQL" \
#       --update-endpoint "$VIRTUOSO_UPDATE" data.trig
# Settings (environment): VIRTUOSO_BUFFERS (8 kB pages of cache, default 100000 = 800 MB at most, used as
# needed), VIRTUOSO_RESULT_ROWS (ResultSetMaxRows, default 10000000), VIRTUOSO_START_S (seconds to wait for
# the endpoint, default 120).
set -euo pipefail

die() { echo "virtuoso.sh: $*" >&2; exit 2; }

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

ensure_installed() {
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "virtuoso.sh: installing virtuoso-opensource with apt-get" >&2
        # (RUNLEVEL=1: the package's own system service is not started)
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -q virtuoso-opensource >&2
    fi
    command -v virtuoso-t >/dev/null || die "virtuoso-t is not installed: apt-get install virtuoso-opensource (as root)"
}

read_env() {
    [ -f "$1/env" ] || die "$1 holds no Virtuoso started by this script (no $1/env); run: $0 start $1"
    # shellcheck disable=SC1091
    . "$1/env"
}

sql() {  # sql ADDRESS PASSWORD STATEMENTS: run SQL as dba; fail (with its message) on an SQL error
    local out
    out=$(isql-vt "$1" dba "$2" "exec=$3" </dev/null 2>&1) || { echo "$out" >&2; return 1; }
    if grep -q '^\*\*\* Error' <<<"$out"; then echo "$out" | grep -A2 '^\*\*\* Error' >&2; return 1; fi
    echo "$out"
}

isql() {  # isql DIR STATEMENTS: run SQL as dba on the server started in DIR
    read_env "$1"
    sql "$VIRTUOSO_ISQL" "$VIRTUOSO_PASSWORD" "$2"
}

running() { [ -f "$1/virtuoso.pid" ] && kill -0 "$(cat "$1/virtuoso.pid")" 2>/dev/null; }

wait_sparql() {  # until /sparql answers ASK {} or the server died
    python3 - "$1" "$2" "$3" <<'EOF'
import sys, time, urllib.parse, urllib.request
url, pid, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + seconds
body = urllib.parse.urlencode({"query": "ASK {}"}).encode()
while True:
    try:
        request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=2) as answer:
            if answer.status == 200:
                sys.exit(0)
    except OSError:
        pass
    try:
        import os
        os.kill(pid, 0)
    except OSError:
        sys.exit("the server exited while starting")
    if time.monotonic() > deadline:
        sys.exit(f"no answer from {url} within {seconds:g} s")
    time.sleep(0.2)
EOF
}

start() {
    local dir=$1
    ensure_installed
    mkdir -p "$dir/db" "$dir/load" "$dir/www"
    dir=$(cd "$dir" && pwd)
    running "$dir" && die "a Virtuoso already runs on $dir (pid $(cat "$dir/virtuoso.pid")); stop it first"
    local sql_port http_port password
    sql_port=$(free_port)
    http_port=$(free_port)
    while [ "$http_port" = "$sql_port" ]; do http_port=$(free_port); done
    cat >"$dir/virtuoso.ini" <<EOF
; written by graf's bench/engines/virtuoso.sh; see docs/remote-stores.md
[Database]
DatabaseFile       = $dir/db/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/db/virtuoso.lck
TransactionFile    = $dir/db/virtuoso.trx
xa_persistent_file = $dir/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/db/virtuoso-temp.db
TransactionFile    = $dir/db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:$sql_port
DisableUnixSocket    = 1
MaxClientConnections = 20
CheckpointInterval   = 60
NumberOfBuffers      = ${VIRTUOSO_BUFFERS:-100000}
MaxDirtyBuffers      = $(( ${VIRTUOSO_BUFFERS:-100000} * 3 / 4 ))
ThreadsPerQuery      = 2
DirsAllowed          = ., $dir/load
CaseMode             = 2

[HTTPServer]
ServerPort           = 127.0.0.1:$http_port
ServerRoot           = $dir/www
ServerThreads        = 10
MaxClientConnections = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[URIQA]
DefaultHost = 127.0.0.1:$http_port

[SPARQL]
ResultSetMaxRows           = ${VIRTUOSO_RESULT_ROWS:-10000000}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
EOF
    # in the background with every standard stream redirected: callers reading this script's output get EOF
    (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini") >"$dir/virtuoso.out" 2>&1 </dev/null &
    echo $! >"$dir/virtuoso.pid"
    if ! wait_sparql "http://127.0.0.1:$http_port/sparql" "$(cat "$dir/virtuoso.pid")" "${VIRTUOSO_START_S:-120}"; then
        tail -5 "$dir/virtuoso.out" >&2 || true
        die "Virtuoso did not start on $dir (log: $dir/virtuoso.log)"
    fi
    if [ -f "$dir/env" ]; then  # started before: the database keeps its data and its password
        password=$(sed -n 's/^VIRTUOSO_PASSWORD=//p' "$dir/env")
    else
        password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
        sql "127.0.0.1:$sql_port" dba "user_set_password ('dba', '$password');" >/dev/null \
            || die "could not set the dba password of the new database in $dir"
    fi
    umask 077
    cat >"$dir/env" <<EOF
VIRTUOSO_SPARQL=http://127.0.0.1:$http_port/sparql
VIRTUOSO_UPDATE=http://127.0.0.1:$http_port/sparql-auth
VIRTUOSO_ISQL=127.0.0.1:$sql_port
VIRTUOSO_USER=dba
VIRTUOSO_PASSWORD=$password
VIRTUOSO_PID=$(cat "$dir/virtuoso.pid")
EOF
    cat "$dir/env"
}

stop() {
    local dir=$1
    running "$dir" || { echo "virtuoso.sh: no Virtuoso runs on $dir" >&2; return 0; }
    local pid
    pid=$(cat "$dir/virtuoso.pid")
    isql "$dir" "shutdown;" >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { rm -f "$dir/virtuoso.pid"; return 0; }; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/virtuoso.pid"
}

load() {
    local dir=$1; shift
    [ $# -gt 0 ] || die "load: give the files to load"
    running "$dir" || die "no Virtuoso runs on $dir; run: $0 start $dir"
    read_env "$dir"
    local graph=${GRAPH:-} sql="" name file
    for file in "$@"; do
        [ -f "$file" ] || die "load: no such file: $file"
        case "$file" in
            *.trig|*.nq) ;;
            *) [ -n "$graph" ] || die "load: $file holds triples; Virtuoso keeps every statement in a named graph: set GRAPH=IRI" ;;
        esac
        name=$(basename "$file")
        ln -f "$file" "$dir/load/$name" 2>/dev/null || cp "$file" "$dir/load/$name"
        sql+="ld_dir ('$dir/load', '$name', '${graph:-urn:graf:unused}'); "
    done
    local started=$SECONDS
    isql "$dir" "DELETE FROM DB.DBA.load_list; $sql rdf_loader_run (); checkpoint;" >/dev/null
    local errors
    errors=$(isql "$dir" "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;" | grep -c "$dir/load" || true)
    rm -f "$dir/load/"*
    [ "$errors" = 0 ] || die "load: Virtuoso's loader reported errors (SELECT * FROM DB.DBA.load_list in isql)"
    echo "loaded $# file(s) in $((SECONDS - started)) s"
}

[ $# -ge 2 ] || usage
command=$1 dir=$2
shift 2
case "$command" in
    start) start "$dir" ;;
    stop) stop "$dir" ;;
    load) load "$dir" "$@" ;;
    env) read_env "$dir"; cat "$dir/env" ;;
    *) usage ;;
esac
