#!/usr/bin/env bash
# End-to-end (issue 18): the console syncs to the station in the background, in tmux at 80×24.
#   an office set with `jingwu station connect` (a 0600 setting without a password) → the console
#   opens and shows 已同步 on its title line → a patrol is recorded and reaches the station →
#   the station's server is stopped: the console keeps recording (each check-in confirmed at once),
#   the title line shows the station unreachable and the lag growing → the server is started
#   again: the next record brings the lag back to 0 and the station holds the journal byte for
#   byte → the server's processes stopped (SIGSTOP): the round waits, keys are answered as ever,
#   after 30 s the title says the station does not answer; SIGCONT: synced → a hostile setting
#   file (a symlink) is said on the first screen and not used → the journal's past rewritten with
#   its chain recomputed: the conflict is marked first on the title line and kept on the
#   overview; recording goes on, and the conflict is recorded at the station once.
# Starts its own throwaway cluster (scripts/pg-test-server.sh), since it stops and restarts it.
# BIN: $JINGWU_BIN, else .build/debug/jingwu.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
e2e_setup station-console
chmod 700 "$WORK"
export TERM=xterm-256color

eval "$(scripts/pg-test-server.sh start)"
PGDIR="$JINGWU_TEST_PG_DIR"
trap 'scripts/pg-test-server.sh stop "$PGDIR" >/dev/null 2>&1 || true; e2e_cleanup' EXIT
ADMIN="$JINGWU_TEST_PG"
DB="${ADMIN/\/\/\/postgres\?/\/\/\/jw_e2e_console?}"
psql -q "$ADMIN" -c "CREATE DATABASE jw_e2e_console" >/dev/null
q() { psql -At "$DB" -c "$1"; }

PG_CTL="$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)"
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
server_stop() { as_owner "$PG_CTL" -D "$PGDIR/data" -m fast -w stop >/dev/null; }
server_start() {
    as_owner "$PG_CTL" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -c unix_socket_directories='$PGDIR' -c fsync=off -c full_page_writes=off -c max_connections=40" \
        >/dev/null
}

J="$WORK/office/journal.jsonl"
mkdir -p "$WORK/office" && chmod 700 "$WORK/office"
jw=("$BIN" --journal "$J")
"${jw[@]}" init --test --station 城关派出所 --office 东街警务室 >/dev/null
"${jw[@]}" officer add --badge 031245 --name 张伟 --role police >/dev/null
"${jw[@]}" --as 031245 officer add --badge 031246 --name 李娜 --role auxiliary >/dev/null
x=0
for code in A01:幸福小区 A02:东街 A03:菜市场 A04:学校路; do
    "${jw[@]}" --as 031245 cell add --code "${code%%:*}" --name "${code#*:}" --community 东街社区 --kind street \
        --x $((x % 2)) --y $((x / 2)) >/dev/null
    x=$((x + 1))
done

echo "e2e-station-console: station init, station connect (no password stored)"
"${jw[@]}" station init --db "$DB" >/dev/null
set +e; "${jw[@]}" station connect --db "${DB/\/\/\//\/\/jingwu:secret@\/}" >"$WORK/out" 2>&1; st=$?; set -e
[ "$st" = 64 ] || fail "connect with a password exited $st: $(cat "$WORK/out")"
[ ! -e "$J.station" ] || fail "a setting was written for an address with a password"
out="$("${jw[@]}" station connect --db "$DB" --every 1)"
echo "  $out"
[[ "$out" == 已设置：东街警务室的值班台将在后台同步到派出所数据库* ]] || fail "connect: $out"
[ "$(stat -c %a "$J.station")" = 600 ] || fail "setting mode $(stat -c %a "$J.station")"
grep -q secret "$J.station" && fail "a password in the setting file"

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
wait_for '1 总览'
wait_until 20 title_matches '已同步 [0-9]{2}:[0-9]{2}  [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' || fail "title: '$(row 1)'"
echo "  title: $(row 1)"
[ "$(q "SELECT head_seq FROM jingwu.journals")" = 6 ] || fail "station head $(q "SELECT head_seq FROM jingwu.journals")"

echo "e2e-station-console: a patrol recorded reaches the station"
keys 2 n Tab Tab Tab
text 031246
keys Tab
text A01,A02,A03,A04
keys F10
wait_for "已开始巡逻 P0001"
wait_until 20 lines_match || fail "the patrol did not reach the station"
[ "$(q "SELECT count(*) FROM jingwu.records WHERE type = 'PatrolStarted'")" = 1 ] || fail "no PatrolStarted at the station"
wait_until 10 title_matches '已同步 [0-9]{2}:[0-9]{2}  ' || fail "title after the patrol: '$(row 1)'"
echo "  title: $(row 1)"

echo "e2e-station-console: the server stopped, the console keeps recording, the lag shows"
server_stop
for code in A01 A02; do
    start=$(date +%s%N)
    text "$code"
    keys Enter
    wait_for "已签到：P0001 到 $code"
    echo "  check-in $code confirmed on screen after $(( ($(date +%s%N) - start) / 1000000 )) ms (tmux polling included)"
done
wait_until 20 title_matches '派出所连不上，待同步 2 条  [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' || fail "title while stopped: '$(row 1)'"
echo "  title: $(row 1)"
text A03
keys Enter
wait_for "已签到：P0001 到 A03"
wait_until 10 title_matches '派出所连不上，待同步 3 条  ' || fail "title while stopped: '$(row 1)'"
echo "  title: $(row 1)"
[ "$(tail -c 1 "$J" | od -An -c | tr -d ' ')" = '\n' ] || fail "the journal does not end with a whole line"

echo "e2e-station-console: the server started again, the lag back to 0"
server_start
text A04
keys Enter
wait_for "已签到：P0001 到 A04"
wait_until 30 title_matches '已同步 [0-9]{2}:[0-9]{2}  [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' || fail "title after restart: '$(row 1)'"
echo "  title: $(row 1)"
wait_until 10 lines_match || fail "the station does not hold the journal byte for byte"
[ "$(q "SELECT count(*) FROM jingwu.records WHERE type = 'PatrolCheckedIn'")" = 4 ] || fail "check-ins at the station"
[ "$(q "SELECT count(DISTINCT event_id) = count(*) FROM jingwu.records")" = t ] || fail "duplicate event ids"

echo "e2e-station-console: a server that stops answering (SIGSTOP): the round waits, the console does not"
PM="$(head -1 "$PGDIR/data/postmaster.pid")"
# The postmaster and its children, by id (read from /proc: no procps needed). A process
# that exits between the glob and grep's read makes grep exit 2 even when it found the
# children (a CI run failed so); -s keeps the status 0 when any line matched.
PIDS="$PM $({ grep -ls "^PPid:[[:space:]]*$PM\$" /proc/[0-9]*/status || true; } | cut -d/ -f3 | tr '\n' ' ')"
[ "$PIDS" != "$PM " ] || fail "no children of the postmaster $PM found in /proc"
server_resume() { for p in $PIDS; do kill -CONT "$p" 2>/dev/null || true; done; }
trap 'server_resume; scripts/pg-test-server.sh stop "$PGDIR" >/dev/null 2>&1 || true; e2e_cleanup' EXIT
for p in $PIDS; do kill -STOP "$p" 2>/dev/null || true; done  # a backend may have exited since
stopped_at=$(date +%s)
keys e
text 巡逻正常
keys F10
wait_for "巡逻 P0001 已结束"
# While the round waits on the silent server, keys are answered as ever.
for tab in 1 2 1 2; do
    start=$(date +%s%N)
    keys "$tab"
    wait_for "$([ "$tab" = 1 ] && echo '超出巡逻时限的点位' || echo '编号  方式')"
    echo "  key $tab drawn after $(( ($(date +%s%N) - start) / 1000000 )) ms while the round waits"
done
wait_until 45 title_matches '派出所连不上，待同步 1 条  ' || fail "title with a silent server: '$(row 1)'"
echo "  title $(( $(date +%s) - stopped_at )) s after SIGSTOP: $(row 1)"
server_resume
wait_until 30 title_matches '已同步 [0-9]{2}:[0-9]{2}  [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' || fail "title after SIGCONT: '$(row 1)'"
echo "  title: $(row 1)"
wait_until 10 lines_match || fail "the station does not hold the journal byte for byte"
keys q
wait_shell

echo "e2e-station-console: a setting file that is a symlink is said and not used"
mv "$J.station" "$WORK/elsewhere.json"
ln -s "$WORK/elsewhere.json" "$J.station"
before="$(q "SELECT head_seq FROM jingwu.journals")"
keys "clear; '$BIN' --journal '$J' --as 031245" Enter
wait_for '1 总览'
wait_for_message "是符号链接"
row 1 | grep -q '同步' && fail "title shows a sync with an unused setting: '$(row 1)'"
keys q
wait_shell
[ "$(q "SELECT head_seq FROM jingwu.journals")" = "$before" ] || fail "synced with a symlinked setting"

echo "e2e-station-console: the journal's past rewritten (chain recomputed): the conflict cannot be missed"
rm "$J.station"
"${jw[@]}" station connect --db "$DB" >/dev/null
python3 - "$J" <<'PY'
import hashlib, sys
path = sys.argv[1]
lines = open(path, 'rb').read().split(b'\n')[:-1]
# Record 3 (a cell added): its time moved by ten minutes, the chain recomputed from it.
at = lines[3].index(b'"at":"') + 6 + 14
line = bytearray(lines[3])
line[at] = ord('1') if line[at] == ord('0') else ord('0')
lines[3] = bytes(line)
prev = bytes(32)
out = []
for i, line in enumerate(lines):
    body = line[:-75]
    h = hashlib.sha256(prev + body).hexdigest().encode()
    if i >= 3:
        line = body + b',"hash":"' + h + b'"}'
    assert line[-66:-2] == h, i
    prev = bytes.fromhex(h.decode())
    out.append(line)
open(path, 'wb').write(b'\n'.join(out) + b'\n')
PY
rm -f "$J".checkpoint*
"${jw[@]}" verify >/dev/null || fail "the rewritten journal should verify locally"
keys "clear; '$BIN' --journal '$J' --as 031245" Enter
wait_for '1 总览'
wait_until 20 title_matches '^ 【与派出所冲突】  .*已停止同步  [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' || fail "title: '$(row 1)'"
echo "  title: $(row 1)"
row 3 | grep -q '东街警务室的日志与派出所所存不一致：第 3 号记录起不同' || fail "overview: '$(row 3)'"
# Recording goes on; no round follows a conflict, so it is recorded once.
keys 2 n Tab Tab Tab
text 031246
keys F10
wait_for "已开始巡逻 P0002"
sleep 2
[ "$(q "SELECT count(*) FROM jingwu.conflicts WHERE first_differing_seq = 3")" = 1 ] || fail "conflicts: $(q "SELECT count(*) FROM jingwu.conflicts")"
keys q
wait_shell
echo "e2e-station-console: OK"
