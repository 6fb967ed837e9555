# SPDX-License-Identifier: MIT
# The race on a timeline: for a handful of rounds sampled by --trace, one
# lane per thread (the signaler on top, then each waiter), each stamp a
# point at its time from the round's S1, in ns.  A failed precheck shows as
# a waiter's precheck before the signaler's S4a, then its lock acquisition
# after the unlock.  Times across lanes are as read on
# each CPU's counter: the '# skew' lines bound how far they may be off.
#
#   fencebench -s list_empty --trace trace.csv -o run.csv
#   gnuplot -e "csv='trace.csv'; out='timeline.png'; metafile='run.csv'" plots/timeline.gp
#
# out ending in .svg writes SVG, anything else PNG.  Optional:
# strategy='locked' (default list_empty); rounds=N (default 4; rounds with
# a failed precheck first); title='...'; metafile='run.csv' names the
# machine and command in the title.

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

if (!exists("strategy")) strategy = "list_empty"
if (!exists("rounds")) rounds = 4
sel = sprintf("-v strategy='%s' -v rounds=%d", strategy, rounds)
got = system("awk -f '".dir."/timeline.awk' -v list=1 ".sel." '".csv."'") + 0
if (got == 0) { print ARG0.": no traced rounds of ".strategy." in ".csv; exit status 1 }
data = "< awk -f '".dir."/timeline.awk' ".sel." '".csv."'"
skew = system("sed -n 's/^# skew: waiter=0 cpu=[0-9]* .*lo_ns=\\([-0-9.]*\\) hi_ns=\\([-0-9.]*\\)$/\\1 to \\2/p' '".csv."'")
if (!exists("title")) title = sprintf("%s: %d traced rounds, ns from S1 (waiter 0's counter skew: %s ns)\n%s\n%s", strategy, got, skew, machine, cmd)
set title title font ",10"
set xlabel "ns from the signaler's S1 (stamped as it sets SIGNALED), each CPU's own counter"
unset ytics
set ytics scale 0 font ",8"
set key off
set offsets graph 0.02, graph 0.12, 0.5, 1.2
set xrange [*:*]
# labels slant up from their point, so stamps a few ns apart stay readable
plot data using 2:(2 * $1):ytic(4) with linespoints lw 2 pt 7 ps 0.8 lc rgb C[1], \
     data using 2:(2 * $1):3 with labels left rotate by 40 offset 0.3, 0.5 font ",7" tc rgb C[2]
