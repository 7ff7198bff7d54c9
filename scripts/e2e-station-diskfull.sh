#!/usr/bin/env bash
# End-to-end (issue 18, "a full disk on the server"): the station's records live in a tablespace on
# a small tmpfs, which fills.
#   a demo office's first 500 records synced → `jingwu sync` of the whole journal: exit 74, one line
#   naming the full disk (zh, then en), the station holding whole batches only (`station verify`
#   passes), the journal's bytes unchanged → the console (tmux 80×24, background sync) says on its
#   title line 派出所磁盘已满 with the lag, not 派出所连不上 → the tmpfs made bigger: the next round
#   (within the 30 s retry) brings the title to 已同步 and the station holds the journal byte for byte.
# Needs root (mount). Not root, or a container without CAP_SYS_ADMIN: says SKIPPED and exits 0, unless
# JINGWU_REQUIRE_DISK_FULL is set and not 0 (.ci/run sets it where it can mount a tmpfs): then it fails.
# Starts its own throwaway cluster (scripts/pg-test-server.sh). BIN: $JINGWU_BIN, else .build/debug/jingwu.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
e2e_setup station-diskfull
chmod 700 "$WORK"
export TERM=xterm-256color

skip() {
    if [ -n "${JINGWU_REQUIRE_DISK_FULL:-}" ] && [ "${JINGWU_REQUIRE_DISK_FULL}" != 0 ]; then
        fail "$1 (JINGWU_REQUIRE_DISK_FULL is set)"
    fi
    echo "e2e-station-diskfull: SKIPPED: $1" >&2
    exit 0
}
[ "$(id -u)" = 0 ] || skip "not root: cannot mount a small tmpfs to fill"

eval "$(scripts/pg-test-server.sh start)"
PGDIR="$JINGWU_TEST_PG_DIR"
MNT="$(mktemp -d /tmp/jwfull-e2e.XXXXXX)"
cleanup() {
    scripts/pg-test-server.sh stop "$PGDIR" >/dev/null 2>&1 || true
    umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null || true
    rmdir "$MNT" 2>/dev/null || true
    e2e_cleanup
}
trap cleanup EXIT
# The cluster runs as nobody when started by root (pg-test-server.sh): the tablespace must be its.
OWNER_UID="$(stat -c %u "$PGDIR/data")"
OWNER_GID="$(stat -c %g "$PGDIR/data")"
if ! mount -t tmpfs -o "size=2m,mode=0700,uid=$OWNER_UID,gid=$OWNER_GID" tmpfs "$MNT" 2>"$WORK/mount.err"; then
    grep -qiE 'permission denied|not permitted' "$WORK/mount.err" \
        && skip "mount refused (no CAP_SYS_ADMIN here): $(cat "$WORK/mount.err")"
    fail "mount failed: $(cat "$WORK/mount.err")"
fi

ADMIN="$JINGWU_TEST_PG"
DB="${ADMIN/\/\/\/postgres\?/\/\/\/jw_e2e_diskfull?}"
psql -q "$ADMIN" -c "CREATE DATABASE jw_e2e_diskfull" >/dev/null
psql -q "$ADMIN" -c "CREATE TABLESPACE jw_full LOCATION '$MNT'" >/dev/null
q() { psql -At "$DB" -c "$1"; }

J="$WORK/office/journal.jsonl"
mkdir -p "$WORK/office" && chmod 700 "$WORK/office"
jw=("$BIN" --journal "$J")
"${jw[@]}" demo --days 20 >/dev/null
LINES="$(wc -l <"$J")"
[ "$LINES" -gt 5000 ] || fail "the demo journal has only $LINES lines"
"${jw[@]}" station init --db "$DB" >/dev/null
q "ALTER TABLE jingwu.records SET TABLESPACE jw_full" >/dev/null
for index in $(q "SELECT indexname FROM pg_indexes WHERE schemaname = 'jingwu' AND tablename = 'records'"); do
    q "ALTER INDEX jingwu.$index SET TABLESPACE jw_full" >/dev/null
done
[ "$(q "SELECT count(*) FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace WHERE t.spcname = 'jw_full'")" -ge 3 ] \
    || fail "records and its indexes are not in the tablespace"

echo "e2e-station-diskfull: the first 500 records synced (they fit)"
head -n 500 "$J" >"$WORK/prefix.jsonl"
"$BIN" --journal "$WORK/prefix.jsonl" sync --db "$DB" >/dev/null
[ "$(q "SELECT head_seq FROM jingwu.journals")" = 499 ] || fail "station head $(q "SELECT head_seq FROM jingwu.journals")"

echo "e2e-station-diskfull: jingwu sync of $LINES records onto a 2 MB disk"
sum_before="$(sha256sum "$J")"
set +e; "${jw[@]}" sync --db "$DB" --batch 1000 >"$WORK/out" 2>"$WORK/err"; st=$?; set -e
echo "  exit $st: $(cat "$WORK/err")"
[ "$st" = 74 ] || fail "sync onto a full disk exited $st"
[ ! -s "$WORK/out" ] || fail "stdout: $(cat "$WORK/out")"
[ "$(wc -l <"$WORK/err")" = 1 ] || fail "not one line: $(cat "$WORK/err")"
grep -q '^jingwu：派出所数据库磁盘已满：.*No space left on device.*；正在传的这一批没有存入，请联系数据库管理员$' "$WORK/err" \
    || fail "message: $(cat "$WORK/err")"
set +e; "${jw[@]}" --lang en sync --db "$DB" --batch 1000 >/dev/null 2>"$WORK/err"; st=$?; set -e
[ "$st" = 74 ] || fail "sync --lang en exited $st"
grep -q "^jingwu: The station database's disk is full: .*; the batch in flight was not kept. Ask the database administrator$" "$WORK/err" \
    || fail "en message: $(cat "$WORK/err")"
held="$(q "SELECT count(*) FROM jingwu.records")"
head_seq="$(q "SELECT head_seq FROM jingwu.journals")"
echo "  the station holds $held records, head $head_seq"
[ $(( head_seq + 1 )) = "$held" ] || fail "head $head_seq against $held records"
[ $(( (held - 500) % 1000 )) = 0 ] || fail "$held records: not whole batches after the first 500"
"${jw[@]}" station verify --db "$DB" >/dev/null || fail "station verify after the full disk"
[ "$(sha256sum "$J")" = "$sum_before" ] || fail "the office journal changed"

echo "e2e-station-diskfull: the console says the station's disk is full, with the lag"
"${jw[@]}" station connect --db "$DB" --every 1 >/dev/null
lines_match() {  # the station holds the journal, byte for byte
    [ "$(q "SELECT count(*) FROM jingwu.records")" = "$(wc -l <"$J")" ] || return 1
    psql -At "$DB" -c "SELECT convert_from(line, 'UTF8') FROM jingwu.records ORDER BY seq" >"$WORK/station.txt"
    cmp -s "$J" "$WORK/station.txt"
}
wait_until() {  # wait_until SECONDS command...: polls every 0.2 s
    local limit=$(( $1 * 5 )) i; shift
    for i in $(seq 1 "$limit"); do "$@" && return 0; sleep 0.2; done
    return 1
}
title_matches() { row 1 | grep -qE -- "$1"; }
e2e_start_shell
keys "clear; '$BIN' --journal '$J' --as 031245" Enter
wait_for '密码'
text 123456
keys Enter
wait_for '1 总览'
lag=$(( LINES - held ))
wait_until 30 title_matches "派出所磁盘已满，待同步 $lag 条  [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\$" || fail "title: '$(row 1)'"
echo "  title: $(row 1)"
[ "$(q "SELECT head_seq FROM jingwu.journals")" = "$head_seq" ] || fail "the station's head moved while full"

echo "e2e-station-diskfull: room made (remount 64 MB): the next round syncs"
mount -o remount,size=64m "$MNT"
freed_at=$(date +%s)
wait_until 45 title_matches '已同步 [0-9]{2}:[0-9]{2}  [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' || fail "title after remount: '$(row 1)'"
echo "  title $(( $(date +%s) - freed_at )) s after the remount: $(row 1)"
wait_until 10 lines_match || fail "the station does not hold the journal byte for byte"
[ "$(q "SELECT count(DISTINCT event_id) = count(*) FROM jingwu.records")" = t ] || fail "duplicate event ids"
"${jw[@]}" station verify --db "$DB" >/dev/null || fail "station verify after the rerun"
keys q
wait_shell
echo "e2e-station-diskfull: OK"
