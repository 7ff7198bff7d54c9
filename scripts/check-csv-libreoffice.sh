#!/usr/bin/env bash
# Opens jingwu's CSV exports in LibreOffice Calc (headless) and reads the cell types back,
# as WPS or Excel would see them (issue 17). Not an e2e-*.sh: CI does not run it, because
# LibreOffice takes over two minutes to install on a fresh machine. To run it:
#
#   apt-get install --no-install-recommends libreoffice-calc-nogui
#   bash scripts/check-csv-libreoffice.sh
#
# A small office's day is written with the command line, `jingwu report patrols|disputes
# --format csv --out` writes one table per file, and each file is converted to flat ODF
# (.fods) with UTF-8 and "detect special numbers" (what Excel and WPS do by default).
# Checked: minutes, counts and rates are numbers (a rate a fraction), times are dates with
# their year, a formula-looking text stays text, Chinese reads back whole, the header is
# the first row (no title row above it).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "check-csv: soffice missing (apt-get install libreoffice-calc-nogui)" >&2; exit 2; }
BIN="${JINGWU_BIN:-.build/debug/jingwu}"
[ -x "$BIN" ] || swift build --product jingwu >/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/.config"
J="$WORK/journal.jsonl"
r() { "$BIN" --journal "$J" --now "2026-11-23T$1:00+08:00" "${@:2}" --as 031245 >/dev/null; }
r 07:30 init --test --station 花园派出所 --office 戴花园警务室
r 07:31 officer add --badge 031245 --name 王建国 --role police
r 07:32 cell add --code C01 --name 锦绣花园 --community 戴花园社区 --kind compound
r 08:00 patrol start --mode foot --lead 031245 --cells C01
r 08:40 patrol checkin --patrol P0001 --cell C01
r 09:05 patrol end --patrol P0001 --summary "=SUM(A1) 正常"
r 10:00 dispute open --category neighbour --parties "陈某;吴某" --cell C01 --summary "楼上漏水,双方争执"
r 11:00 dispute resolve --dispute D2026-0001 --agreement 赔偿
r 12:00 dispute open --category family --parties "张某;李某" --cell C01 --summary 家务
r 12:30 dispute open --category family --parties "赵某;钱某" --cell C01 --summary 家务
"$BIN" --journal "$J" --now 2026-11-23T20:30:00+08:00 --as 031245 report patrols --format csv --out "$WORK/out" >/dev/null
"$BIN" --journal "$J" --now 2026-11-23T20:30:00+08:00 --as 031245 report disputes --format csv --out "$WORK/out" >/dev/null

mkdir -p "$WORK/fods"
find "$WORK/out" -name '*.csv' -print0 | xargs -0 env HOME="$WORK" timeout 300 soffice --headless \
    --infilter="CSV:44,34,76,1,,0,false,true" --convert-to fods --outdir "$WORK/fods" >/dev/null 2>&1

python3 - "$WORK/fods" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET
T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
sheets = {}
for path in glob.glob(sys.argv[1] + "/*.fods"):
    rows = []
    for row in ET.parse(path).iter("{%s}table-row" % T):
        cells = []
        for c in row.iter("{%s}table-cell" % T):
            repeat = int(c.get("{%s}number-columns-repeated" % T, "1"))
            text = "".join(c.itertext()).strip()
            kind = c.get("{%s}value-type" % O)
            value = c.get("{%s}value" % O) or c.get("{%s}date-value" % O)
            cells += [(text, kind, value)] * (min(repeat, 50) if (text or kind) else 0)
        if cells:
            rows.append(cells)
    sheets[path.rsplit("/", 1)[1]] = rows
failures = []
def check(ok, what):
    if not ok: failures.append(what)
def find(name):
    hits = [rows for key, rows in sheets.items() if name in key]
    check(len(hits) == 1, "one file for " + name)
    return hits[0] if hits else [[("", None, None)]]
def figure(rows, label):
    for row in rows:
        if row[0][0].startswith(label) and len(row) > 1: return row[1]
    failures.append("no figure " + label); return ("", None, None)
patrols = find("巡逻统计 - 巡逻明细")
header = [c[0] for c in patrols[0]]
check(header[0] == "巡逻编号" or header[0].startswith("巡逻"), "the header is the first row: %s" % header)
row = dict(zip(header, patrols[1]))
started = [v for k, v in row.items() if k.startswith("出发")][0]
check(started[1] == "date" and started[2] == "2026-11-23T08:00:00", "a start time is a date: %s" % (started,))
minutes = [v for k, v in row.items() if k.startswith("时长")][0]
check(minutes[1] == "float" and minutes[2] == "65", "minutes are a number (65): %s" % (minutes,))
check(any(k.endswith("（分钟）") for k in header), "the minutes' header names the unit: %s" % header)
summary = [v for k, v in row.items() if k.startswith("摘要")][0]
check(summary[1] == "string" and summary[0] == "'=SUM(A1) 正常", "a formula stays text: %s" % (summary,))
figures = find("巡逻统计 - 概况")
check([c[0] for c in figures[0]] == ["项目", "数值"], "the figures' header: %s" % (figures[0],))
total = figure(figures, "巡逻时长")
check(total[1] == "float" and total[2] == "65", "巡逻时长 is 65 minutes: %s" % (total,))
disputes = find("矛盾纠纷调处统计 - 概况")
rate = figure(disputes, "调处成功率")
check(rate[1] == "float" and abs(float(rate[2]) - 1 / 3) < 1e-3, "a rate is a fraction (1/3): %s" % (rate,))
for name, rows in sheets.items():
    check(not rows[0][0][0].startswith("\ufeff"), "the BOM is read as a BOM in " + name)
    check(not any("\ufffd" in c[0] or "Ã" in c[0] for r in rows for c in r), "Chinese reads back whole in " + name)
print("check-csv: %d files read back by LibreOffice Calc" % len(sheets))
if failures:
    print("check-csv: FAIL\n  " + "\n  ".join(failures)); sys.exit(1)
print("check-csv: OK")
EOF
