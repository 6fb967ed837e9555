# SPDX-License-Identifier: MIT
# When does the precheck pay?  The p50 change of a strategy against locked
# (y, % of locked's p50, with its 95% interval) against the one-way line
# transfer measured between the signaler's and the waiter's CPUs (x), one
# series per wait mode and machine (named by its label: the CPU model, or
# the file when two machines share it): where the series cross zero, the
# precheck stops paying.  Feed it the matrix's numbers:
#
#   fencebench --report -f csv regimes.csv [other-machine.csv...] >x.csv
#   gnuplot -e "csv='x.csv'; out='crossover.png'; metafile='regimes.csv'" plots/crossover.gp
#
# out ending in .svg writes SVG, anything else PNG.  Optional: title='...';
# strategy='list_empty_careful' (default list_empty); metafile='run.csv'
# names the machine and command in the title (scripts/plot passes it).

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

if (!exists("strategy")) strategy = "list_empty"
sel = "-v strategy='".strategy."'"
nser = system("awk -f '".dir."/table.awk' -v fig=crossover -v list=1 ".sel." '".csv."'") + 0
if (nser == 0) { print ARG0.": no rows of ".strategy." in ".csv; exit status 1 }
if (!exists("title")) title = "p50 of ".strategy." vs locked against the one-way line transfer\n".machine."\n".cmd
set datafile separator ","
set title title font ",10"
set xlabel "one-way line transfer between the signaler's and the waiter's CPUs, ns (measured)"
set ylabel "p50 change vs locked, % (95% interval)"
set format y "%+g"
# zero always in view, the x axis from no distance at all.  The changes
# set the y range; an interval widens it by at most half their span, and
# never below -100% (no removal is faster than free): a regime of few
# repetitions would otherwise squeeze every other point into a line
stats tab("crossover", sel) using 2 nooutput name "V"
stats tab("crossover", sel) using ($2 - $3) nooutput name "L"
stats tab("crossover", sel) using ($2 + $3) nooutput name "H"
lo = V_min < 0 ? V_min : 0
hi = V_max > 0 ? V_max : 0
span = (hi - lo) < 10 ? 10 : hi - lo
ylo = L_min < lo - span / 2 ? lo - span / 2 : (L_min < lo ? L_min : lo)
ylo = ylo < -100 ? -100 : ylo
yhi = H_max > hi + span / 2 ? hi + span / 2 : (H_max > hi ? H_max : hi)
if (L_min < ylo || H_max > yhi) set label 2 "intervals cut at the border" at graph 0.99, graph 0.03 right font ",8" tc rgb "#444444"
pad = (yhi - ylo) * 0.08 + 1
set yrange [ylo - pad : yhi + pad]
set xrange [0:*]
set offsets 0, graph 0.1, 0, 0
set key inside right top vertical opaque box lc rgb "#aaaaaa" font ",8" samplen 2
# zero: locked itself; below it the precheck pays
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lw 2 lc rgb "#444444" dt 2 back
set label 1 "locked" at graph 0.01, first 0 offset 0, 0.6 font ",8" tc rgb "#444444"
plot for [i=1:nser] tab("crossover", sel) index (i-1) using 1:2 with lines lw 2 lc rgb C[(i-1)%8+1] notitle, \
     for [i=1:nser] tab("crossover", sel) index (i-1) using 1:2:3 with yerrorbars pt (i <= 4 ? 7 : 5) ps 1.3 \
	lc rgb C[(i-1)%8+1] title columnheader(1)
