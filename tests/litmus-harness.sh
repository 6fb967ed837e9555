#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/litmus.sh (make check-litmus) itself, with a stand-in herd7 whose
# verdict the test chooses, so it runs without herd7 or the kernel's
# model: a match passes, a mismatch (verdict or data race) fails and says
# what was expected and observed, the weakened-test check fails when the
# weakened test is not Sometimes, the results file holds every test, and
# a missing herd7 is a SKIP with exit 0.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# The stand-in: prints what a herd7 run prints for $FAKE_OBS (nothing
# for "none"), and a data-race flag when FAKE_RACE is set.
cat >"$tmp/herd7" <<'EOF'
#!/bin/sh
[ "$1" = -version ] && { echo "7.57-fake"; exit 0; }
for a; do t=$a; done
name=$(sed -n 's/^C //p' "$t")
[ "$FAKE_OBS" = none ] && { echo "Warning: lex error"; exit 1; }
[ -n "${FAKE_RACE:-}" ] && echo "Flag data-race"
echo "Observation $name $FAKE_OBS 1 2"
EOF
chmod +x "$tmp/herd7"
mkdir "$tmp/model"
touch "$tmp/model/linux-kernel.cfg"
export LKMM_DIR=$tmp/model HERD7=$tmp/herd7

run() {	# FAKE_OBS, then tests/litmus.sh's arguments
	FAKE_OBS=$1 tests/litmus.sh -o "$tmp/r.csv" "${@:2}" >"$tmp/out" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/out"
}

run Sometimes litmus/list_empty-A.litmus
t "expected Sometimes, observed Sometimes: exit 0, 2 passed" \
  "[ $rc = 0 ] && grep -q '^2 passed, 0 failed' $tmp/out"
t "results: the header line, then test,strategy,window,expected,observed" \
  "grep -v '^#' $tmp/r.csv | head -1 | grep -qx 'test,strategy,window,expected,observed' &&
   grep -qx 'list_empty-A,list_empty,A,Sometimes,Sometimes' $tmp/r.csv"
t "results: names herd7 and where the model came from" "grep -q '^# herd7 7.57-fake; ' $tmp/r.csv"

run Sometimes litmus/flag-A.litmus litmus/list_empty_careful_2020-B.litmus
t "a Never test observed Sometimes: exit 1, names test, expected, observed" \
  "[ $rc = 1 ] && grep -q '^not ok .* flag-A: expected Never, observed Sometimes' $tmp/out"
t "a DATARACE test observed without the race fails too" \
  "grep -q 'list_empty_careful_2020-B: expected Sometimes DATARACE, observed Sometimes\$' $tmp/out"
t "results: one row per test" "[ \$(grep -vc '^#' $tmp/r.csv) = 3 ]"

FAKE_RACE=1 run Sometimes litmus/list_empty-A.litmus
t "a data race the test does not expect fails" \
  "[ $rc = 1 ] && grep -q 'list_empty-A: expected Sometimes, observed Sometimes DATARACE' $tmp/out"

run Never litmus/flag-A.litmus
t "a herd7 that always says Never fails the weakened-test check" \
  "[ $rc = 1 ] && grep -q '^not ok .*WRITE_ONCE().*expected Sometimes, observed Never' $tmp/out"

run none litmus/flag-A.litmus
t "no Observation from herd7: observed 'error', herd7's words shown" \
  "[ $rc = 1 ] && grep -q 'expected Never, observed error' $tmp/out && grep -q 'lex error' $tmp/out"

sed '/Result:/d' litmus/flag-A.litmus >"$tmp/flag-A.litmus"
run Never "$tmp/flag-A.litmus"
t "a test without a Result line fails" "[ $rc = 1 ] && grep -q 'no valid .*Result' $tmp/out"

cp "$tmp/r.csv" "$tmp/before.csv"
FAKE_OBS=Never tests/litmus.sh -o "$tmp/r.csv" litmus/nonexistent.litmus >/dev/null 2>&1
rc=$?
t "an unreadable test: exit 2, results file untouched" "[ $rc = 2 ] && cmp -s $tmp/r.csv $tmp/before.csv"

mkdir "$tmp/bin"
ln -s "$(command -v sed)" "$(command -v awk)" "$(command -v dirname)" "$tmp/bin/"
HERD7='' PATH=$tmp/bin "$BASH" tests/litmus.sh >"$tmp/skip" 2>&1
rc=$?
t "no herd7: SKIP line naming opam and the source, exit 0" \
  "[ $rc = 0 ] && grep -q '^SKIP: .*opam install herdtools7' $tmp/skip"
echo "1..$n"
