#!/usr/bin/env bash
# End-to-end check (issue 14) that this terminal's authenticated checkpoint witnesses the
# journal's head, with the real binary.
#
# (a) A journal cut at a record boundary below its checkpoint (the cut verifies on its own):
#     `jingwu verify` names record N and exits 1 without moving anything; the next read command
#     works on the journal as it is, says it once on stderr and moves the checkpoint aside to
#     `<journal>.checkpoint.contradicted-<time>` byte for byte; the journal's bytes never change.
# (b) The same on the console's first screen (tmux, 80x24), and the fresh checkpoint it saves on
#     exit goes beside the evidence, not over it.
# (c) A journal rewritten from record K on with a recomputed chain (by the binary's own writes),
#     longer than before: verify names N with the other hash, exit 1; a report says it.
# (d) A checkpoint edited without the key to claim a longer journal: nothing said, verify 0.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup trust-witness
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T10:30:00+08:00"
export XDG_CONFIG_HOME="$WORK/config"
mkdir -p "$WORK/office" && chmod 700 "$WORK/office"
J="$WORK/office/journal.jsonl"
CK="$J.checkpoint"
jw() { "$BIN" --journal "$J" --now "$NOW" --lang en "$@"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
sides() { ls "$WORK/office" | grep -c '^journal.jsonl.checkpoint.contradicted-' || true; }

jw demo --days 3 >/dev/null
[ -f "$CK" ] || fail "demo wrote no checkpoint"
N=$(( $(wc -l <"$J") - 1 ))
jw verify >"$WORK/out" || fail "the demo journal does not verify"
grep -q "witnesses record $N: agrees" "$WORK/out" || fail "verify does not say the checkpoint agrees: $(cat "$WORK/out")"
cp "$J" "$WORK/full.jsonl"
cp "$CK" "$WORK/genuine.checkpoint"
CUT=$(( N - 10 ))   # lines kept: records 0…CUT-1

# --- (a) cut at a record boundary ------------------------------------------------------------
head -n "$CUT" "$WORK/full.jsonl" >"$J"
cut_sum=$(sum "$J")
status=0; jw verify >"$WORK/out" 2>"$WORK/err" || status=$?
[ "$status" = 1 ] || fail "(a) verify exit $status, want 1: $(cat "$WORK/out")"
grep -q "witnesses record $N: CONTRADICTED" "$WORK/out" || fail "(a) verify does not name record $N: $(cat "$WORK/out")"
grep -q "but the journal now ends at record $(( CUT - 1 ))" "$WORK/out" || fail "(a) verify does not name the journal's head"
cmp -s "$CK" "$WORK/genuine.checkpoint" || fail "(a) verify moved or changed the checkpoint"
status=0; jw verify --json >"$WORK/out" || status=$?
[ "$status" = 1 ] || fail "(a) verify --json exit $status"
python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["witness"]; assert w["contradicted"] and w["checkpoints"][0]["seq"]==int(sys.argv[2]), w' \
    "$WORK/out" "$N" || fail "(a) verify --json witness"
jw report patrols >/dev/null 2>"$WORK/err" || fail "(a) a report on the cut journal failed: $(cat "$WORK/err")"
grep -q "witnessed journal record $N with hash" "$WORK/err" || fail "(a) no notice from the report: $(cat "$WORK/err")"
[ "$(sides)" = 1 ] || fail "(a) no side file"
SIDE="$(ls "$WORK/office"/journal.jsonl.checkpoint.contradicted-*)"
grep -qF "$SIDE" "$WORK/err" || fail "(a) the notice does not name the side file"
cmp -s "$SIDE" "$WORK/genuine.checkpoint" || fail "(a) the side file is not the checkpoint"
[ ! -e "$CK" ] || fail "(a) the contradicted checkpoint is still in place"
jw report patrols >/dev/null 2>"$WORK/err" || fail "(a) second report failed"
! grep -q "witnessed" "$WORK/err" || fail "(a) said twice"
[ "$(sum "$J")" = "$cut_sum" ] || fail "(a) the journal's bytes changed"
LANG_OUT=$("$BIN" --journal "$J" --now "$NOW" --lang zh verify 2>/dev/null || true)
echo "$LANG_OUT" | grep -q "本机检查点见证第 $N 号记录：矛盾" || fail "(a) verify in Chinese: $LANG_OUT"

# --- (b) the console's first screen ----------------------------------------------------------
rm -f "$SIDE"
cp "$WORK/genuine.checkpoint" "$CK"
e2e_start_shell "XDG_CONFIG_HOME=$XDG_CONFIG_HOME"
keys "'$BIN' --journal '$J' --now '$NOW' --lang en --as 031245" Enter
wait_for "PIN"
text "123456"; keys Enter
wait_for "this terminal's checkpoint"
screen_text | tr -d '\n' | grep -q "witnessed journal record $N" || fail "(b) the first screen does not name record $N"
keys q
wait_shell
[ "$(sides)" = 1 ] || fail "(b) no side file after the console"
SIDE="$(ls "$WORK/office"/journal.jsonl.checkpoint.contradicted-*)"
cmp -s "$SIDE" "$WORK/genuine.checkpoint" || fail "(b) the evidence was overwritten"
[ "$(sum "$J")" = "$cut_sum" ] || fail "(b) the console changed the journal"

# --- (c) rewritten with a recomputed chain, longer than before --------------------------------
rm -f "$SIDE" "$CK"
head -n "$CUT" "$WORK/full.jsonl" >"$J"
for k in $(seq 1 15); do
    JINGWU_PIN=123456 jw cell add --code "X$k" --name "改写$k" --community 戴花园社区 --kind street --as 031245 >/dev/null \
        || fail "(c) rewrite write $k"
done
[ "$(( $(wc -l <"$J") - 1 ))" -gt "$N" ] || fail "(c) the rewritten journal is not longer"
cp "$WORK/genuine.checkpoint" "$CK"
rewritten_sum=$(sum "$J")
status=0; jw verify >"$WORK/out" || status=$?
[ "$status" = 1 ] || fail "(c) verify exit $status"
grep -q "witnesses record $N: CONTRADICTED" "$WORK/out" || fail "(c) verify does not name record $N"
grep -q "but that record now has hash" "$WORK/out" || fail "(c) verify does not say the hash changed"
jw report patrols >/dev/null 2>"$WORK/err" || fail "(c) report failed"
grep -q "witnessed journal record $N with hash" "$WORK/err" || fail "(c) no notice: $(cat "$WORK/err")"
[ "$(sides)" = 1 ] || fail "(c) no side file"
[ "$(sum "$J")" = "$rewritten_sum" ] || fail "(c) a read changed the journal"

# --- (d) a forgery proves nothing ------------------------------------------------------------
rm -f "$WORK/office"/journal.jsonl.checkpoint.contradicted-*
head -n "$CUT" "$WORK/full.jsonl" >"$J"
python3 - "$WORK/genuine.checkpoint" "$CK" "$N" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
n = int(sys.argv[3])
old = b'"seq":%d' % n
assert old in data
open(sys.argv[2], "wb").write(data.replace(old, b'"seq":%d' % (n + 500), 1))
PY
jw report patrols >/dev/null 2>"$WORK/err" || fail "(d) report failed"
! grep -q "checkpoint" "$WORK/err" || fail "(d) a forged checkpoint was believed: $(cat "$WORK/err")"
jw verify >"$WORK/out" || fail "(d) verify exit $? on a forged checkpoint"
! grep -q "witness" "$WORK/out" || fail "(d) verify listed a forged checkpoint"
[ "$(sides)" = 0 ] || fail "(d) a forgery was moved aside as evidence"

# (e) A journal whose last record lacks only its newline, with this terminal's checkpoint at that
# very record: verify counts the record and the checkpoint agrees (no false alarm), exit 0.
NL="$WORK/nl.jsonl"
"$BIN" --journal "$NL" --now "$NOW" demo --days 2 >/dev/null
truncate -s -1 "$NL"
before="$(sha256sum "$NL")"
"$BIN" --journal "$NL" --lang en verify >"$WORK/out" || fail "(e) verify exit $? on a newline-less last record: $(cat "$WORK/out")"
grep -q "agree" "$WORK/out" || fail "(e) the checkpoint at the last record does not agree: $(cat "$WORK/out")"
[ "$(sha256sum "$NL")" = "$before" ] || fail "(e) verify changed the journal"
"$BIN" --journal "$NL" salvage --out "$WORK" >/dev/null || fail "(e) salvage exit $?"
[ "$(sha256sum "$NL")" = "$before" ] || fail "(e) salvage, which only reads, completed the newline in the original"

echo "e2e-trust-witness: ok (cut and rewritten journals below the checkpoint said, kept aside and named by verify; forgery ignored)"
