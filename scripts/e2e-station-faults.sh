#!/usr/bin/env bash
# End-to-end: the station's commands as an operator runs them, at a terminal and not (issue 18).
#   1. Progress on a terminal, quiet otherwise: `demo --scale station --out`, `sync` and
#      `station import`, each run under a pseudo-terminal (script(1)) draws its progress line on
#      stderr (records, a rate, the time left) and erases it; each run with stderr to a file
#      leaves that file empty.
#   2. A connection dropped mid-sync: `sync --batch 300` of a big journal in the background, its
#      backends ended with pg_terminate_backend once the station holds some but not all of it →
#      exit 75, one line on stderr in Chinese, the station's rows whole batches (nothing of the
#      batch in flight), the office journal's bytes unchanged; a rerun completes to the head with
#      every record once.
# Uses $JINGWU_TEST_PG (as .ci/run exports it) in a database of its own, else starts a
# throwaway cluster with scripts/pg-test-server.sh. BIN: $JINGWU_BIN, else .build/debug/jingwu.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
e2e_station_setup station-faults jw_e2e_station_faults
command -v script >/dev/null || fail "script(1) (util-linux) is needed to run the commands on a terminal"

q() { psql -At "$DB" -c "$1"; }
"$BIN" station init >/dev/null

# Runs "$@" on a pseudo-terminal (stdin, stdout and stderr all the terminal); what the terminal
# showed goes to $TTY_OUT, the command's status is returned.
TTY_OUT="$WORK/tty.out"
on_terminal() {
    local quoted="" arg
    for arg in "$@"; do quoted+=" $(printf '%q' "$arg")"; done
    script -qefc "$quoted" /dev/null >"$TTY_OUT" </dev/null
}
# The progress lines the terminal was shown (each drawn after "\r\e[K"), one a line.
drawn() { tr '\r' '\n' <"$TTY_OUT" | sed 's/\x1b\[K//g' | grep -E "$1" || true; }
# Checks that the progress lines matching $2 carry records, a rate and the time left; $1 names the step.
expect_progress() {
    local what="$1" pattern="$2" lines
    lines="$(drawn "$pattern")"
    [ -n "$lines" ] || fail "$what: no progress line on a terminal: $(cat -v "$TTY_OUT" | tail -c 600)"
    echo "  $what on a terminal ($(printf '%s\n' "$lines" | wc -l) lines drawn), the first: $(printf '%s\n' "$lines" | sed -n 1p)"
    # Erased at the end: the last progress line drawn is followed by "\r\e[K" (and then the result).
    tr '\r' '\n' <"$TTY_OUT" >"$TTY_OUT.lines"
    awk -v pat="$pattern" -v erase=$'\e[K' '{ line[NR] = $0; if ($0 ~ pat) last = NR }
        END { exit !(last && substr(line[last + 1], 1, length(erase)) == erase && line[last + 1] !~ pat) }' \
        "$TTY_OUT.lines" || fail "$what: the last progress line was not erased: $(cat -v "$TTY_OUT" | tail -c 400)"
}

step "1. progress on a terminal, quiet otherwise"
# The station demo: on a terminal, office by office (each office's line: office k/7, records, rate, time left).
# Thirty days (about 16,000 records an office): long enough for the syncs below to draw lines mid-way too.
on_terminal "$BIN" demo --scale station --days 30 --seed 5 --now 2026-11-23T09:30+08:00 --out "$WORK/demo" \
    || fail "demo --scale station on a terminal: exit $?"
expect_progress "demo --scale station" '生成中：[^ ]+警务室 [1-7]/7，[0-9]+ 条，每秒 [0-9]+ 条，约剩 [0-9]+ 秒$'
for k in 1 7; do
    [ -n "$(drawn "生成中：[^ ]+ $k/7，")" ] || fail "demo: no progress line for office $k of 7"
done
# Stderr to a file: nothing on it (stdout has the result).
"$BIN" demo --scale station --days 3 --seed 5 --now 2026-11-23T09:30+08:00 --out "$WORK/file-demo" \
    >"$WORK/demo.out" 2>"$WORK/demo.err" || fail "demo --scale station: exit $?"
[ ! -s "$WORK/demo.err" ] || fail "demo --scale station wrote to a stderr that is not a terminal: $(cat -v "$WORK/demo.err")"
grep -q "已生成城关派出所的 7 个警务室演示日志" "$WORK/demo.out" || fail "demo: $(cat "$WORK/demo.out")"
echo "  demo with stderr to a file: nothing on it"

# Sync: one office on a terminal, another with stderr to a file.
on_terminal "$BIN" sync --batch 100 --journal "$WORK/demo/daihuayuan.jsonl" || fail "sync on a terminal: exit $?"
expect_progress "sync" '同步中：已传 [0-9]+ 条（[0-9]+%），每秒 [0-9]+ 条，约剩 [0-9]+ 秒$'
held=$(q "SELECT count(*) FROM jingwu.records")
[ "$held" = "$(wc -l <"$WORK/demo/daihuayuan.jsonl")" ] || fail "sync on a terminal held $held records"
# The last line drawn counts every record pushed, at 100%.
last="$(drawn '同步中：' | tail -1)"
[[ "$last" == "同步中：已传 $held 条（100%），"* ]] || fail "sync's last progress line: $last"
"$BIN" sync --batch 500 --journal "$WORK/demo/dongguan.jsonl" >"$WORK/sync.out" 2>"$WORK/sync.err" || fail "sync: exit $?"
[ ! -s "$WORK/sync.err" ] || fail "sync wrote to a stderr that is not a terminal: $(cat -v "$WORK/sync.err")"
grep -q "新增 $(wc -l <"$WORK/demo/dongguan.jsonl") 条记录" "$WORK/sync.out" || fail "sync: $(cat "$WORK/sync.out")"
echo "  sync with stderr to a file: nothing on it"

# Import: a bundle of one office on a terminal, another's with stderr to a file.
"$BIN" export --journal "$WORK/demo/wenhualu.jsonl" --out "$WORK/wenhualu.jwb" >/dev/null 2>&1
"$BIN" export --journal "$WORK/demo/beiyuan.jsonl" --out "$WORK/beiyuan.jwb" >/dev/null 2>&1
on_terminal "$BIN" station import --batch 100 "$WORK/wenhualu.jwb" || fail "import on a terminal: exit $?"
expect_progress "station import" '导入中：已存入 [0-9]+ 条（[0-9]+%），每秒 [0-9]+ 条，约剩 [0-9]+ 秒$'
n=$(wc -l <"$WORK/demo/wenhualu.jsonl")
last="$(drawn '导入中：' | tail -1)"
[[ "$last" == "导入中：已存入 $n 条（100%），"* ]] || fail "import's last progress line: $last"
"$BIN" station import --batch 500 "$WORK/beiyuan.jwb" >"$WORK/import.out" 2>"$WORK/import.err" || fail "import: exit $?"
[ ! -s "$WORK/import.err" ] || fail "import wrote to a stderr that is not a terminal: $(cat -v "$WORK/import.err")"
echo "  import with stderr to a file: nothing on it"
[ "$(q "SELECT count(DISTINCT office) FROM jingwu.journals")" = 4 ] || fail "four offices should be held"
"$BIN" station verify >/dev/null || fail "station verify after the progress runs"
# The report's local copy in a folder named as an operator might, relative and one letter long
# (Foundation's deletingLastPathComponent trapped on it: the report crashed).
status=0
(cd "$WORK" && "$BIN" station report bulletin --cache c >"$WORK/report.out" 2>"$WORK/report.err") || status=$?
[ "$status" = 0 ] || fail "station report --cache c: exit $status: $(head -c 300 "$WORK/report.err")"
[ -d "$WORK/c" ] || fail "station report --cache c made no folder c"
grep -q "派出所合计" "$WORK/report.out" || fail "station report --cache c: $(cat "$WORK/report.out")"
echo "  station report --cache c (a relative one-letter folder): the station's totals"

step "2. a connection dropped mid-sync"
J="$WORK/office/journal.jsonl"
mkdir -p "$WORK/office" && chmod 700 "$WORK/office"
"$BIN" demo --days 120 --seed 11 --now 2026-11-23T09:30+08:00 --journal "$J" >/dev/null
records=$(wc -l <"$J")
before=$(sha256sum <"$J")
journal=$(head -1 "$J" | sed -E 's/.*"journal":"([0-9a-f-]+)".*/\1/')
[[ "$journal" =~ ^[0-9a-f-]{36}$ ]] || fail "the journal's id: $journal"
echo "  office journal: $records records, journal $journal"
head_of() { q "SELECT coalesce((SELECT head_seq FROM jingwu.journals WHERE journal_id = '$journal'), -1)"; }
held_of() { q "SELECT count(*) FROM jingwu.records WHERE journal_id = '$journal'"; }
"$BIN" sync --batch 300 --journal "$J" >"$WORK/drop.out" 2>"$WORK/drop.err" &
pid=$!
head=-1
for _ in $(seq 1 600); do
    head=$(head_of)
    [ "$head" -ge 3000 ] && break
    sleep 0.02
done
[ "$head" -lt $((records - 1)) ] || fail "the sync reached the journal's head before the connection could be dropped"
# Every backend of the station's database but this psql's: the sync's connections.
psql -At "$ADMIN" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
    WHERE datname = 'jw_e2e_station_faults' AND pid <> pg_backend_pid()" >"$WORK/terminated"
status=0
wait "$pid" || status=$?
echo "  dropped at head $head ($(cat "$WORK/terminated") backends ended): exit $status"
echo "  stderr: $(cat "$WORK/drop.err")"
[ "$status" = 75 ] || fail "a dropped connection exits $status, not 75: $(cat "$WORK/drop.err")"
[ "$(wc -l <"$WORK/drop.err")" = 1 ] || fail "stderr is not one line: $(cat -v "$WORK/drop.err")"
grep -q "^jingwu：与派出所数据库的连接中断：.*；正在传的这一批没有存入，重新运行 jingwu sync 会从断点继续$" "$WORK/drop.err" \
    || fail "stderr: $(cat "$WORK/drop.err")"
[ ! -s "$WORK/drop.out" ] || fail "stdout of the dropped sync: $(cat "$WORK/drop.out")"
head=$(head_of)
held=$(held_of)
echo "  the station holds $held records, head $head"
[ "$held" -eq $((head + 1)) ] || fail "records held ($held) do not end at the head ($head)"
[ $((held % 300)) = 0 ] || fail "records held ($held) are not whole batches of 300"
[ "$held" -lt "$records" ] || fail "the sync had finished before the drop"
[ "$(sha256sum <"$J")" = "$before" ] || fail "the office journal changed"

step "the rerun completes"
out=$("$BIN" sync --journal "$J") || fail "rerun: exit $?"
echo "  $out"
[[ "$out" == *"新增 $((records - held)) 条记录"* ]] || fail "rerun: $out"
[ "$(head_of)" = $((records - 1)) ] || fail "the head after the rerun: $(head_of)"
[ "$(held_of)" = "$records" ] || fail "records held after the rerun: $(held_of) of $records"
[ "$(q "SELECT count(DISTINCT seq) FROM jingwu.records WHERE journal_id = '$journal'")" = "$records" ] || fail "a seq twice"
[ "$(q "SELECT count(*) - count(DISTINCT event_id) FROM jingwu.records")" = 0 ] || fail "duplicated events"
psql -At "$DB" -c "SELECT convert_from(line, 'UTF8') FROM jingwu.records WHERE journal_id = '$journal' ORDER BY seq" \
    >"$WORK/station.jsonl"
cmp "$WORK/station.jsonl" "$J" || fail "the station's lines differ from the journal's"
[ "$(sha256sum <"$J")" = "$before" ] || fail "the office journal changed"
echo "  every one of the $records records held once, the station's lines equal the journal's"
"$BIN" station verify >/dev/null || fail "station verify at the end"
step "OK"
