#!/usr/bin/env bash
# End-to-end: an office's journal gathered into the station's PostgreSQL (issue 18).
#   demo office → station init (twice: a no-op) → sync killed with SIGKILL mid-way → resync
#   (nothing duplicated or lost: the station's lines equal the journal's, byte for byte) →
#   incremental sync → status → the journal rewritten with a recomputed chain (it still
#   verifies locally) → sync refused naming the first differing record, a conflict recorded
#   and shown → station verify (the station's copy is intact). Between them, the address: a sync
#   with only libpq's environment (PGHOST/PGUSER/PGDATABASE, no --db, no JINGWU_STATION_DB); an
#   office role that logs in with a password read from PGPASSFILE (the test server's jingwu_login,
#   scram-sha-256); a wrong password (77), a password in --db (64) and a malformed address holding
#   one (64): each one line, the password nowhere in the output.
# Uses $JINGWU_TEST_PG (as .ci/run exports it) in a database of its own, else starts a
# throwaway cluster with scripts/pg-test-server.sh. BIN: $JINGWU_BIN, else .build/debug/jingwu.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
e2e_station_setup station jw_e2e_station
q() { psql -At "$DB" -c "$1"; }

J="$WORK/office/journal.jsonl"
mkdir -p "$WORK/office" && chmod 700 "$WORK/office"
export JINGWU_JOURNAL="$J"
"$BIN" demo --days 120 --seed 7 --now 2026-11-23T09:30+08:00 >/dev/null
records=$(wc -l <"$J")
step "demo office journal: $records records"

out=$("$BIN" station init); echo "  $out"
[[ "$out" == 派出所数据库已建好：结构版本\ [0-9]* ]] || fail "init: $out"
out=$("$BIN" station init); echo "  $out"
[[ "$out" == 派出所数据库结构已是版本\ [0-9]*，未做改动* ]] || fail "second init: $out"

step "sync in batches of 300, killed with SIGKILL once some batches are in"
"$BIN" sync --batch 300 >"$WORK/sync1.out" 2>&1 &
pid=$!
for _ in $(seq 1 400); do
    head=$(q "SELECT coalesce(max(head_seq), -1) FROM jingwu.journals")
    [ "$head" -ge 3000 ] && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null || fail "the sync ended before it could be killed (head $head)"
wait "$pid" 2>/dev/null && fail "a killed sync exited 0" || true
head=$(q "SELECT head_seq FROM jingwu.journals")
held=$(q "SELECT count(*) FROM jingwu.records")
echo "  killed at head seq $head: $held records held, of $records"
[ "$held" -eq $((head + 1)) ] || fail "records held ($held) do not end at the head ($head)"
[ "$held" -lt "$records" ] || fail "the sync had finished before the kill"

step "resync"
out=$("$BIN" sync); echo "  $out"
[[ "$out" == *"新增 $((records - held)) 条记录"* ]] || fail "resync: $out"
psql -At "$DB" -c "SELECT convert_from(line, 'UTF8') FROM jingwu.records ORDER BY seq" >"$WORK/station.jsonl"
cmp "$WORK/station.jsonl" "$J" || fail "the station's lines differ from the journal's"
[ "$(q "SELECT count(*) - count(DISTINCT event_id) FROM jingwu.records")" = 0 ] || fail "duplicated events"
echo "  the station's $records lines equal the journal's, byte for byte"

step "an incremental sync after two more records"
for n in 1 2; do
    JINGWU_PIN=123456 "$BIN" --as 031245 --now 2026-11-23T09:3$n+08:00 incident add --cell C01-1 --kind theft \
        --summary "e2e 增量同步 $n" >/dev/null || fail "incident add"
done
after=$(wc -l <"$J")
out=$("$BIN" sync); echo "  $out"
[[ "$out" == *"新增 2 条记录"* ]] && [ "$(q "SELECT head_seq + 1 FROM jingwu.journals")" = "$after" ] \
    || fail "incremental sync: $out"

# refused STATUS SECRET WHAT CMD…: CMD exits STATUS with one line on stderr, nothing on stdout and
# SECRET nowhere in either.
refused() {
    local want="$1" secret="$2" what="$3" status
    shift 3
    set +e
    "$@" >"$WORK/refused.out" 2>"$WORK/refused.err"; status=$?
    set -e
    if grep -qF -- "$secret" "$WORK/refused.out" "$WORK/refused.err"; then fail "$what: the password is in the output"; fi
    echo "  $what: exit $status: $(cat "$WORK/refused.err")"
    [ "$status" = "$want" ] || fail "$what: exit $status, want $want"
    [ ! -s "$WORK/refused.out" ] || fail "$what: wrote to stdout: $(cat "$WORK/refused.out")"
    [ "$(wc -l <"$WORK/refused.err")" = 1 ] || fail "$what: not one line"
}
PG_SOCKET="$(sed -n 's/.*[?&]host=\([^&]*\).*/\1/p' <<<"$DB")"
PG_DBNAME=jw_e2e_station
[ -n "$PG_SOCKET" ] || fail "cannot read the socket folder from $DB"
add_record() {
    JINGWU_PIN=123456 "$BIN" --as 031245 --now "2026-11-23T09:4$1+08:00" incident add --cell C01-1 --kind theft \
        --summary "e2e 地址 $1" >/dev/null || fail "incident add"
}

step "a sync with libpq's environment only (no --db, no JINGWU_STATION_DB)"
add_record 1
out=$(env -u JINGWU_STATION_DB PGHOST="$PG_SOCKET" PGUSER=jingwu PGDATABASE="$PG_DBNAME" "$BIN" sync); echo "  $out"
[[ "$out" == *"新增 1 条记录"* ]] && [ "$(q "SELECT head_seq + 1 FROM jingwu.journals")" = "$(wc -l <"$J")" ] \
    || fail "sync through PGHOST/PGUSER/PGDATABASE: $out"

# The password role pg-test-server.sh makes: from its output (lib-e2e evals it), .ci/run's exports, or the cluster's folder.
PWROLE="${JINGWU_TEST_PG_PWROLE:-}"
PWFILE="${JINGWU_TEST_PG_PWFILE:-}"
if [ -z "$PWFILE" ] && [ -n "${JINGWU_TEST_PG_DIR:-}" ] && [ -e "$JINGWU_TEST_PG_DIR/pgpass" ]; then
    PWFILE="$JINGWU_TEST_PG_DIR/pgpass"; PWROLE="${PWROLE:-jingwu_login}"
fi
if [ -n "$PWFILE" ] && [ -n "$PWROLE" ]; then
    PASSWORD="$(cut -d: -f5- "$PWFILE")"
    [ -n "$PASSWORD" ] || fail "no password in $PWFILE"
    OFFICE="$(head -1 "$J" | sed -E 's/.*"office":"([^"]*)".*/\1/')"
    "$BIN" station grant --office "$OFFICE" --role "$PWROLE" >/dev/null
    step "a sync as $PWROLE, its password read from PGPASSFILE (scram-sha-256)"
    add_record 2
    out=$(env -u JINGWU_STATION_DB PGHOST="$PG_SOCKET" PGUSER="$PWROLE" PGDATABASE="$PG_DBNAME" PGPASSFILE="$PWFILE" \
        "$BIN" sync 2>&1); echo "  $out"
    [[ "$out" != *"$PASSWORD"* ]] || fail "the password is in the sync's output"
    [[ "$out" == *"新增 1 条记录"* ]] && [ "$(q "SELECT head_seq + 1 FROM jingwu.journals")" = "$(wc -l <"$J")" ] \
        || fail "sync as $PWROLE: $out"
    step "a wrong password (77), a password in --db (64), a malformed address holding one (64): one line, never echoed"
    # An empty passfile of the right mode (libpq itself warns on stderr about a missing or open one).
    (umask 077; : >"$WORK/empty.pgpass")
    refused 77 Wr0ngE2e "wrong password" env -u JINGWU_STATION_DB PGHOST="$PG_SOCKET" PGUSER="$PWROLE" \
        PGDATABASE="$PG_DBNAME" PGPASSWORD=Wr0ngE2e PGPASSFILE="$WORK/empty.pgpass" "$BIN" sync
    refused 77 "$PASSWORD" "no password" env -u JINGWU_STATION_DB PGHOST="$PG_SOCKET" PGUSER="$PWROLE" \
        PGDATABASE="$PG_DBNAME" PGPASSFILE="$WORK/empty.pgpass" "$BIN" sync --lang en
    "$BIN" station revoke --role "$PWROLE" >/dev/null
    [ "$(q "SELECT head_seq + 1 FROM jingwu.journals")" = "$(wc -l <"$J")" ] || fail "a refused login moved the head"
else
    [ -z "${CI:-}" ] || fail "CI is set and the test server has no password role (an older pg-test-server.sh?)"
    step "SKIPPED the password login: the test server has no password role (an older pg-test-server.sh?)"
    step "a password in --db (64), a malformed address holding one (64): one line, never echoed"
fi
for cmd in sync "station status" "station import $WORK/none.jwb" "station report patrols"; do
    # shellcheck disable=SC2086
    refused 64 Hunter2e2e "$cmd --db with a password" "$BIN" $cmd --db "postgresql://jingwu:Hunter2e2e@/$PG_DBNAME?host=$PG_SOCKET"
done
refused 64 Hunter2e2e "sync --db password=" "$BIN" sync --db "host=$PG_SOCKET dbname=$PG_DBNAME password=Hunter2e2e" --lang en
refused 64 kret "malformed address in JINGWU_STATION_DB" env JINGWU_STATION_DB="postgresql://clerk:se%zzkret@/$PG_DBNAME?host=$PG_SOCKET" \
    "$BIN" station status
refused 64 kret "malformed address, en" env JINGWU_STATION_DB="postgresql:///$PG_DBNAME?host=$PG_SOCKET&password=se%zzkret" \
    "$BIN" sync --lang en
after=$(wc -l <"$J")

step "station status"
"$BIN" station status | sed 's/^/  /'

step "rewrite record 200 with a recomputed chain (the journal still verifies on its own)"
python3 - "$J" <<'PY'
import hashlib, sys
path = sys.argv[1]
lines = open(path, 'rb').read().split(b'\n')[:-1]
# Move the event's time ("at") by ten minutes: a plausible, quiet edit of the past.
at = lines[200].index(b'"at":"') + 6 + 14
line = bytearray(lines[200])
line[at] = ord('1') if line[at] == ord('0') else ord('0')
lines[200] = bytes(line)
prev = bytes(32)
out = []
for i, line in enumerate(lines):
    body = line[:-75]
    h = hashlib.sha256(prev + body).hexdigest().encode()
    if i >= 200:
        line = body + b',"hash":"' + h + b'"}'
    assert line[-66:-2] == h, i
    prev = bytes.fromhex(h.decode())
    out.append(line)
open(path, 'wb').write(b'\n'.join(out) + b'\n')
PY
# A careful forger also removes the local checkpoints, which would witness the old hashes.
rm -f "$J".checkpoint*
"$BIN" verify >"$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out"; fail "the rewritten journal should verify locally"; }
sum_before=$(sha256sum "$J")
set +e
out=$("$BIN" sync 2>&1); status=$?
set -e
echo "  exit $status: $out"
[ "$status" = 65 ] || fail "a rewritten journal must be refused with 65, got $status"
[[ "$out" == *"第 200 号记录起不同"* ]] || fail "the message must name record 200: $out"
[ "$sum_before" = "$(sha256sum "$J")" ] || fail "the refused sync changed the journal"
[ "$(q "SELECT head_seq + 1 FROM jingwu.journals")" = "$after" ] || fail "the refused sync moved the station's head"
[ "$(q "SELECT first_differing_seq FROM jingwu.conflicts")" = 200 ] || fail "no conflict row for record 200"
"$BIN" station status | sed 's/^/  /'
"$BIN" station status | grep -q "第 200 号记录起与派出所所存不一致" || fail "status does not show the conflict"

step "station verify"
"$BIN" station verify | sed 's/^/  /'

# libpq is opened when the station is first used (dlopen of libpq.so.5): on a machine without it
# the office's own commands run and the station's say what is missing. Simulated in a mount
# namespace of its own, libpq's file covered by /dev/null (root only).
# awk reads the whole list (no early exit): on a machine with many libraries ldconfig's output is
# larger than a pipe's buffer, and an early exit would end ldconfig with SIGPIPE (141 under pipefail).
LIBPQ="$(ldconfig -p 2>/dev/null | awk '/libpq\.so\.5 / { if (p == "") p = $NF; if (x == "" && /x86-64/) x = $NF }
    END { print (x != "" ? x : p) }' || true)"
if [ -n "$LIBPQ" ] && [ "$(id -u)" = 0 ] \
    && unshare -m sh -c 'mount --bind /dev/null "$1"' sh "$LIBPQ" 2>/dev/null; then
    step "without libpq"
    set +e
    out=$(unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$LIBPQ" "$BIN" station status 2>&1); status=$?
    set -e
    echo "  exit $status: $out"
    [ "$status" = 72 ] || fail "without libpq: exit 72 expected, got $status"
    [ "$(wc -l <<<"$out")" = 1 ] || fail "without libpq: not one line"
    [[ "$out" == *"本机缺少 PostgreSQL 客户端库 libpq（libpq.so.5）"*"apt-get install libpq5"* ]] || fail "without libpq: $out"
    out=$(unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$LIBPQ" "$BIN" report patrols 2>&1) \
        || fail "without libpq, an office report must still run: $out"
    [[ "$out" == *"巡逻统计"* ]] || fail "without libpq: report patrols printed: $out"
else
    step "SKIPPED the run without libpq: needs root and a mount namespace (unshare -m, mount --bind)"
fi
step "OK"
