#!/bin/bash
# SPDX-License-Identifier: MIT
# scripts/lkml-report: its own --help; a default run's block is about 20
# lines and leads with safety (hazards per window, the LKMM verdicts), then
# one line per regime with its floor, and for a sleeping waiter the
# whole wait beside the removal, per floor; every output is ASCII and at most 72
# columns on wide fixtures (one CSV, a pair, three, with --litmus, --full);
# a data race is reported as one; the verdicts come from litmus/results.csv
# beside the scripts by default; strategy names from the CSV never become
# file names or code; bad input exits 2.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
FENCEBENCH=$FB
export FENCEBENCH

narrow() {	# file: ASCII, at most 72 columns, not empty
	[ -s "$1" ] && ! LC_ALL=C grep -q '[^ -~]' "$1" &&
	[ "$(awk '{ if (length > m) m = length } END { print m + 0 }' "$1")" -le 72 ]
}
# made-up verdicts in the format of make check-litmus, not herd7's
cp tests/fixtures/litmus-results.csv "$tmp/results.csv"

scripts/lkml-report --help >"$tmp/help" 2>&1
rc=$?
t "--help: its own text, exit 0" \
  "[ $rc = 0 ] && grep -q '^Usage: lkml-report' $tmp/help && ! grep -q -- '--threads' $tmp/help"
t "--help: names every option it takes" \
  "for o in --full --ministat --litmus --help; do grep -q -- \"\$o\" $tmp/help || exit 1; done"
t "--help fits in 72 columns" "narrow $tmp/help"

# ---- a default run's CSV: the default strategies, one regime (a fixture:
# a run of this loaded machine may complete no round)
tests/wide-csv.sh "$FB" "$tmp/run.csv" 1 poll 199.6 locked,list_empty,list_empty_careful,flag user
scripts/lkml-report --litmus "$tmp/results.csv" "$tmp/run.csv" >"$tmp/out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/out"
t "a default run: exit 0, ASCII, at most 72 columns" "[ $rc = 0 ] && narrow $tmp/out"
t "a default run: about 20 lines (at most 24)" "[ \$(wc -l <$tmp/out) -le 24 ]"
first=$(grep -n '^Safety' "$tmp/out" | cut -d: -f1)
speed=$(grep -n '^Speed' "$tmp/out" | cut -d: -f1)
t "it leads with safety: Safety is the first section, before Speed" \
  "[ -n '$first' ] && [ -n '$speed' ] && [ '$first' -lt '$speed' ] && [ '$first' -le 8 ]"
hz="[0-9.]+(/M| \\([0-9.]+/M\\))?"	# 0, "2 (114/M)", or the rate alone when cramped
row() { grep -Eq "^$1 +$hz +$hz +$2 +$3\$" "$tmp/out"; }
t "locked: hazards per window, never in either window" "row locked never never"
t "a data race is reported as one (Sometimes DATARACE)" "row list_empty sometimes 'data race'"
sed 's/,123456,/,2,/g; s/,123456,/,2,/g' "$tmp/run.csv" >"$tmp/few.csv"	# every hazard column
scripts/lkml-report "$tmp/few.csv" >"$tmp/few.out" 2>&1
t "hazards: the count, then the rate per million" \
  "grep -Eq '^list_empty +10 \(0.02/M\) +30 \(0.05/M\) ' $tmp/few.out"
t "a data race is reported as one, never as Never (Never DATARACE); a window's tests together (B, B_payload)" \
  "row list_empty_careful 'data race' sometimes"
t "a strategy without a litmus test says so" "row flag 'no test' 'no test'"
t "names herd7's version and the model" "grep -q '^LKMM: herd7 7.57; linux-kernel.cfg' $tmp/out"
t "one line per regime with its floor and locked's p50" \
  "grep -Eq '^(poll, [a-z -]+)?  +[0-9]+ ns +[0-9]+ ns ' $tmp/out && grep -q '^poll, other node' $tmp/out"
t "the full tables only with --full" "! grep -q 'p99 ns' $tmp/out"
scripts/lkml-report --full --litmus "$tmp/results.csv" "$tmp/run.csv" >"$tmp/full" 2>&1
t "--full: the short block, then fencebench --report's tables" \
  "[ $? = 0 ] && grep -q '^Safety' $tmp/full && grep -q 'p99 ns' $tmp/full && narrow $tmp/full"
scripts/lkml-report --litmus="$tmp/results.csv" <"$tmp/run.csv" >"$tmp/stdin.out" 2>&1
t "reads the CSV from standard input" "[ $? = 0 ] && cmp -s $tmp/out $tmp/stdin.out"

# ---- the shipped results file is the default, installed or not
mkdir -p "$tmp/tree/scripts" "$tmp/tree/litmus"
cp scripts/lkml-report "$tmp/tree/scripts/"
cp "$tmp/results.csv" "$tmp/tree/litmus/results.csv"
"$tmp/tree/scripts/lkml-report" "$tmp/run.csv" >"$tmp/def.out" 2>&1
t "without --litmus: the verdicts of litmus/results.csv beside the scripts" \
  "[ $? = 0 ] && grep -Eq '^list_empty .* sometimes +data race\$' $tmp/def.out"
rm "$tmp/tree/litmus/results.csv"
"$tmp/tree/scripts/lkml-report" "$tmp/run.csv" >"$tmp/none.out" 2>&1
t "no results file: the mail says so and still prints" \
  "[ $? = 0 ] && grep -q '^LKMM: no results file' $tmp/none.out && grep -q '^Speed' $tmp/none.out"
if [ -f litmus/results.csv ]; then
	make -s install DESTDIR="$tmp/stage" PREFIX=/usr >/dev/null 2>&1
	FENCEBENCH=$FB "$tmp/stage/usr/share/fencebench/scripts/lkml-report" "$tmp/run.csv" \
		>"$tmp/inst.out" 2>&1
	t "installed: quotes the installed litmus/results.csv" \
	  "[ $? = 0 ] && ! grep -q '^LKMM: no results file' $tmp/inst.out"
fi

# ---- wide fixtures: four-digit ns, three-digit % intervals, long names
tests/wide-csv.sh "$FB" "$tmp/w1.csv" 1 poll
tests/wide-csv.sh "$FB" "$tmp/w2.csv" 3 poll 2345.6
tests/wide-csv.sh "$FB" "$tmp/w3.csv" 2 callback
for set in "w1" "w1 w2" "w1 w2 w3"; do
	files=()
	for f in $set; do files+=("$tmp/$f.csv"); done
	scripts/lkml-report --litmus "$tmp/results.csv" "${files[@]}" >"$tmp/w.out" 2>&1
	rc=$?
	t "wide values, ${#files[@]} CSV(s), with --litmus: at most 72 columns, names whole" \
	  "[ $rc = 0 ] && narrow $tmp/w.out && grep -q '^kernel/list_empty_careful_2020 ' $tmp/w.out"
	scripts/lkml-report --full --litmus "$tmp/results.csv" "${files[@]}" >"$tmp/w.out" 2>&1
	t "wide values, ${#files[@]} CSV(s), --full: at most 72 columns" "[ $? = 0 ] && narrow $tmp/w.out"
done
scripts/lkml-report "$tmp/w1.csv" "$tmp/w2.csv" >"$tmp/pair.out" 2>&1
t "a pair: before and after named in the head" \
  "grep -q '^A (before): ' $tmp/pair.out && grep -q '^B (after): ' $tmp/pair.out"

if command -v ministat >/dev/null; then
	scripts/lkml-report --ministat "$tmp/w1.csv" >"$tmp/m.out" 2>&1
	t "--ministat: ministat's block, saying whose test it is, at most 72 columns" \
	  "[ $? = 0 ] && grep -q \"ministat's raw comparison\" $tmp/m.out &&
	   grep -q 'the verdicts above are fencebench' $tmp/m.out && narrow $tmp/m.out"
	t "--ministat: one comparison per strategy, against its engine's locked" \
	  "grep -q '^p50 ns per repetition, each strategy' $tmp/m.out &&
	   grep -q '^x locked, + list_empty$' $tmp/m.out && grep -q '^x kernel/locked, + kernel/flag$' $tmp/m.out &&
	   ! grep -q 'p50\$' $tmp/m.out"
fi
scripts/lkml-report "$tmp/run.csv" >"$tmp/nm.out" 2>&1
t "without --ministat: no ministat block" "! grep -qi 'ministat.s raw' $tmp/nm.out"

# ---- a sleeping waiter: the whole wait beside the removal, per floor
tests/wide-csv.sh "$FB" "$tmp/sl-near.csv" 1 sleep 30.0 locked,list_empty,finish_wait user,kernel
tests/wide-csv.sh "$FB" "$tmp/sl-far.csv" 2 sleep 250.0 locked,list_empty,finish_wait user,kernel
{ cat "$tmp/sl-near.csv"; grep -v '^#' "$tmp/sl-far.csv" | tail -n +2; } >"$tmp/sl.csv"
# wide-csv.sh writes 1 into every column it does not set: wait 1 ns, share 1%
scripts/lkml-report --litmus "$tmp/results.csv" "$tmp/sl.csv" >"$tmp/sl.out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/sl.out"
t "--wait sleep: exit 0, ASCII, at most 72 columns" "[ $rc = 0 ] && narrow $tmp/sl.out"
t "--wait sleep: the whole wait, the removal and its share, after the speed lines" \
  "awk '/^Speed/ { s = NR } /^Sleeping waiter/ { w = NR } END { exit !(s && w > s) }' $tmp/sl.out"
near=$(rows "$tmp/sl-near.csv" '$c["strategy"] == "locked" && $c["engine"] == "user" { p += $c["remove_ns_p50"]; k++ } END { printf "%.0f", p / k }')
far=$(rows "$tmp/sl-far.csv" '$c["strategy"] == "locked" && $c["engine"] == "user" { p += $c["remove_ns_p50"]; k++ } END { printf "%.0f", p / k }')
share_near=$(awk -v r="$near" 'BEGIN { printf "%.0f", 100 * r / (r + 1) }')
share_far=$(awk -v r="$far" 'BEGIN { printf "%.0f", 100 * r / (r + 1) }')
t "--wait sleep: each floor apart, never pooled, each strategy of each engine once" \
  "grep -Eq '^  30 ns +locked +1 ns +$near ns +$share_near% +1%\$' $tmp/sl.out &&
   grep -Eq '^  250 ns +locked +1 ns +$far ns +$share_far% +1%\$' $tmp/sl.out &&
   [ \$(grep -Ec '^ .* (kernel/)?(locked|list_empty|finish_wait) +1 ns +[0-9]+ ns +[0-9]+% +1%\$' $tmp/sl.out) = 12 ]"
t "no sleeping rows, no such lines" "! grep -q 'Sleeping waiter' $tmp/out"

# ---- hostile input: a strategy name is data, never a path or code
for name in '../../escape' '$(touch PWNED)' 'a;touch PWNED' "\`touch PWNED\`"; do
	NAME=$name edit "$tmp/run.csv" '{ $c["strategy"] = ENVIRON["NAME"] }' >"$tmp/bad.csv"
	(cd "$tmp" && FENCEBENCH="$OLDPWD/$FB" "$OLDPWD/scripts/lkml-report" --ministat bad.csv \
		>"$tmp/bad.out" 2>"$tmp/bad.err")
	rc=$?
	t "strategy '$name': exit 2, one line naming it, nothing written" \
	  "[ $rc = 2 ] && [ \$(wc -l <$tmp/bad.err) = 1 ] && grep -q 'unknown strategy' $tmp/bad.err &&
	   [ ! -e $tmp/PWNED ] && [ ! -e $tmp/../escape ] && [ ! -e $tmp/escape ] && [ ! -e PWNED ]"
done
scripts/lkml-report --no-such-option "$tmp/run.csv" >/dev/null 2>"$tmp/e1"
t "an unknown option: exit 2, one line" "[ $? = 2 ] && [ \$(wc -l <$tmp/e1) = 1 ]"
scripts/lkml-report /etc/passwd >/dev/null 2>"$tmp/e2"
t "a file that is not fencebench CSV: exit 2" "[ $? = 2 ] && grep -q 'not a fencebench CSV' $tmp/e2"
scripts/lkml-report /nonexistent.csv >/dev/null 2>"$tmp/e3"
t "a missing file: exit 1" "[ $? = 1 ]"
echo "1..$n"
