#!/usr/bin/env bash
# End-to-end: per-office roles and the station's read-only console (issue 18), in tmux at 80×24.
#   demo office → station init → station grant (an office role, another office's role, the
#   leadership) → sync as the office role (the station's lines equal the journal's, byte for
#   byte) → the other office's role refused (exit 77) and reading nothing → the leadership's
#   console on the office (`jingwu --station URL --office X`): 【只读】 on the title, a recording
#   key refused on the message line, the journal's verify on the copy, q → the shell back, the
#   copy kept in the station cache (nothing in $TMPDIR) → a second start opens it from its
#   checkpoint, fetching nothing; while it is open the office records two incidents and syncs them:
#   the console fetches them in the background (title 「取回 HH:MM」), folds them (the journal tab's
#   count, the incidents tab) and its copy equals the journal again → the other office's role cannot
#   open it → the station unchanged → the station's copy of a new record altered (as superuser) while
#   the console is open: 【派出所所存有变】 on the title, the message said, nothing folded.
# Uses $JINGWU_TEST_PG (as .ci/run exports it) in a database of its own, else starts a
# throwaway cluster with scripts/pg-test-server.sh. BIN: $JINGWU_BIN, else .build/debug/jingwu.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
e2e_setup station-readonly
STARTED=""
ADMIN=""
cleanup() {
    [ -z "$ADMIN" ] || [ -n "$STARTED" ] || psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS jw_e2e_readonly" >/dev/null 2>&1 || true
    [ -z "$STARTED" ] || scripts/pg-test-server.sh stop "$STARTED" || true
    e2e_cleanup
}
trap cleanup EXIT
step() { echo "e2e-station-readonly: $*"; }

if [ -z "${JINGWU_TEST_PG:-}" ]; then
    eval "$(scripts/pg-test-server.sh start)"
    STARTED="$JINGWU_TEST_PG_DIR"
fi
ADMIN="$JINGWU_TEST_PG"
DB="${ADMIN/\/\/\/postgres\?/\/\/\/jw_e2e_readonly?}"
[ "$DB" != "$ADMIN" ] || fail "cannot derive a database URL from $ADMIN"
[[ "$DB" == *"user=jingwu"* ]] || fail "cannot derive role URLs from $DB"
psql -q "$ADMIN" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS jw_e2e_readonly" \
    -c "CREATE DATABASE jw_e2e_readonly" >/dev/null
q() { psql -At "$DB" -c "$1"; }
# Roles are the cluster's: names of this run.
TAG="$$"
OFFICE_ROLE="jw_e2e_office_$TAG"
OTHER_ROLE="jw_e2e_other_$TAG"
LEAD_ROLE="jw_e2e_lead_$TAG"
as_role() { echo "${DB/user=jingwu/user=$1}"; }

J="$WORK/office/journal.jsonl"
mkdir -p "$WORK/office" "$WORK/tmp" && chmod 700 "$WORK/office" "$WORK/tmp"
"$BIN" demo --days 30 --seed 7 --now 2026-11-23T09:30+08:00 --journal "$J" >/dev/null
OFFICE="$(head -1 "$J" | sed -E 's/.*"office":"([^"]*)".*/\1/')"
records=$(wc -l <"$J")
step "demo office $OFFICE: $records records"

"$BIN" station init --db "$DB" >/dev/null
out="$("$BIN" station grant --db "$DB" --office "$OFFICE" --role "$OFFICE_ROLE")"
[[ "$out" == "已设置角色 $OFFICE_ROLE：只能读取和追加${OFFICE}的记录（行级安全）"* ]] || fail "grant office: $out"
"$BIN" station grant --db "$DB" --office 西关警务室 --role "$OTHER_ROLE" >/dev/null
"$BIN" station grant --db "$DB" --leadership "$LEAD_ROLE" >/dev/null
printed="$("$BIN" station grant --office "$OFFICE" --role someone --print)"
grep -qi "password '" <<<"$printed" && fail "grant --print shows a password"
step "roles: $(q "SELECT string_agg(role_name || '=' || kind || coalesce(':' || office, ''), ', ' ORDER BY role_name) FROM jingwu.roles")"

out="$("$BIN" sync --db "$(as_role "$OFFICE_ROLE")" --journal "$J" --batch 5000)"
step "sync as $OFFICE_ROLE: $out"
psql -At "$DB" -c "SELECT convert_from(line, 'UTF8') FROM jingwu.records ORDER BY seq" >"$WORK/station.jsonl"
cmp -s "$WORK/station.jsonl" "$J" || fail "the station's lines differ from the journal's"

set +e
err="$("$BIN" sync --db "$(as_role "$OTHER_ROLE")" --journal "$J" 2>&1 >/dev/null)"; status=$?
set -e
[ "$status" = 77 ] || fail "sync by another office's role: exit $status ($err)"
step "sync by $OTHER_ROLE refused (77): $err"
seen="$(psql -At "$(as_role "$OTHER_ROLE")" -c "SELECT count(*) FROM jingwu.records")"
[ "$seen" = 0 ] || fail "another office's role reads $seen records"
before="$(q "SELECT count(*), max(seq) FROM jingwu.records")"

# The leadership's read-only console, as a person opens it.
e2e_start_shell TMPDIR="$WORK/tmp" XDG_CACHE_HOME="$WORK/cache"
text "$BIN --station '$(as_role "$LEAD_ROLE")' --office '$OFFICE'"
keys Enter
wait_for "【只读】"
title="$(row 1)"
[[ "$title" == " "*"  ${OFFICE}  【只读】  值班："* ]] || fail "title: '$title'"
[[ "$title" != *"操作人"* ]] || fail "an operator on the read-only copy's title: '$title'"
screen_text | grep -qF "只读：派出所所存${OFFICE}的记录" || fail "no read-only notice"
step "title: '$title'"
keys 2
wait_for "时间线"
hints="$(row 24)"
[[ "$hints" != *"新巡逻"* && "$hints" != *"签到 "* ]] || fail "recording keys offered: '$hints'"
screen_text | grep -qF "签到点位>" && fail "the check-in line is offered"
keys n
wait_for "只读副本（供所领导审阅），不能录入"
screen_text | grep -qF "开始巡逻" && fail "the patrol form opened"
step "n on 巡逻: '$(screen_text | grep -F "只读副本" | head -1)'"
keys 8
wait_for "派出所所存记录的只读副本"
keys v
wait_for "校验：完好，$records 条记录逐条通过"
step "journal tab: '$(row 3 | cut -c1-60)…', verify: '$(screen_text | grep -F "校验：完好" | tail -1)'"
COPY="$(ls -d "$WORK"/cache/jingwu/station/*/journal.jsonl)"
cmp -s "$COPY" "$J" || fail "the cached copy differs from the office's journal"
keys q
wait_shell
expect_restored readonly 0
[ -z "$(ls "$WORK/tmp")" ] || fail "a temporary copy was left behind: $(ls "$WORK/tmp")"
[ -s "$COPY.checkpoint" ] || fail "no checkpoint beside the cached copy"
[ "$(stat -c %a "$(dirname "$COPY")")" = 700 ] || fail "the cache folder is not 0700"
step "kept: the station cache's copy ($(wc -l <"$COPY") lines) and its checkpoint, folder 0700"

# The background fetch runs every 5 s and the console folds at its next tick: up to 30 s under load.
wait_long() {
    local needle="$1" i
    for i in $(seq 1 300); do
        if screen_text | grep -qF -- "$needle"; then return 0; fi
        sleep 0.1
    done
    fail "did not see '$needle' (title: '$(row 1)')"
}
incident() {  # at the office: one more record
    JINGWU_PIN=123456 "$BIN" --journal "$J" --as 031245 --now "2026-11-23T09:4$1+08:00" incident add --cell C01-1 \
        --kind theft --summary "e2e 只读刷新 $1" >/dev/null || fail "incident add"
}

# A second start: the kept copy, from its checkpoint (the trace says what it did). It stays open
# while the office records and syncs: what the station receives appears on it.
keys "clear; JINGWU_TRACE=1 $BIN --station '$(as_role "$LEAD_ROLE")' --office '$OFFICE' 2>'$WORK/trace.err'" Enter
wait_for "【只读】"
wait_for "取回 "
step "second start, title: '$(row 1)'"
keys 8
wait_for "记录 $records "
incident 1
incident 2
out="$("$BIN" sync --db "$(as_role "$OFFICE_ROLE")" --journal "$J")"
step "while it is open, two incidents at the office, synced: $out"
wait_long "记录 $((records + 2)) "
step "journal tab after the fetch: $(row 3 | grep -o '记录 [0-9]*'); title: '$(row 1)'"
keys 6
wait_for "今日/未结/全部"
keys t  # 今日 → 未结 (the incidents were recorded at the demo's time)
wait_for "e2e 只读刷新 2"
step "incidents tab: '$(screen_text | grep -F "e2e 只读刷新 2" | head -1 | sed -E 's/^ +//')'"
cmp -s "$COPY" "$J" || fail "the cached copy differs from the office's journal after the fetch"

# Session 12: a failure says what it is (the grant revoked, then given again), and a copy made again
# under the open console (the cache's file removed, then a station report) is followed, not taken for a change.
"$BIN" station revoke --db "$DB" --role "$LEAD_ROLE" >/dev/null
wait_long "本角色无权查看，取回于"
wait_for "授权已收回"
step "grant revoked, title: '$(row 1)'"
"$BIN" station grant --db "$DB" --leadership "$LEAD_ROLE" >/dev/null
wait_long "  取回 "
step "granted again, title: '$(row 1)'"
rm "$COPY"
XDG_CACHE_HOME="$WORK/cache" "$BIN" station report coverage --db "$(as_role "$LEAD_ROLE")" --office "$OFFICE" \
    --format json >/dev/null || fail "station report"
incident 3
"$BIN" sync --db "$(as_role "$OFFICE_ROLE")" --journal "$J" >/dev/null
keys 8
wait_long "记录 $((records + 3)) "
screen_text | grep -qF "【派出所所存有变】" && fail "a copy made again was taken for a change"
cmp -s "$COPY" "$J" || fail "the copy made again differs from the office's journal"
step "copy removed, made again by station report, one more incident synced: $(row 3 | grep -o '记录 [0-9]*'); title '$(row 1)'"
keys q
wait_shell
grep -q "0 records fetched" "$WORK/trace.err" || fail "the second start fetched again: $(grep -m3 "station cache" "$WORK/trace.err")"
step "second start: $(grep -m1 "records fetched" "$WORK/trace.err" | sed -E 's/^.*station cache/station cache/')"
records=$((records + 3))
before="$(q "SELECT count(*), max(seq) FROM jingwu.records")"

# Another office's role: nothing to open.
keys "clear; $BIN --station '$(as_role "$OTHER_ROLE")' --office '$OFFICE' 2>'$WORK/other.err'; echo E2E-OTHER=\$?" Enter
for _ in $(seq 1 100); do screen_text | grep -qE "^E2E-OTHER=[0-9]" && break; sleep 0.1; done
screen_text | grep -qx "E2E-OTHER=66" || fail "another office's role: not refused with 66"
grep -qF "jingwu：派出所数据库中没有${OFFICE}的记录（或本角色无权查看）" "$WORK/other.err" \
    || fail "another office's role: '$(cat "$WORK/other.err")'"
step "another office's role: $(cat "$WORK/other.err")"

after="$(q "SELECT count(*), max(seq) FROM jingwu.records")"
[ "$before" = "$after" ] || fail "the station changed: $before → $after"
[ "$(q "SELECT count(*) FROM jingwu.conflicts")" = 0 ] || fail "a conflict was recorded"

# The station's copy changed under an open console: one more record synced and folded; then the
# station's hash of that record altered by a superuser (the trigger lifted), and one more synced:
# the console's next fetch finds the station no longer continues its copy, says so, folds nothing.
keys "clear; $BIN --station '$(as_role "$LEAD_ROLE")' --office '$OFFICE'" Enter
wait_for "取回 "
keys 8
wait_for "记录 $records "
incident 4
"$BIN" sync --db "$(as_role "$OFFICE_ROLE")" --journal "$J" >/dev/null
records=$((records + 1))
wait_long "记录 $records "
psql -q "$DB" -c "ALTER TABLE jingwu.records DISABLE TRIGGER records_append_only" \
    -c "UPDATE jingwu.records SET hash = repeat('0', 64) WHERE seq = $((records - 1))" \
    -c "ALTER TABLE jingwu.records ENABLE TRIGGER records_append_only" >/dev/null
incident 5
"$BIN" sync --db "$(as_role "$OFFICE_ROLE")" --journal "$J" >/dev/null
wait_long "【派出所所存有变】"
title="$(row 1)"
[[ "$title" == " 【派出所所存有变】  "*"【只读】"* ]] || fail "title: '$title'"
wait_for "与已取回的接不上"
screen_text | grep -qF "记录 $records " || fail "records were folded: '$(row 3)'"
screen_text | grep -qF "e2e 只读刷新 5" && fail "a record after the change was folded"
step "the station's copy altered at record $((records - 1)): title '$title'"
step "  message: '$(screen_text | sed -n '22,23p' | sed -E 's/^ +//' | tr -d '\n')'"
cmp -s "$COPY" <(head -n "$records" "$J") || fail "the copy took records after the change"
keys q
wait_shell
step "OK"
