#!/usr/bin/env bash
# End-to-end check (issue 14) that the checkpoint is an authenticated, disposable cache and
# that replay re-checks authority, with the real binary.
#
# (a) A checkpoint forged without the installation key (an auxiliary made police, an incident
#     summary rewritten; the section table fixed so the payload is coherent) is discarded: the
#     auxiliary still gets exit 77 for `person reveal` and `officer add --role police`, the
#     journal's bytes do not change, reports show nothing the journal does not hold, and the
#     console's checkpoint on exit is a genuine one, not the forgery. An old-format file is
#     ignored the same way.
# (b) No key to be had (key file a symlink, or 0644): commands still work, without checkpoints.
# (c) A journal forged with a recomputed chain, holding an auxiliary's OfficerEnrolled(police)
#     and PinSet for a police officer: `jingwu verify` names both records (exit 2, chain
#     intact), the enrolled officer cannot write, the forged PIN does not sign anyone in, and
#     the real PIN still does.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup trust-checkpoint
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T10:30:00+08:00"
export XDG_CONFIG_HOME="$WORK/config"
mkdir -p "$WORK/office" && chmod 700 "$WORK/office"
J="$WORK/office/journal.jsonl"
CK="$J.checkpoint"
jw() { "$BIN" --journal "$J" --now "$NOW" "$@"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# What a command's trace says about the checkpoint (in a file: grep -q on a pipe would cut it short).
traced() { JINGWU_TRACE=1 jw "$@" 2>"$WORK/trace" >/dev/null || true; }
# A checkpoint file signed as CheckpointFile.write signs it, for the Python below that signs
# with the real key (a control an attacker could not run: they have no key).
cat >"$WORK/checkpoint_tag.py" <<'EOF'
import hashlib, hmac, json, struct
from cryptography.hazmat.primitives.poly1305 import Poly1305

LABEL = b"jingwu-checkpoint-v3"

def one_time(key, nonce, i):
    return hmac.new(key, LABEL + nonce + struct.pack("<I", i), hashlib.sha256).digest()

def split(data):
    # A checkpoint file's header line (magic and JSON) and payload (the block table after it left out).
    nl = data.index(b"\n", 7)
    at = nl + 1 + 98
    return data[:nl], data[at:at + json.loads(data[7:nl])["payloadBytes"]]

def signed_file(key, line, payload):
    # As CheckpointFile.write: a Poly1305 tag for each block of the payload under its own one-time
    # key, and the block table's tag over the header's HMAC, the table and the payload's length.
    h = json.loads(line[7:])
    nonce, b = bytes.fromhex(h["nonce"]), h["blockBytes"]
    header_tag = hmac.new(key, line, hashlib.sha256).digest()
    table = b"".join(Poly1305.generate_tag(one_time(key, nonce, i), bytes(payload[i * b:(i + 1) * b]))
                     for i in range((len(payload) + b - 1) // b))
    table_tag = Poly1305.generate_tag(one_time(key, nonce, 0xFFFFFFFF), header_tag + table + struct.pack("<Q", len(payload)))
    return line + b"\n" + (header_tag.hex() + " " + table_tag.hex() + "\n").encode() + bytes(payload) + table
EOF
export PYTHONPATH="$WORK${PYTHONPATH:+:$PYTHONPATH}"

jw demo --days 4 >/dev/null
[ -f "$CK" ] || fail "demo wrote no checkpoint"
jw verify >/dev/null || fail "the demo journal does not verify clean (a legitimate entry refused?)"
[ "$(stat -c %a "$XDG_CONFIG_HOME/jingwu")" = 700 ] || fail "key folder is not 0700"
[ "$(stat -c %a "$XDG_CONFIG_HOME/jingwu/checkpoint.key")" = 600 ] || fail "key file is not 0600"
[ "$(stat -c %s "$XDG_CONFIG_HOME/jingwu/checkpoint.key")" = 32 ] || fail "key is not 32 bytes"
traced report bulletin; grep -q "checkpoint: state decoded" "$WORK/trace" || fail "the genuine checkpoint is not used"
GENUINE="$WORK/genuine.checkpoint"
cp "$CK" "$GENUINE"

# --- (a) the forged checkpoint --------------------------------------------------------------
python3 - "$CK" <<'EOF'
import struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
nl = data.index(b"\n", 7)
payload_at = nl + 1 + 98                      # header line, then the tag line (kept: no key to redo it)
plen = int(data[:nl].split(b'"payloadBytes":')[1].split(b",")[0])
p = data[payload_at:payload_at + plen]        # the block table after it is kept too
count = struct.unpack_from("<q", p, 0)[0]
table = [list(struct.unpack_from("<qq", p, 8 + 16 * i)) for i in range(count)]
def lp(s): return struct.pack("<q", len(s)) + s
# Section 0: the auxiliary F101 becomes police (the string is shorter: fix the table).
s0, l0 = table[0]
sec = p[s0:s0 + l0]
old = lp(b"F101")
at = -1
while True:                                   # the roster order lists the badge first; the record follows
    at = sec.index(old, at + 1)
    name_at = at + len(old)
    name_len = struct.unpack_from("<q", sec, name_at)[0]
    role_at = name_at + 8 + name_len
    if 0 <= name_len < 64 and sec[role_at:role_at + 17] == lp(b"auxiliary"): break
sec = sec[:role_at] + lp(b"police") + sec[role_at + 17:]
delta = len(sec) - l0
p = p[:s0] + sec + p[s0 + l0:]
table[0][1] += delta
for i in range(1, count): table[i][0] += delta
for i, (s, l) in enumerate(table): struct.pack_into("<qq", p, 8 + 16 * i, s, l)
# Section 8 (incidents): the first incident's summary rewritten, same length.
s8, l8 = table[8]
i = s8 + 8
for _ in range(2):                            # id, cell
    i += 8 + struct.unpack_from("<q", p, i)[0]
i += 8 + struct.unpack_from("<q", p, i)[0]    # kind
n = struct.unpack_from("<q", p, i)[0]
assert n >= 6
p[i + 8:i + 8 + n] = (b"FORGED" + b"X" * n)[:n]
# The header's payload size stays right (same total length change is applied to it).
header = bytes(data[:nl]).replace(b'"payloadBytes":%d' % plen, b'"payloadBytes":%d' % len(p))
open(path, "wb").write(header + data[nl:payload_at] + p + data[payload_at + plen:])
EOF
FORGED="$WORK/forged.checkpoint"
cp "$CK" "$FORGED"
before="$(sum "$J")"
status=0; JINGWU_PIN=123456 jw --as F101 person reveal --person P0001 --purpose 核查 >/dev/null 2>&1 || status=$?
[ "$status" = 77 ] || fail "forged checkpoint: auxiliary's person reveal exited $status, not 77"
status=0; JINGWU_PIN=123456 jw --as F101 officer add --badge 066666 --name 假民警 --role police >/dev/null 2>&1 || status=$?
[ "$status" = 77 ] || fail "forged checkpoint: auxiliary's officer add --role police exited $status, not 77"
[ "$(sum "$J")" = "$before" ] || fail "a refused command changed the journal"
JINGWU_TRACE=1 jw report bulletin 2>"$WORK/trace" >"$WORK/bulletin"
grep -q "does not authenticate; ignored" "$WORK/trace" || fail "the forged payload was not refused: $(grep checkpoint "$WORK/trace")"
grep -q FORGED "$WORK/bulletin" && fail "the report shows the forged incident"
jw --json log >"$WORK/log"
grep -q FORGED "$WORK/log" && fail "the journal itself holds the forged text?"
mv "$CK" "$WORK/aside"
jw report bulletin | cmp -s - "$WORK/bulletin" || fail "the report with the forged checkpoint differs from a full replay's"
mv "$WORK/aside" "$CK"
JINGWU_PIN=123456 "$BIN" --journal "$J" --now "$NOW" --lang en officer add --badge 066667 --name x --role police \
    --as F101 >"$WORK/refusal" 2>&1 || true
grep -q "auxiliary" "$WORK/refusal" || fail "the refusal does not name the auxiliary role: $(cat "$WORK/refusal")"

# The console opens past the forgery and, on a clean exit, saves a genuine checkpoint.
e2e_start_shell "XDG_CONFIG_HOME='$XDG_CONFIG_HOME'"
keys "clear; '$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和密码"
text 123456
keys Enter
wait_for '1 总览'
keys q
wait_shell
expect_restored console
cmp -s "$CK" "$FORGED" && fail "the console kept the forged checkpoint"
traced report bulletin; grep -q "checkpoint: state decoded" "$WORK/trace" || fail "the checkpoint the console saved does not load"
grep -q FORGED "$CK" && fail "the console re-saved the forged incident"

# An old-format checkpoint (format 1, unkeyed): read as none, replaced by the next save.
python3 - "$GENUINE" "$CK" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
nl = data.index(b"\n", 7)
head = data[:nl].replace(b'"format":3', b'"format":1')
open(sys.argv[2], "wb").write(head + b"\n" + data[nl + 1 + 98:])
EOF
traced report bulletin; grep -qE "checkpoint: (absent or not of this format|header does not authenticate)" "$WORK/trace" \
    && ! grep -q "checkpoint: state decoded" "$WORK/trace" || fail "an old-format checkpoint was not refused"

# --- (b) no key to be had: run without checkpoints, no command fails ---------------------------
cp "$GENUINE" "$CK"
mv "$XDG_CONFIG_HOME/jingwu/checkpoint.key" "$WORK/key.real"
ln -s "$WORK/key.real" "$XDG_CONFIG_HOME/jingwu/checkpoint.key"
JINGWU_TRACE=1 jw report bulletin 2>"$WORK/trace" >/dev/null || fail "a command failed with the key a symlink"
grep -q "symbolic link; running without checkpoints" "$WORK/trace" || fail "no trace says the symlinked key is refused"
grep -q "checkpoint: state decoded" "$WORK/trace" && fail "a checkpoint was used without a trusted key"
rm "$XDG_CONFIG_HOME/jingwu/checkpoint.key"
cp "$WORK/key.real" "$XDG_CONFIG_HOME/jingwu/checkpoint.key"
chmod 644 "$XDG_CONFIG_HOME/jingwu/checkpoint.key"
jw report bulletin >/dev/null || fail "a command failed with the key 0644"
traced report bulletin; grep -q "not a regular 0600 file" "$WORK/trace" || fail "a 0644 key was used"
chmod 600 "$XDG_CONFIG_HOME/jingwu/checkpoint.key"
# The key folder being the journal's own folder: no checkpoints.
JINGWU_TRACE=1 XDG_CONFIG_HOME="$WORK" "$BIN" --journal "$WORK/jingwu/j.jsonl" --now "$NOW" demo --days 1 2>"$WORK/trace" >/dev/null
grep -q "its folder is the journal's folder" "$WORK/trace" || fail "a key beside the journal was used"
[ ! -e "$WORK/jingwu/j.jsonl.checkpoint" ] || fail "a checkpoint was written with the key beside the journal"

# --- (c) a forged journal with a recomputed chain -----------------------------------------------
head_before="$(jw --json verify | grep -oE '"headSeq":[0-9]+' | cut -d: -f2)"
python3 - "$J" <<'EOF'
import hashlib, json, sys, uuid
path = sys.argv[1]
lines = open(path, "rb").read().split(b"\n")
if lines[-1] == b"": lines.pop()
last = json.loads(lines[-1])
prev = bytes.fromhex(last["hash"])
seq = last["seq"]
salt = bytes(range(16))
pin = hashlib.pbkdf2_hmac("sha256", b"999999", salt, 100000).hex()
forged = [
    ("OfficerEnrolled", {"badge": "066666", "name": "假民警", "role": "police"}),
    ("PinSet", {"alg": "pbkdf2-sha256", "badge": "031245", "hash": pin, "iterations": 100000, "salt": salt.hex()}),
]
out = []
for kind, data in forged:
    seq += 1
    body = ('{"seq":%d,"id":"%s","type":"%s","v":1,"at":"%s","recorded":"%s","by":"F101","data":%s'
            % (seq, uuid.uuid4(), kind, last["recorded"], last["recorded"],
               json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True))).encode()
    prev = hashlib.sha256(prev + body).digest()
    out.append(body + b',"hash":"' + prev.hex().encode() + b'"}')
open(path, "ab").write(b"\n".join(out) + b"\n")
EOF
status=0; jw --lang en verify >"$WORK/verify" 2>&1 || status=$?
[ "$status" = 2 ] || fail "verify of the forged journal exited $status, not 2: $(cat "$WORK/verify")"
grep -q "^verified:" "$WORK/verify" || fail "verify does not say the chain is intact"
grep -q "record $((head_before + 1)): Officer enrolled, written as .*(F101), who may not enrol officers" "$WORK/verify" \
    || fail "verify does not name the forged enrolment: $(cat "$WORK/verify")"
grep -q "record $((head_before + 2)): .*written as .*(F101), who may not set or reset another officer's PIN" "$WORK/verify" \
    || fail "verify does not name the forged PinSet: $(cat "$WORK/verify")"
status=0; jw verify >"$WORK/verify-zh" 2>&1 || status=$?
grep -q "第 $((head_before + 1)) 号记录" "$WORK/verify-zh" || fail "verify (zh) does not name the record"
jw --json verify >"$WORK/verify.json" || true
grep -q "\"unauthorized\":\[{\"seq\":$((head_before + 1))," "$WORK/verify.json" || fail "verify --json lacks the finding"
before="$(sum "$J")"
status=0; JINGWU_PIN=999999 jw --as 066666 cell add --code Z99 --name 假 --community 假 --kind street >/dev/null 2>&1 || status=$?
[ "$status" != 0 ] || fail "the forged officer could write"
status=0; JINGWU_PIN=999999 jw --as 031245 cell add --code Z99 --name 假 --community 假 --kind street >/dev/null 2>&1 || status=$?
[ "$status" = 77 ] || fail "the forged PIN signed 031245 in (exit $status)"
[ "$(sum "$J")" = "$before" ] || fail "a refused write changed the journal"
JINGWU_PIN=123456 jw --as 031245 cell add --code Z98 --name 真 --community 真 --kind street >/dev/null \
    || fail "the real PIN no longer works"

# Control: the forgery itself is coherent. Signed with the real key (which an attacker does
# not have), the same bytes are taken, so (a) above refused it for its tags and nothing else.
if python3 -c "from cryptography.hazmat.primitives.poly1305 import Poly1305" 2>/dev/null; then
    cp "$FORGED" "$CK"
    python3 - "$XDG_CONFIG_HOME/jingwu/checkpoint.key" "$CK" <<'EOF'
import sys
from checkpoint_tag import signed_file, split
key = open(sys.argv[1], "rb").read()
signed, payload = split(open(sys.argv[2], "rb").read())
open(sys.argv[2], "wb").write(signed_file(key, signed, payload))
EOF
    jw report bulletin >"$WORK/bulletin-control"
    grep -q FORGED "$WORK/bulletin-control" || fail "control: the re-signed forgery was not taken (is the forgery coherent?)"
    rm "$CK"

    # (d) As if jingwu's own writer had a bug: payloads mutated and signed with the real key,
    # each read by short-lived commands through the mapped, decode-on-first-use path. Never a
    # crash (a section that does not decode is taken from a replay; the documented stop, with
    # the checkpoint removed and the section named, only if that replay cannot be had), and
    # the journal never changes.
    cp "$GENUINE" "$CK"
    before="$(sum "$J")"
    python3 - "$XDG_CONFIG_HOME/jingwu/checkpoint.key" "$CK" "$BIN" "$J" "$NOW" <<'EOF' || fail "signed fuzz through the binary"
import json, os, random, struct, subprocess, sys
from checkpoint_tag import signed_file, split
key_path, ck, binary, journal, now = sys.argv[1:]
key = open(key_path, "rb").read()
genuine = open(ck, "rb").read()
signed, payload = split(genuine)
payload = bytearray(payload)
header = json.loads(signed[7:])
rng = random.Random(14)
commands = [["report", "bulletin"], ["hazard", "list", "--all"], ["report", "patrols"], ["hazard", "list"],
            ["report", "coverage"], ["fraud", "list"], ["report", "disputes"]]
counts = {"ok": 0, "stopped": 0}
for round in range(150):
    p = bytearray(payload)
    kind = round % 5
    if kind == 0:
        for _ in range(rng.randint(1, 4)): p[rng.randrange(len(p))] ^= rng.randint(1, 255)
    elif kind == 1:
        at = 8 + 8 * rng.randrange(28)
        struct.pack_into("<Q", p, at, rng.choice([0, 1, 2**64 - 1, 2**63 - 1, len(p), rng.randrange(len(p))]))
    elif kind == 2:
        at = rng.randrange(232, len(p) - 8)
        struct.pack_into("<Q", p, at, rng.choice([2**64 - 1, 1 << 40, 0x7fffffff, rng.randrange(1 << 16)]))
    elif kind == 3:
        del p[rng.randrange(232, len(p)):]
    else:  # a section decoded on first use (hazards, incidents, disputes, fraud…) whose count is wrong
        start = struct.unpack_from("<q", p, 8 + 16 * rng.choice([3, 4, 6, 7, 8, 10, 11, 12]))[0]
        struct.pack_into("<Q", p, start, 2**63 - 1)
    h = dict(header, payloadBytes=len(p), nonce=os.urandom(16).hex())
    line = b"JWCKPT\n" + json.dumps(h, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
    open(ck, "wb").write(signed_file(key, line, p))
    command = commands[round % len(commands)]
    r = subprocess.run([binary, "--journal", journal, "--now", now, "--lang", "en"] + command,
                       capture_output=True, text=True, env=dict(os.environ, JINGWU_TRACE="1"))
    if "taken from the replay" in r.stderr: counts["replayed"] = counts.get("replayed", 0) + 1
    if r.returncode < 0 or r.returncode > 128:
        if "does not decode; checkpoint removed" in r.stderr and not os.path.exists(ck):
            counts["stopped"] += 1
            continue
        sys.exit("round %d (%s): crashed with %d: %s" % (round, " ".join(command), r.returncode, r.stderr[-2000:]))
    counts["ok" if r.returncode == 0 else "exit %d" % r.returncode] = counts.get("ok" if r.returncode == 0 else "exit %d" % r.returncode, 0) + 1
print("e2e-trust-checkpoint: signed fuzz through the binary:", counts)
if not counts.get("replayed"): sys.exit("no run took a section from the replay: the fallback went untested")
EOF
    [ "$(sum "$J")" = "$before" ] || fail "signed fuzz: a read changed the journal"
    rm -f "$CK"
else
    echo "e2e-trust-checkpoint: (control skipped: python3 has no cryptography module)"
fi

echo "e2e-trust-checkpoint: ok (forged checkpoint discarded, no key no checkpoint, forged journal entries named and powerless)"
