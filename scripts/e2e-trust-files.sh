#!/usr/bin/env bash
# Issue 14 (trust boundary), the files part, through the real binary (CI runs this):
# files jingwu writes never land on the journal (console export into the journal or a
# symlink, or onto a symlink or FIFO planted at its name; symlinks planted at the
# checkpoint's old temporary names),
# a FIFO or directory at the journal or checkpoint path never hangs a command, a last
# record missing only its newline is completed (never moved aside, its seq kept),
# overflowing time arguments are the field's error, and a journal on a read-only
# mount still reads. Every attack checks the journal's sha256 before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
e2e_setup trust-files
chmod 700 "$WORK"
NOW=2026-11-23T14:00:00+08:00
J="$WORK/office/journal.jsonl"
export JINGWU_PIN=123456
sum() { sha256sum "$1" | cut -d' ' -f1; }
expect_status() {  # expect_status CODE command...
    local want="$1"; shift
    set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$WORK/out" "$WORK/err" >&2; fail "$* exited $got, expected $want"; }
}
same() { [ "$(sum "$1")" = "$2" ] || fail "$3: $1 changed"; }

"$BIN" --journal "$J" --now "$NOW" demo --days 3 >/dev/null
BEFORE="$(sum "$J")"

echo "e2e-trust-files: console export: never onto the journal, through a symlink or over anything already there"
# 统计's export writes a new file named for the report and its period into a folder (as the
# print export does): the journal or a symlink given as the folder is refused; a symlink or a
# FIFO planted at the name it would take is stepped over (-2, -3), never followed.
ln -s "$WORK/office" "$WORK/office-link"
e2e_start_shell
keys "clear; '$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和密码"
text 123456
keys Enter
wait_for '1 总览'
export_to() {  # export_to FOLDER: the 统计 screen's export form, Markdown, into FOLDER
    keys 9
    wait_for '警情公告'
    keys x
    wait_for '保存到文件夹'
    keys Right Tab C-u
    text "$1"
    keys F10
}
leave_form() {  # Esc on the filled form, and yes to discarding it
    keys Escape
    wait_for "确定放弃吗"
    keys y
    wait_for "x 导出"
}
NAME="警情公告（近 7 天） 20261116-1400_20261123-1400"
export_to "$J"
wait_for "不是文件夹"
leave_form
export_to "$WORK/office-link"
wait_for "不是文件夹"
leave_form
ln -s "$J" "$WORK/office/$NAME.md"
mkfifo "$WORK/office/$NAME-2.md"
export_to "$WORK/office"
wait_for "1400-3.md"
[ -f "$WORK/office/$NAME-3.md" ] || fail "the export did not step over the symlink and the FIFO: $(ls "$WORK/office")"
[ -L "$WORK/office/$NAME.md" ] && [ -p "$WORK/office/$NAME-2.md" ] || fail "the planted symlink or FIFO was replaced"
[ "$(stat -c %a "$WORK/office/$NAME-3.md")" = 600 ] || fail "the export is not 0600"
grep -q "警情公告" "$WORK/office/$NAME-3.md" || fail "the export has no bulletin"
# The same name again: a new file, the first as it was (never overwritten, nothing asked).
export_to "$WORK/office"
wait_for "1400-4.md"
[ -f "$WORK/office/$NAME-4.md" ] || fail "the second export did not take a new name"
screen_text | grep -q "覆盖吗" && fail "offered to overwrite"
keys q
wait_shell
expect_restored export
same "$J" "$BEFORE" "console export"
ls -a "$WORK/office" | grep -q '\.tmp-' && fail "a temporary file was left: $(ls -a "$WORK/office")"
rm -f "$WORK/office/$NAME"*.md

echo "e2e-trust-files: symlinks planted at the checkpoint's (old, pid-based) temporary names are never written through"
echo victim >"$WORK/victim"
VICTIM="$(sum "$WORK/victim")"
first=$(( $(sh -c 'echo $$') ))
for pid in $(seq "$first" $((first + 2000))); do
    ln -s "$J" "$J.checkpoint.tmp-$pid"
    ln -s "$WORK/victim" "$WORK/office/.demo2.jsonl.demo-$pid.checkpoint.tmp-$pid"
done
rm -f "$J.checkpoint"
# A command that writes the checkpoint (none there: the console saves one on a clean exit).
keys "clear; '$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和密码"
text 123456
keys Enter
wait_for '1 总览'
keys q
wait_shell
[ -f "$J.checkpoint" ] && [ ! -L "$J.checkpoint" ] || fail "the console saved no checkpoint"
expect_status 0 "$BIN" --journal "$WORK/office/demo2.jsonl" --now "$NOW" demo --days 2
[ -f "$WORK/office/demo2.jsonl.checkpoint" ] || fail "the demo saved no checkpoint"
same "$J" "$BEFORE" "planted checkpoint temporaries"
same "$WORK/victim" "$VICTIM" "planted demo temporaries"
expect_status 0 "$BIN" --journal "$WORK/office/demo2.jsonl" verify
find "$WORK/office" -name '*.tmp-*' -type l -delete

echo "e2e-trust-files: a FIFO or a directory at the journal or checkpoint path never hangs a command"
mkfifo "$WORK/fifo.jsonl"
mkdir "$WORK/folder.jsonl"
ln -s /dev/zero "$WORK/device.jsonl"
for path in "$WORK/fifo.jsonl" "$WORK/folder.jsonl" "$WORK/device.jsonl"; do
    for cmd in "log" "verify" "report patrols" "salvage"; do
        # shellcheck disable=SC2086
        expect_status 66 timeout 10 "$BIN" --journal "$path" --now "$NOW" $cmd
        grep -q "不是普通文件" "$WORK/err" || fail "$cmd on $path: $(cat "$WORK/err")"
    done
    expect_status 66 timeout 10 "$BIN" --journal "$path" --now "$NOW" --as 031245 fraud warn --level low --phone 13800000000 --target 测试
done
expect_status 73 timeout 10 "$BIN" --journal "$WORK/fifo.jsonl" init --station 甲 --office 乙
cp "$J" "$WORK/cp.jsonl"
mkfifo "$WORK/cp.jsonl.checkpoint"
expect_status 0 timeout 10 "$BIN" --journal "$WORK/cp.jsonl" --now "$NOW" log --since -1h
expect_status 0 timeout 10 "$BIN" --journal "$WORK/cp.jsonl" --now "$NOW" report patrols
expect_status 0 timeout 10 "$BIN" --journal "$WORK/cp.jsonl" --now "$NOW" --as 031245 fraud warn --level low --phone 13800000000 --target 测试
expect_status 0 timeout 10 "$BIN" --journal "$WORK/cp.jsonl" verify
[ -p "$WORK/cp.jsonl.checkpoint" ] || fail "the FIFO at the checkpoint path was replaced"
cp "$J" "$WORK/zero.jsonl"
ln -s /dev/zero "$WORK/zero.jsonl.checkpoint"
expect_status 0 timeout 10 "$BIN" --journal "$WORK/zero.jsonl" --now "$NOW" report coverage
expect_status 0 timeout 10 "$BIN" --journal "$WORK/zero.jsonl" --now "$NOW" --as 031245 fraud warn --level low --phone 13800000000 --target 测试

echo "e2e-trust-files: a last record missing only its newline is completed; its seq is never reused"
cp "$J" "$WORK/nl.jsonl"
last_seq="$(tail -1 "$WORK/nl.jsonl" | sed -E 's/^\{"seq":([0-9]+),.*/\1/')"
truncate -s -1 "$WORK/nl.jsonl"
CUT="$(sum "$WORK/nl.jsonl")"
expect_status 0 "$BIN" --journal "$WORK/nl.jsonl" --lang en verify
grep -q "head seq $last_seq" "$WORK/out" || fail "verify: $(cat "$WORK/out")"
grep -q "lacks its final newline" "$WORK/out" || fail "verify did not mention the missing newline: $(cat "$WORK/out")"
same "$WORK/nl.jsonl" "$CUT" "verify"
expect_status 0 "$BIN" --journal "$WORK/nl.jsonl" --now "$NOW" --as 031245 --json fraud warn --level low --phone 13800000000 --target 测试
grep -q "\"seq\":$((last_seq + 1))," "$WORK/out" || fail "the next write did not get seq $((last_seq + 1)): $(cat "$WORK/out")"
grep -q "补上换行" "$WORK/err" || fail "no word of the completed newline: $(cat "$WORK/err")"
grep -q "移到" "$WORK/err" && fail "claimed a torn tail: $(cat "$WORK/err")"
ls "$WORK" | grep -q 'nl.jsonl.torn-' && fail "the record was moved aside"
head -c "$(stat -c %s "$J")" "$WORK/nl.jsonl" | cmp -s - "$J" || fail "the completed journal does not start with the original"
expect_status 0 "$BIN" --journal "$WORK/nl.jsonl" verify

echo "e2e-trust-files: overflowing time arguments are the field's error, never a crash"
for args in "log --since -9223372036854775807m" "log --until -9223372036854775807d" \
            "report patrols --from -9223372036854775807h" "report bulletin --to -99999999999999999999999d" \
            "log --since -153722867280912931m"; do
    # shellcheck disable=SC2086
    set +e; "$BIN" --journal "$J" --now "$NOW" $args >"$WORK/out" 2>"$WORK/err"; got=$?; set -e
    [ "$got" = 64 ] || [ "$got" = 65 ] || fail "$args exited $got: $(cat "$WORK/err")"
    grep -q "Fatal error\|overflow" "$WORK/err" && fail "$args trapped"
done
expect_status 65 "$BIN" --journal "$J" --now "$NOW" --as 031245 fraud warn --level low --phone 13800000000 --target 测试 \
    --at -9223372036854775807m --at-reason 补录
expect_status 64 "$BIN" --journal "$J" --now 99999-01-01T00:00 log
same "$J" "$BEFORE" "overflowing times"

echo "e2e-trust-files: a journal on a read-only mount reads; only writes fail"
RO="$WORK/ro"
mkdir "$RO"
if mount -t tmpfs -o size=16m tmpfs "$RO" 2>/dev/null; then
    trap 'umount "$RO" 2>/dev/null || true; e2e_cleanup' EXIT
    chmod 700 "$RO"
    cp "$J" "$J.checkpoint" "$RO/"
    mount -o remount,ro "$RO"
    expect_status 0 "$BIN" --journal "$RO/journal.jsonl" --now "$NOW" log --since -1h
    expect_status 0 "$BIN" --journal "$RO/journal.jsonl" --now "$NOW" report patrols
    expect_status 0 "$BIN" --journal "$RO/journal.jsonl" --now "$NOW" report bulletin --format md
    expect_status 0 "$BIN" --journal "$RO/journal.jsonl" verify
    expect_status 74 "$BIN" --journal "$RO/journal.jsonl" --now "$NOW" --as 031245 fraud warn --level low --phone 13800000000 --target 测试
    grep -q "只能读不能写" "$WORK/err" || fail "the refused write did not say why: $(cat "$WORK/err")"
    # The console opens it read-only, says so, and its 日志 screen does not call it damaged.
    keys "clear; '$BIN' --journal '$RO/journal.jsonl' --now '$NOW' --as 031245" Enter
    wait_for "请输入警号和密码"
    text 123456
    keys Enter
    wait_for '1 总览'
    row 1 | grep -q "只" || fail "the title does not say read-only: $(row 1)"
    keys 8
    wait_for "只能读不能写"
    screen_text | grep -q "已损坏" && fail "the journal screen calls a read-only file damaged"
    keys q
    wait_shell
    expect_restored readonly
    same "$RO/journal.jsonl" "$BEFORE" "read-only mount"
    umount "$RO"
else
    echo "e2e-trust-files: (no tmpfs mount here: the read-only case is covered by TrustFilesTests' EROFS seam)"
fi
same "$J" "$BEFORE" "the whole run"
echo "e2e-trust-files: ok"
