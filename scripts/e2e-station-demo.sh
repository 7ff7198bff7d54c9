#!/usr/bin/env bash
# End-to-end: the demo's station on PostgreSQL (issue 18).
#   jingwu demo --scale station --out DIR (one journal per office: seven 警务室 of 城关派出所)
#   → a local PostgreSQL (scripts/pg-test-server.sh, unless $JINGWU_TEST_PG is given)
#   → station init → each office synced → station status → station reports across the offices
#   (printed), each office's station report equal, byte for byte, to the office's own JSON report
#   → a warm second run (the local copy and its checkpoint) → the copy tampered with and
#   the report still the office's.
# BIN: $JINGWU_BIN, else .build/debug/jingwu. DAYS: the demo's length (default 14).
# With CI or QUIET=1 set only the steps are printed; otherwise the station's reports in full.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
DAYS="${DAYS:-14}"
export JINGWU_NOW="2026-11-30T20:00:00+08:00"
e2e_station_setup station-demo jw_e2e_station_demo
export XDG_CACHE_HOME="$WORK/.cache"
show() { [ -n "${QUIET:-}${CI:-}" ] || printf '%s\n' "$@"; }

step "demo: the station's seven offices, $DAYS days, one journal each"
"$BIN" demo --scale station --days "$DAYS" --out "$WORK/station" >"$WORK/demo.out"
show "$(cat "$WORK/demo.out")"
offices=(daihuayuan dongguan wenhualu beiyuan xinhua tiexi nanhu)
names=(戴花园警务室 东关警务室 文化路警务室 北园警务室 新华警务室 铁西警务室 南湖警务室)
for i in "${!offices[@]}"; do
    f="$WORK/station/${offices[$i]}.jsonl"
    [ -s "$f" ] || fail "no journal $f"
    "$BIN" --journal "$f" verify >/dev/null || fail "${offices[$i]} does not verify"
    head -1 "$f" | grep -q "\"office\":\"${names[$i]}\"" || fail "${offices[$i]}'s header does not name ${names[$i]}"
done
[ "$(ls "$WORK/station"/*.jsonl | wc -l)" = 7 ] || fail "not seven journals"

step "station init, and each office synced"
"$BIN" station init >/dev/null
for o in "${offices[@]}"; do
    out=$("$BIN" --journal "$WORK/station/$o.jsonl" sync) || fail "sync $o"
    show "  $out"
done
out=$("$BIN" station status)
show "$out"
[ "$(psql -At "$DB" -c "SELECT count(*) FROM jingwu.journals")" = 7 ] || fail "the station does not hold seven journals"
[ "$(psql -At "$DB" -c "SELECT count(*) FROM jingwu.records")" = "$(cat "$WORK"/station/*.jsonl | wc -l)" ] \
    || fail "the station's records are not the journals' lines"

step "station reports across the offices"
for kind in bulletin patrols coverage visits disputes fraud handover; do
    out=$("$BIN" station report "$kind") || fail "station report $kind"
    show "" "$out"
    for n in "${names[@]}"; do [[ "$out" == *"$n"* ]] || fail "station report $kind does not name $n"; done
    [[ "$out" == *派出所合计* ]] || fail "station report $kind has no station total"
done

step "each office's station report equals its own report (JSON, byte for byte)"
for kind in coverage patrols visits disputes bulletin handover fraud; do
    for i in "${!offices[@]}"; do
        # The station's first: an office report naming key persons records the access in the office's journal.
        "$BIN" station report "$kind" --office "${names[$i]}" --format json >"$WORK/s.json" || fail "station report $kind ${names[$i]}"
        badge="03$((i + 1))2$((45 + i))"
        JINGWU_PIN=123456 "$BIN" --journal "$WORK/station/${offices[$i]}.jsonl" --as "$badge" report "$kind" --format json \
            >"$WORK/o.json" || fail "report $kind ${offices[$i]}"
        cmp -s "$WORK/s.json" "$WORK/o.json" || { diff <(head -c 600 "$WORK/s.json") <(head -c 600 "$WORK/o.json") >&2 || true; \
            fail "station report $kind --office ${names[$i]} differs from the office's own"; }
    done
done

step "the local copy: warm, then tampered with"
id=$(psql -At "$DB" -c "SELECT journal_id FROM jingwu.journals WHERE office = '东关警务室'")
copy="$XDG_CACHE_HOME/jingwu/station/$id/journal.jsonl"
[ -s "$copy" ] && [ -s "$copy.checkpoint" ] || fail "no local copy with its checkpoint at $copy"
# The office's own reports naming key persons appended their access records since the sync: the
# copy is the journal as synced, its first bytes.
synced=$(stat -c %s "$copy")
[ "$(psql -At "$DB" -c "SELECT sum(octet_length(line) + 1) FROM jingwu.records WHERE journal_id = '$id'")" = "$synced" ] \
    || fail "the local copy is not the station's lines"
cmp -s -n "$synced" "$copy" "$WORK/station/dongguan.jsonl" || fail "the local copy is not the office's journal byte for byte"
expected=$("$BIN" station report bulletin --office 东关警务室 --format text)
fetched=$(JINGWU_TRACE=1 "$BIN" station report bulletin 2>&1 >/dev/null | grep -c ": 0 records fetched" || true)
[ "$fetched" = 7 ] || fail "a warm report fetched records ($fetched of 7 copies had nothing to fetch)"
sed -i '1s/东关警务室/西关警务室/' "$copy"
out=$("$BIN" station report bulletin --office 东关警务室 --format text)
[ "$out" = "$expected" ] || fail "a tampered copy changed the report"
[ "$(stat -c %s "$copy")" = "$synced" ] && cmp -s -n "$synced" "$copy" "$WORK/station/dongguan.jsonl" \
    || fail "the tampered copy was not replaced"
echo "e2e-station-demo: OK"
