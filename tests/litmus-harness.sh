#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/litmus.sh (make check-litmus) itself, with a stand-in herd7 whose
# verdict the test chooses, so it runs without herd7 or the kernel's
# model: a match passes, a mismatch (verdict or data race) fails and says
# what was expected and observed, the two mutant checks fail when herd7
# cannot tell the forms apart, the results file holds every test, a
# shipped results file that differs is stale and says how to refresh it,
# a header pointing at lines that moved fails, and a missing herd7 is a
# SKIP with exit 0 (the headers still checked).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# The stand-in: prints what a herd7 run prints for $FAKE_OBS (nothing
# for "none"), or for the verdict $FAKE_TABLE gives the test's name on a
# "NAME VERDICT" line, and a data-race flag when FAKE_RACE is set.
cat >"$tmp/herd7" <<'EOF'
#!/bin/sh
[ "$1" = -version ] && { echo "7.57-fake"; exit 0; }
for a; do t=$a; done
name=$(sed -n 's/^C //p' "$t")
obs=$FAKE_OBS
[ -n "${FAKE_TABLE:-}" ] &&
	obs=$(awk -v n="$name" -v d="$obs" '$1 == n { d = $2 } END { print d }' "$FAKE_TABLE")
[ "$obs" = none ] && { echo "Warning: lex error"; exit 1; }
[ -n "${FAKE_RACE:-}" ] && echo "Flag data-race"
echo "Observation $name $obs 1 2"
EOF
chmod +x "$tmp/herd7"
# the verdicts the two mutant checks want
printf 'flag-A+weak Sometimes\nflag_xchg-A+ctrl Never\n' >"$tmp/mutants"
mkdir "$tmp/model"
touch "$tmp/model/linux-kernel.cfg"
export LKMM_DIR=$tmp/model HERD7=$tmp/herd7

run() {	# FAKE_OBS, then tests/litmus.sh's arguments
	FAKE_OBS=$1 tests/litmus.sh -o "$tmp/r.csv" "${@:2}" >"$tmp/out" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/out"
}

FAKE_TABLE=$tmp/mutants run Sometimes litmus/list_empty-A.litmus
t "expected Sometimes, observed Sometimes: exit 0, header, test and both mutants pass" \
  "[ $rc = 0 ] && grep -q '^4 passed, 0 failed' $tmp/out"
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
run Sometimes litmus/list_empty-A.litmus
t "a herd7 that always says Sometimes fails the control-dependency check" \
  "[ $rc = 1 ] && grep -q '^not ok .*flag_xchg-A with the reuse inside.*expected Never, observed Sometimes' $tmp/out"

# the shipped verdicts: equal passes; different is stale and says how to refresh
printf '# herd7 7.57-fake; x\ntest,strategy,window,expected,observed\nlist_empty-A,list_empty,A,Sometimes,Sometimes\n' \
	>"$tmp/shipped.csv"
FAKE_TABLE=$tmp/mutants run Sometimes --shipped "$tmp/shipped.csv" litmus/list_empty-A.litmus
t "a shipped results file with the same verdicts passes" \
  "[ $rc = 0 ] && grep -q '^ok .*shipped.csv holds the verdicts herd7 gives now' $tmp/out"
FAKE_TABLE=$tmp/mutants FAKE_RACE=1 run Sometimes --shipped "$tmp/shipped.csv" litmus/list_empty-A.litmus
t "a shipped results file that differs is stale: fails, shows both rows, says how to refresh" \
  "[ $rc = 1 ] && grep -q '^not ok .*shipped.csv is stale' $tmp/out &&
   grep -q 'shipped: list_empty-A,list_empty,A,Sometimes,Sometimes\$' $tmp/out &&
   grep -q 'now:     list_empty-A,list_empty,A,Sometimes,Sometimes DATARACE' $tmp/out &&
   grep -q 'make litmus-results HERD7=' $tmp/out"
FAKE_TABLE=$tmp/mutants run Sometimes --update litmus/list_empty-A.litmus
t "--update with a test named is refused: exit 2" "[ $rc = 2 ]"

# a header whose Mirrors line points at lines that no longer hold the code
sed 's/^ \* Mirrors: fence.h:[0-9]*-[0-9]* __dma_fence_signal_locked_stamped/ * Mirrors: fence.h:1-3 __dma_fence_signal_locked_stamped/' \
	litmus/list_empty-A.litmus >"$tmp/moved.litmus"
FAKE_TABLE=$tmp/mutants run Sometimes "$tmp/moved.litmus"
t "a Mirrors line whose lines no longer hold the function fails, naming it" \
  "[ $rc = 1 ] && grep -q '__dma_fence_signal_locked_stamped is not in fence.h lines 1-3' $tmp/out"

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
HERD7='' PATH=$tmp/bin "$BASH" tests/litmus.sh --update >"$tmp/noupd" 2>&1
t "no herd7 with --update: exit 2, says results.csv was not rewritten" \
  "[ $? = 2 ] && grep -q 'needs herd7.*not rewritten' $tmp/noupd"
t "no herd7: SKIP line naming opam and the source, exit 0, headers checked" \
  "[ $rc = 0 ] && grep -q '^SKIP: .*opam install herdtools7' $tmp/skip &&
   grep -q '^ok .*locked-A: header names the kernel' $tmp/skip"
echo "1..$n"
